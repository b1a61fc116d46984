//! The queries behind the blanko usage report: what the ledger, the register, the handovers and
//! the requests say about a span of time (`from <= at < to`, UTC stamps). Read-only.

use crate::error::Result;

/// A ledger event the report lists, with the request it belonged to (through its attempt).
#[derive(Debug, Clone, PartialEq)]
pub struct UsageEvent {
    pub serial: String,
    pub event: String,
    pub reason: Option<String>,
    pub reference: Option<String>,
    pub at: String,
    pub by_user: String,
    pub request_id: Option<String>,
    /// The desk whose attempt the event ended (none for a blank adjusted by hand).
    pub desk: Option<String>,
}

/// One request's steps at the desk, as the service report measures them (UTC stamps).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepStamps {
    pub request_id: String,
    pub service: String,
    pub channel: String,
    pub submitted_at: String,
    pub approved_at: String,
    /// The first print attempt's start (a reprint's time belongs to the print step).
    pub print_started_at: Option<String>,
    /// The good attempt's end: the job done, else when the officer confirmed it.
    pub printed_at: Option<String>,
    pub registered_at: Option<String>,
    /// The officer who registered the card.
    pub operator: Option<String>,
    pub handed_over_at: Option<String>,
}

/// The usage operations every storage backend provides.
pub trait UsageStore {
    fn usage_event_counts(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>>;
    fn usage_received_by_batch(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>>;
    /// Register rows of office dates `from..=to` counted by (service, operator, desk).
    fn usage_printed_by_service_and_officer(&self, from: &str, to: &str) -> Result<Vec<(String, String, String, i64)>>;
    fn usage_listed_events(&self, from: &str, to: &str) -> Result<Vec<UsageEvent>>;
    fn usage_handed_over(&self, from: &str, to: &str) -> Result<i64>;
    fn usage_submitted_since(&self, submitted_from: &str, to: &str) -> Result<Vec<(String, String, String, Option<String>)>>;
    fn usage_reprint_decisions(&self, from: &str, to: &str) -> Result<(i64, i64)>;
    /// The steps of the requests approved in the span, in the order of approval.
    fn usage_step_stamps(&self, from: &str, to: &str) -> Result<Vec<StepStamps>>;
}

