//! SQLite: the `feed_state` tables' schema, their migrations and the operations of `store::feed_state` over them.

use crate::store::feed_state::*;
use rusqlite::{params, Connection};

use crate::error::Result;

pub const SCHEMA_V3: &str = "
CREATE TABLE feed_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    base_url        TEXT,
    token           TEXT,
    cursor          TEXT,
    poll_seconds    INTEGER NOT NULL DEFAULT 60 CHECK (poll_seconds BETWEEN 5 AND 3600),
    timeout_seconds INTEGER NOT NULL DEFAULT 30 CHECK (timeout_seconds BETWEEN 1 AND 300),
    last_contact_at TEXT,
    last_error      TEXT,
    last_error_at   TEXT,
    rejected        INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO feed_state (id) VALUES (1);
";

pub fn get(conn: &Connection) -> Result<FeedState> {
    let pending = super::outbox::pending_count(conn)?;
    Ok(conn.query_row(
        "SELECT base_url, token IS NOT NULL AND token <> '', cursor, poll_seconds, timeout_seconds, last_contact_at, last_error, last_error_at, rejected FROM feed_state WHERE id = 1",
        [],
        |r| {
            let (last_contact_at, last_error_at): (Option<String>, Option<String>) = (r.get(5)?, r.get(7)?);
            Ok(FeedState {
                failing: failing(last_error_at.as_deref(), last_contact_at.as_deref()),
                base_url: r.get(0)?,
                token_set: r.get(1)?,
                cursor: r.get(2)?,
                poll_seconds: r.get(3)?,
                timeout_seconds: r.get(4)?,
                last_contact_at,
                last_error: r.get(6)?,
                last_error_at,
                rejected: r.get(8)?,
                pending,
            })
        },
    )?)
}

/// The token, for the HTTP client only.
pub fn token(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT token FROM feed_state WHERE id = 1", [], |r| r.get(0))?)
}

pub fn configure(conn: &Connection, base_url: &str, token: &str, poll_seconds: u32, timeout_seconds: u32) -> Result<()> {
    conn.execute(
        "UPDATE feed_state SET base_url = ?1, token = ?2, poll_seconds = ?3, timeout_seconds = ?4 WHERE id = 1",
        params![base_url, token, poll_seconds, timeout_seconds],
    )?;
    Ok(())
}

pub fn advance(conn: &Connection, cursor: &str, rejected: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE feed_state SET cursor = ?1, rejected = rejected + ?2, last_contact_at = ?3, last_error = NULL WHERE id = 1",
        params![cursor, rejected, at],
    )?;
    Ok(())
}

pub fn contact(conn: &Connection, at: &str) -> Result<()> {
    conn.execute("UPDATE feed_state SET last_contact_at = ?1, last_error = NULL WHERE id = 1", [at])?;
    Ok(())
}

pub fn failed(conn: &Connection, error: &str, at: &str) -> Result<()> {
    conn.execute("UPDATE feed_state SET last_error = ?1, last_error_at = ?2 WHERE id = 1", [error, at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_problem_counts_until_a_later_contact() {
        let (early, late) = (Some("2026-11-21T01:05:00.000Z"), Some("2026-11-21T01:10:00.000Z"));
        assert!(super::failing(early, None));
        assert!(super::failing(late, early));
        assert!(!super::failing(early, late));
        assert!(!super::failing(None, late));
    }
}

impl FeedStateStore for Connection {
    fn feed_state_get(&self) -> Result<FeedState> {
        get(self)
    }

    fn feed_state_token(&self) -> Result<Option<String>> {
        token(self)
    }

    fn feed_state_configure(&self, base_url: &str, token: &str, poll_seconds: u32, timeout_seconds: u32) -> Result<()> {
        configure(self, base_url, token, poll_seconds, timeout_seconds)
    }

    fn feed_state_advance(&self, cursor: &str, rejected: i64, at: &str) -> Result<()> {
        advance(self, cursor, rejected, at)
    }

    fn feed_state_contact(&self, at: &str) -> Result<()> {
        contact(self, at)
    }

    fn feed_state_failed(&self, error: &str, at: &str) -> Result<()> {
        failed(self, error, at)
    }
}
