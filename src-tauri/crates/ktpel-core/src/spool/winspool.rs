//! The Windows spooler behind `PrintSpooler` (Windows only): printers and their state through
//! winspool (EnumPrinters, GetPrinter), the card drawn through the printer's driver with GDI
//! (`gdi_card`; the job id comes from StartDoc and the document carries the attempt's job name, so
//! reconcile finds it with EnumJobs), the job followed with GetJob and cancelled with SetJob
//! JOB_CONTROL_DELETE. What the numbers mean is decided in `winspool_rules`, on every platform.
//!
//! The calls are short (a card is drawn in milliseconds; the spooler answers locally), so they
//! run in place; only the wait for a change notification runs on a blocking thread.

use std::sync::Mutex;
use std::time::Duration;

use windows_sys::Win32::Foundation::{GetLastError, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, INVALID_HANDLE_VALUE};
use windows_sys::Win32::System::Threading::WaitForSingleObject;
use windows_sys::Win32::Graphics::Printing::{
    ClosePrinter, EnumJobsW, EnumPrintersW, FindClosePrinterChangeNotification, FindFirstPrinterChangeNotification, GetJobW, GetPrinterW, OpenPrinterW, SetJobW, JOB_CONTROL_DELETE, JOB_INFO_1W, PRINTER_ENUM_CONNECTIONS,
    PRINTER_CHANGE_JOB, PRINTER_CHANGE_PRINTER, PRINTER_ENUM_LOCAL, PRINTER_HANDLE, PRINTER_INFO_2W,
};

use super::ipp_ops::{JobInfo, PrinterInfo};
use super::spooler::{CardJob, PrintSpooler};
use super::target::PrinterTarget;
use super::winspool_rules::{self, JobMemory, RawJob, RawPrinter};
use super::SpoolError;

#[path = "gdi_card.rs"]
mod gdi_card;

pub struct WinSpooler {
    target: PrinterTarget,
    memory: Mutex<JobMemory>,
}

impl WinSpooler {
    pub fn new(target: PrinterTarget) -> Self {
        WinSpooler { target, memory: Mutex::default() }
    }

    fn name(&self) -> &str {
        self.target.queue()
    }
}

impl PrintSpooler for WinSpooler {
    fn target(&self) -> &PrinterTarget {
        &self.target
    }

    fn set_timeout(&mut self, _: Duration) {}

    async fn printer_info(&self) -> Result<PrinterInfo, SpoolError> {
        let printer = Printer::open(self.name())?;
        Ok(winspool_rules::printer_info(&printer.info()?))
    }

    async fn submit(&self, job: CardJob<'_>) -> Result<i32, SpoolError> {
        gdi_card::print(self.name(), job.name, job.layout)
    }

    async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError> {
        let printer = Printer::open(self.name())?;
        let raw = printer.job(job_id as u32)?;
        let mut memory = self.memory.lock().map_err(|_| SpoolError::Protocol("ingatan pekerjaan rusak".into()))?;
        Ok(memory.read(job_id as u32, raw.as_ref()))
    }

    async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError> {
        let printer = Printer::open(self.name())?;
        Ok(printer.jobs()?.iter().map(winspool_rules::job_info).collect())
    }

    /// With the driver's change notifications the next look comes as soon as something moves;
    /// without them (some drivers, Wine) the wait is the plain poll.
    async fn wait_for_change(&self, max: Duration) {
        let name = self.name().to_string();
        let notified = tokio::task::spawn_blocking(move || wait_printer_change(&name, max)).await;
        if !matches!(notified, Ok(true)) {
            tokio::time::sleep(max).await;
        }
    }

    async fn cancel_job(&self, job_id: i32) -> Result<(), SpoolError> {
        let printer = Printer::open(self.name())?;
        // SAFETY: a live handle; level 0 with no buffer is how SetJob takes a bare command.
        if unsafe { SetJobW(printer.0, job_id as u32, 0, std::ptr::null(), JOB_CONTROL_DELETE) } == 0 {
            let code = unsafe { GetLastError() };
            // Already gone: nothing left that could print.
            if code == ERROR_INVALID_PARAMETER {
                return Ok(());
            }
            return Err(SpoolError::Windows { call: "SetJob (batalkan)".into(), code });
        }
        Ok(())
    }
}

/// Waits up to `max` for a change of the printer or its jobs; false when the spooler gives no
/// notifications for it.
fn wait_printer_change(name: &str, max: Duration) -> bool {
    let Ok(printer) = Printer::open(name) else { return false };
    // SAFETY: a live printer handle; the change handle is closed before returning.
    unsafe {
        let change = FindFirstPrinterChangeNotification(printer.0, PRINTER_CHANGE_JOB | PRINTER_CHANGE_PRINTER, 0, std::ptr::null());
        if change.is_null() || change == INVALID_HANDLE_VALUE {
            return false;
        }
        WaitForSingleObject(change, max.as_millis().min(u128::from(u32::MAX)) as u32);
        FindClosePrinterChangeNotification(change);
    }
    true
}

/// Every printer this PC's spooler has (local and connected ones), with its state.
pub fn list_printers() -> Result<Vec<PrinterInfo>, SpoolError> {
    let flags = PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS;
    let buf = fetch(|ptr, size, needed, count| unsafe { EnumPrintersW(flags, std::ptr::null(), 2, ptr, size, needed, count) }, "EnumPrinters")?;
    let (bytes, count) = match buf {
        Some(v) => v,
        None => return Ok(Vec::new()),
    };
    let infos = bytes.as_ptr() as *const PRINTER_INFO_2W;
    // SAFETY: EnumPrinters wrote `count` PRINTER_INFO_2W at the start of the buffer, which
    // lives while they are read.
    Ok((0..count as usize).map(|i| winspool_rules::printer_info(&raw_printer(unsafe { &*infos.add(i) }))).collect())
}

/// An open printer handle, closed when dropped.
struct Printer(PRINTER_HANDLE);

impl Printer {
    fn open(name: &str) -> Result<Printer, SpoolError> {
        let wide = wide(name);
        let mut handle = PRINTER_HANDLE::default();
        // SAFETY: `wide` is NUL-terminated and outlives the call; `handle` is written on success.
        if unsafe { OpenPrinterW(wide.as_ptr(), &mut handle, std::ptr::null()) } == 0 {
            return Err(winspool_rules::open_error(name, unsafe { GetLastError() }));
        }
        Ok(Printer(handle))
    }

    fn info(&self) -> Result<RawPrinter, SpoolError> {
        let h = self.0;
        let buf = fetch(|ptr, size, needed, count| {
            // SAFETY: GetPrinter fills at most `size` bytes; one structure when it succeeds.
            let ok = unsafe { GetPrinterW(h, 2, ptr, size, needed) };
            unsafe { *count = u32::from(ok != 0) };
            ok
        }, "GetPrinter")?;
        let (bytes, _) = buf.ok_or_else(|| SpoolError::Protocol("GetPrinter tidak memberi data".into()))?;
        // SAFETY: GetPrinter wrote one PRINTER_INFO_2W at the start of the buffer.
        Ok(raw_printer(unsafe { &*(bytes.as_ptr() as *const PRINTER_INFO_2W) }))
    }

    /// None when the spooler no longer holds the job.
    fn job(&self, id: u32) -> Result<Option<RawJob>, SpoolError> {
        let h = self.0;
        let buf = fetch(|ptr, size, needed, count| {
            // SAFETY: as in `info`.
            let ok = unsafe { GetJobW(h, id, 1, ptr, size, needed) };
            unsafe { *count = u32::from(ok != 0) };
            ok
        }, "GetJob");
        match buf {
            Ok(Some((bytes, _))) => Ok(Some(raw_job(unsafe { &*(bytes.as_ptr() as *const JOB_INFO_1W) }))),
            // Windows says ERROR_INVALID_PARAMETER for a job it no longer holds; Wine says
            // nothing at all. Either way the spooler does not have it (see `JobMemory`).
            Ok(None) | Err(SpoolError::Windows { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn jobs(&self) -> Result<Vec<RawJob>, SpoolError> {
        let h = self.0;
        let buf = fetch(|ptr, size, needed, count| unsafe { EnumJobsW(h, 0, 9999, 1, ptr, size, needed, count) }, "EnumJobs")?;
        let Some((bytes, count)) = buf else { return Ok(Vec::new()) };
        let jobs = bytes.as_ptr() as *const JOB_INFO_1W;
        // SAFETY: EnumJobs wrote `count` JOB_INFO_1W at the start of the buffer.
        Ok((0..count as usize).map(|i| raw_job(unsafe { &*jobs.add(i) })).collect())
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        // SAFETY: the handle came from OpenPrinter and is closed once.
        unsafe { ClosePrinter(self.0) };
    }
}

/// The two-call pattern of winspool: ask the size, then fill an 8-byte-aligned buffer. None when
/// there is nothing (zero bytes needed).
fn fetch(mut call: impl FnMut(*mut u8, u32, *mut u32, *mut u32) -> i32, what: &str) -> Result<Option<(Vec<u64>, u32)>, SpoolError> {
    let refused = |code| SpoolError::Windows { call: what.to_string(), code };
    let (mut needed, mut count) = (0u32, 0u32);
    if call(std::ptr::null_mut(), 0, &mut needed, &mut count) != 0 && needed == 0 {
        return Ok(None);
    }
    let code = unsafe { GetLastError() };
    if needed == 0 || (code != ERROR_INSUFFICIENT_BUFFER && code != 0) {
        return Err(refused(code));
    }
    let mut buf = vec![0u64; (needed as usize).div_ceil(8)];
    if call(buf.as_mut_ptr() as *mut u8, needed, &mut needed, &mut count) == 0 {
        return Err(refused(unsafe { GetLastError() }));
    }
    Ok(Some((buf, count)))
}

fn raw_printer(p: &PRINTER_INFO_2W) -> RawPrinter {
    RawPrinter { name: text(p.pPrinterName), status: p.Status, attributes: p.Attributes, jobs: p.cJobs, comment: text(p.pComment) }
}

fn raw_job(j: &JOB_INFO_1W) -> RawJob {
    RawJob { id: j.JobId, document: text(j.pDocument), status: j.Status, status_text: text(j.pStatus) }
}

/// A NUL-terminated UTF-16 string the spooler returned (empty when null).
fn text(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the spooler's strings are NUL-terminated and live in the buffer being read.
    let len = (0..).take_while(|&i| unsafe { *p.add(i) } != 0).count();
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

pub(super) fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}
