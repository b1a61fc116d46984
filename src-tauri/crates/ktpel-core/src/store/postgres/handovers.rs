//! PostgreSQL: handovers of finished cards, append-only.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::handovers::{HandoverRow, HandoversStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE handovers (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_ref             bigint NOT NULL UNIQUE REFERENCES requests (id),
    recipient_name          text NOT NULL,
    representative_relation text,
    old_card_withdrawn      boolean NOT NULL,
    handed_at               text NOT NULL,
    handed_by               text NOT NULL
);
CREATE INDEX handovers_at ON handovers (handed_at);
CREATE TRIGGER handovers_append_only BEFORE UPDATE OR DELETE ON handovers FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('handovers is append-only');
CREATE TRIGGER handovers_no_truncate BEFORE TRUNCATE ON handovers FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('handovers is append-only');
";

fn handover(r: &Row) -> Result<HandoverRow> {
    Ok(HandoverRow {
        request_ref: r.try_get("request_ref")?,
        recipient_name: r.try_get("recipient_name")?,
        representative_relation: r.try_get("representative_relation")?,
        old_card_withdrawn: r.try_get("old_card_withdrawn")?,
        handed_at: r.try_get("handed_at")?,
        handed_by: r.try_get("handed_by")?,
    })
}

impl HandoversStore for PgDb<'_> {
    fn handovers_insert(&self, h: &HandoverRow) -> Result<()> {
        self.exec_or(
            "INSERT INTO handovers (request_ref, recipient_name, representative_relation, old_card_withdrawn, handed_at, handed_by) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&h.request_ref, &h.recipient_name, &h.representative_relation, &h.old_card_withdrawn, &h.handed_at, &h.handed_by],
            || "kartu ini sudah diserahkan (mungkin di meja lain)".into(),
        )?;
        Ok(())
    }

    fn handovers_for_request(&self, request_ref: i64) -> Result<Option<HandoverRow>> {
        self.opt("SELECT * FROM handovers WHERE request_ref = $1", &[&request_ref])?.as_ref().map(handover).transpose()
    }
}
