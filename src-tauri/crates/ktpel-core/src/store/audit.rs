//! The audit log: every mutating action, who (user and role), what, on which subject, with a JSON
//! detail. Rows are append-only and hash-chained (each row's hash covers the previous row's hash),
//! so an edit made behind the station's back through raw SQL shows up in `verify`.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub username: String,
    pub role: String,
    /// The desk the user acted at ('' on rows from before desks were named).
    pub station: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn digest(prev: &str, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &str) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields, so moving text between fields changes the hash. The desk is
    // covered when there is one; rows written before desks were named hash as they always did.
    for part in [prev, at, username, role, action, subject, detail] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    if !station.is_empty() {
        h.update((station.len() as u64).to_le_bytes());
        h.update(station.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The audit operations every storage backend provides.
pub trait AuditStore {
    #[allow(clippy::too_many_arguments)]
    fn audit_append(&self, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &serde_json::Value) -> Result<()>;
    fn audit_verify(&self) -> Result<Option<i64>>;
    fn audit_for_subject(&self, subject: &str) -> Result<Vec<AuditRow>>;
}
