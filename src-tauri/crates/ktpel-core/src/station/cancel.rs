//! The officer's *Batalkan*: a card job still moving in the spooler is cancelled on request (a
//! wrong blank loaded, the applicant gone, a printer about to jam). The blank stays reserved and
//! the attempt open for the officer's verdict, as after any failed job: whether a card came out
//! is for the person at the printer to say. When CUPS refuses (a job of another account, a
//! policy that forbids it) the officer is told so, the refusal is audited and nothing changes.

use serde::Serialize;
use serde_json::json;

use super::access::StationAccess;
use super::audit;
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::spool::{PrintSpooler, PrinterTarget};
use crate::store::attempts::JobState;
use crate::time;

/// What the officer is told after a cancel.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CancelReport {
    pub request_id: String,
    #[ts(type = "number")]
    pub attempt_id: i64,
    pub blanko_serial: String,
    pub job_id: i32,
    pub message: String,
}

/// Cancels the job of `request_id`'s open attempt.
pub async fn cancel(station: &impl StationAccess, actor: &Actor, request_id: &str) -> Result<CancelReport> {
    actor.require(Action::Print)?;
    let (attempt, spooler) = station
        .step(|s| {
            let (_, attempt) = s.open_attempt_of(request_id)?;
            if !attempt.job_state.is_running() {
                return Err(CoreError::Conflict(format!(
                    "pekerjaan cetak permohonan {request_id} tidak berjalan lagi ({}); tidak ada yang dibatalkan — beri putusan hasil cetaknya",
                    attempt.job_state.words()
                )));
            }
            let Some(_) = attempt.job_id else {
                return Err(CoreError::Conflict(format!(
                    "pekerjaan cetak permohonan {request_id} belum diterima antrean cetak; tunggu sebentar lalu tekan Batalkan lagi"
                )));
            };
            let target = PrinterTarget::from_record(&attempt.spool_server, &attempt.printer_path, &attempt.printer)?;
            Ok((attempt, s.spooler(target)?))
        })
        .await?;
    let job_id = attempt.job_id.unwrap_or_default() as i32;
    let subject = format!("request:{request_id}");
    match spooler.cancel_job(job_id).await {
        Ok(()) => {
            let message = format!("dibatalkan oleh {} (pekerjaan {job_id} dihapus dari antrean cetak)", actor.username);
            station
                .step(|s| {
                    s.store.write(|tx| {
                        tx.attempts_record_job_end(attempt.id, JobState::Failed, &message, "", &time::stamp(time::now()))?;
                        audit(tx, actor, "print.cancel", &subject, json!({ "attempt": attempt.id, "job_id": job_id }))
                    })
                })
                .await?;
            log::info!("print: attempt {} job {job_id} cancelled by the officer", attempt.id);
            Ok(CancelReport { request_id: request_id.to_string(), attempt_id: attempt.id, blanko_serial: attempt.blanko_serial, job_id, message })
        }
        Err(e) => {
            let code = e.code();
            station
                .step(|s| s.store.write(|tx| audit(tx, actor, "print.cancel_refused", &subject, json!({ "attempt": attempt.id, "job_id": job_id, "code": code, "error": e.to_string() }))))
                .await?;
            Err(CoreError::CancelRefused { job_id, source: e })
        }
    }
}
