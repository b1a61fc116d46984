//! PostgreSQL: the `ribbon_changes` table (office schema v4); each desk's printer has its own rows.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::ribbons::{RibbonChange, RibbonsStore};

pub const SCHEMA_V4: &str = "
CREATE TABLE ribbon_changes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    printer    text NOT NULL CHECK (length(printer) BETWEEN 1 AND 200),
    capacity   bigint NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    changed_by text NOT NULL,
    station    text NOT NULL,
    changed_at text NOT NULL
);
CREATE INDEX ribbon_changes_printer ON ribbon_changes (printer, id);
CREATE INDEX ribbon_changes_at ON ribbon_changes (changed_at);
CREATE INDEX print_attempts_printer ON print_attempts (printer, submitted_at);
CREATE TRIGGER ribbon_changes_append_only BEFORE UPDATE OR DELETE ON ribbon_changes FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('ribbon_changes is append-only');
CREATE TRIGGER ribbon_changes_no_truncate BEFORE TRUNCATE ON ribbon_changes FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('ribbon_changes is append-only');
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN
        GRANT SELECT, INSERT ON ribbon_changes TO ktpel_desk;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ktpel_desk;
    END IF;
END $$;
";

fn ribbon_row(r: &Row) -> Result<RibbonChange> {
    Ok(RibbonChange {
        id: r.try_get("id")?,
        printer: r.try_get("printer")?,
        capacity: r.try_get("capacity")?,
        changed_by: r.try_get("changed_by")?,
        station: r.try_get("station")?,
        changed_at: r.try_get("changed_at")?,
    })
}

impl RibbonsStore for PgDb<'_> {
    fn ribbon_record(&self, printer: &str, capacity: i64, by: &str, station: &str, at: &str) -> Result<RibbonChange> {
        ribbon_row(&self.one(
            "INSERT INTO ribbon_changes (printer, capacity, changed_by, station, changed_at) VALUES ($1, $2, $3, $4, $5) RETURNING *",
            &[&printer, &capacity, &by, &station, &at],
        )?)
    }

    fn ribbon_last(&self, printer: &str) -> Result<Option<RibbonChange>> {
        self.opt("SELECT * FROM ribbon_changes WHERE printer = $1 ORDER BY id DESC LIMIT 1", &[&printer])?.as_ref().map(ribbon_row).transpose()
    }

    fn ribbon_current(&self) -> Result<Vec<RibbonChange>> {
        self.query("SELECT DISTINCT ON (printer) * FROM ribbon_changes ORDER BY printer, id DESC", &[])?.iter().map(ribbon_row).collect()
    }

    fn ribbon_changes_between(&self, from: &str, to: &str) -> Result<Vec<RibbonChange>> {
        self.query("SELECT * FROM ribbon_changes WHERE changed_at >= $1 AND changed_at < $2 ORDER BY id", &[&from, &to])?.iter().map(ribbon_row).collect()
    }

    fn ribbon_used_since(&self, printer: &str, since: &str) -> Result<i64> {
        Ok(self
            .one(
                "SELECT (SELECT count(*) FROM print_attempts WHERE printer = $1 AND submitted_at >= $2 AND job_id IS NOT NULL
                           AND (outcome IS NULL OR outcome <> 'not_fed'))
                      + (SELECT count(*) FROM audit_log WHERE subject = 'printer:' || $1 AND action = 'printer.calibration_card' AND at >= $2)",
                &[&printer, &since],
            )?
            .try_get(0)?)
    }
}
