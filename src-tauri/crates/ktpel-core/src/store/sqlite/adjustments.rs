//! SQLite: the `adjustments` tables' schema, their migrations and the operations of `store::adjustments` over them.

use crate::store::adjustments::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};

pub const SCHEMA_V2: &str = concat!(
    "
CREATE TABLE stock_adjustments (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('written_off', 'lost', 'found')),
    serial        TEXT NOT NULL REFERENCES blanko (serial),
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    refers_to     TEXT,
    approved_by   TEXT NOT NULL,
    approved_at   TEXT NOT NULL
) STRICT;
CREATE INDEX stock_adjustments_at ON stock_adjustments (approved_at);
",
    crate::append_only!("stock_adjustments"),
    "
CREATE TABLE destruction_records (
    id           INTEGER PRIMARY KEY,
    record_no    TEXT NOT NULL UNIQUE,
    destroyed_on TEXT NOT NULL,
    witnesses    TEXT NOT NULL,
    signed_by    TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;
",
    crate::append_only!("destruction_records")
);

impl Adjustment {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let kind: String = r.get("kind")?;
        Ok(Adjustment {
            id: r.get("id")?,
            kind: AdjustmentKind::parse(&kind).map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, format!("adjustment kind {kind}").into())
            })?,
            serial: r.get("serial")?,
            reason: r.get("reason")?,
            refers_to: r.get("refers_to")?,
            approved_by: r.get("approved_by")?,
            approved_at: r.get("approved_at")?,
        })
    }
}

pub fn insert(conn: &Connection, a: &Adjustment) -> Result<i64> {
    conn.execute(
        "INSERT INTO stock_adjustments (kind, serial, reason, refers_to, approved_by, approved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![a.kind.as_str(), a.serial, a.reason, a.refers_to, a.approved_by, a.approved_at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn between(conn: &Connection, from: &str, to: &str) -> Result<Vec<Adjustment>> {
    let mut stmt = conn.prepare("SELECT * FROM stock_adjustments WHERE approved_at >= ?1 AND approved_at < ?2 ORDER BY id")?;
    let rows = stmt.query_map([from, to], Adjustment::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_destruction(conn: &Connection, d: &DestructionRecord) -> Result<i64> {
    let witnesses = serde_json::to_string(&d.witnesses).map_err(|e| CoreError::corrupt("destruction witnesses", e))?;
    conn.execute(
        "INSERT INTO destruction_records (record_no, destroyed_on, witnesses, signed_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![d.record_no, d.destroyed_on, witnesses, d.signed_by, d.recorded_at],
    )
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("berita acara pemusnahan {} sudah tercatat", d.record_no))
        } else {
            e.into()
        }
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn destruction(conn: &Connection, record_no: &str) -> Result<Option<DestructionRecord>> {
    let row = conn
        .query_row("SELECT * FROM destruction_records WHERE record_no = ?1", [record_no], |r: &Row| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, String>("destroyed_on")?, r.get::<_, String>("witnesses")?, r.get::<_, String>("signed_by")?, r.get::<_, String>("recorded_at")?))
        })
        .optional()?;
    let Some((id, destroyed_on, witnesses, signed_by, recorded_at)) = row else { return Ok(None) };
    let witnesses: Vec<String> = serde_json::from_str(&witnesses).map_err(|e| CoreError::corrupt("destruction_records.witnesses", e))?;
    let mut stmt = conn.prepare("SELECT serial FROM blanko_ledger WHERE event = 'destroyed' AND ref = ?1 ORDER BY serial")?;
    let serials = stmt.query_map([format!("destruction:{id}")], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(Some(DestructionRecord { id, record_no: record_no.to_string(), destroyed_on, witnesses, signed_by, recorded_at, serials }))
}

impl AdjustmentsStore for Connection {
    fn adjustments_insert(&self, a: &Adjustment) -> Result<i64> {
        insert(self, a)
    }

    fn adjustments_between(&self, from: &str, to: &str) -> Result<Vec<Adjustment>> {
        between(self, from, to)
    }

    fn adjustments_insert_destruction(&self, d: &DestructionRecord) -> Result<i64> {
        insert_destruction(self, d)
    }

    fn adjustments_destruction(&self, record_no: &str) -> Result<Option<DestructionRecord>> {
        destruction(self, record_no)
    }

    fn adjustments_destructions_on(&self, from: &str, to: &str) -> Result<Vec<String>> {
        let mut stmt = self.prepare("SELECT record_no FROM destruction_records WHERE destroyed_on >= ?1 AND destroyed_on <= ?2 ORDER BY destroyed_on, id")?;
        let rows = stmt.query_map([from, to], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
