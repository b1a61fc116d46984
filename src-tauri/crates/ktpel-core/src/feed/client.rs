//! The HTTP side of the feed contract (README, "Upstream feed, version 1"): one page of approved
//! requests after a cursor, and one status message. Blocking (ureq, rustls); the poller runs it
//! off the async runtime's threads. Bodies are read up to a limit, so a huge or endless answer
//! cannot exhaust the station's memory.

use std::io::Read;
use std::time::Duration;

use serde_json::Value;

use crate::error::{CoreError, Result};

/// Largest page of approved requests read (photos travel inside the records).
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest answer to a status message that is read (the answer is not used).
const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// One page: the records as JSON values (validated one by one by the import), and the cursor that
/// follows them.
#[derive(Debug)]
pub struct Page {
    pub records: Vec<Value>,
    pub next: Option<String>,
}

pub struct FeedClient {
    base: String,
    token: String,
    agent: ureq::Agent,
}

fn feed_error(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Feed(format!("{what}: {e}"))
}

impl FeedClient {
    pub fn new(base: &str, token: &str, timeout: Duration) -> Self {
        let agent = ureq::AgentBuilder::new().timeout_connect(Duration::from_secs(5)).timeout(timeout).redirects(0).build();
        FeedClient { base: base.trim_end_matches('/').to_string(), token: token.to_string(), agent }
    }

    /// GET {base}/v1/approved?after=CURSOR&limit=N
    pub fn approved(&self, after: Option<&str>, limit: u32) -> Result<Page> {
        let mut req = self.agent.get(&format!("{}/v1/approved", self.base)).set("Authorization", &format!("Bearer {}", self.token)).query("limit", &limit.to_string());
        if let Some(cursor) = after {
            req = req.query("after", cursor);
        }
        let answer = req.call().map_err(|e| answer_error("mengambil permohonan", e))?;
        let body = read_limited(answer, MAX_PAGE_BYTES, "halaman permohonan")?;
        parse_page(&body)
    }

    /// POST {base}/v1/requests/{request_id}/status with the message body; any 2xx is delivered.
    pub fn send_status(&self, request_id: &str, body: &str) -> Result<()> {
        let url = format!("{}/v1/requests/{}/status", self.base, encode_segment(request_id));
        let answer = self
            .agent
            .post(&url)
            .set("Authorization", &format!("Bearer {}", self.token))
            .set("Content-Type", "application/json")
            .send_string(body)
            .map_err(|e| answer_error("mengirim status", e))?;
        read_limited(answer, MAX_ANSWER_BYTES, "jawaban status").map(|_| ())
    }
}

/// Reads one page's body: `{"requests": [...], "next": text or null}`; anything else is refused in
/// words (the records themselves are validated one by one by the import).
pub fn parse_page(body: &[u8]) -> Result<Page> {
    let value: Value = serde_json::from_slice(body).map_err(|e| feed_error("jawaban bukan JSON yang sah", e))?;
    let records = match value.get("requests") {
        Some(Value::Array(items)) => items.clone(),
        _ => return Err(CoreError::Feed("jawaban tidak berisi daftar \"requests\"".into())),
    };
    let next = match value.get("next") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.len() <= 1024 => Some(s.clone()),
        Some(_) => return Err(CoreError::Feed("\"next\" harus teks (paling panjang 1024)".into())),
    };
    Ok(Page { records, next })
}

fn answer_error(what: &str, e: ureq::Error) -> CoreError {
    match e {
        ureq::Error::Status(401 | 403, _) => CoreError::Feed(format!("{what}: token ditolak server (periksa token umpan)")),
        ureq::Error::Status(code, r) => CoreError::Feed(format!("{what}: server menjawab {code} {}", r.status_text())),
        ureq::Error::Transport(t) => CoreError::Feed(format!("{what}: server tidak dapat dihubungi ({t})")),
    }
}

fn read_limited(answer: ureq::Response, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    answer.into_reader().take(limit + 1).read_to_end(&mut body).map_err(|e| feed_error(what, e))?;
    if body.len() as u64 > limit {
        return Err(CoreError::Feed(format!("{what} lebih dari {} MB; ditolak", limit / (1024 * 1024))));
    }
    Ok(body)
}

/// Percent-encodes a path segment (request ids are validated, but never trust a path).
fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(super::encode_segment("REQ-0001"), "REQ-0001");
        assert_eq!(super::encode_segment("a/b c"), "a%2Fb%20c");
    }
}
