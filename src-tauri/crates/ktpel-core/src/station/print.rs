//! The print step, crash-safe. In order: check the printer, lay out the card, reserve the blank
//! and write the attempt (one transaction), submit, record the job id at once, follow the job,
//! record its end. Nothing is ever re-submitted automatically: after a crash `reconcile` ties
//! open attempts to what the spooler knows and leaves the verdict to the officer.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::card::{self, Calibration, CardInput};
use crate::error::{CoreError, Result};
use crate::spool::{reasons, FollowOutcome, FollowPolicy, JobProgress, PrintSpooler, PrinterInfo, PrinterTarget, SpoolError};
use crate::store::outbox::{self, FeedStatus};
use crate::store::attempts::{JobState, NewAttempt};
use crate::store::blanko::{BlankoState, LedgerEvent};
use crate::store::requests::{RequestRow, RequestStatus};
use crate::time;

/// A reserved attempt, ready to be submitted.
pub struct PrintPlan {
    pub attempt_id: i64,
    pub request_id: String,
    pub blanko_serial: String,
    pub job_name: String,
    pub target: PrinterTarget,
    pub pdf: Vec<u8>,
    /// The same card, positioned: what a spooler that draws through the driver receives.
    pub layout: card::CardLayout,
    pub specimen: bool,
}

/// How a print ended, as far as the spooler can tell.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PrintReport {
    pub request_id: String,
    #[ts(type = "number")]
    pub attempt_id: i64,
    pub blanko_serial: String,
    pub printer: String,
    pub job_id: Option<i32>,
    pub job_state: JobState,
    pub message: String,
    pub reasons: Vec<String>,
    pub specimen: bool,
}

/// A queue description containing this word marks a demo or test queue: its cards are specimens.
pub const SPECIMEN_MARK: &str = "SPESIMEN";

impl Station {
    /// Lays out the card of a stored request, as it would print on `printer` today.
    pub fn card_pdf(&self, request: &RequestRow, printer: Option<&str>, extra_specimen: bool, issue_date: NaiveDate) -> Result<card::RenderedCard> {
        let layout = self.card_layout(request, printer, extra_specimen, issue_date)?;
        Ok(card::RenderedCard { pdf: card::pdf::to_pdf(&layout)?, template_version: layout.template_version })
    }

    /// The positioned card (the model both the PDF and the screen preview are drawn from).
    pub fn card_layout(&self, request: &RequestRow, printer: Option<&str>, extra_specimen: bool, issue_date: NaiveDate) -> Result<card::CardLayout> {
        let cfg = self.config()?;
        let images = self.store.read(|c| c.requests_images(request.id))?;
        if request.images_erased_at.is_some() || images.photo_jpeg.is_empty() {
            let when = request.images_erased_at.as_deref().map(|t| format!(" pada {}", cfg.zone.time_words(t))).unwrap_or_default();
            return Err(CoreError::Conflict(format!(
                "foto permohonan {} sudah dihapus{when} setelah masa simpannya; untuk mencetak lagi, impor ulang permohonan ini dari sistem persetujuan (atau tunggu umpan mengirimnya): fotonya kembali dan kartu dapat dicetak",
                request.request_id
            )));
        }
        let setting = match printer {
            Some(p) => self.store.read(|c| c.printers_get(p))?,
            None => None,
        };
        let calibration = match &setting {
            Some(s) => Calibration::new(s.offset_x_mm as f32, s.offset_y_mm as f32)?,
            None => Calibration::default(),
        };
        let specimen = request.demo || extra_specimen || setting.as_ref().is_some_and(|s| s.specimen);
        card::layout::layout(
            &cfg.template,
            &CardInput {
                person: &request.person,
                photo_jpeg: &images.photo_jpeg,
                signature_png: images.signature_png.as_deref(),
                issue_place: &cfg.office.kabupaten,
                issue_date,
                specimen,
                calibration,
            },
        )
    }

    /// The card PDF without printing (for `ktpel preview` and the app's preview).
    pub fn preview(&self, request_id: &str, printer: Option<&str>) -> Result<Vec<u8>> {
        let request = self.request(request_id)?;
        Ok(self.card_pdf(&request, printer, false, self.today()?)?.pdf)
    }

    /// The card as SVG for the screen, drawn from the same layout as the printed PDF.
    pub fn preview_svg(&self, request_id: &str, printer: Option<&str>) -> Result<String> {
        let request = self.request(request_id)?;
        Ok(card::svg::to_svg(&self.card_layout(&request, printer, false, self.today()?)?))
    }

    /// Lays out the card, then reserves the blank and writes the attempt in one transaction.
    /// `printer` is what the spooler said about the queue just before (its description may mark
    /// it as a specimen queue).
    pub fn begin_print(&mut self, actor: &Actor, request_id: &str, serial: &str, target: PrinterTarget, printer: &PrinterInfo) -> Result<PrintPlan> {
        self.begin_print_with_chip(actor, request_id, serial, None, target, printer)
    }

    /// As `begin_print`, with the blank's chip UID as tapped or typed: recorded with the blank
    /// (or checked against the one recorded at its receipt) in the same transaction, so a chip
    /// already on another blank, or a blank showing another chip, is refused before anything is
    /// sent.
    pub fn begin_print_with_chip(&mut self, actor: &Actor, request_id: &str, serial: &str, chip: Option<&str>, target: PrinterTarget, printer: &PrinterInfo) -> Result<PrintPlan> {
        actor.require(Action::Print)?;
        let chip = chip.map(|c| crate::chip::normalize("chip", c)).transpose()?;
        let serial = self.check_blanko(serial)?;
        let request = self.request(request_id)?;
        check_printable(&request, self)?;
        let queue_specimen = printer.info.to_uppercase().contains(SPECIMEN_MARK);
        let layout = self.card_layout(&request, Some(&target.display), queue_specimen, self.today()?)?;
        let rendered = card::RenderedCard { pdf: card::pdf::to_pdf(&layout)?, template_version: layout.template_version };
        let specimen = request.demo || queue_specimen || self.printer_settings(&target.display)?.is_some_and(|p| p.specimen);
        let spool_server = target.endpoint.to_string();
        let (attempt_id, job_name) = self.store.write(|tx| {
            let at = time::stamp(time::now());
            // A blank handed to another desk is that desk's (its box, its printer).
            if let Some(b) = tx.blanko_get(&serial)?.filter(|b| !b.desk.is_empty() && b.desk != actor.desk) {
                return Err(CoreError::Conflict(format!(
                    "blanko {serial} diserahkan ke meja {}, bukan meja ini ({}); pakai blanko meja ini, atau minta supervisor memindahkannya",
                    b.desk, actor.desk
                )));
            }
            if let Some(uid) = &chip {
                match tx.chip_of_serial(&serial)? {
                    Some(had) if &had.chip_uid != uid => return Err(crate::store::chips::pair_differs(&serial, uid, &had)),
                    Some(_) => {}
                    None => {
                        if let Some(other) = tx.chip_by_uid(uid)? {
                            return Err(crate::store::chips::used_elsewhere(uid, &other));
                        }
                        tx.chip_record(&serial, uid, "print", &at, &actor.username)?;
                    }
                }
            }
            tx.requests_transition(request.id, RequestStatus::Queued, RequestStatus::Printing, &at)?;
            // After an approved reprint, the new attempt names the spoiled one it replaces.
            let reprint_of = tx.attempts_last_spoiled(request.id)?;
            let id = tx.attempts_insert(&NewAttempt {
                    request_ref: request.id,
                    blanko_serial: &serial,
                    printer: &target.display,
                    spool_server: &spool_server,
                    printer_path: &target.path,
                    station: &actor.desk,
                    template_version: rendered.template_version,
                    specimen,
                    reprint_of,
                    at: &at,
                    by: &actor.username,
                },
            )?;
            tx.blanko_record(&serial, BlankoState::InStock, LedgerEvent::Reserved, Some(id), None, &at, &actor.username)?;
            tx.outbox_push(&request.request_id, FeedStatus::Printing, &at, &outbox::Extra { blanko_serial: Some(&serial), ..Default::default() })?;
            audit(tx, actor, "print.reserve", &format!("request:{request_id}"), json!({ "attempt": id, "blanko": serial, "chip": chip, "printer": target.display }))?;
            Ok((id, tx.attempts_get(id)?.job_name))
        })?;
        log::info!("print: attempt {attempt_id} reserved blanko {serial} for request {request_id}");
        Ok(PrintPlan { attempt_id, request_id: request_id.to_string(), blanko_serial: serial, job_name, target, pdf: rendered.pdf, layout, specimen })
    }

    /// Records what submitting gave: the job id at once, or why there is none.
    pub fn record_submit(&mut self, actor: &Actor, plan: &PrintPlan, result: &std::result::Result<i32, SpoolError>) -> Result<()> {
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            let subject = format!("request:{}", plan.request_id);
            match result {
                Ok(job_id) => {
                    tx.attempts_record_job_id(plan.attempt_id, *job_id as i64, &at)?;
                    audit(tx, actor, "print.submitted", &subject, json!({ "attempt": plan.attempt_id, "job_id": job_id }))
                }
                Err(e) => {
                    // Refused or unreachable: no job exists. A timeout: one may exist; never guess.
                    let state = if e.job_certainly_absent() { JobState::Failed } else { JobState::Unknown };
                    tx.attempts_record_job_end(plan.attempt_id, state, &format!("tidak terkirim: {e}"), "", &at)?;
                    audit(tx, actor, "print.submit_failed", &subject, json!({ "attempt": plan.attempt_id, "error": e.to_string(), "code": e.code() }))
                }
            }
        })
    }

    /// Records how the spooler ended the job.
    pub fn record_end(&mut self, actor: &Actor, attempt_id: i64, request_id: &str, outcome: &FollowOutcome) -> Result<JobState> {
        let (state, message, reasons) = match outcome {
            FollowOutcome::Completed => (JobState::Completed, String::new(), Vec::new()),
            FollowOutcome::Failed { reason, reasons } => (JobState::Failed, reason.clone(), reasons.clone()),
            FollowOutcome::Unknown { reason } => (JobState::Unknown, reason.clone(), Vec::new()),
        };
        self.store.write(|tx| {
            tx.attempts_record_job_end(attempt_id, state, &message, &reasons.join(","), &time::stamp(time::now()))?;
            audit(tx, actor, "print.job_end", &format!("request:{request_id}"), json!({ "attempt": attempt_id, "job_state": state.as_str(), "message": message }))
        })?;
        Ok(state)
    }

    /// The whole print step for one card (see `print_run` for the steps).
    pub async fn print(
        &mut self,
        actor: &Actor,
        request_id: &str,
        serial: &str,
        target: PrinterTarget,
        policy: FollowPolicy,
        on_progress: impl FnMut(&JobProgress),
    ) -> Result<PrintReport> {
        let mut on_progress = on_progress;
        let access = super::access::Exclusive::new(self);
        super::print_run::run(&access, actor, request_id, serial, target, Some(policy), |e| {
            if let super::print_run::PrintEvent::Job(p) = e {
                on_progress(p)
            }
        })
        .await
    }

    /// As `print`, at a desk: the chip UID typed, else the one on this PC's reader (none
    /// without a reader).
    #[allow(clippy::too_many_arguments)]
    pub async fn print_at_desk(
        &mut self,
        actor: &Actor,
        request_id: &str,
        serial: &str,
        typed_chip: Option<&str>,
        target: PrinterTarget,
        policy: FollowPolicy,
        on_progress: impl FnMut(&JobProgress),
    ) -> Result<PrintReport> {
        let mut on_progress = on_progress;
        let access = super::access::Exclusive::new(self);
        super::print_run::run_at_desk(&access, actor, request_id, serial, typed_chip, target, Some(policy), |e| {
            if let super::print_run::PrintEvent::Job(p) = e {
                on_progress(p)
            }
        })
        .await
    }
}

/// The request must be waiting for a print; otherwise say where it is and what to do.
fn check_printable(request: &RequestRow, station: &Station) -> Result<()> {
    match request.status {
        RequestStatus::Queued => Ok(()),
        RequestStatus::Printing => {
            let open = station.store.read(|c| c.attempts_open_for_request(request.id))?;
            let detail = open.map(|a| format!(" (blanko {}, {})", a.blanko_serial, a.job_state.words())).unwrap_or_default();
            Err(CoreError::Conflict(format!(
                "permohonan {} sedang dicetak{detail}; selesaikan dulu dengan ktpel confirm (--ok, --spoiled atau --not-fed) — cetak ganda ditolak",
                request.request_id
            )))
        }
        other => Err(CoreError::Conflict(format!("permohonan {} {}; tidak dapat dicetak", request.request_id, other.words()))),
    }
}

/// Asks the spooler about the queue before anything is reserved: it must accept jobs, not be
/// stopped, and offer the card's size if it declares sizes at all (see `spool::media`).
pub(super) async fn preflight<S: PrintSpooler + ?Sized>(spooler: &S) -> Result<PrinterInfo> {
    let info = spooler.printer_info().await?;
    let queue = spooler.target().display.clone();
    if let Some(problem) = info.media.problem() {
        return Err(SpoolError::NoCardSize { queue, problem }.into());
    }
    if !info.accepting {
        return Err(SpoolError::NotAccepting { queue, message: String::new() }.into());
    }
    if info.state == crate::spool::ipp_ops::printer_state::STOPPED {
        let why = reasons::summary(&info.reasons);
        let why = if why.is_empty() { info.message.clone() } else { why };
        return Err(CoreError::Conflict(format!(
            "printer '{queue}' berhenti{}; perbaiki printernya lalu {} sebelum mencetak",
            if why.is_empty() { String::new() } else { format!(" ({why})") },
            reasons::resume_words(&queue)
        )));
    }
    Ok(info)
}
