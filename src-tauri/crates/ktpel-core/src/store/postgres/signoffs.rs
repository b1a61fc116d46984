//! PostgreSQL: a supervisor's signature on the office's day, once per date, append-only.

use super::PgDb;
use crate::error::Result;
use crate::store::signoffs::{SignOff, SignoffsStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE day_signoffs (
    report_date   text PRIMARY KEY,
    signed_at     text NOT NULL,
    signed_by     text NOT NULL,
    report_json   text NOT NULL,
    report_sha256 text NOT NULL
);
CREATE TRIGGER day_signoffs_append_only BEFORE UPDATE OR DELETE ON day_signoffs FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('day_signoffs is append-only');
";

impl SignoffsStore for PgDb<'_> {
    fn signoffs_insert(&self, s: &SignOff) -> Result<()> {
        self.exec_or(
            "INSERT INTO day_signoffs (report_date, signed_at, signed_by, report_json, report_sha256) VALUES ($1, $2, $3, $4, $5)",
            &[&s.report_date, &s.signed_at, &s.signed_by, &s.report_json, &s.report_sha256],
            || format!("tanggal {} sudah ditandatangani", s.report_date),
        )?;
        Ok(())
    }

    fn signoffs_get(&self, date: &str) -> Result<Option<SignOff>> {
        let Some(r) = self.opt("SELECT report_date, signed_at, signed_by, report_json, report_sha256 FROM day_signoffs WHERE report_date = $1", &[&date])? else {
            return Ok(None);
        };
        Ok(Some(SignOff { report_date: r.try_get(0)?, signed_at: r.try_get(1)?, signed_by: r.try_get(2)?, report_json: r.try_get(3)?, report_sha256: r.try_get(4)? }))
    }
}
