//! Answering the scheduler's authentication challenge as libcups does (cups/auth.c): the request
//! goes out without credentials; a 401 names the schemes the server accepts (`WWW-Authenticate:
//! Basic realm="CUPS", PeerCred, Local trc="y"`) and the request is sent once more with the best
//! one we can honour:
//! - `PeerCred USER` over the domain socket: the kernel tells CUPS who is at the other end, and
//!   CUPS checks that USER's uid is that peer;
//! - `Local CERT`: the scheduler's root certificate from its state folder (`CUPS_STATEDIR`, else
//!   /run/cups), readable only by root and the system group, offered for @SYSTEM operations;
//! - `Basic`: a user and password stored for that print server (a remote one that asks).
//!
//! Kerberos (`Negotiate`) is not spoken; such a server is told apart in the error.

use std::path::PathBuf;

use base64::Engine;

use super::identity::SpoolIdentity;
use super::target::Endpoint;
use super::SpoolError;

/// One scheme of a challenge with its parameters (names lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    pub name: String,
    pub params: Vec<(String, String)>,
}

impl Scheme {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Splits a WWW-Authenticate value into its schemes. Commas separate both schemes and
/// parameters; a part without `=` (or whose first word has none) starts a new scheme.
pub fn parse_challenge(header: &str) -> Vec<Scheme> {
    let mut schemes: Vec<Scheme> = Vec::new();
    for part in split_outside_quotes(header) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (first, rest) = match part.split_once(char::is_whitespace) {
            Some((f, r)) if !f.contains('=') => (Some(f), r.trim()),
            _ if !part.contains('=') => (Some(part), ""),
            _ => (None, part),
        };
        if let Some(name) = first {
            schemes.push(Scheme { name: name.to_string(), params: Vec::new() });
        }
        if let (Some(current), Some((k, v))) = (schemes.last_mut(), rest.split_once('=')) {
            current.params.push((k.trim().to_ascii_lowercase(), v.trim().trim_matches('"').to_string()));
        }
    }
    schemes
}

fn split_outside_quotes(s: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The Authorization value that answers `challenge`, or why none can.
pub fn answer(challenge: &str, endpoint: &Endpoint, who: &SpoolIdentity) -> Result<String, SpoolError> {
    let schemes = parse_challenge(challenge);
    let offered = |name: &str| schemes.iter().find(|s| s.name.eq_ignore_ascii_case(name));
    if matches!(endpoint, Endpoint::Unix(_)) && offered("PeerCred").is_some() {
        return Ok(format!("PeerCred {}", who.user));
    }
    if let Some(local) = offered("Local") {
        if let Some(cert) = root_certificate(local) {
            return Ok(format!("Local {cert}"));
        }
    }
    if offered("Basic").is_some() {
        if let Some(password) = &who.password {
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{}:{password}", who.user));
            return Ok(format!("Basic {token}"));
        }
    }
    let asked = schemes.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ");
    let asked = if asked.is_empty() { "tanpa skema".into() } else { asked };
    Err(SpoolError::AuthRequired { server: endpoint.to_string(), user: who.user.clone(), asked })
}

/// CUPS's root certificate, when the challenge allows it (`trc="y"`) and this account may read it.
fn root_certificate(local: &Scheme) -> Option<String> {
    if !local.param("trc").is_some_and(|v| v.eq_ignore_ascii_case("y")) {
        return None;
    }
    let dir = std::env::var_os("CUPS_STATEDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/run/cups"));
    let text = std::fs::read_to_string(dir.join("certs/0")).ok()?;
    let cert = text.trim();
    (!cert.is_empty() && cert.chars().all(|c| c.is_ascii_alphanumeric())).then(|| cert.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &str) -> Vec<String> {
        parse_challenge(h).into_iter().map(|s| s.name).collect()
    }

    #[test]
    fn challenges_as_cupsd_writes_them() {
        assert_eq!(names(r#"Basic realm="CUPS", PeerCred, Local trc="y""#), ["Basic", "PeerCred", "Local"]);
        let s = parse_challenge(r#"Basic realm="CUPS, the printing one", Local trc="y""#);
        assert_eq!(s[0].param("realm"), Some("CUPS, the printing one"));
        assert_eq!(s[1].param("trc"), Some("y"));
        assert_eq!(names("Negotiate"), ["Negotiate"]);
        assert!(parse_challenge("").is_empty());
    }

    #[test]
    fn peer_credentials_only_over_the_socket() {
        let who = SpoolIdentity { user: "petugas".into(), password: None, ca_file: None };
        let socket = Endpoint::Unix("/run/cups/cups.sock".into());
        assert_eq!(answer(r#"Basic realm="CUPS", PeerCred"#, &socket, &who).unwrap(), "PeerCred petugas");
        let tcp = Endpoint::Tcp { host: "127.0.0.1".into(), port: 631, tls: false };
        let err = answer(r#"Basic realm="CUPS", PeerCred"#, &tcp, &who).unwrap_err();
        assert_eq!(err.code(), "spool_auth_required");
    }

    #[test]
    fn basic_only_with_a_stored_password() {
        let tcp = Endpoint::Tcp { host: "cetak.kantor".into(), port: 631, tls: true };
        let who = SpoolIdentity::with_login("petugas", "kata:sandi");
        assert_eq!(answer(r#"Basic realm="CUPS""#, &tcp, &who).unwrap(), "Basic cGV0dWdhczprYXRhOnNhbmRp");
        let err = answer("Negotiate", &tcp, &who).unwrap_err().to_string();
        assert!(err.contains("Negotiate") && !err.contains("kata:sandi"), "{err}");
    }
}
