//! Finding a request anywhere in the history (not only the queue): by the resident's NIK, or its
//! first digits, by a fragment of the name, or by the request id. Both look-ups go through an
//! index, so the answer comes as fast with five years of requests as with one day's.

use super::Station;
use crate::error::{CoreError, Result};
use crate::store::request_search::{FoundRequest, MIN_NAME_FRAGMENT};

/// At most this many requests are listed; the officer narrows the search for more.
pub const FOUND_LIMIT: i64 = 50;

impl Station {
    /// Requests whose NIK starts with `query` (digits), whose name contains it, or whose request
    /// id it is.
    pub fn find_requests(&self, query: &str) -> Result<Vec<FoundRequest>> {
        let q = query.trim();
        if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
            return self.store.read(|c| c.request_search_by_nik(q, FOUND_LIMIT));
        }
        self.store.read(|c| {
            let by_id = c.request_search_by_request_id(q)?;
            if !by_id.is_empty() {
                return Ok(by_id);
            }
            if q.chars().count() < MIN_NAME_FRAGMENT {
                return Err(CoreError::invalid("cari", "ketik sedikitnya 3 huruf nama, angka NIK, atau nomor permohonan"));
            }
            c.request_search_by_name_fragment(q, FOUND_LIMIT)
        })
    }
}
