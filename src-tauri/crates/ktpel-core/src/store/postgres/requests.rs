//! PostgreSQL: approved requests and their status. A status moves only from the one the desk
//! saw: the UPDATE names it, and a desk that lost the race to another desk is told so.

use tokio_postgres::Row;

use super::PgDb;
use crate::domain::{ApprovedRequest, Channel, Service};
use crate::error::{CoreError, Result};
use crate::store::requests::{Images, ImagesDue, RequestRow, RequestStatus, RequestsStore};
use crate::time;

/// v5: the service report reads the requests approved in a span.
pub const SCHEMA_V5: &str = "CREATE INDEX requests_approved ON requests (approved_at);";

pub const SCHEMA_V1: &str = "
CREATE TABLE requests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id        text NOT NULL UNIQUE,
    service           text NOT NULL CHECK (service IN ('perubahan_data', 'hilang', 'rusak', 'baru')),
    channel           text NOT NULL CHECK (channel IN ('loket', 'paktuwa', 'online')),
    submitted_at      text NOT NULL,
    approved_at       text NOT NULL,
    approved_by       text NOT NULL,
    requirements_json text NOT NULL,
    person_json       text NOT NULL,
    nik               text NOT NULL,
    nama              text NOT NULL,
    photo_jpeg        bytea NOT NULL,
    signature_png     bytea,
    payload_sha256    text NOT NULL,
    demo              boolean NOT NULL DEFAULT false,
    status            text NOT NULL CHECK (status IN ('queued', 'printing', 'held_for_reprint', 'reprint_refused', 'cancelled', 'ready', 'handed_over')),
    imported_at       text NOT NULL,
    imported_by       text NOT NULL,
    ready_at          text,
    handed_over_at    text,
    cancelled_at      text
);
CREATE INDEX requests_status ON requests (status, approved_at);
CREATE INDEX requests_nik ON requests (nik text_pattern_ops);
CREATE INDEX requests_submitted ON requests (submitted_at) INCLUDE (channel, ready_at, request_id);
CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('requests are never deleted');
";

/// v2: when a request's photo and signature were erased (retention); erased images are empty.
pub const SCHEMA_V2: &str = "
ALTER TABLE requests ADD COLUMN images_erased_at text;
";

/// v2's data step: every stored photo and signature fitted to the card's boxes at 300 dpi, as
/// imports now store them (as SQLite's v7; see there).
pub fn fit_stored_images(tx: &tokio_postgres::Transaction<'_>) -> Result<()> {
    use super::sync::block_on;
    let json: Option<String> = block_on(tx.query_opt("SELECT value FROM settings WHERE key = 'card.template'", &[]))?.map(|r| r.try_get(0)).transpose()?;
    let template = crate::card::photo::stored_template(json.as_deref()).map_err(|e| CoreError::Setting { key: "card.template".into(), reason: e })?;
    let ids: Vec<i64> = block_on(tx.query("SELECT id FROM requests WHERE length(photo_jpeg) > 0 ORDER BY id", &[]))?.iter().map(|r| r.try_get(0)).collect::<std::result::Result<_, _>>()?;
    let (mut fitted, mut left) = (0usize, 0usize);
    for id in ids {
        let row = block_on(tx.query_one("SELECT photo_jpeg, signature_png FROM requests WHERE id = $1", &[&id]))?;
        let (photo, signature): (Vec<u8>, Option<Vec<u8>>) = (row.try_get(0)?, row.try_get(1)?);
        match crate::card::photo::refitted(&template, &photo, signature.as_deref()) {
            Ok(Some((p, s))) => {
                block_on(tx.execute("UPDATE requests SET photo_jpeg = $1, signature_png = $2 WHERE id = $3", &[&p, &s, &id]))?;
                fitted += 1;
            }
            Ok(None) => {}
            Err(e) => {
                log::warn!("office migration v2: images of request row {id} left as they were: {e}");
                left += 1;
            }
        }
    }
    log::info!("office migration v2: {fitted} requests' images fitted to the card, {left} left as they were");
    Ok(())
}

const COLUMNS: &str = "id, request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json, \
    person_json, payload_sha256, demo, status, imported_at, ready_at, handed_over_at, cancelled_at, images_erased_at";

fn request(r: &Row) -> Result<RequestRow> {
    let service: String = r.try_get("service")?;
    let channel: String = r.try_get("channel")?;
    let status: String = r.try_get("status")?;
    let requirements: String = r.try_get("requirements_json")?;
    let person: String = r.try_get("person_json")?;
    Ok(RequestRow {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        service: Service::parse(&service).ok_or_else(|| CoreError::corrupt("requests.service", &service))?,
        channel: Channel::parse(&channel).ok_or_else(|| CoreError::corrupt("requests.channel", &channel))?,
        submitted_at: r.try_get("submitted_at")?,
        approved_at: r.try_get("approved_at")?,
        approved_by: r.try_get("approved_by")?,
        requirements: serde_json::from_str(&requirements).map_err(|e| CoreError::corrupt("requests.requirements_json", e))?,
        person: serde_json::from_str(&person).map_err(|e| CoreError::corrupt("requests.person_json", e))?,
        payload_sha256: r.try_get("payload_sha256")?,
        demo: r.try_get("demo")?,
        status: RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?,
        imported_at: r.try_get("imported_at")?,
        ready_at: r.try_get("ready_at")?,
        handed_over_at: r.try_get("handed_over_at")?,
        cancelled_at: r.try_get("cancelled_at")?,
        images_erased_at: r.try_get("images_erased_at")?,
    })
}

impl RequestsStore for PgDb<'_> {
    fn requests_insert(&self, req: &ApprovedRequest, sha: &str, demo: bool, at: &str, by: &str) -> Result<i64> {
        let person = serde_json::to_string(&req.person).map_err(|e| CoreError::corrupt("person", e))?;
        let requirements = serde_json::to_string(&req.requirements).map_err(|e| CoreError::corrupt("requirements", e))?;
        let sql = "INSERT INTO requests (request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
                person_json, nik, nama, photo_jpeg, signature_png, payload_sha256, demo, status, imported_at, imported_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'queued', $15, $16) RETURNING id";
        let row = self
            .one(
            sql,
            &[
                &req.request_id,
                &req.service.as_str(),
                &req.channel.as_str(),
                &time::stamp(req.submitted_at),
                &time::stamp(req.approved_at),
                &req.approved_by,
                &requirements,
                &person,
                &req.person.nik,
                &req.person.nama,
                &req.photo_jpeg,
                &req.signature_png,
                &sha,
                &demo,
                &at,
                &by,
            ],
        )
            .map_err(|e| if super::is_constraint(&e) { CoreError::Conflict(format!("permohonan {} baru saja disimpan meja lain", req.request_id)) } else { e })?;
        Ok(row.try_get(0)?)
    }

    fn requests_by_request_id(&self, request_id: &str) -> Result<Option<RequestRow>> {
        let sql = format!("SELECT {COLUMNS} FROM requests WHERE request_id = $1");
        self.opt(&sql, &[&request_id])?.as_ref().map(request).transpose()
    }

    fn requests_get(&self, request_id: &str) -> Result<RequestRow> {
        self.requests_by_request_id(request_id)?.ok_or_else(|| CoreError::NotFound { what: "permohonan", id: request_id.to_string() })
    }

    fn requests_id_and_name(&self, id: i64) -> Result<(String, String)> {
        let r = self.one("SELECT request_id, nama FROM requests WHERE id = $1", &[&id])?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    fn requests_images(&self, id: i64) -> Result<Images> {
        let r = self.one("SELECT photo_jpeg, signature_png FROM requests WHERE id = $1", &[&id])?;
        Ok(Images { photo_jpeg: r.try_get(0)?, signature_png: r.try_get(1)? })
    }

    fn requests_with_status(&self, statuses: &[RequestStatus]) -> Result<Vec<RequestRow>> {
        let list: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        let sql = format!("SELECT {COLUMNS} FROM requests WHERE status = ANY($1) ORDER BY approved_at, id");
        self.query(&sql, &[&list])?.iter().map(request).collect()
    }

    fn requests_status_counts(&self) -> Result<Vec<(String, i64)>> {
        self.query("SELECT status, count(*) FROM requests GROUP BY status", &[])?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    fn requests_transition(&self, id: i64, from: RequestStatus, to: RequestStatus, at: &str) -> Result<()> {
        let sql = "UPDATE requests SET status = $3,
                ready_at = CASE WHEN $3 = 'ready' THEN $4 ELSE ready_at END,
                handed_over_at = CASE WHEN $3 = 'handed_over' THEN $4 ELSE handed_over_at END
             WHERE id = $1 AND status = $2";
        // Two desks on one request: the second waits for the first's commit, then finds the
        // status moved and is refused here, before anything of its own is written.
        let n = self.exec(sql, &[&id, &from.as_str(), &to.as_str(), &at])?;
        if n != 1 {
            return Err(CoreError::Conflict(format!("status permohonan sudah berubah (bukan lagi '{}'), mungkin oleh meja lain; muat ulang daftar", from.words())));
        }
        Ok(())
    }

    fn requests_cancel(&self, id: i64, at: &str) -> Result<RequestStatus> {
        let status: String = self.one("SELECT status FROM requests WHERE id = $1 FOR UPDATE", &[&id])?.try_get(0)?;
        let status = RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?;
        let cancellable = matches!(status, RequestStatus::Queued | RequestStatus::HeldForReprint);
        self.exec(
            "UPDATE requests SET cancelled_at = COALESCE(cancelled_at, $2), status = CASE WHEN $3 THEN 'cancelled' ELSE status END WHERE id = $1",
            &[&id, &at, &cancellable],
        )?;
        Ok(status)
    }

    fn requests_images_due(&self, before: &str) -> Result<Vec<ImagesDue>> {
        let sql = "SELECT id, request_id, status, closed_at FROM (
                SELECT r.id, r.request_id, r.status,
                    CASE r.status WHEN 'handed_over' THEN r.handed_over_at WHEN 'cancelled' THEN r.cancelled_at
                        ELSE (SELECT max(d.decided_at) FROM reprint_decisions d WHERE d.request_ref = r.id) END AS closed_at
                FROM requests r
                WHERE r.status IN ('handed_over', 'reprint_refused', 'cancelled') AND r.images_erased_at IS NULL
            ) c WHERE closed_at IS NOT NULL AND closed_at < $1 ORDER BY closed_at, id";
        self.query(sql, &[&before])?
            .iter()
            .map(|r| {
                let status: String = r.try_get(2)?;
                Ok(ImagesDue {
                    id: r.try_get(0)?,
                    request_id: r.try_get(1)?,
                    status: RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?,
                    closed_at: r.try_get(3)?,
                })
            })
            .collect()
    }

    fn requests_erase_images(&self, id: i64, at: &str) -> Result<bool> {
        let n = self.exec("UPDATE requests SET photo_jpeg = '\\x'::bytea, signature_png = NULL, images_erased_at = $2 WHERE id = $1 AND images_erased_at IS NULL", &[&id, &at])?;
        Ok(n == 1)
    }

    fn requests_restore_images(&self, id: i64, photo_jpeg: &[u8], signature_png: Option<&[u8]>) -> Result<()> {
        self.exec("UPDATE requests SET photo_jpeg = $2, signature_png = $3, images_erased_at = NULL WHERE id = $1", &[&id, &photo_jpeg, &signature_png])?;
        Ok(())
    }
}
