//! Read-only views for the desk: the queue with the time left against the service standard, a
//! request, open attempts, and the register of a date.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Station;
use crate::domain::{Channel, Service};
use crate::error::{CoreError, Result};
use crate::service_standard::due_at;
use crate::store::attempts::AttemptRow;
use crate::store::register::RegisterRow;
use crate::store::requests::{RequestRow, RequestStatus};
use crate::time;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QueueItem {
    pub request_id: String,
    pub service: Service,
    pub channel: Channel,
    pub nik: String,
    pub nama: String,
    pub approved_at: String,
    pub status: RequestStatus,
    pub due_at: String,
    /// Negative when overdue.
    #[ts(type = "number")]
    pub minutes_left: i64,
    pub overdue: bool,
    pub demo: bool,
    /// Approved reprints of this request.
    #[ts(type = "number")]
    pub reprints: i64,
    /// The approval system cancelled it after printing had started: the officer must know.
    pub cancelled_upstream: bool,
}

/// One document of a service's checklist: whether it is required and whether it was checked.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DocumentCheck {
    pub key: String,
    pub label: String,
    pub required: bool,
    pub checked: bool,
}

/// Everything the detail screen shows about one request.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RequestDetail {
    pub request: RequestRow,
    pub documents: Vec<DocumentCheck>,
    /// The card as SVG, drawn from the same layout as the printed PDF.
    pub preview_svg: String,
    pub attempts: Vec<AttemptRow>,
    pub register: Option<RegisterRow>,
    #[ts(type = "number")]
    pub reprints: i64,
    pub reprint_decisions: Vec<crate::store::reprints::ReprintDecision>,
}

/// What the status bar shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StationStatus {
    /// Where the data is: the station's file, or the office server (without any password).
    pub database: String,
    /// This desk's name.
    pub desk: String,
    pub stock: crate::store::blanko::StockCount,
    pub low_stock_threshold: u32,
    pub low_stock: bool,
    pub open_attempts: u32,
    pub office: String,
    /// The office's time zone: the window shows every time in it, with its label.
    pub zone: crate::time::Zone,
    /// The data disk running low, the last good backup (or its second place) older than a day,
    /// the chosen printer's ribbon nearly or wholly spent, the holiday list missing this year or
    /// still holding its expected dates.
    pub warnings: Vec<String>,
}

/// An attempt waiting for the officer's verdict, with its request.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpenAttempt {
    pub request_id: String,
    pub nama: String,
    pub attempt: AttemptRow,
}

impl Station {
    pub fn request(&self, request_id: &str) -> Result<RequestRow> {
        self.store.read(|c| c.requests_get(request_id.trim()))
    }

    /// What the desk still has to do: waiting, printing and held requests, oldest approval first.
    pub fn queue(&self, now: DateTime<Utc>) -> Result<Vec<QueueItem>> {
        let cfg = self.config()?;
        let rows = self.store.read(|c| c.requests_with_status(&[RequestStatus::Queued, RequestStatus::Printing, RequestStatus::HeldForReprint]))?;
        let reprints = self.store.read(|c| c.reprints_approved_counts(&rows.iter().map(|r| r.id).collect::<Vec<_>>()))?;
        rows.into_iter()
            .map(|r| {
                let submitted = time::parse_stamp(&r.submitted_at).ok_or_else(|| CoreError::corrupt("requests.submitted_at", &r.submitted_at))?;
                let due = due_at(cfg.zone, &cfg.holidays, r.channel, submitted, cfg.minutes_in_office);
                let left = (due - now).num_minutes();
                Ok(QueueItem {
                    reprints: reprints.get(&r.id).copied().unwrap_or(0),
                    cancelled_upstream: r.cancelled_at.is_some(),
                    request_id: r.request_id,
                    service: r.service,
                    channel: r.channel,
                    nik: r.person.nik,
                    nama: r.person.nama,
                    approved_at: r.approved_at,
                    status: r.status,
                    due_at: time::stamp(due),
                    minutes_left: left,
                    overdue: due < now,
                    demo: r.demo,
                })
            })
            .collect()
    }

    /// The queue narrowed to requests whose NIK, name or request id contains `query` (any case).
    pub fn queue_search(&self, now: DateTime<Utc>, query: &str) -> Result<Vec<QueueItem>> {
        let q = query.trim().to_uppercase();
        let all = self.queue(now)?;
        if q.is_empty() {
            return Ok(all);
        }
        Ok(all.into_iter().filter(|i| i.nik.contains(&q) || i.nama.contains(&q) || i.request_id.to_uppercase().contains(&q)).collect())
    }

    pub fn request_detail(&self, request_id: &str) -> Result<RequestDetail> {
        let request = self.request(request_id)?;
        let r = &request.requirements;
        let missing = crate::domain::request::missing_documents(request.service, r, &request.person);
        let needed = crate::domain::request::required_documents(request.service, &request.person);
        let documents = [
            ("kk", "Kartu Keluarga (KK)", r.kk),
            ("ktp_lama", "KTP-el lama", r.ktp_lama),
            ("surat_kehilangan", "Surat kehilangan dari kepolisian", r.surat_kehilangan),
            ("surat_keterangan_perubahan", "Surat keterangan perubahan data", r.surat_keterangan_perubahan),
            ("izin_tinggal_tetap", "Izin tinggal tetap (KITAP)", r.izin_tinggal_tetap),
        ]
        .into_iter()
        .filter(|(key, _, checked)| needed.contains(key) || *checked)
        .map(|(key, label, checked)| DocumentCheck { key: key.into(), label: label.into(), required: needed.contains(&key), checked: checked && !missing.contains(&key) })
        .collect();
        // A closed request whose photo retention erased still shows its record; the card itself
        // can only be drawn again once the photo is given again.
        let preview_svg = if request.images_erased_at.is_some() { String::new() } else { self.preview_svg(request_id, None)? };
        let attempts = self.store.read(|c| c.attempts_for_request(request.id))?;
        let register = self.register_of(&request.request_id)?;
        let reprint_decisions = self.store.read(|c| c.reprints_for_request(request.id))?;
        let reprints = reprint_decisions.iter().filter(|d| d.decision == crate::store::reprints::Decision::Approved).count() as i64;
        Ok(RequestDetail { request, documents, preview_svg, attempts, register, reprints, reprint_decisions })
    }

    pub fn status(&self) -> Result<StationStatus> {
        let cfg = self.config()?;
        let stock = self.stock()?;
        let open = self.store.read(|c| c.attempts_open())?.len() as u32;
        Ok(StationStatus {
            database: self.store.location(),
            desk: self.desk.clone(),
            low_stock: stock.in_stock < cfg.low_stock as i64,
            stock,
            low_stock_threshold: cfg.low_stock,
            open_attempts: open,
            office: format!("KABUPATEN {}", cfg.office.kabupaten),
            zone: cfg.zone,
            warnings: [self.backup_warnings()?, self.ribbon_warnings()?, cfg.holidays.gaps(cfg.zone.date(time::now()))].concat(),
        })
    }

    pub fn ready_for_handover(&self) -> Result<Vec<RequestRow>> {
        self.store.read(|c| c.requests_with_status(&[RequestStatus::Ready]))
    }

    pub fn open_attempts(&self) -> Result<Vec<OpenAttempt>> {
        self.store.read(|c| {
            c.attempts_open()?
                .into_iter()
                .map(|a| {
                    let (request_id, nama) = c.requests_id_and_name(a.request_ref)?;
                    Ok(OpenAttempt { request_id, nama, attempt: a })
                })
                .collect()
        })
    }

    pub fn attempts_of(&self, request_id: &str) -> Result<Vec<AttemptRow>> {
        let request = self.request(request_id)?;
        self.store.read(|c| c.attempts_for_request(request.id))
    }

    /// The register of one office date (YYYY-MM-DD).
    pub fn register_on(&self, date: chrono::NaiveDate) -> Result<Vec<RegisterRow>> {
        self.store.read(|c| c.register_on_date(&date.format("%Y-%m-%d").to_string()))
    }

    pub fn register_all(&self) -> Result<Vec<RegisterRow>> {
        self.store.read(|c| c.register_all())
    }

    pub fn register_of(&self, request_id: &str) -> Result<Option<RegisterRow>> {
        self.store.read(|c| c.register_by_request(request_id))
    }
}
