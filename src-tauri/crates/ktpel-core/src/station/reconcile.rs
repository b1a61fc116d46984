//! After a crash or restart: ties each open attempt that was still moving to what the spooler
//! knows. A job found by its unique name gets its id recorded; an attempt whose job never
//! reached the spooler is marked failed; finished jobs get their end. An attempt whose end was
//! unknown (the scheduler was gone while it was followed) is asked about again: a job that
//! survived and is still waiting is cancelled, because the station already gave up on it and it
//! must not print later on a blank the officer may have put back. Nothing is re-submitted: the
//! officer then judges each attempt with confirm.

use serde_json::json;

use super::{audit, OpenAttempt, Station};
use crate::auth::{Action, Actor};
use crate::error::Result;
use crate::spool::ipp_ops::job_state;
use crate::spool::{JobInfo, PrintSpooler, PrinterTarget, SpoolError};
use crate::store::attempts::{AttemptRow, JobState};
use crate::time;

/// What reconciling learnt about one attempt.
enum Finding {
    JobFound(JobInfo),
    NeverSubmitted,
    Forgotten,
    Unreachable(SpoolError),
}

impl Station {
    /// Reconciles every open attempt of this desk that was still reserved or submitted; returns
    /// all open attempts. Another desk's attempt is left alone: it went to that desk's printer,
    /// which this desk may not even reach, and it may be in the middle of its submit right now —
    /// "not in the spooler" seen from here would fail a print that is about to come out.
    pub async fn reconcile(&mut self, actor: &Actor) -> Result<Vec<OpenAttempt>> {
        actor.require(Action::Reconcile)?;
        for open in self.open_attempts()? {
            if self.is_this_desks(&open.attempt) && needs_checking(&open.attempt) {
                self.reconcile_one(actor, &open.request_id, &open.attempt).await?;
            }
        }
        self.open_attempts()
    }

    /// Reconciles the open attempt of one request if it is still marked as moving.
    pub async fn reconcile_request(&mut self, actor: &Actor, request_id: &str) -> Result<()> {
        actor.require(Action::Reconcile)?;
        let (_, attempt) = self.open_attempt_of(request_id)?;
        if self.is_this_desks(&attempt) && needs_checking(&attempt) {
            self.reconcile_one(actor, request_id, &attempt).await?;
        }
        Ok(())
    }

    async fn reconcile_one(&mut self, actor: &Actor, request_id: &str, a: &AttemptRow) -> Result<()> {
        let target = PrinterTarget::from_record(&a.spool_server, &a.printer_path, &a.printer)?;
        let asking = self.spool_identity(&target.endpoint)?.user;
        let spooler = self.spooler(target)?;
        let finding = match a.job_id {
            Some(id) => match spooler.job_info(id as i32).await {
                Ok(Some(job)) => Finding::JobFound(job),
                Ok(None) => Finding::Forgotten,
                Err(e) => Finding::Unreachable(e),
            },
            None => match spooler.jobs().await {
                Ok(jobs) => match jobs.iter().find(|j| j.name == a.job_name) {
                    Some(job) => Finding::JobFound(job.clone()),
                    // CUPS hides the names of other accounts' jobs (JobPrivateValues): with one
                    // hidden, "never submitted" cannot be concluded, so the attempt waits.
                    None if jobs.iter().any(|j| j.name.is_empty()) => Finding::Unreachable(SpoolError::NotAllowed {
                        user: asking.clone(),
                        message: ": nama sebagian pekerjaan disembunyikan CUPS".into(),
                    }),
                    None => Finding::NeverSubmitted,
                },
                Err(e) if e.printer_missing() => Finding::NeverSubmitted,
                Err(e) => Finding::Unreachable(e),
            },
        };
        let at = time::stamp(time::now());
        let given_up = a.job_state == JobState::Unknown;
        let (state, message) = match &finding {
            Finding::Unreachable(e) => {
                log::warn!("reconcile: attempt {} not checked: {e}", a.id);
                return Ok(());
            }
            // Still unknown: nothing new to record.
            Finding::Forgotten if given_up => return Ok(()),
            Finding::JobFound(job) if given_up && !job_state::is_finished(job.state) => match spooler.cancel_job(job.id).await {
                Ok(()) => (JobState::Failed, "pekerjaan yang sempat tidak diketahui ditemukan lagi di antrean cetak dan dibatalkan agar tidak tercetak belakangan".to_string()),
                Err(e) => {
                    log::warn!("reconcile: attempt {}: job {} found again but not cancelled: {e}", a.id, job.id);
                    return Ok(());
                }
            },
            Finding::NeverSubmitted => (JobState::Failed, "tidak pernah sampai ke antrean cetak (terputus sebelum dikirim)".to_string()),
            Finding::Forgotten => (JobState::Unknown, "pekerjaan tidak lagi dikenal oleh antrean cetak".to_string()),
            Finding::JobFound(job) => match job.state {
                job_state::COMPLETED => (JobState::Completed, String::new()),
                job_state::CANCELED | job_state::ABORTED => (JobState::Failed, format!("pekerjaan {}", crate::spool::reasons::job_state_words(job.state))),
                // Still in the queue: record the id and leave it moving.
                _ => (JobState::Submitted, String::new()),
            },
        };
        self.store.write(|tx| {
            if let Finding::JobFound(job) = &finding {
                if a.job_id.is_none() {
                    tx.attempts_record_job_id(a.id, job.id as i64, &at)?;
                }
            }
            if state != JobState::Submitted {
                tx.attempts_record_job_end(a.id, state, &message, "", &at)?;
            }
            audit(tx, actor, "print.reconcile", &format!("request:{request_id}"), json!({ "attempt": a.id, "job_state": state.as_str(), "message": message }))
        })
    }
}

/// Attempts still moving, and those whose end was unknown while a job id exists to ask about.
impl Station {
    /// The attempt was made at this desk (attempts from before desks had names are the single
    /// station's own).
    pub(crate) fn is_this_desks(&self, a: &AttemptRow) -> bool {
        a.station.is_empty() || a.station == self.desk
    }
}

fn needs_checking(a: &AttemptRow) -> bool {
    a.job_state.is_running() || (a.job_state == JobState::Unknown && a.job_id.is_some())
}
