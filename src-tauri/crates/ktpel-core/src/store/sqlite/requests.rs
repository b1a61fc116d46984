//! SQLite: the `requests` tables' schema, their migrations and the operations of `store::requests` over them.

use crate::store::requests::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::{ApprovedRequest, Channel, Service};

use crate::error::{CoreError, Result};

use crate::time;

/// v10: the service report reads the requests approved in a span.
pub const SCHEMA_V10: &str = "CREATE INDEX requests_approved ON requests (approved_at);";

pub const SCHEMA_V1: &str = "
CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    request_id        TEXT NOT NULL UNIQUE,
    service           TEXT NOT NULL CHECK (service IN ('perubahan_data', 'hilang', 'rusak', 'baru')),
    channel           TEXT NOT NULL CHECK (channel IN ('loket', 'paktuwa', 'online')),
    submitted_at      TEXT NOT NULL,
    approved_at       TEXT NOT NULL,
    approved_by       TEXT NOT NULL,
    requirements_json TEXT NOT NULL,
    person_json       TEXT NOT NULL,
    nik               TEXT NOT NULL,
    nama              TEXT NOT NULL,
    photo_jpeg        BLOB NOT NULL,
    signature_png     BLOB,
    payload_sha256    TEXT NOT NULL,
    demo              INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    status            TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'held_for_reprint', 'ready', 'handed_over')),
    imported_at       TEXT NOT NULL,
    imported_by       TEXT NOT NULL,
    ready_at          TEXT,
    handed_over_at    TEXT
) STRICT;
CREATE INDEX requests_status ON requests (status, approved_at);
CREATE INDEX requests_nik ON requests (nik);
";

/// v2: a supervisor can refuse a reprint (`reprint_refused`). The table is rebuilt to widen the
/// status CHECK (SQLite cannot alter one in place); ids and rows are kept.
pub const SCHEMA_V2: &str = "
CREATE TABLE requests_v2 (
    id                INTEGER PRIMARY KEY,
    request_id        TEXT NOT NULL UNIQUE,
    service           TEXT NOT NULL CHECK (service IN ('perubahan_data', 'hilang', 'rusak', 'baru')),
    channel           TEXT NOT NULL CHECK (channel IN ('loket', 'paktuwa', 'online')),
    submitted_at      TEXT NOT NULL,
    approved_at       TEXT NOT NULL,
    approved_by       TEXT NOT NULL,
    requirements_json TEXT NOT NULL,
    person_json       TEXT NOT NULL,
    nik               TEXT NOT NULL,
    nama              TEXT NOT NULL,
    photo_jpeg        BLOB NOT NULL,
    signature_png     BLOB,
    payload_sha256    TEXT NOT NULL,
    demo              INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    status            TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'held_for_reprint', 'reprint_refused', 'ready', 'handed_over')),
    imported_at       TEXT NOT NULL,
    imported_by       TEXT NOT NULL,
    ready_at          TEXT,
    handed_over_at    TEXT
) STRICT;
INSERT INTO requests_v2 SELECT id, request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
    person_json, nik, nama, photo_jpeg, signature_png, payload_sha256, demo, status, imported_at, imported_by, ready_at,
    handed_over_at FROM requests;
DROP TABLE requests;
ALTER TABLE requests_v2 RENAME TO requests;
CREATE INDEX requests_status ON requests (status, approved_at);
CREATE INDEX requests_nik ON requests (nik);
";

/// v3: the approval system can cancel a request (`cancelled`; `cancelled_at` also marks a request
/// cancelled upstream while it was already printing, for the officer to see). Rebuilt again to
/// widen the status CHECK; ids and rows are kept.
pub const SCHEMA_V3: &str = "
CREATE TABLE requests_v3 (
    id                INTEGER PRIMARY KEY,
    request_id        TEXT NOT NULL UNIQUE,
    service           TEXT NOT NULL CHECK (service IN ('perubahan_data', 'hilang', 'rusak', 'baru')),
    channel           TEXT NOT NULL CHECK (channel IN ('loket', 'paktuwa', 'online')),
    submitted_at      TEXT NOT NULL,
    approved_at       TEXT NOT NULL,
    approved_by       TEXT NOT NULL,
    requirements_json TEXT NOT NULL,
    person_json       TEXT NOT NULL,
    nik               TEXT NOT NULL,
    nama              TEXT NOT NULL,
    photo_jpeg        BLOB NOT NULL,
    signature_png     BLOB,
    payload_sha256    TEXT NOT NULL,
    demo              INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    status            TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'held_for_reprint', 'reprint_refused', 'cancelled', 'ready', 'handed_over')),
    imported_at       TEXT NOT NULL,
    imported_by       TEXT NOT NULL,
    ready_at          TEXT,
    handed_over_at    TEXT,
    cancelled_at      TEXT
) STRICT;
INSERT INTO requests_v3 SELECT id, request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
    person_json, nik, nama, photo_jpeg, signature_png, payload_sha256, demo, status, imported_at, imported_by, ready_at,
    handed_over_at, NULL FROM requests;
DROP TABLE requests;
ALTER TABLE requests_v3 RENAME TO requests;
CREATE INDEX requests_status ON requests (status, approved_at);
CREATE INDEX requests_nik ON requests (nik);
";

/// v4: the usage report looks up requests by submission time; without this index it read the
/// whole table (every request of every year) for one day's report. It also holds what the
/// report reads of them, so a month's requests are read from the index, not the wide rows.
pub const SCHEMA_V4: &str = "
CREATE INDEX requests_submitted ON requests (submitted_at, channel, ready_at, request_id);
";

/// v7: when a request's photo and signature were erased (retention); erased images are empty.
pub const SCHEMA_V7: &str = "
ALTER TABLE requests ADD COLUMN images_erased_at TEXT;
";

/// v7's data step: every stored photo and signature fitted to the card's boxes at 300 dpi, as
/// imports now store them (`card::photo::print_ready`). Laid out, each card is the same as
/// before (the layout made exactly these bytes at print time). An image that cannot be fitted is
/// left as it was (its card says why when laid out); only row ids reach the log.
pub fn fit_stored_images(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let hook = |e: String| rusqlite_migration::HookError::Hook(e);
    let json: Option<String> = tx.query_row("SELECT value FROM settings WHERE key = 'card.template'", [], |r| r.get(0)).optional()?;
    let template = crate::card::photo::stored_template(json.as_deref()).map_err(hook)?;
    let ids: Vec<i64> = tx.prepare("SELECT id FROM requests WHERE length(photo_jpeg) > 0 ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let (mut fitted, mut left) = (0usize, 0usize);
    for id in ids {
        let (photo, signature): (Vec<u8>, Option<Vec<u8>>) = tx.query_row("SELECT photo_jpeg, signature_png FROM requests WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        match crate::card::photo::refitted(&template, &photo, signature.as_deref()) {
            Ok(Some((p, s))) => {
                tx.execute("UPDATE requests SET photo_jpeg = ?1, signature_png = ?2 WHERE id = ?3", params![p, s, id])?;
                fitted += 1;
            }
            Ok(None) => {}
            Err(e) => {
                log::warn!("migration v7: images of request row {id} left as they were: {e}");
                left += 1;
            }
        }
    }
    log::info!("migration v7: {fitted} requests' images fitted to the card, {left} left as they were");
    Ok(())
}

const COLUMNS: &str = "id, request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json, \
    person_json, payload_sha256, demo, status, imported_at, ready_at, handed_over_at, cancelled_at, images_erased_at";

fn corrupt(col: usize, what: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, format!("{what}: {e}").into())
}

impl RequestRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let service: String = r.get("service")?;
        let channel: String = r.get("channel")?;
        let status: String = r.get("status")?;
        let requirements: String = r.get("requirements_json")?;
        let person: String = r.get("person_json")?;
        Ok(RequestRow {
            id: r.get("id")?,
            request_id: r.get("request_id")?,
            service: Service::parse(&service).ok_or_else(|| corrupt(2, "service", &service))?,
            channel: Channel::parse(&channel).ok_or_else(|| corrupt(3, "channel", &channel))?,
            submitted_at: r.get("submitted_at")?,
            approved_at: r.get("approved_at")?,
            approved_by: r.get("approved_by")?,
            requirements: serde_json::from_str(&requirements).map_err(|e| corrupt(7, "requirements_json", e))?,
            person: serde_json::from_str(&person).map_err(|e| corrupt(8, "person_json", e))?,
            payload_sha256: r.get("payload_sha256")?,
            demo: r.get("demo")?,
            status: RequestStatus::parse(&status).ok_or_else(|| corrupt(11, "status", &status))?,
            imported_at: r.get("imported_at")?,
            ready_at: r.get("ready_at")?,
            handed_over_at: r.get("handed_over_at")?,
            cancelled_at: r.get("cancelled_at")?,
            images_erased_at: r.get("images_erased_at")?,
        })
    }
}

pub fn insert(conn: &Connection, req: &ApprovedRequest, sha: &str, demo: bool, at: &str, by: &str) -> Result<i64> {
    let person = serde_json::to_string(&req.person).map_err(|e| CoreError::corrupt("person", e))?;
    let requirements = serde_json::to_string(&req.requirements).map_err(|e| CoreError::corrupt("requirements", e))?;
    conn.prepare_cached("INSERT INTO requests (request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
            person_json, nik, nama, photo_jpeg, signature_png, payload_sha256, demo, status, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'queued', ?15, ?16)")?.execute(params![
            req.request_id,
            req.service.as_str(),
            req.channel.as_str(),
            time::stamp(req.submitted_at),
            time::stamp(req.approved_at),
            req.approved_by,
            requirements,
            person,
            req.person.nik,
            req.person.nama,
            req.photo_jpeg,
            req.signature_png,
            sha,
            demo,
            at,
            by
        ])?;
    Ok(conn.last_insert_rowid())
}

pub fn by_request_id(conn: &Connection, request_id: &str) -> Result<Option<RequestRow>> {
    let sql = format!("SELECT {COLUMNS} FROM requests WHERE request_id = ?1");
    Ok(conn.query_row(&sql, [request_id], RequestRow::from_row).optional()?)
}

pub fn get(conn: &Connection, request_id: &str) -> Result<RequestRow> {
    by_request_id(conn, request_id)?.ok_or_else(|| CoreError::NotFound { what: "permohonan", id: request_id.to_string() })
}

/// The upstream id and the applicant's name of a stored request (row id).
pub fn id_and_name(conn: &Connection, id: i64) -> Result<(String, String)> {
    Ok(conn.query_row("SELECT request_id, nama FROM requests WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

pub fn images(conn: &Connection, id: i64) -> Result<Images> {
    Ok(conn.query_row("SELECT photo_jpeg, signature_png FROM requests WHERE id = ?1", [id], |r| {
        Ok(Images { photo_jpeg: r.get(0)?, signature_png: r.get(1)? })
    })?)
}

/// Requests in any of `statuses`, oldest approval first.
pub fn with_status(conn: &Connection, statuses: &[RequestStatus]) -> Result<Vec<RequestRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT {COLUMNS} FROM requests WHERE status IN ({list}) ORDER BY approved_at, id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], RequestRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Moves a request from `from` to `to`; refuses (Conflict) when it is no longer in `from`, so two
/// desks or two clicks cannot both move it.
pub fn transition(conn: &Connection, id: i64, from: RequestStatus, to: RequestStatus, at: &str) -> Result<()> {
    let sql = "UPDATE requests SET status = ?3,
            ready_at = CASE WHEN ?3 = 'ready' THEN ?4 ELSE ready_at END,
            handed_over_at = CASE WHEN ?3 = 'handed_over' THEN ?4 ELSE handed_over_at END
         WHERE id = ?1 AND status = ?2";
    let n = conn.prepare_cached(sql)?.execute(params![id, from.as_str(), to.as_str(), at])?;
    if n != 1 {
        return Err(CoreError::Conflict(format!("status permohonan sudah berubah (bukan lagi '{}'); muat ulang daftar", from.words())));
    }
    Ok(())
}

/// Cancellation from upstream: a queued (or held) request is cancelled; any other is only marked,
/// so the desk sees it. Returns the status the request had.
pub fn cancel(conn: &Connection, id: i64, at: &str) -> Result<RequestStatus> {
    let status: String = conn.query_row("SELECT status FROM requests WHERE id = ?1", [id], |r| r.get(0))?;
    let status = RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?;
    let cancellable = matches!(status, RequestStatus::Queued | RequestStatus::HeldForReprint);
    conn.prepare_cached("UPDATE requests SET cancelled_at = COALESCE(cancelled_at, ?2), status = CASE WHEN ?3 THEN 'cancelled' ELSE status END WHERE id = ?1")?.execute(params![id, at, cancellable])?;
    Ok(status)
}

impl RequestsStore for Connection {
    fn requests_insert(&self, req: &ApprovedRequest, sha: &str, demo: bool, at: &str, by: &str) -> Result<i64> {
        insert(self, req, sha, demo, at, by)
    }

    fn requests_by_request_id(&self, request_id: &str) -> Result<Option<RequestRow>> {
        by_request_id(self, request_id)
    }

    fn requests_get(&self, request_id: &str) -> Result<RequestRow> {
        get(self, request_id)
    }

    fn requests_id_and_name(&self, id: i64) -> Result<(String, String)> {
        id_and_name(self, id)
    }

    fn requests_images(&self, id: i64) -> Result<Images> {
        images(self, id)
    }

    fn requests_with_status(&self, statuses: &[RequestStatus]) -> Result<Vec<RequestRow>> {
        with_status(self, statuses)
    }

    fn requests_status_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.prepare_cached("SELECT status, count(*) FROM requests GROUP BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn requests_transition(&self, id: i64, from: RequestStatus, to: RequestStatus, at: &str) -> Result<()> {
        transition(self, id, from, to, at)
    }

    fn requests_cancel(&self, id: i64, at: &str) -> Result<RequestStatus> {
        cancel(self, id, at)
    }

    fn requests_images_due(&self, before: &str) -> Result<Vec<ImagesDue>> {
        let mut stmt = self.prepare_cached(CLOSED_WITH_IMAGES)?;
        let rows = stmt.query_map([before], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
        rows.map(|row| {
            let (id, request_id, status, closed_at) = row?;
            let status = RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?;
            Ok(ImagesDue { id, request_id, status, closed_at })
        })
        .collect()
    }

    fn requests_erase_images(&self, id: i64, at: &str) -> Result<bool> {
        let n = self
            .prepare_cached("UPDATE requests SET photo_jpeg = x'', signature_png = NULL, images_erased_at = ?2 WHERE id = ?1 AND images_erased_at IS NULL")?
            .execute(params![id, at])?;
        Ok(n == 1)
    }

    fn requests_restore_images(&self, id: i64, photo_jpeg: &[u8], signature_png: Option<&[u8]>) -> Result<()> {
        self.prepare_cached("UPDATE requests SET photo_jpeg = ?2, signature_png = ?3, images_erased_at = NULL WHERE id = ?1")?.execute(params![id, photo_jpeg, signature_png])?;
        Ok(())
    }
}

/// Closed requests still holding images, with when their work ended: handed over, cancelled, or
/// (reprint refused) the supervisor's last decision on it.
const CLOSED_WITH_IMAGES: &str = "
SELECT id, request_id, status, closed_at FROM (
    SELECT r.id, r.request_id, r.status,
        CASE r.status WHEN 'handed_over' THEN r.handed_over_at WHEN 'cancelled' THEN r.cancelled_at
            ELSE (SELECT max(d.decided_at) FROM reprint_decisions d WHERE d.request_ref = r.id) END AS closed_at
    FROM requests r
    WHERE r.status IN ('handed_over', 'reprint_refused', 'cancelled') AND r.images_erased_at IS NULL
) WHERE closed_at IS NOT NULL AND closed_at < ?1 ORDER BY closed_at, id";
