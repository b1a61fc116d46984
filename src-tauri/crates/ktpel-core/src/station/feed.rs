//! The upstream feed at the station: its configuration (admin) and its state. The HTTP side (the
//! poller and the sender) lives in `crate::feed`; this file is what they and the screens share.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::feed_state::FeedState;
use crate::store::outbox::OutboxRow;

/// Checks a feed base URL: HTTPS, or plain HTTP only on this machine (loopback), no query.
pub fn check_base_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let field = "--url";
    let (scheme, rest) = url.split_once("://").ok_or_else(|| CoreError::invalid(field, "tulis alamat lengkap, mis. https://persetujuan.magetan.go.id/api"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostname = if host.starts_with('[') { host.split(']').next().map(|h| h.trim_start_matches('[')).unwrap_or("") } else { host.split(':').next().unwrap_or("") };
    if hostname.is_empty() || url.contains(['?', '#', ' ']) {
        return Err(CoreError::invalid(field, "alamat tidak sah: sebutkan host, tanpa ?query atau #"));
    }
    let loopback = hostname == "localhost" || hostname.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_string()),
        "http" if loopback => Ok(url.to_string()),
        "http" => Err(CoreError::invalid(field, "gunakan https:// (http:// hanya untuk alamat di komputer ini, 127.0.0.1 atau localhost)")),
        _ => Err(CoreError::invalid(field, "alamat harus diawali https://")),
    }
}

impl Station {
    /// Sets where the approval system is and its token (admin). The token is stored for the
    /// client and never shown or logged.
    pub fn configure_feed(&mut self, admin: &Actor, url: &str, token: &str, poll_seconds: u32, timeout_seconds: u32) -> Result<()> {
        admin.require(Action::ChangeSettings)?;
        let url = check_base_url(url)?;
        let token = token.trim();
        if token.is_empty() || token.len() > 4096 || token.chars().any(|c| c.is_control() || c == ' ') {
            return Err(CoreError::invalid("token", "wajib diisi, tanpa spasi atau karakter kendali (dari KTPEL_FEED_TOKEN atau isian)"));
        }
        if !(5..=3600).contains(&poll_seconds) {
            return Err(CoreError::invalid("--poll-seconds", "antara 5 dan 3600 detik"));
        }
        if !(1..=300).contains(&timeout_seconds) {
            return Err(CoreError::invalid("--timeout-seconds", "antara 1 dan 300 detik"));
        }
        self.store.write(|tx| {
            tx.feed_state_configure(&url, token, poll_seconds, timeout_seconds)?;
            audit(tx, admin, "feed.configure", "feed", json!({ "url": url, "poll_seconds": poll_seconds, "timeout_seconds": timeout_seconds }))
        })
    }

    pub fn feed_state(&self) -> Result<FeedState> {
        self.store.read(|c| c.feed_state_get())
    }

    pub fn outbox_of(&self, request_id: &str) -> Result<Vec<OutboxRow>> {
        self.store.read(|c| c.outbox_for_request(request_id.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn https_anywhere_plain_http_only_on_loopback() {
        assert_eq!(check_base_url("https://persetujuan.example.go.id/api/").unwrap(), "https://persetujuan.example.go.id/api");
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("http://localhost:9/x").is_ok());
        assert!(check_base_url("http://[::1]:8080").is_ok());
        assert!(check_base_url("http://10.0.0.5/api").is_err());
        assert!(check_base_url("http://127.0.0.1.evil.example/api").is_err());
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("persetujuan.example").is_err());
        assert!(check_base_url("https://x/api?token=1").is_err());
    }
}
