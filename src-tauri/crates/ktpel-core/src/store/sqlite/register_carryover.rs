//! SQLite: the `register_carryover` table (v9) and the register's gap-free rule that counts it.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::store::register_carryover::{refused_cards, refused_twice, RegisterCarryover, RegisterCarryoverStore};

/// v9: the paper book's end per year. The register's gap-free trigger is made again so the
/// year's first number may follow the book; a carry-over for a year that has a card is refused.
pub const SCHEMA_V9: &str = concat!(
    "
CREATE TABLE register_carryover (
    year        INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
    last_seq    INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 9999999),
    reference   TEXT NOT NULL CHECK (length(trim(reference)) BETWEEN 1 AND 200),
    recorded_by TEXT NOT NULL,
    station     TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER register_carryover_before_cards BEFORE INSERT ON register_carryover
WHEN EXISTS (SELECT 1 FROM register WHERE year = NEW.year)
BEGIN SELECT RAISE(ABORT, 'register year already has cards; its carry-over cannot change'); END;
DROP TRIGGER register_gap_free;
CREATE TRIGGER register_gap_free BEFORE INSERT ON register
WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM register WHERE year = NEW.year),
                         (SELECT last_seq FROM register_carryover WHERE year = NEW.year), 0) + 1
BEGIN SELECT RAISE(ABORT, 'register number out of sequence'); END;
",
    crate::append_only!("register_carryover")
);

/// The year's next number where there is no card yet: after the paper book's last, or 1.
pub fn start_of(conn: &Connection, year: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE((SELECT last_seq FROM register_carryover WHERE year = ?1), 0) + 1", [year], |r| r.get(0))?)
}

fn from_row(r: &Row) -> rusqlite::Result<RegisterCarryover> {
    Ok(RegisterCarryover {
        year: r.get("year")?,
        last_seq: r.get("last_seq")?,
        reference: r.get("reference")?,
        recorded_by: r.get("recorded_by")?,
        station: r.get("station")?,
        recorded_at: r.get("recorded_at")?,
    })
}

impl RegisterCarryoverStore for Connection {
    fn carryover_record(&self, row: &RegisterCarryover) -> Result<()> {
        // The write transaction holds the file's one writer lock, so nothing registers between
        // these checks and the insert (whose trigger refuses it all the same).
        if let Some(had) = self.carryover_of(row.year)? {
            return Err(refused_twice(&had));
        }
        let last: Option<i64> = self.query_row("SELECT MAX(seq) FROM register WHERE year = ?1", [row.year], |r| r.get(0))?;
        if let Some(last) = last {
            return Err(refused_cards(row.year, last));
        }
        self.execute(
            "INSERT INTO register_carryover (year, last_seq, reference, recorded_by, station, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![row.year, row.last_seq, row.reference, row.recorded_by, row.station, row.recorded_at],
        )?;
        Ok(())
    }

    fn carryover_of(&self, year: i64) -> Result<Option<RegisterCarryover>> {
        Ok(self.query_row("SELECT * FROM register_carryover WHERE year = ?1", [year], from_row).optional()?)
    }

    fn carryovers(&self) -> Result<Vec<RegisterCarryover>> {
        let mut stmt = self.prepare("SELECT * FROM register_carryover ORDER BY year")?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
