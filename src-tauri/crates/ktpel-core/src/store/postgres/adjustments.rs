//! PostgreSQL: stock adjustments (written off, lost, found) and destruction records, append-only.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::{CoreError, Result};
use crate::store::adjustments::{Adjustment, AdjustmentKind, AdjustmentsStore, DestructionRecord};

pub const SCHEMA_V1: &str = "
CREATE TABLE stock_adjustments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('written_off', 'lost', 'found')),
    serial        text NOT NULL REFERENCES blanko (serial),
    reason        text NOT NULL CHECK (length(trim(reason)) > 0),
    refers_to     text,
    approved_by   text NOT NULL,
    approved_at   text NOT NULL
);
CREATE INDEX stock_adjustments_at ON stock_adjustments (approved_at);
CREATE TRIGGER stock_adjustments_append_only BEFORE UPDATE OR DELETE ON stock_adjustments FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('stock_adjustments is append-only');
CREATE TABLE destruction_records (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_no    text NOT NULL UNIQUE,
    destroyed_on text NOT NULL,
    witnesses    text NOT NULL,
    signed_by    text NOT NULL,
    recorded_at  text NOT NULL
);
CREATE TRIGGER destruction_records_append_only BEFORE UPDATE OR DELETE ON destruction_records FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('destruction_records is append-only');
";

fn adjustment(r: &Row) -> Result<Adjustment> {
    let kind: String = r.try_get("kind")?;
    Ok(Adjustment {
        id: r.try_get("id")?,
        kind: AdjustmentKind::parse(&kind).map_err(|_| CoreError::corrupt("stock_adjustments.kind", &kind))?,
        serial: r.try_get("serial")?,
        reason: r.try_get("reason")?,
        refers_to: r.try_get("refers_to")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
    })
}

impl AdjustmentsStore for PgDb<'_> {
    fn adjustments_insert(&self, a: &Adjustment) -> Result<i64> {
        let r = self.one(
            "INSERT INTO stock_adjustments (kind, serial, reason, refers_to, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[&a.kind.as_str(), &a.serial, &a.reason, &a.refers_to, &a.approved_by, &a.approved_at],
        )?;
        Ok(r.try_get(0)?)
    }

    fn adjustments_between(&self, from: &str, to: &str) -> Result<Vec<Adjustment>> {
        self.query("SELECT * FROM stock_adjustments WHERE approved_at >= $1 AND approved_at < $2 ORDER BY id", &[&from, &to])?.iter().map(adjustment).collect()
    }

    fn adjustments_insert_destruction(&self, d: &DestructionRecord) -> Result<i64> {
        let witnesses = serde_json::to_string(&d.witnesses).map_err(|e| CoreError::corrupt("destruction witnesses", e))?;
        let r = self
            .one(
                "INSERT INTO destruction_records (record_no, destroyed_on, witnesses, signed_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[&d.record_no, &d.destroyed_on, &witnesses, &d.signed_by, &d.recorded_at],
            )
            .map_err(|e| if super::is_constraint(&e) { CoreError::Conflict(format!("berita acara pemusnahan {} sudah tercatat", d.record_no)) } else { e })?;
        Ok(r.try_get(0)?)
    }

    fn adjustments_destruction(&self, record_no: &str) -> Result<Option<DestructionRecord>> {
        let Some(r) = self.opt("SELECT * FROM destruction_records WHERE record_no = $1", &[&record_no])? else { return Ok(None) };
        let id: i64 = r.try_get("id")?;
        let witnesses: String = r.try_get("witnesses")?;
        let witnesses: Vec<String> = serde_json::from_str(&witnesses).map_err(|e| CoreError::corrupt("destruction_records.witnesses", e))?;
        let serials = self
            .query("SELECT serial FROM blanko_ledger WHERE event = 'destroyed' AND ref = $1 ORDER BY serial", &[&format!("destruction:{id}")])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
        Ok(Some(DestructionRecord {
            id,
            record_no: record_no.to_string(),
            destroyed_on: r.try_get("destroyed_on")?,
            witnesses,
            signed_by: r.try_get("signed_by")?,
            recorded_at: r.try_get("recorded_at")?,
            serials,
        }))
    }

    fn adjustments_destructions_on(&self, from: &str, to: &str) -> Result<Vec<String>> {
        self.query("SELECT record_no FROM destruction_records WHERE destroyed_on >= $1 AND destroyed_on <= $2 ORDER BY destroyed_on, id", &[&from, &to])?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
}
