//! PostgreSQL: the office's one connection to the approval system: its address, token and the
//! cursor every desk shares, so a request is pulled once for the whole office.

use super::PgDb;
use crate::error::Result;
use crate::store::feed_state::{failing, FeedState, FeedStateStore};
use crate::store::outbox::OutboxStore;

pub const SCHEMA_V1: &str = "
CREATE TABLE feed_state (
    id              int PRIMARY KEY CHECK (id = 1),
    base_url        text,
    token           text,
    cursor          text,
    poll_seconds    bigint NOT NULL DEFAULT 60 CHECK (poll_seconds BETWEEN 5 AND 3600),
    timeout_seconds bigint NOT NULL DEFAULT 30 CHECK (timeout_seconds BETWEEN 1 AND 300),
    last_contact_at text,
    last_error      text,
    last_error_at   text,
    rejected        bigint NOT NULL DEFAULT 0
);
INSERT INTO feed_state (id) VALUES (1);
";

impl FeedStateStore for PgDb<'_> {
    fn feed_state_get(&self) -> Result<FeedState> {
        let pending = self.outbox_pending_count()?;
        let r = self.one(
            "SELECT base_url, token IS NOT NULL AND token <> '', cursor, poll_seconds, timeout_seconds, last_contact_at, last_error, last_error_at, rejected FROM feed_state WHERE id = 1",
            &[],
        )?;
        let (last_contact_at, last_error_at): (Option<String>, Option<String>) = (r.try_get(5)?, r.try_get(7)?);
        let (poll, timeout): (i64, i64) = (r.try_get(3)?, r.try_get(4)?);
        Ok(FeedState {
            failing: failing(last_error_at.as_deref(), last_contact_at.as_deref()),
            base_url: r.try_get(0)?,
            token_set: r.try_get(1)?,
            cursor: r.try_get(2)?,
            // The CHECKs keep both within u32.
            poll_seconds: u32::try_from(poll).unwrap_or(60),
            timeout_seconds: u32::try_from(timeout).unwrap_or(30),
            last_contact_at,
            last_error: r.try_get(6)?,
            last_error_at,
            rejected: r.try_get(8)?,
            pending,
        })
    }

    fn feed_state_token(&self) -> Result<Option<String>> {
        Ok(self.one("SELECT token FROM feed_state WHERE id = 1", &[])?.try_get(0)?)
    }

    fn feed_state_configure(&self, base_url: &str, token: &str, poll_seconds: u32, timeout_seconds: u32) -> Result<()> {
        self.exec(
            "UPDATE feed_state SET base_url = $1, token = $2, poll_seconds = $3, timeout_seconds = $4 WHERE id = 1",
            &[&base_url, &token, &i64::from(poll_seconds), &i64::from(timeout_seconds)],
        )?;
        Ok(())
    }

    fn feed_state_advance(&self, cursor: &str, rejected: i64, at: &str) -> Result<()> {
        self.exec("UPDATE feed_state SET cursor = $1, rejected = rejected + $2, last_contact_at = $3, last_error = NULL WHERE id = 1", &[&cursor, &rejected, &at])?;
        Ok(())
    }

    fn feed_state_contact(&self, at: &str) -> Result<()> {
        self.exec("UPDATE feed_state SET last_contact_at = $1, last_error = NULL WHERE id = 1", &[&at])?;
        Ok(())
    }

    fn feed_state_failed(&self, error: &str, at: &str) -> Result<()> {
        self.exec("UPDATE feed_state SET last_error = $1, last_error_at = $2 WHERE id = 1", &[&error, &at])?;
        Ok(())
    }
}
