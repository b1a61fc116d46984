//! The feed's own state, one row: where the approval system is, its token, the cursor of the last
//! page imported (written in the same transaction as that page's requests, so a restart neither
//! skips nor repeats), and what the last contact said.

use serde::Serialize;
use crate::error::Result;

/// The feed as the status bar and `ktpel feed status` show it (never the token itself).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FeedState {
    pub base_url: Option<String>,
    pub token_set: bool,
    pub cursor: Option<String>,
    pub poll_seconds: u32,
    /// How long one call may take before it counts as failed.
    pub timeout_seconds: u32,
    pub last_contact_at: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Records refused by validation since the feed was configured.
    #[ts(type = "number")]
    pub rejected: i64,
    /// Status messages not yet delivered.
    #[ts(type = "number")]
    pub pending: i64,
    /// The last problem is newer than the last successful contact: the feed is failing now.
    pub failing: bool,
}

/// A problem counts until a later contact succeeds (RFC 3339 UTC stamps sort as text).
pub(crate) fn failing(last_error_at: Option<&str>, last_contact_at: Option<&str>) -> bool {
    match (last_error_at, last_contact_at) {
        (Some(e), Some(c)) => e > c,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The feed_state operations every storage backend provides.
pub trait FeedStateStore {
    fn feed_state_get(&self) -> Result<FeedState>;
    fn feed_state_token(&self) -> Result<Option<String>>;
    fn feed_state_configure(&self, base_url: &str, token: &str, poll_seconds: u32, timeout_seconds: u32) -> Result<()>;
    fn feed_state_advance(&self, cursor: &str, rejected: i64, at: &str) -> Result<()>;
    fn feed_state_contact(&self, at: &str) -> Result<()>;
    fn feed_state_failed(&self, error: &str, at: &str) -> Result<()>;
}
