//! PostgreSQL: the `blanko_chips` table (office schema v4) and the chip on each register row.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::chips::{BlankChip, ChipsStore};

pub const SCHEMA_V4: &str = "
CREATE TABLE blanko_chips (
    serial      text PRIMARY KEY REFERENCES blanko (serial),
    chip_uid    text NOT NULL UNIQUE CHECK (length(chip_uid) IN (8, 14, 20) AND chip_uid ~ '^[0-9A-F]+$'),
    step        text NOT NULL CHECK (step IN ('receipt', 'print')),
    recorded_at text NOT NULL,
    recorded_by text NOT NULL
);
CREATE TRIGGER blanko_chips_append_only BEFORE UPDATE OR DELETE ON blanko_chips FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('blanko_chips is append-only');
CREATE TRIGGER blanko_chips_no_truncate BEFORE TRUNCATE ON blanko_chips FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('blanko_chips is append-only');
ALTER TABLE register ADD COLUMN chip_uid text NOT NULL DEFAULT '';
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN
        GRANT SELECT, INSERT ON blanko_chips TO ktpel_desk;
    END IF;
END $$;
";

fn chip_row(r: &Row) -> Result<BlankChip> {
    Ok(BlankChip { serial: r.try_get(0)?, chip_uid: r.try_get(1)?, step: r.try_get(2)?, recorded_at: r.try_get(3)?, recorded_by: r.try_get(4)? })
}

impl ChipsStore for PgDb<'_> {
    fn chip_record(&self, serial: &str, uid: &str, step: &str, at: &str, by: &str) -> Result<()> {
        self.exec("INSERT INTO blanko_chips (serial, chip_uid, step, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5)", &[&serial, &uid, &step, &at, &by])?;
        Ok(())
    }

    fn chip_of_serial(&self, serial: &str) -> Result<Option<BlankChip>> {
        self.opt("SELECT serial, chip_uid, step, recorded_at, recorded_by FROM blanko_chips WHERE serial = $1", &[&serial])?.as_ref().map(chip_row).transpose()
    }

    fn chip_by_uid(&self, uid: &str) -> Result<Option<BlankChip>> {
        self.opt("SELECT serial, chip_uid, step, recorded_at, recorded_by FROM blanko_chips WHERE chip_uid = $1", &[&uid])?.as_ref().map(chip_row).transpose()
    }
}
