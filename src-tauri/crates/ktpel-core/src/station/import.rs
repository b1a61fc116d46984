//! Importing approved requests from a JSON array or JSON Lines text. Each record is validated and
//! stored on its own: a bad record is rejected with its fields and reasons and the good ones land.
//! Re-importing the same request id is idempotent: same data is skipped (or, when retention erased
//! its photo, gives the photo back), different data is a conflict (the upstream changed an
//! approved request; a person must look).

use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::domain::{fields, nik, ApprovedRequest};
use crate::error::{CoreError, Result};
use crate::store::requests::RequestStatus;
use crate::time;

/// Largest import file read at once.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejected {
    /// 1-based position of the record in the file (line for JSON Lines).
    pub record: usize,
    pub request_id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ImportSummary {
    pub imported: usize,
    pub skipped: usize,
    /// Requests imported before whose photo had been erased (retention): given back.
    pub images_restored: usize,
    /// Requests the approval system cancelled, taken off the queue.
    pub cancelled: usize,
    /// Cancelled upstream after printing had started: kept, marked, and the officer told.
    pub cancel_too_late: Vec<Rejected>,
    pub conflicts: Vec<Rejected>,
    pub rejected: Vec<Rejected>,
}

/// Splits the text into records: a JSON array, a single JSON object, or one JSON value per
/// non-empty line (JSON Lines). A line that is not JSON becomes an error for that record only.
pub fn records(text: &str) -> Result<Vec<(usize, std::result::Result<Value, String>)>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        // One request, possibly pretty-printed over several lines.
        if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(trimmed) {
            return Ok(vec![(1, Ok(v))]);
        }
    }
    if trimmed.starts_with('[') {
        let items: Vec<Value> = serde_json::from_str(trimmed).map_err(|e| CoreError::invalid("berkas", format!("JSON tidak sah: {e}")))?;
        return Ok(items.into_iter().enumerate().map(|(i, v)| (i + 1, Ok(v))).collect());
    }
    Ok(trimmed
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, serde_json::from_str::<Value>(l).map_err(|e| format!("baris bukan JSON yang sah: {e}"))))
        .collect())
}

/// Stable digest of one record: serde_json sorts object keys, so key order does not matter.
fn digest(v: &Value) -> String {
    hex::encode(Sha256::digest(v.to_string().as_bytes()))
}

impl Station {
    pub fn import_file(&mut self, actor: &Actor, path: &std::path::Path, demo: bool) -> Result<ImportSummary> {
        actor.require(Action::ImportRequests)?;
        let io = |e| CoreError::Io { path: path.display().to_string(), source: e };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_IMPORT_BYTES {
            return Err(CoreError::invalid("berkas", format!("lebih dari {} MB; bagi menjadi beberapa berkas", MAX_IMPORT_BYTES / 1024 / 1024)));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|_| CoreError::invalid("berkas", "bukan teks UTF-8"))?;
        self.import_text(actor, &text, demo)
    }

    pub fn import_text(&mut self, actor: &Actor, text: &str, demo: bool) -> Result<ImportSummary> {
        actor.require(Action::ImportRequests)?;
        let values = records(text)?;
        self.import_values(actor, values, demo)
    }

    pub fn import_values(&mut self, actor: &Actor, values: Vec<(usize, std::result::Result<Value, String>)>, demo: bool) -> Result<ImportSummary> {
        actor.require(Action::ImportRequests)?;
        let mut summary = ImportSummary::default();
        let today = self.today()?;
        // Images are stored as the card needs them (see `card::photo`), for the card in use.
        let template = self.config()?.template;
        for (record, value) in values {
            let value = match value {
                Ok(v) => v,
                Err(reason) => {
                    summary.rejected.push(Rejected { record, request_id: None, reason });
                    continue;
                }
            };
            let request_id = value.get("request_id").and_then(Value::as_str).map(str::to_string);
            if value.get("cancelled").and_then(Value::as_bool) == Some(true) {
                match self.cancel_upstream(actor, request_id.as_deref().unwrap_or("")) {
                    Ok(None) => summary.skipped += 1,
                    Ok(Some(RequestStatus::Queued | RequestStatus::HeldForReprint)) => summary.cancelled += 1,
                    Ok(Some(RequestStatus::Cancelled)) => summary.skipped += 1,
                    Ok(Some(other)) => summary.cancel_too_late.push(Rejected {
                        record,
                        request_id,
                        reason: format!("dibatalkan oleh sistem persetujuan tetapi sudah {}; petugas diberi tahu", other.words()),
                    }),
                    Err(e) if e.is_storage_fault() => return Err(e),
                    Err(e) => summary.rejected.push(Rejected { record, request_id, reason: e.to_string() }),
                }
                continue;
            }
            let mut req = match ApprovedRequest::parse(&value, today) {
                Ok(r) => r,
                Err(errors) => {
                    log::warn!("import: record {record} rejected: {} field(s)", errors.len());
                    summary.rejected.push(Rejected { record, request_id, reason: fields::join(&errors) });
                    continue;
                }
            };
            match crate::card::photo::print_ready(&template, &req.photo_jpeg, req.signature_png.as_deref()) {
                Ok((photo, signature)) => (req.photo_jpeg, req.signature_png) = (photo, signature),
                Err(reason) => {
                    summary.rejected.push(Rejected { record, request_id, reason: format!("photo_jpeg_base64/signature_png_base64: {reason}") });
                    continue;
                }
            }
            match self.store_one(actor, &req, &digest(&value), demo) {
                Ok(Stored::New) => summary.imported += 1,
                Ok(Stored::Same) => summary.skipped += 1,
                Ok(Stored::Restored) => summary.images_restored += 1,
                Ok(Stored::Different) => summary.conflicts.push(Rejected {
                    record,
                    request_id,
                    reason: "request_id sudah ada dengan data berbeda; periksa dengan sistem persetujuan, data lama tetap dipakai".into(),
                }),
                // The disk, not the record: stop here (what was stored stays, each record being
                // its own transaction; importing again continues where this stopped). Counting it
                // as a rejected record would move the feed's cursor past a good approval.
                Err(e) if e.is_storage_fault() => return Err(e),
                Err(e) => summary.rejected.push(Rejected { record, request_id, reason: e.to_string() }),
            }
        }
        log::info!("import: {} new, {} skipped, {} conflicts, {} rejected", summary.imported, summary.skipped, summary.conflicts.len(), summary.rejected.len());
        Ok(summary)
    }

    /// A cancellation from the approval system: off the queue if not yet printing, else marked
    /// for the officer. Returns the status the request had (None: never imported here).
    fn cancel_upstream(&mut self, actor: &Actor, request_id: &str) -> Result<Option<RequestStatus>> {
        if request_id.trim().is_empty() {
            return Err(CoreError::invalid("request_id", "wajib diisi pada pembatalan"));
        }
        self.store.write(|tx| {
            let Some(existing) = tx.requests_by_request_id(request_id)? else { return Ok(None) };
            if existing.cancelled_at.is_some() {
                return Ok(Some(RequestStatus::Cancelled));
            }
            let at = time::stamp(time::now());
            let before = tx.requests_cancel(existing.id, &at)?;
            let after = tx.requests_get(request_id)?.status;
            audit(tx, actor, "request.cancel", &format!("request:{request_id}"), json!({ "before": before.as_str(), "after": after.as_str() }))?;
            log::info!("import: request {request_id} cancelled upstream ({})", before.as_str());
            Ok(Some(before))
        })
    }

    fn store_one(&mut self, actor: &Actor, req: &ApprovedRequest, sha: &str, demo: bool) -> Result<Stored> {
        // Another desk may store the same request between the look and the insert (the office
        // server does not hold one desk's import behind another's): the insert is then refused,
        // and a second look finds it stored, same or different.
        match self.store_once(actor, req, sha, demo) {
            Err(CoreError::Conflict(_)) => self.store_once(actor, req, sha, demo),
            other => other,
        }
    }

    fn store_once(&mut self, actor: &Actor, req: &ApprovedRequest, sha: &str, demo: bool) -> Result<Stored> {
        self.store.write(|tx| {
            if let Some(existing) = tx.requests_by_request_id(&req.request_id)? {
                if existing.payload_sha256 != sha {
                    return Ok(Stored::Different);
                }
                // The same approved record again, after retention erased its images: they are
                // given back, so the request can be printed again (a reprint).
                if existing.images_erased_at.is_some() {
                    tx.requests_restore_images(existing.id, &req.photo_jpeg, req.signature_png.as_deref())?;
                    audit(tx, actor, "request.images_restored", &format!("request:{}", req.request_id), json!({ "erased_at": existing.images_erased_at }))?;
                    return Ok(Stored::Restored);
                }
                return Ok(Stored::Same);
            }
            let at = time::stamp(time::now());
            tx.requests_insert(req, sha, demo, &at, &actor.username)?;
            log::info!("import: request {} (NIK {})", req.request_id, nik::masked(&req.person.nik));
            audit(
                tx,
                actor,
                "request.import",
                &format!("request:{}", req.request_id),
                json!({ "service": req.service.as_str(), "channel": req.channel.as_str(), "approved_by": req.approved_by, "demo": demo }),
            )?;
            Ok(Stored::New)
        })
    }
}

enum Stored {
    New,
    Same,
    Restored,
    Different,
}
