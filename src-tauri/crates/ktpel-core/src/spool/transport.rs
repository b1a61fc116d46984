//! HTTP POST of an IPP message to CUPS, over TCP (TLS for ipps://, or after the server's 426
//! Upgrade Required, see `tls`) or the CUPS domain socket, answering the scheduler's
//! authentication challenge once (see `auth`). Hyper's HTTP/1 connection is used
//! directly because the usual clients cannot speak over a Unix socket, which is where a desktop's
//! CUPS listens by default.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;

use super::auth;
use super::identity::SpoolIdentity;
use super::tls;
use super::target::Endpoint;
use super::SpoolError;

/// An IPP response from CUPS is small; anything larger is not CUPS.
const MAX_RESPONSE: usize = 4 * 1024 * 1024;

pub async fn post_ipp(endpoint: &Endpoint, path: &str, body: Vec<u8>, who: &SpoolIdentity, timeout: Duration) -> Result<Vec<u8>, SpoolError> {
    let seconds = timeout.as_secs().max(1);
    match tokio::time::timeout(timeout, exchange(endpoint, path, Bytes::from(body), who)).await {
        Ok(r) => r,
        Err(_) => Err(SpoolError::Timeout { seconds }),
    }
}

/// Sends without credentials (turning to TLS if the server asks for it with 426); on a 401
/// answers the challenge and sends once more. A second 401, or a 403, is the scheduler's refusal
/// of this account.
async fn exchange(endpoint: &Endpoint, path: &str, body: Bytes, who: &SpoolIdentity) -> Result<Vec<u8>, SpoolError> {
    let refused = || SpoolError::NotAllowed { user: who.user.clone(), message: String::new() };
    let mut link = Link { endpoint, tls: matches!(endpoint, Endpoint::Tcp { tls: true, .. }), who };
    let mut first = link.send(path, body.clone(), None).await;
    if matches!(first, Err(SendError::Status(426, _))) && !link.tls {
        link.tls = true;
        first = link.send(path, body.clone(), None).await;
    }
    match first {
        Err(SendError::Status(401, challenge)) => {
            let authorization = auth::answer(&challenge, endpoint, who)?;
            match link.send(path, body, Some(&authorization)).await {
                Err(SendError::Status(401 | 403, _)) => Err(refused()),
                other => other.map_err(|e| to_spool_error(e, endpoint, path)),
            }
        }
        Err(SendError::Status(403, _)) => Err(refused()),
        other => other.map_err(|e| to_spool_error(e, endpoint, path)),
    }
}

fn to_spool_error(e: SendError, endpoint: &Endpoint, path: &str) -> SpoolError {
    match e {
        SendError::Connect(reason) => SpoolError::Unreachable { server: endpoint.to_string(), reason },
        SendError::Spool(e) => e,
        SendError::Status(404, _) => SpoolError::QueueNotFound { queue: path.rsplit('/').next().unwrap_or(path).to_string() },
        SendError::Status(code, _) => SpoolError::Rejected { status: format!("HTTP {code}"), message: String::new() },
        SendError::Body(reason) => SpoolError::Protocol(reason),
    }
}

/// One server reached one way: plain or TLS.
struct Link<'a> {
    endpoint: &'a Endpoint,
    tls: bool,
    who: &'a SpoolIdentity,
}

impl Link<'_> {
    async fn send(&self, path: &str, body: Bytes, authorization: Option<&str>) -> Result<Vec<u8>, SendError> {
        match self.endpoint {
            Endpoint::Tcp { host, port, .. } => {
                let stream = tokio::net::TcpStream::connect((host.as_str(), *port)).await.map_err(|e| SendError::Connect(e.to_string()))?;
                let host_header = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
                if self.tls {
                    let stream = tls::connect(stream, host, &self.endpoint.to_string(), self.who).await.map_err(SendError::Spool)?;
                    send(TokioIo::new(stream), &host_header, path, body, authorization).await
                } else {
                    send(TokioIo::new(stream), &host_header, path, body, authorization).await
                }
            }
            #[cfg(unix)]
            Endpoint::Unix(p) => {
                let stream = tokio::net::UnixStream::connect(p).await.map_err(|e| SendError::Connect(e.to_string()))?;
                // CUPS checks the Host header; over its socket it expects "localhost".
                send(TokioIo::new(stream), "localhost", path, body, authorization).await
            }
            #[cfg(not(unix))]
            Endpoint::Unix(_) => Err(SendError::Connect("soket Unix tidak tersedia di sistem ini".into())),
            // The Windows spooler is not spoken to over IPP (see `spooler::open`).
            Endpoint::Windows => Err(SendError::Connect("spooler Windows tidak berbicara IPP".into())),
        }
    }
}

enum SendError {
    Connect(String),
    /// Already in words (TLS trust).
    Spool(SpoolError),
    /// An HTTP status other than 200, with the WWW-Authenticate challenge (empty when none).
    Status(u16, String),
    Body(String),
}

async fn send<S>(io: TokioIo<S>, host: &str, path: &str, body: Bytes, authorization: Option<&str>) -> Result<Vec<u8>, SendError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake::<_, Full<Bytes>>(io).await.map_err(|e| SendError::Connect(e.to_string()))?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let mut request = hyper::Request::post(path).header(hyper::header::HOST, host).header(hyper::header::CONTENT_TYPE, "application/ipp");
    if let Some(value) = authorization {
        request = request.header(hyper::header::AUTHORIZATION, value);
    }
    let request = request.body(Full::new(body)).map_err(|e| SendError::Body(e.to_string()))?;
    let result = async {
        let response = sender.send_request(request).await.map_err(|e| SendError::Connect(e.to_string()))?;
        let status = response.status().as_u16();
        if status != 200 {
            let challenge = response.headers().get(hyper::header::WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            return Err(SendError::Status(status, challenge));
        }
        let collected = Limited::new(response.into_body(), MAX_RESPONSE).collect().await.map_err(|e| SendError::Body(e.to_string()))?;
        Ok(collected.to_bytes().to_vec())
    }
    .await;
    driver.abort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server that answers the first request with 426 Upgrade Required and reports the first
    /// byte of the next connection (0x16 opens a TLS handshake).
    #[tokio::test]
    async fn a_426_upgrade_required_is_retried_over_tls() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (mut first, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 65536];
            let _ = first.read(&mut buf).await.unwrap();
            first.write_all(b"HTTP/1.1 426 Upgrade Required\r\nUpgrade: TLS/1.2,TLS/1.1,TLS/1.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await.unwrap();
            drop(first);
            let (mut second, _) = listener.accept().await.unwrap();
            let mut byte = [0u8; 1];
            second.read_exact(&mut byte).await.unwrap();
            byte[0]
        });
        let endpoint = Endpoint::Tcp { host: "127.0.0.1".into(), port, tls: false };
        let result = post_ipp(&endpoint, "/", vec![1, 1, 0, 0], &SpoolIdentity::of_this_process(), Duration::from_secs(5)).await;
        assert!(result.is_err(), "the fake server never finishes the handshake");
        let first_byte = tokio::time::timeout(Duration::from_secs(5), server).await.expect("no second connection: 426 was not retried");
        assert_eq!(first_byte.unwrap(), 0x16, "the second connection opened with a TLS handshake");
    }
}
