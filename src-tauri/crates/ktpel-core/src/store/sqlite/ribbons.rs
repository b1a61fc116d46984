//! SQLite: the `ribbon_changes` table (v9) and the operations of `store::ribbons` over it.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::store::ribbons::{RibbonChange, RibbonsStore};

pub const SCHEMA_V9: &str = concat!(
    "
CREATE TABLE ribbon_changes (
    id         INTEGER PRIMARY KEY,
    printer    TEXT NOT NULL CHECK (length(printer) BETWEEN 1 AND 200),
    capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    changed_by TEXT NOT NULL,
    station    TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX ribbon_changes_printer ON ribbon_changes (printer, id);
CREATE INDEX ribbon_changes_at ON ribbon_changes (changed_at);
CREATE INDEX print_attempts_printer ON print_attempts (printer, submitted_at);
",
    crate::append_only!("ribbon_changes")
);

fn from_row(r: &Row) -> rusqlite::Result<RibbonChange> {
    Ok(RibbonChange {
        id: r.get("id")?,
        printer: r.get("printer")?,
        capacity: r.get("capacity")?,
        changed_by: r.get("changed_by")?,
        station: r.get("station")?,
        changed_at: r.get("changed_at")?,
    })
}

impl RibbonsStore for Connection {
    fn ribbon_record(&self, printer: &str, capacity: i64, by: &str, station: &str, at: &str) -> Result<RibbonChange> {
        Ok(self.query_row(
            "INSERT INTO ribbon_changes (printer, capacity, changed_by, station, changed_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING *",
            params![printer, capacity, by, station, at],
            from_row,
        )?)
    }

    fn ribbon_last(&self, printer: &str) -> Result<Option<RibbonChange>> {
        Ok(self.query_row("SELECT * FROM ribbon_changes WHERE printer = ?1 ORDER BY id DESC LIMIT 1", [printer], from_row).optional()?)
    }

    fn ribbon_current(&self) -> Result<Vec<RibbonChange>> {
        let mut stmt = self.prepare("SELECT * FROM ribbon_changes WHERE id IN (SELECT max(id) FROM ribbon_changes GROUP BY printer) ORDER BY printer")?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn ribbon_changes_between(&self, from: &str, to: &str) -> Result<Vec<RibbonChange>> {
        let mut stmt = self.prepare("SELECT * FROM ribbon_changes WHERE changed_at >= ?1 AND changed_at < ?2 ORDER BY id")?;
        let rows = stmt.query_map([from, to], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn ribbon_used_since(&self, printer: &str, since: &str) -> Result<i64> {
        Ok(self.query_row(
            "SELECT (SELECT count(*) FROM print_attempts WHERE printer = ?1 AND submitted_at >= ?2 AND job_id IS NOT NULL
                       AND (outcome IS NULL OR outcome <> 'not_fed'))
                  + (SELECT count(*) FROM audit_log WHERE subject = 'printer:' || ?1 AND action = 'printer.calibration_card' AND at >= ?2)",
            params![printer, since],
            |r| r.get(0),
        )?)
    }
}
