//! PostgreSQL: supervisors' decisions on reprints, append-only; one decision per spoiled attempt.

use std::collections::HashMap;

use tokio_postgres::Row;

use super::PgDb;
use crate::error::{CoreError, Result};
use crate::store::reprints::{Decision, ReprintDecision, ReprintsStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE reprint_decisions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_ref     bigint NOT NULL REFERENCES requests (id),
    spoiled_attempt bigint NOT NULL UNIQUE REFERENCES print_attempts (id),
    decision        text NOT NULL CHECK (decision IN ('approved', 'refused')),
    note            text NOT NULL,
    decided_by      text NOT NULL,
    decided_at      text NOT NULL,
    desk_user       text
);
CREATE INDEX reprint_decisions_request ON reprint_decisions (request_ref);
CREATE INDEX reprint_decisions_at ON reprint_decisions (decided_at);
CREATE TRIGGER reprint_decisions_append_only BEFORE UPDATE OR DELETE ON reprint_decisions FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('reprint_decisions is append-only');
";

fn decision(r: &Row) -> Result<ReprintDecision> {
    let d: String = r.try_get("decision")?;
    Ok(ReprintDecision {
        id: r.try_get("id")?,
        request_ref: r.try_get("request_ref")?,
        spoiled_attempt: r.try_get("spoiled_attempt")?,
        decision: Decision::parse(&d).ok_or_else(|| CoreError::corrupt("reprint_decisions.decision", &d))?,
        note: r.try_get("note")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        desk_user: r.try_get("desk_user")?,
    })
}

impl ReprintsStore for PgDb<'_> {
    fn reprints_insert(&self, d: &ReprintDecision) -> Result<i64> {
        let row = self
            .one(
                "INSERT INTO reprint_decisions (request_ref, spoiled_attempt, decision, note, decided_by, decided_at, desk_user)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[&d.request_ref, &d.spoiled_attempt, &d.decision.as_str(), &d.note, &d.decided_by, &d.decided_at, &d.desk_user],
            )
            .map_err(|e| if super::is_constraint(&e) { CoreError::Conflict(format!("percobaan cetak {} sudah diputuskan", d.spoiled_attempt)) } else { e })?;
        Ok(row.try_get(0)?)
    }

    fn reprints_for_request(&self, request_ref: i64) -> Result<Vec<ReprintDecision>> {
        self.query("SELECT * FROM reprint_decisions WHERE request_ref = $1 ORDER BY id", &[&request_ref])?.iter().map(decision).collect()
    }

    fn reprints_for_attempt(&self, attempt: i64) -> Result<Option<ReprintDecision>> {
        self.opt("SELECT * FROM reprint_decisions WHERE spoiled_attempt = $1", &[&attempt])?.as_ref().map(decision).transpose()
    }

    fn reprints_approved_count(&self, request_ref: i64) -> Result<i64> {
        Ok(self.one("SELECT count(*) FROM reprint_decisions WHERE request_ref = $1 AND decision = 'approved'", &[&request_ref])?.try_get(0)?)
    }

    fn reprints_approved_counts(&self, request_refs: &[i64]) -> Result<HashMap<i64, i64>> {
        // One round trip for the whole list, not one per request.
        let rows = self.query(
            "SELECT request_ref, count(*) FROM reprint_decisions WHERE request_ref = ANY($1) AND decision = 'approved' GROUP BY request_ref",
            &[&request_refs],
        )?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }
}
