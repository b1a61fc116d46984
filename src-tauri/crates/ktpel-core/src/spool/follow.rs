//! Following a submitted job until it is done or failed. CUPS alone cannot be trusted to end a
//! job: with the retry-job policy a failing printer retries for ever, and on a stopped printer
//! the job waits silently. So we also watch the printer, apply a deadline, and cancel a job we
//! give up on, so that it can never print later behind the officer's back.

use std::time::{Duration, Instant};

use super::ipp_ops::{job_state, printer_state, JobInfo};
use super::spooler::PrintSpooler;
use super::reasons::{self, is_error};
use super::SpoolError;

#[derive(Debug, Clone, Copy)]
pub struct FollowPolicy {
    pub poll: Duration,
    /// The longest a card job may take from submit to done (a card takes 20–30 s).
    pub deadline: Duration,
    /// How long a stopped printer, an error reason or a lost scheduler is tolerated.
    pub grace: Duration,
}

impl Default for FollowPolicy {
    fn default() -> Self {
        FollowPolicy { poll: Duration::from_millis(500), deadline: Duration::from_secs(120), grace: Duration::from_secs(5) }
    }
}

/// What the officer sees while a job runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct JobProgress {
    pub job_id: i32,
    pub job_state: i32,
    pub job_words: String,
    pub printer_state: i32,
    pub printer_reasons: Vec<String>,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FollowOutcome {
    /// The spooler handed the job to the printer (not proof that a card came out).
    Completed,
    /// The job ended without printing, or we cancelled it; `reason` in words.
    Failed { reason: String, reasons: Vec<String> },
    /// We could not learn the end (scheduler gone, job forgotten, cancel refused).
    Unknown { reason: String },
}

pub async fn follow<S: PrintSpooler + ?Sized>(spooler: &S, job_id: i32, policy: FollowPolicy, mut on_progress: impl FnMut(&JobProgress)) -> FollowOutcome {
    let start = Instant::now();
    let mut trouble_since: Option<Instant> = None;
    let mut last: Option<JobProgress> = None;
    loop {
        let (job, printer) = match poll_once(spooler, job_id).await {
            Ok(v) => v,
            Err(e) => {
                let since = *trouble_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= policy.grace {
                    return FollowOutcome::Unknown { reason: format!("status pekerjaan tidak dapat diikuti: {e}") };
                }
                tokio::time::sleep(policy.poll).await;
                continue;
            }
        };
        let Some(job) = job else {
            return FollowOutcome::Unknown { reason: "pekerjaan tidak lagi dikenal oleh spooler".into() };
        };
        let (p_state, p_reasons) = printer.map(|p| (p.state, p.reasons)).unwrap_or((0, Vec::new()));
        let trouble = details(&job, p_state, &p_reasons);
        let progress = JobProgress {
            job_id,
            job_state: job.state,
            job_words: reasons::job_state_words(job.state).to_string(),
            printer_state: p_state,
            words: join(&[reasons::job_state_words(job.state).to_string(), details(&job, p_state, &p_reasons)]),
            printer_reasons: p_reasons.clone(),
        };
        if last.as_ref() != Some(&progress) {
            on_progress(&progress);
            last = Some(progress.clone());
        }
        match job.state {
            job_state::COMPLETED => return FollowOutcome::Completed,
            job_state::CANCELED => {
                return FollowOutcome::Failed { reason: join(&["pekerjaan dibatalkan di printer atau di antrean cetak".into(), trouble]), reasons: p_reasons }
            }
            job_state::ABORTED => {
                return FollowOutcome::Failed { reason: join(&["pekerjaan digagalkan oleh sistem cetak".into(), trouble]), reasons: p_reasons }
            }
            _ => {}
        }
        // A job that cannot progress: held with a message (retry policy), stopped, a stopped
        // printer, or an error reason. Tolerated for the grace period, then given up.
        let stuck = (job.state == job_state::PENDING_HELD && !job.message.is_empty())
            || job.state == job_state::PROCESSING_STOPPED
            || p_state == printer_state::STOPPED
            || p_reasons.iter().any(|r| is_error(r));
        let now = Instant::now();
        if stuck {
            trouble_since.get_or_insert(now);
        } else {
            trouble_since = None;
        }
        let overdue = start.elapsed() >= policy.deadline;
        let stuck_too_long = trouble_since.is_some_and(|t| now.duration_since(t) >= policy.grace);
        if overdue || stuck_too_long {
            let why = if overdue {
                join(&[format!("pekerjaan tidak selesai dalam {} detik", policy.deadline.as_secs()), trouble])
            } else if trouble.is_empty() {
                "printer tidak dapat melanjutkan pekerjaan".to_string()
            } else {
                trouble
            };
            return give_up(spooler, job_id, why, p_reasons).await;
        }
        spooler.wait_for_change(policy.poll).await;
    }
}

async fn poll_once<S: PrintSpooler + ?Sized>(spooler: &S, job_id: i32) -> Result<(Option<JobInfo>, Option<super::PrinterInfo>), SpoolError> {
    let job = spooler.job_info(job_id).await?;
    // The printer may have been deleted while the job is known: keep following the job.
    let printer = match spooler.printer_info().await {
        Ok(p) => Some(p),
        Err(e) if e.printer_missing() => None,
        Err(e) => return Err(e),
    };
    Ok((job, printer))
}

/// Cancels the job so it cannot print later; if even that fails, the end is unknown.
async fn give_up<S: PrintSpooler + ?Sized>(spooler: &S, job_id: i32, why: String, reasons: Vec<String>) -> FollowOutcome {
    match spooler.cancel_job(job_id).await {
        Ok(()) => FollowOutcome::Failed { reason: format!("{why}; pekerjaan dibatalkan agar tidak tercetak belakangan"), reasons },
        Err(e) => FollowOutcome::Unknown { reason: format!("{why}; pembatalan gagal ({e}): periksa antrean sebelum mencetak ulang") },
    }
}

/// What the printer says is wrong, most useful first; empty when nothing is.
fn details(job: &JobInfo, p_state: i32, p_reasons: &[String]) -> String {
    let mut parts = Vec::new();
    if p_state == printer_state::STOPPED {
        parts.push("printer berhenti".to_string());
    }
    parts.push(reasons::summary(p_reasons));
    if !job.message.is_empty() {
        parts.push(format!("pesan printer: {}", job.message));
    }
    join(&parts)
}

fn join(parts: &[String]) -> String {
    parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("; ")
}
