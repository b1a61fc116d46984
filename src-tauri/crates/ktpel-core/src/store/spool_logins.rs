//! Logins for print servers that ask for a password (HTTP Basic): one row per server, as the
//! spooler names it (`host:port`). The local scheduler never needs one: the station proves its
//! account there by the socket's peer credentials. Written only through `ktpel printer login`
//! or the settings screen; the password is read by the spooler alone and never listed.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const SCHEMA_V5: &str = "
CREATE TABLE spool_logins (
    server     TEXT PRIMARY KEY CHECK (length(server) BETWEEN 1 AND 300),
    username   TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 255),
    password   TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
";

/// (user, password) stored for `server`.
pub fn get(conn: &Connection, server: &str) -> Result<Option<(String, String)>> {
    Ok(conn.query_row("SELECT username, password FROM spool_logins WHERE server = ?1", [server], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// The servers with a stored login and their user (never the password).
pub fn list(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT server, username FROM spool_logins ORDER BY server")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set(conn: &Connection, server: &str, username: &str, password: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO spool_logins (server, username, password, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(server) DO UPDATE SET username = excluded.username, password = excluded.password, updated_at = excluded.updated_at",
        params![server, username, password, at],
    )?;
    Ok(())
}

/// True when a login was there to remove.
pub fn remove(conn: &Connection, server: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM spool_logins WHERE server = ?1", [server])? > 0)
}
