//! Handover of the finished card to the applicant or a representative (append-only).

use serde::Serialize;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct HandoverRow {
    #[ts(type = "number")]
    pub request_ref: i64,
    pub recipient_name: String,
    pub representative_relation: Option<String>,
    pub old_card_withdrawn: bool,
    pub handed_at: String,
    pub handed_by: String,
}

/// The handovers operations every storage backend provides.
pub trait HandoversStore {
    fn handovers_insert(&self, h: &HandoverRow) -> Result<()>;
    fn handovers_for_request(&self, request_ref: i64) -> Result<Option<HandoverRow>>;
}
