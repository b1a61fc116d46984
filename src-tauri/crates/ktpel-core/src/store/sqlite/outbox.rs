//! SQLite: the `outbox` tables' schema, their migrations and the operations of `store::outbox` over them.

use crate::store::outbox::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;

pub const SCHEMA_V3: &str = "
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    request_id    TEXT NOT NULL,
    event_id      TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('printing', 'printed', 'spoiled', 'ready', 'handed_over')),
    at            TEXT NOT NULL,
    body          TEXT NOT NULL,
    tries         INTEGER NOT NULL DEFAULT 0,
    next_try_at   TEXT NOT NULL,
    last_error    TEXT,
    delivered_at  TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (delivered_at, request_id, id);
CREATE TRIGGER outbox_message_fixed BEFORE UPDATE OF request_id, event_id, status, at, body ON outbox
BEGIN SELECT RAISE(ABORT, 'an outbox message is fixed'); END;
CREATE TRIGGER outbox_delivered_final BEFORE UPDATE ON outbox WHEN OLD.delivered_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a delivered message is final'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox messages are kept'); END;
";

impl OutboxRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(OutboxRow {
            id: r.get("id")?,
            request_id: r.get("request_id")?,
            event_id: r.get("event_id")?,
            status: r.get("status")?,
            at: r.get("at")?,
            body: r.get("body")?,
            tries: r.get("tries")?,
            next_try_at: r.get("next_try_at")?,
            last_error: r.get("last_error")?,
            delivered_at: r.get("delivered_at")?,
        })
    }
}

/// Queues a message when a feed is configured (without one there is nobody to tell); call inside
/// the transaction of the change it reports.
pub fn push(conn: &Connection, request_id: &str, status: FeedStatus, at: &str, extra: &Extra) -> Result<()> {
    let configured: bool = conn.query_row("SELECT base_url IS NOT NULL FROM feed_state WHERE id = 1", [], |r| r.get(0))?;
    if configured {
        push_always(conn, request_id, status, at, extra)?;
    }
    Ok(())
}

fn push_always(conn: &Connection, request_id: &str, status: FeedStatus, at: &str, extra: &Extra) -> Result<()> {
    let event_id = new_event_id();
    let body = message_body(status, at, &event_id, extra);
    conn.execute(
        "INSERT INTO outbox (request_id, event_id, status, at, body, next_try_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        params![request_id, event_id, status.as_str(), at, body],
    )?;
    Ok(())
}

/// The next message to send for each request (the oldest undelivered one: later ones wait, so a
/// request's messages arrive in order), due by `now`, oldest first, at most `limit`.
pub fn due(conn: &Connection, now: &str, limit: i64) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare(
        "SELECT o.* FROM outbox o
         JOIN (SELECT request_id, min(id) AS first FROM outbox WHERE delivered_at IS NULL GROUP BY request_id) h ON o.id = h.first
         WHERE o.next_try_at <= ?1 ORDER BY o.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], OutboxRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn mark_delivered(conn: &Connection, id: i64, at: &str) -> Result<()> {
    conn.execute("UPDATE outbox SET delivered_at = ?2, tries = tries + 1, last_error = NULL WHERE id = ?1", params![id, at])?;
    Ok(())
}

pub fn mark_failed(conn: &Connection, id: i64, error: &str, next_try_at: &str) -> Result<()> {
    conn.execute("UPDATE outbox SET tries = tries + 1, last_error = ?2, next_try_at = ?3 WHERE id = ?1", params![id, error, next_try_at])?;
    Ok(())
}

pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox WHERE delivered_at IS NULL", [], |r| r.get(0))?)
}

pub fn for_request(conn: &Connection, request_id: &str) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare("SELECT * FROM outbox WHERE request_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([request_id], OutboxRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<OutboxRow>> {
    Ok(conn.query_row("SELECT * FROM outbox WHERE id = ?1", [id], OutboxRow::from_row).optional()?)
}

impl OutboxStore for Connection {
    fn outbox_push(&self, request_id: &str, status: FeedStatus, at: &str, extra: &Extra) -> Result<()> {
        push(self, request_id, status, at, extra)
    }

    fn outbox_due(&self, now: &str, limit: i64) -> Result<Vec<OutboxRow>> {
        due(self, now, limit)
    }

    fn outbox_mark_delivered(&self, id: i64, at: &str) -> Result<()> {
        mark_delivered(self, id, at)
    }

    fn outbox_mark_failed(&self, id: i64, error: &str, next_try_at: &str) -> Result<()> {
        mark_failed(self, id, error, next_try_at)
    }

    fn outbox_pending_count(&self) -> Result<i64> {
        pending_count(self)
    }

    fn outbox_for_request(&self, request_id: &str) -> Result<Vec<OutboxRow>> {
        for_request(self, request_id)
    }

    fn outbox_get(&self, id: i64) -> Result<Option<OutboxRow>> {
        get(self, id)
    }
}
