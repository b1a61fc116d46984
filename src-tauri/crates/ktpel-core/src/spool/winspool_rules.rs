//! The Windows spooler's status read into the station's terms: IPP job and printer states and
//! reason keywords, so following a job (`follow`) decides the same way as on CUPS. Plain code
//! over numbers (JOB_INFO_1 / PRINTER_INFO_2 status bits, from winspool.h), compiled on every
//! platform, so its rules are tested on recorded status sequences on any CI machine.
//!
//! Windows pitfalls it answers:
//! - a finished job vanishes unless "keep printed jobs" is on: a job that was seen printing and is
//!   then gone is done (`JobMemory`); one never seen printing and gone is unknown, not done;
//! - "complete"/"printed" means handed to the printer, and some drivers never report beyond
//!   "printed": either counts as completed, as CUPS's completed does;
//! - an empty queue reports the printer ready even when it is off: readiness before a print is
//!   not proof, which is why every wait has the deadline (the job then sits unmoving and is
//!   cancelled at it).

use std::collections::HashSet;

use super::ipp_ops::{job_state, printer_state, JobInfo, PrinterInfo};
use super::SpoolError;

/// JOB_INFO_1.Status bits.
pub mod job_bits {
    pub const PAUSED: u32 = 0x1;
    pub const ERROR: u32 = 0x2;
    pub const DELETING: u32 = 0x4;
    pub const SPOOLING: u32 = 0x8;
    pub const PRINTING: u32 = 0x10;
    pub const OFFLINE: u32 = 0x20;
    pub const PAPEROUT: u32 = 0x40;
    pub const PRINTED: u32 = 0x80;
    pub const DELETED: u32 = 0x100;
    pub const BLOCKED_DEVQ: u32 = 0x200;
    pub const USER_INTERVENTION: u32 = 0x400;
    pub const RESTART: u32 = 0x800;
    pub const COMPLETE: u32 = 0x1000;
    pub const RETAINED: u32 = 0x2000;
}

/// PRINTER_INFO_2.Status bits, and the one attribute that matters.
pub mod printer_bits {
    pub const PAUSED: u32 = 0x1;
    pub const ERROR: u32 = 0x2;
    pub const PENDING_DELETION: u32 = 0x4;
    pub const PAPER_JAM: u32 = 0x8;
    pub const PAPER_OUT: u32 = 0x10;
    pub const PAPER_PROBLEM: u32 = 0x40;
    pub const OFFLINE: u32 = 0x80;
    pub const BUSY: u32 = 0x200;
    pub const PRINTING: u32 = 0x400;
    pub const NOT_AVAILABLE: u32 = 0x1000;
    pub const PROCESSING: u32 = 0x4000;
    pub const TONER_LOW: u32 = 0x20000;
    pub const NO_TONER: u32 = 0x40000;
    pub const USER_INTERVENTION: u32 = 0x100000;
    pub const DOOR_OPEN: u32 = 0x400000;
    /// PRINTER_ATTRIBUTE_WORK_OFFLINE: "Use printer offline" is ticked.
    pub const ATTRIBUTE_WORK_OFFLINE: u32 = 0x400;
}

/// One job as GetJob / EnumJobs (level 1) return it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawJob {
    pub id: u32,
    pub document: String,
    pub status: u32,
    /// pStatus: the driver's own words, when it gives any.
    pub status_text: String,
}

/// One printer as GetPrinter / EnumPrinters (level 2) return it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawPrinter {
    pub name: String,
    pub status: u32,
    pub attributes: u32,
    pub jobs: u32,
    /// pComment: the description an admin gave (as CUPS's printer-info; SPESIMEN marks a demo).
    pub comment: String,
}

/// The printer's conditions as IPP reason keywords, the same the officer reads on CUPS.
pub fn printer_reasons(status: u32, attributes: u32) -> Vec<String> {
    use printer_bits::*;
    let table: [(u32, &str); 10] = [
        (PAPER_OUT, "media-empty-error"),
        (PAPER_JAM, "media-jam-error"),
        (PAPER_PROBLEM, "media-jam-error"),
        (NO_TONER, "marker-supply-empty-error"),
        (DOOR_OPEN, "door-open-error"),
        (OFFLINE, "offline-error"),
        (NOT_AVAILABLE, "offline-error"),
        (USER_INTERVENTION, "other-error"),
        (TONER_LOW, "marker-supply-low-warning"),
        (PAUSED, "paused"),
    ];
    let mut out: Vec<String> = Vec::new();
    for (bit, keyword) in table {
        if status & bit != 0 && !out.iter().any(|k| k == keyword) {
            out.push(keyword.to_string());
        }
    }
    if attributes & ATTRIBUTE_WORK_OFFLINE != 0 && !out.iter().any(|k| k == "offline-error") {
        out.push("offline-error".into());
    }
    // An error with no detail still stops the job, as CUPS's "other".
    if status & ERROR != 0 && !out.iter().any(|k| k.ends_with("-error")) {
        out.push("other-error".into());
    }
    out
}

pub fn printer_info(raw: &RawPrinter) -> PrinterInfo {
    use printer_bits::*;
    let state = if raw.status & PAUSED != 0 {
        printer_state::STOPPED
    } else if raw.status & (PRINTING | PROCESSING | BUSY) != 0 || raw.jobs > 0 {
        printer_state::PROCESSING
    } else {
        printer_state::IDLE
    };
    PrinterInfo {
        name: raw.name.clone(),
        state,
        reasons: printer_reasons(raw.status, raw.attributes),
        accepting: raw.status & PENDING_DELETION == 0,
        message: String::new(),
        info: raw.comment.clone(),
        // The driver takes the card's page from the job's DEVMODE; no size list to check.
        media: Default::default(),
        // Windows tells supplies only through each vendor's own status monitor.
        markers: Vec::new(),
    }
}

/// The job's state in IPP's terms; its reasons and message carry the driver's words.
pub fn job_info(raw: &RawJob) -> JobInfo {
    use job_bits::*;
    let s = raw.status;
    let (state, reasons): (i32, Vec<String>) = if s & (COMPLETE | PRINTED) != 0 {
        (job_state::COMPLETED, vec![])
    } else if s & (DELETING | DELETED) != 0 {
        (job_state::CANCELED, vec!["job-canceled-by-user".into()])
    } else if s & (ERROR | PAPEROUT | OFFLINE | USER_INTERVENTION | BLOCKED_DEVQ) != 0 {
        let mut r = Vec::new();
        if s & PAPEROUT != 0 {
            r.push("media-empty-error".to_string());
        }
        if s & OFFLINE != 0 {
            r.push("offline-error".to_string());
        }
        if s & (ERROR | USER_INTERVENTION | BLOCKED_DEVQ) != 0 && r.is_empty() {
            r.push("other-error".to_string());
        }
        (job_state::PROCESSING_STOPPED, r)
    } else if s & PAUSED != 0 {
        (job_state::PENDING_HELD, vec!["job-hold-until-specified".into()])
    } else if s & PRINTING != 0 {
        (job_state::PROCESSING, vec![])
    } else {
        // Spooling, restarting, or nothing reported yet: waiting for the printer.
        (job_state::PENDING, vec![])
    };
    let message = if raw.status_text.is_empty() && s & PAUSED != 0 { "pekerjaan dijeda di antrean Windows".to_string() } else { raw.status_text.clone() };
    JobInfo { id: raw.id as i32, name: raw.document.clone(), state, reasons, message }
}

/// What the station remembers of its jobs between looks, for the jobs Windows forgets.
#[derive(Debug, Default)]
pub struct JobMemory {
    seen_printing: HashSet<u32>,
}

impl JobMemory {
    /// The job as the station should read it now: gone after it was seen printing is done (the
    /// spooler drops finished jobs); gone without that is unknown (`None`).
    pub fn read(&mut self, id: u32, raw: Option<&RawJob>) -> Option<JobInfo> {
        match raw {
            Some(raw) => {
                if raw.status & (job_bits::PRINTING | job_bits::PRINTED | job_bits::COMPLETE) != 0 {
                    self.seen_printing.insert(id);
                }
                Some(job_info(raw))
            }
            None if self.seen_printing.contains(&id) => {
                Some(JobInfo { id: id as i32, name: String::new(), state: job_state::COMPLETED, reasons: vec![], message: "selesai dan dihapus dari antrean Windows".into() })
            }
            None => None,
        }
    }
}

/// Windows error codes OpenPrinter answers with (winerror.h).
pub mod open_codes {
    pub const INVALID_PRINTER_NAME: u32 = 1801;
    /// The Print Spooler service is stopped, or a network printer's server is out of reach.
    pub const RPC_SERVER_UNAVAILABLE: u32 = 1722;
    pub const SERVICE_NOT_ACTIVE: u32 = 1062;
}

/// Why a printer could not be opened, in the officer's terms.
pub fn open_error(printer: &str, code: u32) -> SpoolError {
    match code {
        open_codes::INVALID_PRINTER_NAME => SpoolError::WindowsPrinterMissing { printer: printer.to_string() },
        open_codes::RPC_SERVER_UNAVAILABLE | open_codes::SERVICE_NOT_ACTIVE => SpoolError::WindowsSpoolerDown { printer: printer.to_string(), code },
        _ => SpoolError::Windows { call: format!("OpenPrinter ('{printer}')"), code },
    }
}

/// What is wrong with the page the driver gives for the card (width × height in mm, as the
/// device context has it), or None when it is the card's page in the card's orientation. A
/// driver may ignore the size or the orientation it was asked for; drawing on such a page would
/// clip the card and spend a blank, so the card is not started at all.
pub fn page_problem(page_mm: (f32, f32), card_mm: (f32, f32)) -> Option<String> {
    // Card drivers round the ID-1 size their own way (86 × 54, 85.5 × 54.1, 3.4 × 2.15 in).
    const SLACK_MM: f32 = 2.0;
    let fits = (page_mm.0 - card_mm.0).abs() <= SLACK_MM && (page_mm.1 - card_mm.1).abs() <= SLACK_MM;
    if fits {
        return None;
    }
    let mm = |v: f32| format!("{v:.1}").replace('.', ",");
    let turned = (page_mm.0 - card_mm.1).abs() <= SLACK_MM && (page_mm.1 - card_mm.0).abs() <= SLACK_MM;
    let what = if turned { "orientasi lanskap" } else { "kertas kartu CR80 dan orientasi lanskap" };
    Some(format!(
        "driver printernya memberi halaman {} × {} mm, bukan kartu {} × {} mm; pilih {what} di Preferensi Pencetakan printer itu, lalu cetak lagi (tidak ada kartu yang terpakai)",
        mm(page_mm.0),
        mm(page_mm.1),
        mm(card_mm.0),
        mm(card_mm.1)
    ))
}

#[cfg(test)]
#[path = "winspool_rules_tests.rs"]
mod tests;
