//! SQLite: the `blanko_chips` table (v9) and the chip on each register row.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::store::chips::{BlankChip, ChipsStore};

pub const SCHEMA_V9: &str = concat!(
    "
CREATE TABLE blanko_chips (
    serial      TEXT PRIMARY KEY REFERENCES blanko (serial),
    chip_uid    TEXT NOT NULL UNIQUE CHECK (length(chip_uid) IN (8, 14, 20) AND chip_uid NOT GLOB '*[^0-9A-F]*'),
    step        TEXT NOT NULL CHECK (step IN ('receipt', 'print')),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
ALTER TABLE register ADD COLUMN chip_uid TEXT NOT NULL DEFAULT '';
",
    crate::append_only!("blanko_chips")
);

fn from_row(r: &Row) -> rusqlite::Result<BlankChip> {
    Ok(BlankChip { serial: r.get(0)?, chip_uid: r.get(1)?, step: r.get(2)?, recorded_at: r.get(3)?, recorded_by: r.get(4)? })
}

impl ChipsStore for Connection {
    fn chip_record(&self, serial: &str, uid: &str, step: &str, at: &str, by: &str) -> Result<()> {
        self.execute("INSERT INTO blanko_chips (serial, chip_uid, step, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)", params![serial, uid, step, at, by])?;
        Ok(())
    }

    fn chip_of_serial(&self, serial: &str) -> Result<Option<BlankChip>> {
        Ok(self.query_row("SELECT serial, chip_uid, step, recorded_at, recorded_by FROM blanko_chips WHERE serial = ?1", [serial], from_row).optional()?)
    }

    fn chip_by_uid(&self, uid: &str) -> Result<Option<BlankChip>> {
        Ok(self.query_row("SELECT serial, chip_uid, step, recorded_at, recorded_by FROM blanko_chips WHERE chip_uid = ?1", [uid], from_row).optional()?)
    }
}
