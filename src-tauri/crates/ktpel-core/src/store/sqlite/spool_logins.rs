//! SQLite: the `spool_logins` tables' schema, their migrations and the operations of `store::spool_logins` over them.

use crate::store::spool_logins::*;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const SCHEMA_V5: &str = "
CREATE TABLE spool_logins (
    server     TEXT PRIMARY KEY CHECK (length(server) BETWEEN 1 AND 300),
    username   TEXT CHECK (username IS NULL OR length(username) BETWEEN 1 AND 255),
    password   TEXT,
    ca_file    TEXT CHECK (ca_file IS NULL OR length(ca_file) BETWEEN 1 AND 4096),
    updated_at TEXT NOT NULL,
    CHECK ((username IS NULL) = (password IS NULL)),
    CHECK (username IS NOT NULL OR ca_file IS NOT NULL)
) STRICT;
";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<LoginRow> {
    let (user, password): (Option<String>, Option<String>) = (r.get("username")?, r.get("password")?);
    Ok(LoginRow { server: r.get("server")?, login: user.zip(password), ca_file: r.get("ca_file")? })
}

pub fn get(conn: &Connection, server: &str) -> Result<Option<LoginRow>> {
    Ok(conn.query_row("SELECT * FROM spool_logins WHERE server = ?1", [server], from_row).optional()?)
}

/// Every server's row (callers show the user, never the password).
pub fn list(conn: &Connection) -> Result<Vec<LoginRow>> {
    let mut stmt = conn.prepare("SELECT * FROM spool_logins ORDER BY server")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set(conn: &Connection, row: &LoginRow, at: &str) -> Result<()> {
    let (user, password) = match &row.login {
        Some((u, p)) => (Some(u.as_str()), Some(p.as_str())),
        None => (None, None),
    };
    conn.execute(
        "INSERT INTO spool_logins (server, username, password, ca_file, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(server) DO UPDATE SET username = excluded.username, password = excluded.password,
         ca_file = excluded.ca_file, updated_at = excluded.updated_at",
        params![row.server, user, password, row.ca_file, at],
    )?;
    Ok(())
}

/// True when a row was there to remove.
pub fn remove(conn: &Connection, server: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM spool_logins WHERE server = ?1", [server])? > 0)
}

impl SpoolLoginsStore for Connection {
    fn spool_logins_get(&self, server: &str) -> Result<Option<LoginRow>> {
        get(self, server)
    }

    fn spool_logins_list(&self) -> Result<Vec<LoginRow>> {
        list(self)
    }

    fn spool_logins_set(&self, row: &LoginRow, at: &str) -> Result<()> {
        set(self, row, at)
    }

    fn spool_logins_remove(&self, server: &str) -> Result<bool> {
        remove(self, server)
    }
}
