//! SQLite: the `signoffs` tables' schema, their migrations and the operations of `store::signoffs` over them.

use crate::store::signoffs::*;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Result};

pub const SCHEMA_V2: &str = concat!(
    "
CREATE TABLE day_signoffs (
    report_date   TEXT PRIMARY KEY,
    signed_at     TEXT NOT NULL,
    signed_by     TEXT NOT NULL,
    report_json   TEXT NOT NULL,
    report_sha256 TEXT NOT NULL
) STRICT;
",
    crate::append_only!("day_signoffs")
);

pub fn insert(conn: &Connection, s: &SignOff) -> Result<()> {
    conn.execute(
        "INSERT INTO day_signoffs (report_date, signed_at, signed_by, report_json, report_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.report_date, s.signed_at, s.signed_by, s.report_json, s.report_sha256],
    )
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("tanggal {} sudah ditandatangani", s.report_date))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn get(conn: &Connection, date: &str) -> Result<Option<SignOff>> {
    Ok(conn
        .query_row("SELECT report_date, signed_at, signed_by, report_json, report_sha256 FROM day_signoffs WHERE report_date = ?1", [date], |r| {
            Ok(SignOff { report_date: r.get(0)?, signed_at: r.get(1)?, signed_by: r.get(2)?, report_json: r.get(3)?, report_sha256: r.get(4)? })
        })
        .optional()?)
}

impl SignoffsStore for Connection {
    fn signoffs_insert(&self, s: &SignOff) -> Result<()> {
        insert(self, s)
    }

    fn signoffs_get(&self, date: &str) -> Result<Option<SignOff>> {
        get(self, date)
    }
}
