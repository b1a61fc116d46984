//! TLS to a print server: an ipps:// printer, or a server that answered 426 Upgrade Required (a
//! CUPS server takes a password only over TLS from another machine; it speaks TLS on its usual
//! port). The server is trusted by the public roots or by the certificate file stored with its
//! login — CUPS makes its own self-signed certificate, which an admin copies from the server.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::identity::SpoolIdentity;
use super::SpoolError;

/// Opens TLS over `stream` to `host`; an untrusted certificate is told apart from a broken line.
pub async fn connect(stream: TcpStream, host: &str, server: &str, who: &SpoolIdentity) -> Result<TlsStream<TcpStream>, SpoolError> {
    let config = client_config(server, who)?;
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| SpoolError::BadTarget { target: server.to_string(), reason: format!("nama host untuk TLS tidak sah: {e}") })?;
    TlsConnector::from(Arc::new(config)).connect(name, stream).await.map_err(|e| {
        match e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
            Some(rustls::Error::InvalidCertificate(why)) => SpoolError::TlsUntrusted { server: server.to_string(), reason: format!("{why:?}") },
            _ => SpoolError::Unreachable { server: server.to_string(), reason: format!("TLS: {e}") },
        }
    })
}

fn client_config(server: &str, who: &SpoolIdentity) -> Result<rustls::ClientConfig, SpoolError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(file) = &who.ca_file {
        for cert in certificates(file).map_err(|reason| SpoolError::TlsUntrusted { server: server.to_string(), reason })? {
            roots.add(cert).map_err(|e| SpoolError::TlsUntrusted { server: server.to_string(), reason: format!("{}: {e}", file.display()) })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SpoolError::Protocol(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The certificates of a PEM file; an error in words when there are none.
pub fn certificates(file: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(file)
        .map_err(|e| format!("berkas sertifikat {} tidak terbaca: {e}", file.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("berkas sertifikat {} rusak: {e}", file.display()))?;
    if certs.is_empty() {
        return Err(format!("berkas {} tidak berisi sertifikat PEM (-----BEGIN CERTIFICATE-----)", file.display()));
    }
    Ok(certs)
}
