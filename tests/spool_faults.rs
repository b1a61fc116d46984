//! Printer and spooler faults in the middle of a print, against the private cupsd: a job
//! cancelled by someone at the printer, the queue deleted at submit and while the job runs, the
//! scheduler down at submit and while following (and back again later). Each ends in a clear state
//! and message; the blank stays reserved until the officer's verdict, never silently consumed or
//! released, and a job the station gave up on cannot print later. (Aborted jobs, stopped printers,
//! rejecting queues, deadlines and an unreachable scheduler before the reserve are in
//! `print_cycle.rs` and `reconcile.rs`.)

use std::time::Duration;

use ktpel_core::spool::ipp_ops::job_state;
use ktpel_core::spool::{FollowPolicy, PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::store::attempts::JobState;
use ktpel_core::store::blanko::BlankoState;
use ktpel_core::Station;
use ktpel_tests::cupsd::{Cupsd, CAPTURE, SLOW};
use ktpel_tests::{block, core_station, stocked, Actors};

const POLICY: FollowPolicy = FollowPolicy { deadline: Duration::from_secs(60), poll: Duration::from_millis(200), grace: Duration::from_secs(2) };


/// The blank is still reserved, the request still printing, and a good verdict is refused for a
/// failed job; `--not-fed` then returns the blank to stock.
fn blank_waits_for_the_verdict(st: &mut Station, a: &Actors, request: &str, serial: &str) {
    assert_eq!(st.blanko(serial).unwrap().unwrap().state, BlankoState::Reserved, "the blank is not silently released");
    assert_eq!(st.open_attempts().unwrap().len(), 1, "the attempt is listed for the officer");
    st.confirm_not_fed(&a.operator, request).unwrap();
    assert_eq!(st.blanko(serial).unwrap().unwrap().state, BlankoState::InStock);
}

fn job_state_in_cups(cups: &Cupsd, queue: &str, job_id: i32) -> Option<i32> {
    let target = PrinterTarget::parse(queue, Some(&cups.server())).unwrap();
    block(Spooler::new(target, SpoolIdentity::of_this_process()).job_info(job_id)).unwrap().map(|j| j.state)
}

ktpel_tests::on_both_stores! {
    fn a_job_cancelled_at_the_printer_is_a_failed_print() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 1);
        let target = PrinterTarget::parse(SLOW, Some(&cups.server())).unwrap();
        let mut cancelled = false;
        let report = block(st.print(&a.operator, "REQ-0001", "KT000001", target, POLICY, |p| {
            if !cancelled {
                // Someone at the printer's own panel (or with CUPS's tools) cancels the job.
                cups.admin("cancel", &[&p.job_id.to_string()]);
                cancelled = true;
            }
        }))
        .unwrap();
        assert_eq!(report.job_state, JobState::Failed);
        assert!(report.message.contains("dibatalkan di printer atau di antrean cetak"), "{}", report.message);
        let err = st.confirm_ok(&a.operator, "REQ-0001").unwrap_err();
        assert!(err.to_string().contains("gagal"), "a cancelled job cannot be confirmed good: {err}");
        blank_waits_for_the_verdict(&mut st, &a, "REQ-0001", "KT000001");
    }
}

ktpel_tests::on_both_stores! {
    fn a_queue_deleted_at_submit_or_while_printing_leaves_the_blank_reserved() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 2);

        // Deleted between the printer check and the submit: nothing was sent.
        let target = PrinterTarget::parse(CAPTURE, Some(&cups.server())).unwrap();
        let spooler = Spooler::new(target.clone(), SpoolIdentity::of_this_process());
        let info = block(spooler.printer_info()).unwrap();
        let plan = st.begin_print(&a.operator, "REQ-0001", "KT000001", target, &info).unwrap();
        cups.admin("lpadmin", &["-x", CAPTURE]);
        let submitted = block(spooler.print_job(plan.pdf.clone(), &plan.job_name, &info.media.template()));
        let err = submitted.as_ref().unwrap_err();
        assert!(err.job_certainly_absent(), "{err}");
        st.record_submit(&a.operator, &plan, &submitted).unwrap();
        let attempt = &st.open_attempts().unwrap()[0].attempt;
        assert_eq!(attempt.job_state, JobState::Failed);
        let message = attempt.spool_message.clone().unwrap_or_default();
        assert!(message.contains("tidak terkirim") && message.contains(CAPTURE), "{message}");
        blank_waits_for_the_verdict(&mut st, &a, "REQ-0001", "KT000001");

        // Deleted while the job runs: CUPS drops the job with its queue.
        let target = PrinterTarget::parse(SLOW, Some(&cups.server())).unwrap();
        let mut deleted = false;
        let report = block(st.print(&a.operator, "REQ-0002", "KT000002", target, POLICY, |_| {
            if !deleted {
                cups.admin("lpadmin", &["-x", SLOW]);
                deleted = true;
            }
        }))
        .unwrap();
        assert_ne!(report.job_state, JobState::Completed);
        assert!(report.message.contains("dibatalkan") || report.message.contains("tidak lagi dikenal"), "{}", report.message);
        blank_waits_for_the_verdict(&mut st, &a, "REQ-0002", "KT000002");
        assert!(cups.captured().is_empty(), "nothing reached a printer");
    }
}

ktpel_tests::on_both_stores! {
    fn a_scheduler_down_at_submit_sends_nothing_and_says_so() {
        let mut cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 1);
        let target = PrinterTarget::parse(CAPTURE, Some(&cups.server())).unwrap();
        let spooler = Spooler::new(target.clone(), SpoolIdentity::of_this_process());
        let info = block(spooler.printer_info()).unwrap();
        let plan = st.begin_print(&a.operator, "REQ-0001", "KT000001", target, &info).unwrap();
        cups.stop();
        let submitted = block(spooler.print_job(plan.pdf.clone(), &plan.job_name, &info.media.template()));
        assert!(submitted.as_ref().is_err_and(|e| e.code() == "scheduler_unreachable"), "{submitted:?}");
        st.record_submit(&a.operator, &plan, &submitted).unwrap();
        let attempt = &st.open_attempts().unwrap()[0].attempt;
        assert_eq!(attempt.job_state, JobState::Failed, "refused connection: certainly no job");
        assert!(attempt.spool_message.as_deref().unwrap_or("").contains("CUPS"), "{:?}", attempt.spool_message);

        // CUPS back: reconcile has nothing to find, nothing was printed, the blank waits for the verdict.
        cups.resume();
        block(st.reconcile(&a.operator)).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        assert!(cups.captured().is_empty());
        blank_waits_for_the_verdict(&mut st, &a, "REQ-0001", "KT000001");
    }
}

ktpel_tests::on_both_stores! {
    fn a_scheduler_lost_while_following_leaves_the_end_unknown_and_the_job_is_cancelled_when_it_returns() {
        let mut cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 1);
        let target = PrinterTarget::parse(SLOW, Some(&cups.server())).unwrap();
        let mut stopped = false;
        let report = block(st.print(&a.operator, "REQ-0001", "KT000001", target, POLICY, |_| {
            if !stopped {
                cups.stop();
                stopped = true;
            }
        }))
        .unwrap();
        assert_eq!(report.job_state, JobState::Unknown, "{report:?}");
        assert!(report.message.contains("tidak dapat diikuti"), "{}", report.message);
        let job_id = report.job_id.expect("the job id was recorded before the scheduler went");
        // While CUPS is away, reconcile changes nothing and the blank stays reserved.
        block(st.reconcile(&a.operator)).unwrap();
        assert_eq!(st.open_attempts().unwrap()[0].attempt.job_state, JobState::Unknown);
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, BlankoState::Reserved);

        // CUPS comes back with the job still waiting: the station gave up on it, so it is cancelled
        // before it can print on a blank the officer may have put back.
        cups.resume();
        assert!(job_state_in_cups(&cups, SLOW, job_id).is_some_and(|s| !job_state::is_finished(s)), "the job survived the restart");
        let open = block(st.reconcile(&a.operator)).unwrap();
        let attempt = &open[0].attempt;
        assert_eq!(attempt.job_state, JobState::Failed);
        assert!(attempt.spool_message.as_deref().unwrap_or("").contains("dibatalkan"), "{:?}", attempt.spool_message);
        assert_eq!(job_state_in_cups(&cups, SLOW, job_id), Some(job_state::CANCELED));
        blank_waits_for_the_verdict(&mut st, &a, "REQ-0001", "KT000001");
    }
}
