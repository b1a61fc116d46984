//! Read-only views for the desk: the queue with the time left against the service standard, a
//! request, open attempts, and the register of a date.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Station;
use crate::domain::{Channel, Service};
use crate::error::{CoreError, Result};
use crate::service_standard::due_at;
use crate::store::attempts::{self, AttemptRow};
use crate::store::register::{self, RegisterRow};
use crate::store::requests::{self, RequestRow, RequestStatus};
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
        self.store.read(|c| requests::get(c, request_id.trim()))
    }

    /// What the desk still has to do: waiting, printing and held requests, oldest approval first.
    pub fn queue(&self, now: DateTime<Utc>) -> Result<Vec<QueueItem>> {
        let cfg = self.config()?;
        let rows = self.store.read(|c| requests::with_status(c, &[RequestStatus::Queued, RequestStatus::Printing, RequestStatus::HeldForReprint]))?;
        rows.into_iter()
            .map(|r| {
                let submitted = time::parse_stamp(&r.submitted_at).ok_or_else(|| CoreError::corrupt("requests.submitted_at", &r.submitted_at))?;
                let due = due_at(r.channel, submitted, cfg.minutes_in_office);
                let left = (due - now).num_minutes();
                Ok(QueueItem {
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

    pub fn ready_for_handover(&self) -> Result<Vec<RequestRow>> {
        self.store.read(|c| requests::with_status(c, &[RequestStatus::Ready]))
    }

    pub fn open_attempts(&self) -> Result<Vec<OpenAttempt>> {
        self.store.read(|c| {
            attempts::open(c)?
                .into_iter()
                .map(|a| {
                    let nama_and_id: (String, String) =
                        c.query_row("SELECT request_id, nama FROM requests WHERE id = ?1", [a.request_ref], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    Ok(OpenAttempt { request_id: nama_and_id.0, nama: nama_and_id.1, attempt: a })
                })
                .collect()
        })
    }

    pub fn attempts_of(&self, request_id: &str) -> Result<Vec<AttemptRow>> {
        let request = self.request(request_id)?;
        self.store.read(|c| attempts::for_request(c, request.id))
    }

    /// The register of one WIB date (YYYY-MM-DD).
    pub fn register_on(&self, date: chrono::NaiveDate) -> Result<Vec<RegisterRow>> {
        self.store.read(|c| register::on_date(c, &date.format("%Y-%m-%d").to_string()))
    }

    pub fn register_all(&self) -> Result<Vec<RegisterRow>> {
        self.store.read(register::all)
    }

    pub fn register_of(&self, request_id: &str) -> Result<Option<RegisterRow>> {
        self.store.read(|c| register::by_request(c, request_id))
    }
}
