//! TLS to the office server, as libpq's `sslmode` asks for it: `disable`, `allow` and `prefer`
//! (libpq's default) talk plainly — a socket on the same machine needs nothing more, and an
//! office server set up by `office-setup.sh` refuses plain connections from the network —
//! while `require`, `verify-ca` and `verify-full` talk TLS and always check the server's
//! certificate and name, against the public roots and the office's own certificate: the file
//! named by `sslrootcert=` in the URL, `PGSSLROOTCERT`, or `~/.postgresql/root.crt`, as libpq.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::DigitallySignedStruct;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::error::{CoreError, Result};

/// What a URL's TLS options ask for.
pub struct TlsOptions {
    /// The options as given (`sslmode=…&sslrootcert=…`), to show and reopen with.
    pub query: String,
    pub config: Option<Arc<rustls::ClientConfig>>,
}

/// The URL without the TLS options (which the client library does not read), and what they ask.
pub fn split(url: &str) -> Result<(String, TlsOptions)> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut mode = std::env::var("PGSSLMODE").unwrap_or_default();
    let mut root: Option<PathBuf> = std::env::var_os("PGSSLROOTCERT").map(PathBuf::from);
    let mut kept = Vec::new();
    let mut tls_pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => {
                mode = v.to_string();
                tls_pairs.push(pair);
            }
            Some(("sslrootcert", v)) => {
                root = Some(PathBuf::from(v));
                tls_pairs.push(pair);
            }
            _ => kept.push(pair),
        }
    }
    let query = tls_pairs.join("&");
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    let verify = match mode.as_str() {
        "" | "disable" | "allow" | "prefer" => false,
        "require" | "verify-ca" | "verify-full" => true,
        other => return Err(CoreError::invalid("--db sslmode", format!("'{other}' tidak dikenal; pakai disable, require atau verify-full"))),
    };
    if !verify {
        return Ok((url, TlsOptions { query, config: None }));
    }
    let root = root.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql/root.crt")).filter(|p| p.exists()));
    Ok((url, TlsOptions { query, config: Some(Arc::new(client_config(root)?)) }))
}

fn client_config(root: Option<PathBuf>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let mut pinned = Vec::new();
    if let Some(file) = root {
        let bad = |reason: String| CoreError::invalid("--db sslrootcert", reason);
        for cert in crate::spool::tls::certificates(&file).map_err(bad)? {
            // A self-signed server certificate (Debian's own, or openssl's) is also marked as a
            // CA, which a chain check refuses to accept as the server's; the very certificate the
            // office gave is accepted as itself.
            pinned.push(cert.clone());
            let _ = roots.add(cert);
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| CoreError::invalid("--db sslrootcert", format!("TLS: {e}")))?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| CoreError::invalid("--db sslmode", format!("TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned { pinned, chain }))
        .with_no_client_auth())
}

/// The server's certificate is the one the office gave, or chains to a trusted root for the
/// server's name; the handshake's signatures are checked either way.
#[derive(Debug)]
struct Pinned {
    pinned: Vec<CertificateDer<'static>>,
    chain: Arc<rustls::client::WebPkiServerVerifier>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if self.pinned.iter().any(|p| p.as_ref() == end_entity.as_ref()) {
            return Ok(ServerCertVerified::assertion());
        }
        self.chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.chain.supported_verify_schemes()
    }
}

/// Words for a refused handshake: an untrusted certificate names its fix.
pub fn words(reason: &str) -> String {
    if reason.contains("certificate") || reason.contains("UnknownIssuer") || reason.contains("NotValidForName") {
        format!("{reason}; sertifikat server kantor tidak dipercaya: salin sertifikat server ke meja ini dan sebut di alamat (sslrootcert=/path/server.crt)")
    } else {
        reason.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tls_options_are_taken_out_of_the_url() {
        let (url, tls) = super::split("postgresql://ani@server/ktpel?sslmode=disable&application_name=x").map(|(u, t)| (u, Some(t))).unwrap_or_default();
        assert_eq!(url, "postgresql://ani@server/ktpel?application_name=x");
        assert!(tls.is_some_and(|t| t.config.is_none() && t.query == "sslmode=disable"));
        let e = super::split("postgresql://ani@server/ktpel?sslmode=sure").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("verify-full"), "{e}");
    }
}
