//! HTTP POST of an IPP message to CUPS, over TCP or the CUPS domain socket. Hyper's HTTP/1
//! connection is used directly because the usual clients cannot speak over a Unix socket, which
//! is where a desktop's CUPS listens by default.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;

use super::target::Endpoint;
use super::SpoolError;

/// An IPP response from CUPS is small; anything larger is not CUPS.
const MAX_RESPONSE: usize = 4 * 1024 * 1024;

pub async fn post_ipp(endpoint: &Endpoint, path: &str, body: Vec<u8>, timeout: Duration) -> Result<Vec<u8>, SpoolError> {
    let seconds = timeout.as_secs().max(1);
    match tokio::time::timeout(timeout, exchange(endpoint, path, body)).await {
        Ok(r) => r,
        Err(_) => Err(SpoolError::Timeout { seconds }),
    }
}

async fn exchange(endpoint: &Endpoint, path: &str, body: Vec<u8>) -> Result<Vec<u8>, SpoolError> {
    let unreachable = |e: &dyn std::fmt::Display| SpoolError::Unreachable { server: endpoint.to_string(), reason: e.to_string() };
    let response = match endpoint {
        Endpoint::Tcp { host, port } => {
            let stream = tokio::net::TcpStream::connect((host.as_str(), *port)).await.map_err(|e| unreachable(&e))?;
            let host_header = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
            send(TokioIo::new(stream), &host_header, path, body).await
        }
        #[cfg(unix)]
        Endpoint::Unix(p) => {
            let stream = tokio::net::UnixStream::connect(p).await.map_err(|e| unreachable(&e))?;
            // CUPS checks the Host header; over its socket it expects "localhost".
            send(TokioIo::new(stream), "localhost", path, body).await
        }
        #[cfg(not(unix))]
        Endpoint::Unix(_) => return Err(unreachable(&"soket Unix tidak tersedia di sistem ini")),
    };
    response.map_err(|e| match e {
        SendError::Connect(reason) => SpoolError::Unreachable { server: endpoint.to_string(), reason },
        SendError::Status(code) if code == 404 => SpoolError::QueueNotFound { queue: path.rsplit('/').next().unwrap_or(path).to_string() },
        SendError::Status(code) => SpoolError::Rejected { status: format!("HTTP {code}"), message: String::new() },
        SendError::Body(reason) => SpoolError::Protocol(reason),
    })
}

enum SendError {
    Connect(String),
    Status(u16),
    Body(String),
}

async fn send<S>(io: TokioIo<S>, host: &str, path: &str, body: Vec<u8>) -> Result<Vec<u8>, SendError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake::<_, Full<Bytes>>(io).await.map_err(|e| SendError::Connect(e.to_string()))?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let request = hyper::Request::post(path)
        .header(hyper::header::HOST, host)
        .header(hyper::header::CONTENT_TYPE, "application/ipp")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| SendError::Body(e.to_string()))?;
    let result = async {
        let response = sender.send_request(request).await.map_err(|e| SendError::Connect(e.to_string()))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(SendError::Status(status));
        }
        let collected = Limited::new(response.into_body(), MAX_RESPONSE).collect().await.map_err(|e| SendError::Body(e.to_string()))?;
        Ok(collected.to_bytes().to_vec())
    }
    .await;
    driver.abort();
    result
}
