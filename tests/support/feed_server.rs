//! A real local HTTP server playing the approval system for the feed tests: it serves approved
//! requests page by page after a cursor and records status messages (once per event id), and can
//! be told to fail, drop connections or answer slowly. Plain std sockets, one thread per
//! connection, HTTP/1.1 with Content-Length, which is all the contract needs.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

#[derive(Default)]
pub struct Upstream {
    /// Approved requests in feed order; the cursor is the index after the last one served.
    pub records: Vec<Value>,
    pub page_size: usize,
    /// (request_id, body) of every status message accepted, in arrival order, once per event id.
    pub statuses: Vec<(String, Value)>,
    seen: HashSet<String>,
    /// Requests answered 503 before any work, counting down.
    pub fail_next: usize,
    /// Connections closed without an answer, counting down.
    pub drop_next: usize,
    /// Requests processed but whose answer is lost (the connection closes), counting down.
    pub lose_answer_next: usize,
    pub delay: Duration,
    /// While true, every connection is closed unanswered: the server is down.
    pub down: bool,
    /// The next answer, as raw status and body bytes (invalid JSON, a huge body).
    pub raw_next: Option<(u16, Vec<u8>)>,
    pub token: String,
    pub requests_seen: usize,
}

pub struct FeedServer {
    pub state: Arc<Mutex<Upstream>>,
    pub url: String,
}

impl FeedServer {
    pub fn start(token: &str) -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind feed server");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(Upstream { page_size: 2, token: token.to_string(), ..Default::default() }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state);
                });
            }
        });
        FeedServer { state, url }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Upstream) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

fn serve(stream: TcpStream, state: &Mutex<Upstream>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let mut length = 0usize;
    let mut auth = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("authorization:") {
            auth = h["authorization:".len()..].trim().to_string();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (delay, answer) = {
        let mut up = state.lock().unwrap_or_else(|p| p.into_inner());
        up.requests_seen += 1;
        if up.down {
            return Ok(());
        }
        if let Some((code, bytes)) = up.raw_next.take() {
            drop(up);
            let mut out = stream;
            write!(out, "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", bytes.len())?;
            out.write_all(&bytes)?;
            return out.flush();
        }
        if up.drop_next > 0 {
            up.drop_next -= 1;
            return Ok(()); // the connection closes without an answer
        }
        let answer = if up.fail_next > 0 {
            up.fail_next -= 1;
            (503, json!({ "error": "sedang pemeliharaan" }))
        } else if auth != format!("Bearer {}", up.token) {
            (401, json!({ "error": "token" }))
        } else {
            route(&mut up, &method, &target, &body)
        };
        if up.lose_answer_next > 0 {
            up.lose_answer_next -= 1;
            return Ok(()); // processed, but the station never hears so
        }
        (up.delay, answer)
    };
    std::thread::sleep(delay);
    let text = answer.1.to_string();
    let mut out = stream;
    write!(out, "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}", answer.0, text.len())?;
    out.flush()
}

fn route(up: &mut Upstream, method: &str, target: &str, body: &[u8]) -> (u16, Value) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method == "GET" && path == "/v1/approved" {
        let mut after = 0usize;
        let mut limit = up.page_size;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("after", v)) => after = v.parse().unwrap_or(0),
                Some(("limit", v)) => limit = limit.min(v.parse().unwrap_or(limit)),
                _ => {}
            }
        }
        let page: Vec<Value> = up.records.iter().skip(after).take(limit).cloned().collect();
        let next = after + page.len();
        return (200, json!({ "requests": page, "next": next.to_string() }));
    }
    if let (Some(id), "POST") = (path.strip_prefix("/v1/requests/").and_then(|p| p.strip_suffix("/status")), method) {
        let Ok(value) = serde_json::from_slice::<Value>(body) else { return (400, json!({ "error": "json" })) };
        let event = value["event_id"].as_str().unwrap_or("").to_string();
        if up.seen.insert(event) {
            up.statuses.push((id.to_string(), value));
        }
        return (200, json!({ "ok": true }));
    }
    (404, json!({ "error": "tidak ada" }))
}
