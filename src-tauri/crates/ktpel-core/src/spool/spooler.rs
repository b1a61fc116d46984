//! "The spooler", as the station sees it: one interface with two implementations — CUPS over IPP
//! (`ipp_ops::Spooler`) and the Windows spooler (`winspool`, built on Windows only). Which one a
//! printer goes through is decided here, once, by where the printer is (`Endpoint`): a Windows
//! PC's printers are its spooler's; a CUPS queue or an `ipp://` URI is spoken to over IPP.
//!
//! Both report in the same terms (IPP's job and printer states, IPP reason keywords), so following
//! a job (`follow`), reconcile and the officer's words are one code for both.

use std::time::Duration;

use super::identity::SpoolIdentity;
use super::ipp_ops::{self, JobInfo, PrinterInfo};
use super::media::JobTemplate;
use super::target::{Endpoint, PrinterTarget};
use super::SpoolError;
use crate::card::CardLayout;

/// One card to print: the PDF for a spooler that takes documents (CUPS), the positioned layout
/// for one that draws through the printer's driver (Windows: a PDF sent raw to a card printer's
/// driver prints garbage).
pub struct CardJob<'a> {
    pub name: &'a str,
    pub pdf: &'a [u8],
    pub layout: &'a CardLayout,
    pub template: &'a JobTemplate,
}

/// Implemented by each spooler; the station holds an `AnySpooler` (no trait objects: the
/// futures stay concrete, so the window's commands stay `Send`).
#[allow(async_fn_in_trait)] // implementors are concrete; their futures' Send-ness is known
pub trait PrintSpooler {
    /// The printer as the station names and records it.
    fn target(&self) -> &PrinterTarget;
    /// How long one question to the spooler may take.
    fn set_timeout(&mut self, timeout: Duration);
    async fn printer_info(&self) -> Result<PrinterInfo, SpoolError>;
    /// Submits the card as one job named `job.name`; returns the spooler's job id.
    async fn submit(&self, job: CardJob<'_>) -> Result<i32, SpoolError>;
    /// None when the spooler no longer knows the job: unknown, not failed (each spooler says
    /// what a vanished job means; see `winspool_rules`).
    async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError>;
    /// The jobs the spooler still holds for this printer (to find one by name after a crash).
    async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError>;
    async fn cancel_job(&self, job_id: i32) -> Result<(), SpoolError>;
    /// Waits until the printer or its jobs may have changed, at most `max`: a spooler that
    /// notifies (Windows, where the driver gives notifications) returns at the change; the
    /// others simply wait.
    async fn wait_for_change(&self, max: Duration) {
        tokio::time::sleep(max).await
    }
}

/// The spooler a printer goes through.
pub enum AnySpooler {
    Cups(ipp_ops::Spooler),
    #[cfg(windows)]
    Windows(super::winspool::WinSpooler),
}

/// The spooler of `target`, asking as `who`.
pub fn open(target: PrinterTarget, who: SpoolIdentity) -> Result<AnySpooler, SpoolError> {
    match target.endpoint {
        Endpoint::Windows => windows_spooler(target),
        _ => Ok(AnySpooler::Cups(ipp_ops::Spooler::new(target, who))),
    }
}

/// Each call goes to the spooler the printer is on.
macro_rules! each {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AnySpooler::Cups($s) => $call,
            #[cfg(windows)]
            AnySpooler::Windows($s) => $call,
        }
    };
}

impl PrintSpooler for AnySpooler {
    fn target(&self) -> &PrinterTarget {
        each!(self, s => s.target())
    }
    fn set_timeout(&mut self, timeout: Duration) {
        each!(self, s => s.set_timeout(timeout))
    }
    async fn printer_info(&self) -> Result<PrinterInfo, SpoolError> {
        each!(self, s => PrintSpooler::printer_info(s).await)
    }
    async fn submit(&self, job: CardJob<'_>) -> Result<i32, SpoolError> {
        each!(self, s => s.submit(job).await)
    }
    async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError> {
        each!(self, s => PrintSpooler::job_info(s, job_id).await)
    }
    async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError> {
        each!(self, s => PrintSpooler::jobs(s).await)
    }
    async fn cancel_job(&self, job_id: i32) -> Result<(), SpoolError> {
        each!(self, s => PrintSpooler::cancel_job(s, job_id).await)
    }
    async fn wait_for_change(&self, max: Duration) {
        each!(self, s => s.wait_for_change(max).await)
    }
}

/// Every printer `endpoint` has, with its state.
pub async fn list_printers(endpoint: &Endpoint, who: &SpoolIdentity, timeout: Duration) -> Result<Vec<PrinterInfo>, SpoolError> {
    match endpoint {
        Endpoint::Windows => windows_printers(),
        _ => ipp_ops::list_printers(endpoint, who, timeout).await,
    }
}

#[cfg(windows)]
fn windows_spooler(target: PrinterTarget) -> Result<AnySpooler, SpoolError> {
    Ok(AnySpooler::Windows(super::winspool::WinSpooler::new(target)))
}

#[cfg(windows)]
fn windows_printers() -> Result<Vec<PrinterInfo>, SpoolError> {
    super::winspool::list_printers()
}

#[cfg(not(windows))]
fn windows_spooler(target: PrinterTarget) -> Result<AnySpooler, SpoolError> {
    Err(not_here(&target.display))
}

#[cfg(not(windows))]
fn windows_printers() -> Result<Vec<PrinterInfo>, SpoolError> {
    Err(not_here("winspool"))
}

#[cfg(not(windows))]
fn not_here(target: &str) -> SpoolError {
    SpoolError::BadTarget { target: target.to_string(), reason: "printer Windows hanya dapat dipakai di Windows; di sini pilih antrean CUPS".into() }
}
