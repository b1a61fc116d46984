//! SQLite: the `handovers` tables' schema, their migrations and the operations of `store::handovers` over them.

use crate::store::handovers::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;

pub const SCHEMA_V1: &str = concat!(
    "
CREATE TABLE handovers (
    id                      INTEGER PRIMARY KEY,
    request_ref             INTEGER NOT NULL UNIQUE REFERENCES requests (id),
    recipient_name          TEXT NOT NULL,
    representative_relation TEXT,
    old_card_withdrawn      INTEGER NOT NULL CHECK (old_card_withdrawn IN (0, 1)),
    handed_at               TEXT NOT NULL,
    handed_by               TEXT NOT NULL
) STRICT;
",
    crate::append_only!("handovers")
);

/// v4: the usage report counts the day's handovers by time.
pub const SCHEMA_V4: &str = "
CREATE INDEX handovers_at ON handovers (handed_at);
";

impl HandoverRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(HandoverRow {
            request_ref: r.get("request_ref")?,
            recipient_name: r.get("recipient_name")?,
            representative_relation: r.get("representative_relation")?,
            old_card_withdrawn: r.get("old_card_withdrawn")?,
            handed_at: r.get("handed_at")?,
            handed_by: r.get("handed_by")?,
        })
    }
}

pub fn insert(conn: &Connection, h: &HandoverRow) -> Result<()> {
    conn.prepare_cached("INSERT INTO handovers (request_ref, recipient_name, representative_relation, old_card_withdrawn, handed_at, handed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?.execute(params![h.request_ref, h.recipient_name, h.representative_relation, h.old_card_withdrawn, h.handed_at, h.handed_by])?;
    Ok(())
}

pub fn for_request(conn: &Connection, request_ref: i64) -> Result<Option<HandoverRow>> {
    Ok(conn.query_row("SELECT * FROM handovers WHERE request_ref = ?1", [request_ref], HandoverRow::from_row).optional()?)
}

impl HandoversStore for Connection {
    fn handovers_insert(&self, h: &HandoverRow) -> Result<()> {
        insert(self, h)
    }

    fn handovers_for_request(&self, request_ref: i64) -> Result<Option<HandoverRow>> {
        for_request(self, request_ref)
    }
}
