//! Day sign-offs: the supervisor's signature under a day's usage report. The report is stored as
//! signed (JSON and its SHA-256), append-only: a signed day reads back exactly as it was signed.

use serde::Serialize;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SignOff {
    pub report_date: String,
    pub signed_at: String,
    pub signed_by: String,
    pub report_json: String,
    pub report_sha256: String,
}

/// The signoffs operations every storage backend provides.
pub trait SignoffsStore {
    fn signoffs_insert(&self, s: &SignOff) -> Result<()>;
    fn signoffs_get(&self, date: &str) -> Result<Option<SignOff>>;
}
