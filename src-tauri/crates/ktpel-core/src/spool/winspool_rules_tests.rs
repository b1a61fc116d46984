//! Recorded status sequences of the Windows spooler, replayed through the rules and the same
//! `follow` the CUPS spooler uses: what the officer would be told, and whether the job was
//! cancelled so it cannot print later.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use super::job_bits::*;
use super::{printer_bits, JobMemory, RawJob, RawPrinter};
use crate::spool::follow::{follow, FollowOutcome, FollowPolicy};
use crate::spool::ipp_ops::{JobInfo, PrinterInfo};
use crate::spool::spooler::{CardJob, PrintSpooler};
use crate::spool::target::PrinterTarget;
use crate::spool::SpoolError;

/// One look: the job (None: gone from the queue) and the printer's status bits.
type Look = (Option<u32>, u32);

/// A spooler that answers from a recording, one look per poll, the last one repeated.
struct Replay {
    target: PrinterTarget,
    looks: Vec<Look>,
    at: Cell<usize>,
    memory: RefCell<JobMemory>,
    cancelled: Cell<bool>,
}

const JOB: u32 = 7;

impl Replay {
    fn new(looks: &[Look]) -> Self {
        let target = PrinterTarget::parse("HID FARGO DTC1500", Some(crate::spool::target::WINDOWS)).expect("target");
        Replay { target, looks: looks.to_vec(), at: Cell::new(0), memory: RefCell::default(), cancelled: Cell::new(false) }
    }
    fn look(&self) -> Look {
        let i = self.at.get().min(self.looks.len() - 1);
        self.looks[i]
    }
}

impl PrintSpooler for Replay {
    fn target(&self) -> &PrinterTarget {
        &self.target
    }
    fn set_timeout(&mut self, _: Duration) {}
    async fn printer_info(&self) -> Result<PrinterInfo, SpoolError> {
        let (_, status) = self.look();
        Ok(super::printer_info(&RawPrinter { name: "HID FARGO DTC1500".into(), status, attributes: 0, jobs: 1, comment: String::new() }))
    }
    async fn submit(&self, _: CardJob<'_>) -> Result<i32, SpoolError> {
        Ok(JOB as i32)
    }
    async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError> {
        let (job, _) = self.look();
        self.at.set(self.at.get() + 1);
        let raw = job.map(|status| RawJob { id: job_id as u32, document: "meja-1-5".into(), status, status_text: String::new() });
        Ok(self.memory.borrow_mut().read(job_id as u32, raw.as_ref()))
    }
    async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError> {
        Ok(vec![])
    }
    async fn cancel_job(&self, _: i32) -> Result<(), SpoolError> {
        self.cancelled.set(true);
        Ok(())
    }
}

fn replay(looks: &[Look]) -> (FollowOutcome, bool) {
    let spooler = Replay::new(looks);
    let policy = FollowPolicy { poll: Duration::from_millis(1), deadline: Duration::from_millis(400), grace: Duration::from_millis(40) };
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
    let outcome = rt.block_on(follow(&spooler, JOB as i32, policy, |_| {}));
    (outcome, spooler.cancelled.get())
}

fn failed_saying(outcome: &FollowOutcome, words: &str) -> bool {
    matches!(outcome, FollowOutcome::Failed { reason, .. } if reason.contains(words))
}

#[test]
fn a_normal_print_spools_prints_and_vanishes() {
    let (outcome, cancelled) = replay(&[(Some(SPOOLING), 0), (Some(PRINTING), printer_bits::PRINTING), (Some(PRINTING), printer_bits::PRINTING), (None, 0)]);
    assert_eq!(outcome, FollowOutcome::Completed);
    assert!(!cancelled);
}

#[test]
fn out_of_cards_then_refilled_in_time_completes() {
    let out = (Some(PRINTING | PAPEROUT), printer_bits::PAPER_OUT);
    let (outcome, cancelled) = replay(&[(Some(PRINTING), 0), out, out, out, (Some(PRINTING), 0), (Some(PRINTED), 0)]);
    assert_eq!(outcome, FollowOutcome::Completed);
    assert!(!cancelled);
}

#[test]
fn out_of_cards_and_left_so_is_given_up_and_cancelled_in_words() {
    let out = (Some(PRINTING | PAPEROUT), printer_bits::PAPER_OUT);
    let (outcome, cancelled) = replay(&[(Some(PRINTING), 0), out]);
    assert!(failed_saying(&outcome, "kartu blanko habis"), "{outcome:?}");
    assert!(failed_saying(&outcome, "dibatalkan agar tidak tercetak belakangan"), "{outcome:?}");
    assert!(cancelled, "a job given up is deleted so it cannot print later");
}

#[test]
fn a_job_that_vanishes_after_it_was_seen_printing_is_done() {
    let (outcome, _) = replay(&[(Some(SPOOLING), 0), (Some(PRINTING), 0), (None, 0)]);
    assert_eq!(outcome, FollowOutcome::Completed);
}

#[test]
fn a_job_gone_before_it_was_seen_printing_is_unknown_not_done() {
    let (outcome, _) = replay(&[(Some(SPOOLING), 0), (None, 0)]);
    assert!(matches!(outcome, FollowOutcome::Unknown { .. }), "{outcome:?}");
}

#[test]
fn with_keep_printed_jobs_on_the_job_stays_printed_and_completes() {
    let (outcome, cancelled) = replay(&[(Some(PRINTING), 0), (Some(PRINTED | RETAINED), 0)]);
    assert_eq!(outcome, FollowOutcome::Completed);
    assert!(!cancelled);
}

#[test]
fn a_driver_that_never_reports_is_cancelled_at_the_deadline() {
    let (outcome, cancelled) = replay(&[(Some(0), 0)]);
    assert!(failed_saying(&outcome, "tidak selesai dalam"), "{outcome:?}");
    assert!(cancelled);
}

#[test]
fn an_offline_printer_with_an_empty_queue_looks_ready_so_the_deadline_decides() {
    // Before the print the queue said ready (status 0); the job then never moves.
    let ready = super::printer_info(&RawPrinter { name: "kartu".into(), status: 0, attributes: 0, jobs: 0, comment: String::new() });
    assert!(ready.reasons.is_empty() && ready.accepting, "Windows reports an empty queue ready even when the printer is off");
    let (outcome, cancelled) = replay(&[(Some(SPOOLING), 0)]);
    assert!(failed_saying(&outcome, "tidak selesai dalam"), "{outcome:?}");
    assert!(cancelled);
}

#[test]
fn a_printer_marked_offline_stops_the_job_in_words() {
    let (outcome, cancelled) = replay(&[(Some(SPOOLING), printer_bits::OFFLINE)]);
    assert!(failed_saying(&outcome, "printer tidak terhubung"), "{outcome:?}");
    assert!(cancelled);
}

#[test]
fn the_printers_conditions_are_the_reasons_the_officer_reads_on_cups() {
    use printer_bits::*;
    let words = |status: u32| crate::spool::reasons::summary(&super::printer_reasons(status, 0));
    assert!(words(PAPER_OUT).contains("kartu blanko habis"));
    assert!(words(NO_TONER).contains("pita (ribbon) habis"));
    assert!(words(DOOR_OPEN).contains("penutup printer terbuka"));
    assert!(words(OFFLINE).contains("printer tidak terhubung"));
    assert!(words(USER_INTERVENTION).contains("kesalahan"));
    assert!(words(PAUSED).contains("dijeda") || words(PAUSED).contains("paused"));
    assert_eq!(super::printer_reasons(0, ATTRIBUTE_WORK_OFFLINE), vec!["offline-error".to_string()]);
    let paused = super::printer_info(&RawPrinter { status: PAUSED, ..Default::default() });
    assert_eq!(paused.state, crate::spool::ipp_ops::printer_state::STOPPED);
}

#[test]
fn a_job_deleted_in_the_queue_is_cancelled_and_one_in_error_is_stopped() {
    assert_eq!(super::job_info(&RawJob { status: DELETING, ..Default::default() }).state, crate::spool::ipp_ops::job_state::CANCELED);
    let stopped = super::job_info(&RawJob { status: PRINTING | ERROR, status_text: "Ribbon out".into(), ..Default::default() });
    assert_eq!(stopped.state, crate::spool::ipp_ops::job_state::PROCESSING_STOPPED);
    assert_eq!(stopped.message, "Ribbon out", "the driver's own words reach the officer");
}

#[test]
fn a_printer_that_cannot_be_opened_is_named_in_windows_terms() {
    use super::{open_codes, open_error};
    let missing = open_error("Fargo HDP5000", open_codes::INVALID_PRINTER_NAME);
    assert_eq!(missing.code(), "printer_not_found");
    assert!(missing.printer_missing());
    let words = missing.to_string();
    assert!(words.contains("Fargo HDP5000") && words.contains("Printer & pemindai"), "{words}");
    assert!(!words.contains("CUPS") && !words.contains("lpstat"), "{words}");
    let down = open_error("Fargo HDP5000", open_codes::RPC_SERVER_UNAVAILABLE);
    assert_eq!(down.code(), "scheduler_unreachable");
    assert!(down.to_string().contains("Print Spooler"), "{down}");
    assert!(!down.printer_missing());
    let other = open_error("Fargo HDP5000", 5);
    assert_eq!(other.code(), "print_rejected");
    assert!(other.to_string().contains("OpenPrinter") && other.to_string().contains("kode kesalahan Windows 5"), "{other}");
}

#[test]
fn a_page_the_driver_did_not_make_a_landscape_card_is_refused_before_printing() {
    use super::page_problem;
    let card = (85.6, 54.0);
    // The driver's own rounding of ID-1 is the card.
    assert_eq!(page_problem((86.0, 54.0), card), None);
    assert_eq!(page_problem((86.36, 54.61), card), None);
    // Portrait kept: only the orientation is named.
    let turned = page_problem((54.0, 85.6), card).expect("portrait refused");
    assert!(turned.contains("orientasi lanskap") && !turned.contains("CR80"), "{turned}");
    assert!(turned.contains("54,0 × 85,6 mm"), "{turned}");
    // A driver that kept its A4 default: the paper is named too.
    let a4 = page_problem((210.0, 297.0), card).expect("A4 refused");
    assert!(a4.contains("kertas kartu CR80") && a4.contains("210,0 × 297,0 mm"), "{a4}");
}
