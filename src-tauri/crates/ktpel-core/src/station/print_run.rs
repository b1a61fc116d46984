//! The print step as a sequence of short station steps around the waits on the spooler: check the
//! blank and the printer, reserve (one transaction), submit, record the job id, follow the job
//! while telling the caller what happens, record the end. A second print of the same request is
//! refused by the reserve step (the request is already *printing*), however the calls interleave.

use serde::Serialize;

use super::access::StationAccess;
use super::print::{preflight, PrintReport};
use crate::auth::{Action, Actor};
use crate::error::Result;
use crate::spool::{follow, CardJob, FollowOutcome, FollowPolicy, JobProgress, PrintSpooler, PrinterTarget};
use crate::store::attempts::JobState;

/// What the officer is told while a card prints.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum PrintEvent {
    /// The printer is being asked whether it can print.
    CheckingPrinter { printer: String },
    /// The blank is reserved and the attempt written; the job is being sent.
    Reserved {
        #[ts(type = "number")]
        attempt_id: i64,
        blanko_serial: String,
    },
    /// The spooler accepted the job.
    Submitted { job_id: i32 },
    /// The job's and the printer's state, each time it changes.
    Job(JobProgress),
}

/// Prints one card. `policy` None: the deadline from the settings.
pub async fn run(
    station: &impl StationAccess,
    actor: &Actor,
    request_id: &str,
    serial: &str,
    target: PrinterTarget,
    policy: Option<FollowPolicy>,
    on_event: impl FnMut(&PrintEvent),
) -> Result<PrintReport> {
    run_with_chip(station, actor, request_id, serial, None, target, policy, on_event).await
}

/// The desk's print: the chip UID typed, else the one of the blank on this PC's reader (none
/// without a reader; see `chip::for_print`), then `run_with_chip`.
#[allow(clippy::too_many_arguments)]
pub async fn run_at_desk(
    station: &impl StationAccess,
    actor: &Actor,
    request_id: &str,
    serial: &str,
    typed_chip: Option<&str>,
    target: PrinterTarget,
    policy: Option<FollowPolicy>,
    on_event: impl FnMut(&PrintEvent),
) -> Result<PrintReport> {
    let chip = crate::chip::for_print(typed_chip)?;
    run_with_chip(station, actor, request_id, serial, chip.as_deref(), target, policy, on_event).await
}

/// As `run`, with the blank's chip UID (tapped or typed; see `chip::for_print`) recorded or
/// checked when the blank is reserved.
#[allow(clippy::too_many_arguments)]
pub async fn run_with_chip(
    station: &impl StationAccess,
    actor: &Actor,
    request_id: &str,
    serial: &str,
    chip: Option<&str>,
    target: PrinterTarget,
    policy: Option<FollowPolicy>,
    mut on_event: impl FnMut(&PrintEvent),
) -> Result<PrintReport> {
    actor.require(Action::Print)?;
    // Cheap checks first, so a mistyped serial is answered before the printer is even asked.
    let policy = station
        .step(|s| {
            s.check_blanko(serial)?;
            s.request(request_id)?;
            match policy {
                Some(p) => Ok(p),
                None => s.follow_policy(),
            }
        })
        .await?;
    on_event(&PrintEvent::CheckingPrinter { printer: target.display.clone() });
    let spooler = station.step(|s| s.spooler(target.clone())).await?;
    let printer = preflight(&spooler).await?;
    let plan = station.step(|s| s.begin_print_with_chip(actor, request_id, serial, chip, target, &printer)).await?;
    on_event(&PrintEvent::Reserved { attempt_id: plan.attempt_id, blanko_serial: plan.blanko_serial.clone() });
    let template = printer.media.template();
    let submitted = spooler.submit(CardJob { name: &plan.job_name, pdf: &plan.pdf, layout: &plan.layout, template: &template }).await;
    station.step(|s| s.record_submit(actor, &plan, &submitted)).await?;
    let mut report = PrintReport {
        request_id: plan.request_id.clone(),
        attempt_id: plan.attempt_id,
        blanko_serial: plan.blanko_serial.clone(),
        printer: plan.target.display.clone(),
        job_id: None,
        job_state: JobState::Failed,
        message: String::new(),
        reasons: Vec::new(),
        specimen: plan.specimen,
    };
    match submitted {
        Err(e) => {
            report.job_state = if e.job_certainly_absent() { JobState::Failed } else { JobState::Unknown };
            report.message = format!("tidak terkirim: {e}");
        }
        Ok(job_id) => {
            on_event(&PrintEvent::Submitted { job_id });
            report.job_id = Some(job_id);
            let outcome = follow::follow(&spooler, job_id, policy, |p| on_event(&PrintEvent::Job(p.clone()))).await;
            report.job_state = station.step(|s| s.record_end(actor, plan.attempt_id, request_id, &outcome)).await?;
            match outcome {
                FollowOutcome::Failed { reason, reasons } => {
                    report.message = reason;
                    report.reasons = reasons;
                }
                FollowOutcome::Unknown { reason } => report.message = reason,
                FollowOutcome::Completed => {}
            }
        }
    }
    Ok(report)
}
