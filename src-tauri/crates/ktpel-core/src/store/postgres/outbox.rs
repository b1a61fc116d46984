//! PostgreSQL: status messages for the approval system, queued in the transaction of the change
//! they report; each request's messages leave in order.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::outbox::{message_body, new_event_id, Extra, FeedStatus, OutboxRow, OutboxStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE outbox (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id    text NOT NULL,
    event_id      text NOT NULL UNIQUE,
    status        text NOT NULL CHECK (status IN ('printing', 'printed', 'spoiled', 'ready', 'handed_over')),
    at            text NOT NULL,
    body          text NOT NULL,
    tries         bigint NOT NULL DEFAULT 0,
    next_try_at   text NOT NULL,
    last_error    text,
    delivered_at  text
);
CREATE INDEX outbox_pending ON outbox (request_id, id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_request ON outbox (request_id, id);
CREATE TRIGGER outbox_message_fixed BEFORE UPDATE OF request_id, event_id, status, at, body ON outbox
    FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('an outbox message is fixed');
CREATE TRIGGER outbox_delivered_final BEFORE UPDATE ON outbox FOR EACH ROW WHEN (OLD.delivered_at IS NOT NULL)
    EXECUTE FUNCTION ktpel_refuse('a delivered message is final');
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('outbox messages are kept');
";

fn message(r: &Row) -> Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        event_id: r.try_get("event_id")?,
        status: r.try_get("status")?,
        at: r.try_get("at")?,
        body: r.try_get("body")?,
        tries: r.try_get("tries")?,
        next_try_at: r.try_get("next_try_at")?,
        last_error: r.try_get("last_error")?,
        delivered_at: r.try_get("delivered_at")?,
    })
}

impl OutboxStore for PgDb<'_> {
    fn outbox_push(&self, request_id: &str, status: FeedStatus, at: &str, extra: &Extra) -> Result<()> {
        // Queued only when a feed is configured (without one there is nobody to tell): one
        // statement, since a confirm pushes while it holds the register's counter.
        let event_id = new_event_id();
        let body = message_body(status, at, &event_id, extra);
        self.exec(
            "INSERT INTO outbox (request_id, event_id, status, at, body, next_try_at)
             SELECT $1, $2, $3, $4, $5, $4 FROM feed_state WHERE id = 1 AND base_url IS NOT NULL",
            &[&request_id, &event_id, &status.as_str(), &at, &body],
        )?;
        Ok(())
    }

    fn outbox_due(&self, now: &str, limit: i64) -> Result<Vec<OutboxRow>> {
        self.query(
            "SELECT o.* FROM outbox o
             JOIN (SELECT request_id, min(id) AS first FROM outbox WHERE delivered_at IS NULL GROUP BY request_id) h ON o.id = h.first
             WHERE o.next_try_at <= $1 ORDER BY o.id LIMIT $2",
            &[&now, &limit],
        )?
        .iter()
        .map(message)
        .collect()
    }

    fn outbox_mark_delivered(&self, id: i64, at: &str) -> Result<()> {
        self.exec("UPDATE outbox SET delivered_at = $2, tries = tries + 1, last_error = NULL WHERE id = $1", &[&id, &at])?;
        Ok(())
    }

    fn outbox_mark_failed(&self, id: i64, error: &str, next_try_at: &str) -> Result<()> {
        self.exec("UPDATE outbox SET tries = tries + 1, last_error = $2, next_try_at = $3 WHERE id = $1", &[&id, &error, &next_try_at])?;
        Ok(())
    }

    fn outbox_pending_count(&self) -> Result<i64> {
        Ok(self.one("SELECT count(*) FROM outbox WHERE delivered_at IS NULL", &[])?.try_get(0)?)
    }

    fn outbox_for_request(&self, request_id: &str) -> Result<Vec<OutboxRow>> {
        self.query("SELECT * FROM outbox WHERE request_id = $1 ORDER BY id", &[&request_id])?.iter().map(message).collect()
    }

    fn outbox_get(&self, id: i64) -> Result<Option<OutboxRow>> {
        self.opt("SELECT * FROM outbox WHERE id = $1", &[&id])?.as_ref().map(message).transpose()
    }
}
