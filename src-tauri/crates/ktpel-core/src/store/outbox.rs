//! The feed's outbox: every status change the approval system must hear about, written in the
//! same transaction as the change itself, so a change is never made without its message and a
//! message never sent for a change that was rolled back. The sender delivers them in order per
//! request; delivered rows stay, for audit. Only the delivery columns ever change.

use serde::Serialize;
use crate::error::Result;

/// What the approval system is told, as the contract (README, feed v1) names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FeedStatus {
    Printing,
    Printed,
    Spoiled,
    Ready,
    HandedOver,
}

impl FeedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedStatus::Printing => "printing",
            FeedStatus::Printed => "printed",
            FeedStatus::Spoiled => "spoiled",
            FeedStatus::Ready => "ready",
            FeedStatus::HandedOver => "handed_over",
        }
    }
}

/// One status message, with its delivery state.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct OutboxRow {
    #[ts(type = "number")]
    pub id: i64,
    pub request_id: String,
    pub event_id: String,
    pub status: String,
    pub at: String,
    /// The JSON body POSTed to {base}/v1/requests/{request_id}/status.
    pub body: String,
    #[ts(type = "number")]
    pub tries: i64,
    pub next_try_at: String,
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
}

/// The extra fields of a message, beside status, at and event_id.
#[derive(Debug, Default, Clone)]
pub struct Extra<'a> {
    pub register_number: Option<&'a str>,
    pub blanko_serial: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// A new random event id (128 bits, hex): unique across stations without coordination.
pub fn new_event_id() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The message as the approval system receives it.
pub fn message_body(status: FeedStatus, at: &str, event_id: &str, extra: &Extra) -> String {
    let mut body = serde_json::json!({ "status": status.as_str(), "at": at, "event_id": event_id });
    for (key, value) in [("register_number", extra.register_number), ("blanko_serial", extra.blanko_serial), ("reason", extra.reason)] {
        if let Some(v) = value {
            body[key] = serde_json::Value::from(v);
        }
    }
    body.to_string()
}

/// The outbox operations every storage backend provides.
pub trait OutboxStore {
    fn outbox_push(&self, request_id: &str, status: FeedStatus, at: &str, extra: &Extra) -> Result<()>;
    fn outbox_due(&self, now: &str, limit: i64) -> Result<Vec<OutboxRow>>;
    fn outbox_mark_delivered(&self, id: i64, at: &str) -> Result<()>;
    fn outbox_mark_failed(&self, id: i64, error: &str, next_try_at: &str) -> Result<()>;
    fn outbox_pending_count(&self) -> Result<i64>;
    fn outbox_for_request(&self, request_id: &str) -> Result<Vec<OutboxRow>>;
    fn outbox_get(&self, id: i64) -> Result<Option<OutboxRow>>;
}
