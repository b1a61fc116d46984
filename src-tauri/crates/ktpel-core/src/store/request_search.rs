//! Finding a request in the whole history, as the desk does when a resident asks after a card: by
//! NIK (whole, or its first digits) through the NIK index, or by a fragment of the name through a
//! trigram full-text index (FTS5), so neither reads the table from end to end. Five years of a busy
//! kabupaten is ~500,000 requests; a `LIKE '%…%'` over them takes far longer than the desk waits.

use serde::Serialize;
use crate::error::Result;

/// The shortest name fragment the trigram index can look up.
pub const MIN_NAME_FRAGMENT: usize = 3;

/// A request found, with its register entry if it was printed.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FoundRequest {
    pub request_id: String,
    pub nik: String,
    pub nama: String,
    pub service: crate::domain::Service,
    pub status: crate::store::requests::RequestStatus,
    pub approved_at: String,
    pub register_number: Option<String>,
    pub registered_at: Option<String>,
    pub handed_over_at: Option<String>,
}

/// The request_search operations every storage backend provides.
pub trait RequestSearchStore {
    fn request_search_by_nik(&self, digits: &str, limit: i64) -> Result<Vec<FoundRequest>>;
    fn request_search_by_request_id(&self, request_id: &str) -> Result<Vec<FoundRequest>>;
    fn request_search_by_name_fragment(&self, fragment: &str, limit: i64) -> Result<Vec<FoundRequest>>;
}
