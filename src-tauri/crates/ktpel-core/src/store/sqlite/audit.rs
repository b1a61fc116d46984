//! SQLite: the `audit` tables' schema, their migrations and the operations of `store::audit` over them.

use crate::store::audit::*;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const SCHEMA_V1: &str = concat!(
    "
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_subject ON audit_log (subject);
",
    crate::append_only!("audit_log")
);

#[allow(clippy::too_many_arguments)]
/// v6: each audit row names the desk its user acted at (covered by the row's hash when set).
pub const SCHEMA_V6: &str = "
ALTER TABLE audit_log ADD COLUMN station TEXT NOT NULL DEFAULT '';
";

pub fn append(conn: &Connection, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &serde_json::Value) -> Result<()> {
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let detail = detail.to_string();
    let hash = digest(&prev, at, username, role, station, action, subject, &detail);
    conn.prepare_cached("INSERT INTO audit_log (at, username, role, station, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(params![at, username, role, station, action, subject, detail, prev, hash])?;
    Ok(())
}

/// Recomputes the chain; returns the id of the first row that does not hold, if any.
pub fn verify(conn: &Connection) -> Result<Option<i64>> {
    let mut stmt = conn.prepare("SELECT id, at, username, role, action, subject, detail, prev_hash, hash, station FROM audit_log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let fields: [String; 6] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
        let (stored_prev, stored_hash, station): (String, String, String) = (r.get(7)?, r.get(8)?, r.get(9)?);
        let expected = digest(&prev, &fields[0], &fields[1], &fields[2], &station, &fields[3], &fields[4], &fields[5]);
        if stored_prev != prev || stored_hash != expected {
            return Ok(Some(id));
        }
        prev = stored_hash;
    }
    Ok(None)
}

pub fn for_subject(conn: &Connection, subject: &str) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare("SELECT * FROM audit_log WHERE subject = ?1 ORDER BY id")?;
    let rows = stmt.query_map([subject], |r| {
        Ok(AuditRow {
            id: r.get("id")?,
            at: r.get("at")?,
            username: r.get("username")?,
            role: r.get("role")?,
            station: r.get("station")?,
            action: r.get("action")?,
            subject: r.get("subject")?,
            detail: r.get("detail")?,
            prev_hash: r.get("prev_hash")?,
            hash: r.get("hash")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl AuditStore for Connection {
    fn audit_append(&self, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &serde_json::Value) -> Result<()> {
        append(self, at, username, role, station, action, subject, detail)
    }

    fn audit_verify(&self) -> Result<Option<i64>> {
        verify(self)
    }

    fn audit_for_subject(&self, subject: &str) -> Result<Vec<AuditRow>> {
        for_subject(self, subject)
    }
}
