//! The officer's verdict on an attempt, which only a person at the printer can give: the card is
//! good (register it), spoiled (the blank is lost; a supervisor must approve a reprint), or no
//! card was fed (the blank goes back to stock).

use chrono::Datelike;
use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::outbox::{self, FeedStatus};
use crate::store::attempts::{AttemptRow, JobState, Outcome};
use crate::store::blanko::{BlankoState, LedgerEvent};
use crate::store::register::RegisterRow;
use crate::store::requests::{RequestRow, RequestStatus};
use crate::time;

/// Why a card was spoiled (shared/domain.md), as the desk picks it from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SpoilReason {
    DataSalah,
    GangguanCetak,
    LaminasiMengelupas,
    ChipRusak,
    KartuMacet,
    Lainnya,
}

impl SpoilReason {
    pub const ALL: [SpoilReason; 6] = [
        SpoilReason::DataSalah,
        SpoilReason::GangguanCetak,
        SpoilReason::LaminasiMengelupas,
        SpoilReason::ChipRusak,
        SpoilReason::KartuMacet,
        SpoilReason::Lainnya,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpoilReason::DataSalah => "data_salah",
            SpoilReason::GangguanCetak => "gangguan_cetak",
            SpoilReason::LaminasiMengelupas => "laminasi_mengelupas",
            SpoilReason::ChipRusak => "chip_rusak",
            SpoilReason::KartuMacet => "kartu_macet",
            SpoilReason::Lainnya => "lainnya",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or_else(|| {
            CoreError::invalid("alasan rusak", format!("harus salah satu dari: {}", Self::ALL.map(|r| r.as_str()).join(", ")))
        })
    }

    pub fn words(self) -> &'static str {
        match self {
            SpoilReason::DataSalah => "data salah",
            SpoilReason::GangguanCetak => "gangguan cetak",
            SpoilReason::LaminasiMengelupas => "laminasi mengelupas (suhu salah)",
            SpoilReason::ChipRusak => "chip rusak",
            SpoilReason::KartuMacet => "kartu macet",
            SpoilReason::Lainnya => "lainnya",
        }
    }

    /// A spoil reason as the ledger keeps it ("kartu_macet" or "lainnya: note") in words for
    /// paper ("kartu macet", "lainnya: note"); a text of another form is kept as it is.
    pub fn ledger_words(text: &str) -> String {
        let (code, note) = match text.split_once(':') {
            Some((c, n)) => (c, Some(n.trim())),
            None => (text, None),
        };
        match (Self::parse(code), note) {
            (Ok(r), Some(n)) => format!("{}: {n}", r.words()),
            (Ok(r), None) => r.words().to_string(),
            (Err(_), _) => text.to_string(),
        }
    }
}

impl Station {
    /// The card came out right: next register number, register row, request ready for handover.
    pub fn confirm_ok(&mut self, actor: &Actor, request_id: &str) -> Result<RegisterRow> {
        actor.require(Action::ConfirmPrint)?;
        let cfg = self.config()?;
        let (request, attempt) = self.open_attempt_of(request_id)?;
        match attempt.job_state {
            JobState::Completed | JobState::Unknown => {}
            JobState::Failed => {
                return Err(CoreError::Conflict(format!(
                    "pekerjaan cetak gagal ({}); kartu tidak mungkin baik: gunakan --spoiled ALASAN atau --not-fed",
                    attempt.spool_message.clone().unwrap_or_default()
                )))
            }
            JobState::Reserved | JobState::Submitted => return Err(still_running()),
        }
        let row = self.store.write(|tx| {
            let now = time::now();
            let at = time::stamp(now);
            let date = cfg.zone.date(now);
            let year = date.year() as i64;
            tx.attempts_resolve(attempt.id, Outcome::Ok, None, &at, &actor.username)?;
            tx.blanko_record(&attempt.blanko_serial, BlankoState::Reserved, LedgerEvent::Printed, Some(attempt.id), None, &at, &actor.username)?;
            tx.requests_transition(request.id, RequestStatus::Printing, RequestStatus::Ready, &at)?;
            // The number last: on a shared server the year's counter is the one row every
            // desk's confirm waits for, so it is held only from here to the commit.
            let seq = tx.register_next_seq(year)?;
            let p = &request.person;
            let row = RegisterRow {
                year,
                seq,
                register_number: cfg.register_format.format(seq, &cfg.office.kode_wilayah, date),
                registered_at: at.clone(),
                register_date: date.format("%Y-%m-%d").to_string(),
                nik: p.nik.clone(),
                nama: p.nama.clone(),
                alamat: p.alamat.clone(),
                rt: p.rt.clone(),
                rw: p.rw.clone(),
                kel_desa: p.kel_desa.clone(),
                kecamatan: p.kecamatan.clone(),
                service: request.service.as_str().to_string(),
                blanko_serial: attempt.blanko_serial.clone(),
                chip_uid: tx.chip_of_serial(&attempt.blanko_serial)?.map(|c| c.chip_uid).unwrap_or_default(),
                operator: actor.username.clone(),
                station: actor.desk.clone(),
                approver: request.approved_by.clone(),
                request_id: request.request_id.clone(),
                attempt_id: attempt.id,
            };
            tx.register_insert(&row)?;
            let extra = outbox::Extra { register_number: Some(&row.register_number), blanko_serial: Some(&attempt.blanko_serial), reason: None };
            tx.outbox_push(&request.request_id, FeedStatus::Printed, &at, &extra)?;
            tx.outbox_push(&request.request_id, FeedStatus::Ready, &at, &outbox::Extra { register_number: Some(&row.register_number), ..Default::default() })?;
            audit(tx, actor, "print.confirm_ok", &format!("request:{request_id}"), json!({ "attempt": attempt.id, "blanko": attempt.blanko_serial, "register_number": row.register_number }))?;
            Ok(row)
        })?;
        log::info!("register: {} for request {request_id}", row.register_number);
        Ok(row)
    }

    /// The card is spoiled: the blank is recorded as spoiled with the reason, and the request
    /// waits for a supervisor to approve a reprint.
    pub fn confirm_spoiled(&mut self, actor: &Actor, request_id: &str, reason: SpoilReason, note: &str) -> Result<()> {
        actor.require(Action::ConfirmPrint)?;
        let note = note.trim();
        if reason == SpoilReason::Lainnya && note.is_empty() {
            return Err(CoreError::invalid("catatan", "wajib diisi bila alasan 'lainnya'"));
        }
        let (request, attempt) = self.open_attempt_of(request_id)?;
        if attempt.job_state.is_running() {
            return Err(still_running());
        }
        let text = if note.is_empty() { reason.as_str().to_string() } else { format!("{}: {note}", reason.as_str()) };
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            tx.attempts_resolve(attempt.id, Outcome::Spoiled, Some(&text), &at, &actor.username)?;
            tx.blanko_record(&attempt.blanko_serial, BlankoState::Reserved, LedgerEvent::Spoiled, Some(attempt.id), Some(&text), &at, &actor.username)?;
            tx.requests_transition(request.id, RequestStatus::Printing, RequestStatus::HeldForReprint, &at)?;
            tx.outbox_push(&request.request_id, FeedStatus::Spoiled, &at, &outbox::Extra { blanko_serial: Some(&attempt.blanko_serial), reason: Some(&text), ..Default::default() })?;
            audit(tx, actor, "print.confirm_spoiled", &format!("request:{request_id}"), json!({ "attempt": attempt.id, "blanko": attempt.blanko_serial, "reason": reason.as_str(), "note": note }))
        })
    }

    /// No card was fed: the blank goes back to stock and the request back to the queue.
    pub fn confirm_not_fed(&mut self, actor: &Actor, request_id: &str) -> Result<()> {
        actor.require(Action::ConfirmPrint)?;
        let (request, attempt) = self.open_attempt_of(request_id)?;
        if attempt.job_state.is_running() {
            return Err(still_running());
        }
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            tx.attempts_resolve(attempt.id, Outcome::NotFed, None, &at, &actor.username)?;
            tx.blanko_record(&attempt.blanko_serial, BlankoState::Reserved, LedgerEvent::Returned, Some(attempt.id), Some("tidak terambil printer"), &at, &actor.username)?;
            tx.requests_transition(request.id, RequestStatus::Printing, RequestStatus::Queued, &at)?;
            audit(tx, actor, "print.confirm_not_fed", &format!("request:{request_id}"), json!({ "attempt": attempt.id, "blanko": attempt.blanko_serial }))
        })
    }

    pub(super) fn open_attempt_of(&self, request_id: &str) -> Result<(RequestRow, AttemptRow)> {
        let request = self.request(request_id)?;
        let attempt = self.store.read(|c| c.attempts_open_for_request(request.id))?.ok_or_else(|| {
            CoreError::Conflict(format!("permohonan {request_id} tidak punya percobaan cetak yang terbuka ({})", request.status.words()))
        })?;
        Ok((request, attempt))
    }
}

fn still_running() -> CoreError {
    CoreError::Conflict("pekerjaan cetak masih berjalan atau belum dicocokkan; tunggu selesai atau jalankan ktpel reconcile".into())
}
