//! Reprint decisions: a supervisor's approval or refusal of a spoiled card's reprint, one per
//! spoiled attempt, append-only. The decider is a second person: never the officer who printed
//! or judged the spoiled card.

use serde::Serialize;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Refused,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Refused => "refused",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Approved, Self::Refused].into_iter().find(|d| d.as_str() == s)
    }
    pub fn words(self) -> &'static str {
        match self {
            Decision::Approved => "disetujui",
            Decision::Refused => "ditolak",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ReprintDecision {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub request_ref: i64,
    #[ts(type = "number")]
    pub spoiled_attempt: i64,
    pub decision: Decision,
    pub note: String,
    pub decided_by: String,
    pub decided_at: String,
    /// Who was logged in at the desk when the supervisor approved there (None from the CLI).
    pub desk_user: Option<String>,
}

/// The reprints operations every storage backend provides.
pub trait ReprintsStore {
    fn reprints_insert(&self, d: &ReprintDecision) -> Result<i64>;
    fn reprints_for_request(&self, request_ref: i64) -> Result<Vec<ReprintDecision>>;
    fn reprints_for_attempt(&self, attempt: i64) -> Result<Option<ReprintDecision>>;
    fn reprints_approved_count(&self, request_ref: i64) -> Result<i64>;
    fn reprints_approved_counts(&self, request_refs: &[i64]) -> Result<std::collections::HashMap<i64, i64>>;
}
