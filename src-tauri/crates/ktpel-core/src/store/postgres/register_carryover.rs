//! PostgreSQL: the `register_carryover` table (office schema v4) and the register's gap-free rule
//! that counts it. Recording takes the year's counter row first, the lock every desk's confirm
//! takes, so no card of that year can be registered between the check and the commit.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::register_carryover::{refused_cards, refused_twice, RegisterCarryover, RegisterCarryoverStore};

pub const SCHEMA_V4: &str = "
CREATE TABLE register_carryover (
    year        bigint PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
    last_seq    bigint NOT NULL CHECK (last_seq BETWEEN 1 AND 9999999),
    reference   text NOT NULL CHECK (length(trim(reference)) BETWEEN 1 AND 200),
    recorded_by text NOT NULL,
    station     text NOT NULL,
    recorded_at text NOT NULL
);
CREATE FUNCTION register_carryover_before_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM register WHERE year = NEW.year) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'register year already has cards; its carry-over cannot change';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER register_carryover_before_cards BEFORE INSERT ON register_carryover FOR EACH ROW EXECUTE FUNCTION register_carryover_before_cards();
CREATE TRIGGER register_carryover_append_only BEFORE UPDATE OR DELETE ON register_carryover FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('register_carryover is append-only');
CREATE TRIGGER register_carryover_no_truncate BEFORE TRUNCATE ON register_carryover FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('register_carryover is append-only');
CREATE OR REPLACE FUNCTION register_gap_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq <> COALESCE((SELECT max(seq) FROM register WHERE year = NEW.year),
                           (SELECT last_seq FROM register_carryover WHERE year = NEW.year), 0) + 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'register number out of sequence';
    END IF;
    RETURN NEW;
END $$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN
        GRANT SELECT, INSERT ON register_carryover TO ktpel_desk;
    END IF;
END $$;
";

fn carryover_row(r: &Row) -> Result<RegisterCarryover> {
    Ok(RegisterCarryover {
        year: r.try_get("year")?,
        last_seq: r.try_get("last_seq")?,
        reference: r.try_get("reference")?,
        recorded_by: r.try_get("recorded_by")?,
        station: r.try_get("station")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

impl RegisterCarryoverStore for PgDb<'_> {
    fn carryover_record(&self, row: &RegisterCarryover) -> Result<()> {
        // The year's counter, locked to the commit as a confirm locks it: a desk confirming the
        // year's first card either committed before (and is seen below) or waits for this.
        self
            .one(
                "INSERT INTO register_years (year, last) SELECT $1, COALESCE(max(seq), 0) FROM register WHERE year = $1
                 ON CONFLICT (year) DO UPDATE SET last = register_years.last RETURNING last",
                &[&row.year],
            )?;
        if let Some(had) = self.carryover_of(row.year)? {
            return Err(refused_twice(&had));
        }
        if let Some(r) = self.opt("SELECT max(seq) FROM register WHERE year = $1 HAVING count(*) > 0", &[&row.year])? {
            return Err(refused_cards(row.year, r.try_get(0)?));
        }
        self.exec(
            "INSERT INTO register_carryover (year, last_seq, reference, recorded_by, station, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&row.year, &row.last_seq, &row.reference, &row.recorded_by, &row.station, &row.recorded_at],
        )?;
        // The counter follows the book, so the year's first confirm takes the number after it.
        self.exec("UPDATE register_years SET last = $2 WHERE year = $1", &[&row.year, &row.last_seq])?;
        Ok(())
    }

    fn carryover_of(&self, year: i64) -> Result<Option<RegisterCarryover>> {
        self.opt("SELECT * FROM register_carryover WHERE year = $1", &[&year])?.as_ref().map(carryover_row).transpose()
    }

    fn carryovers(&self) -> Result<Vec<RegisterCarryover>> {
        self.query("SELECT * FROM register_carryover ORDER BY year", &[])?.iter().map(carryover_row).collect()
    }
}
