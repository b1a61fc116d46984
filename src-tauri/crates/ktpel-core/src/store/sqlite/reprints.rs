//! SQLite: the `reprints` tables' schema, their migrations and the operations of `store::reprints` over them.

use crate::store::reprints::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};

pub const SCHEMA_V2: &str = concat!(
    "
CREATE TABLE reprint_decisions (
    id              INTEGER PRIMARY KEY,
    request_ref     INTEGER NOT NULL REFERENCES requests (id),
    spoiled_attempt INTEGER NOT NULL UNIQUE REFERENCES print_attempts (id),
    decision        TEXT NOT NULL CHECK (decision IN ('approved', 'refused')),
    note            TEXT NOT NULL,
    decided_by      TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    desk_user       TEXT
) STRICT;
CREATE INDEX reprint_decisions_request ON reprint_decisions (request_ref);
",
    crate::append_only!("reprint_decisions")
);

/// v4: the usage report counts the day's reprint decisions by time.
pub const SCHEMA_V4: &str = "
CREATE INDEX reprint_decisions_at ON reprint_decisions (decided_at);
";

impl ReprintDecision {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let d: String = r.get("decision")?;
        Ok(ReprintDecision {
            id: r.get("id")?,
            request_ref: r.get("request_ref")?,
            spoiled_attempt: r.get("spoiled_attempt")?,
            decision: Decision::parse(&d).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, format!("decision {d}").into())
            })?,
            note: r.get("note")?,
            decided_by: r.get("decided_by")?,
            decided_at: r.get("decided_at")?,
            desk_user: r.get("desk_user")?,
        })
    }
}

pub fn insert(conn: &Connection, d: &ReprintDecision) -> Result<i64> {
    conn.prepare_cached("INSERT INTO reprint_decisions (request_ref, spoiled_attempt, decision, note, decided_by, decided_at, desk_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![d.request_ref, d.spoiled_attempt, d.decision.as_str(), d.note, d.decided_by, d.decided_at, d.desk_user])
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("percobaan cetak {} sudah diputuskan", d.spoiled_attempt))
        } else {
            e.into()
        }
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn for_request(conn: &Connection, request_ref: i64) -> Result<Vec<ReprintDecision>> {
    let mut stmt = conn.prepare("SELECT * FROM reprint_decisions WHERE request_ref = ?1 ORDER BY id")?;
    let rows = stmt.query_map([request_ref], ReprintDecision::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn for_attempt(conn: &Connection, attempt: i64) -> Result<Option<ReprintDecision>> {
    Ok(conn.query_row("SELECT * FROM reprint_decisions WHERE spoiled_attempt = ?1", [attempt], ReprintDecision::from_row).optional()?)
}

/// Approved reprints of a request: the count shown beside it everywhere.
pub fn approved_count(conn: &Connection, request_ref: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM reprint_decisions WHERE request_ref = ?1 AND decision = 'approved'",
        [request_ref],
        |r| r.get(0),
    )?)
}

/// Approved reprints of each of `request_refs` (request row id → count), for lists: one indexed
/// look-up per listed request, never a count over every decision of every year.
pub fn approved_counts(conn: &Connection, request_refs: &[i64]) -> Result<std::collections::HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached("SELECT count(*) FROM reprint_decisions WHERE request_ref = ?1 AND decision = 'approved'")?;
    let mut out = std::collections::HashMap::new();
    for &id in request_refs {
        let n: i64 = stmt.query_row([id], |r| r.get(0))?;
        if n > 0 {
            out.insert(id, n);
        }
    }
    Ok(out)
}

impl ReprintsStore for Connection {
    fn reprints_insert(&self, d: &ReprintDecision) -> Result<i64> {
        insert(self, d)
    }

    fn reprints_for_request(&self, request_ref: i64) -> Result<Vec<ReprintDecision>> {
        for_request(self, request_ref)
    }

    fn reprints_for_attempt(&self, attempt: i64) -> Result<Option<ReprintDecision>> {
        for_attempt(self, attempt)
    }

    fn reprints_approved_count(&self, request_ref: i64) -> Result<i64> {
        approved_count(self, request_ref)
    }

    fn reprints_approved_counts(&self, request_refs: &[i64]) -> Result<std::collections::HashMap<i64, i64>> {
        approved_counts(self, request_refs)
    }
}
