//! HTTP POST of an IPP message to CUPS, over TCP or the CUPS domain socket, answering the
//! scheduler's authentication challenge once (see `auth`). Hyper's HTTP/1 connection is used
//! directly because the usual clients cannot speak over a Unix socket, which is where a desktop's
//! CUPS listens by default.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;

use super::auth;
use super::identity::SpoolIdentity;
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

/// Sends without credentials; on a 401 answers the challenge and sends once more. A second 401,
/// or a 403, is the scheduler's refusal of this account.
async fn exchange(endpoint: &Endpoint, path: &str, body: Bytes, who: &SpoolIdentity) -> Result<Vec<u8>, SpoolError> {
    let refused = || SpoolError::NotAllowed { user: who.user.clone(), message: String::new() };
    match send_once(endpoint, path, body.clone(), None).await {
        Err(SendError::Status(401, challenge)) => {
            let authorization = auth::answer(&challenge, endpoint, who)?;
            match send_once(endpoint, path, body, Some(&authorization)).await {
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
        SendError::Status(404, _) => SpoolError::QueueNotFound { queue: path.rsplit('/').next().unwrap_or(path).to_string() },
        SendError::Status(code, _) => SpoolError::Rejected { status: format!("HTTP {code}"), message: String::new() },
        SendError::Body(reason) => SpoolError::Protocol(reason),
    }
}

async fn send_once(endpoint: &Endpoint, path: &str, body: Bytes, authorization: Option<&str>) -> Result<Vec<u8>, SendError> {
    match endpoint {
        Endpoint::Tcp { host, port } => {
            let stream = tokio::net::TcpStream::connect((host.as_str(), *port)).await.map_err(|e| SendError::Connect(e.to_string()))?;
            let host_header = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
            send(TokioIo::new(stream), &host_header, path, body, authorization).await
        }
        #[cfg(unix)]
        Endpoint::Unix(p) => {
            let stream = tokio::net::UnixStream::connect(p).await.map_err(|e| SendError::Connect(e.to_string()))?;
            // CUPS checks the Host header; over its socket it expects "localhost".
            send(TokioIo::new(stream), "localhost", path, body, authorization).await
        }
        #[cfg(not(unix))]
        Endpoint::Unix(_) => Err(SendError::Connect("soket Unix tidak tersedia di sistem ini".into())),
    }
}

enum SendError {
    Connect(String),
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
