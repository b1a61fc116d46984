//! Crash safety of the print step against a real cupsd: an attempt interrupted after submit is
//! tied to its job by name, one interrupted before submit is marked never sent, and a job that
//! never finishes is cancelled at the deadline so it cannot print later. Nothing is re-submitted.

use std::time::Duration;

use ktpel_core::spool::{FollowPolicy, PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::store::attempts::JobState;
use ktpel_core::store::blanko::BlankoState;
use ktpel_tests::cupsd::{Cupsd, CAPTURE, SLOW};
use ktpel_tests::{core_station, stocked};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

ktpel_tests::on_both_stores! {
    fn interrupted_attempts_are_reconciled_never_resubmitted() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 3);
        let rt = runtime();
        let target = PrinterTarget::parse(CAPTURE, Some(&cups.server())).unwrap();
        let spooler = Spooler::new(target.clone(), SpoolIdentity::of_this_process());
        let info = rt.block_on(spooler.printer_info()).unwrap();

        // Crash after the job was submitted but before its id was recorded.
        let plan = st.begin_print(&a.operator, "REQ-0001", "KT000001", target.clone(), &info).unwrap();
        let job_id = rt.block_on(spooler.print_job(plan.pdf.clone(), &plan.job_name, &info.media.template())).unwrap();
        // Crash right after the attempt was written: never submitted.
        st.begin_print(&a.operator, "REQ-0002", "KT000002", target, &info).unwrap();
        let location = st.store().location();
        drop(st);

        cups.wait_captured(1);
        let mut st = ktpel_core::Station::open_location(&location).unwrap();
        let open = rt.block_on(st.reconcile(&a.operator)).unwrap();
        assert_eq!(open.len(), 2, "both interrupted attempts are listed for the officer");
        let first = &open.iter().find(|o| o.request_id == "REQ-0001").unwrap().attempt;
        assert_eq!(first.job_id, Some(job_id as i64), "found by its job name");
        assert_eq!(first.job_state, JobState::Completed);
        let second = &open.iter().find(|o| o.request_id == "REQ-0002").unwrap().attempt;
        assert_eq!(second.job_state, JobState::Failed);
        assert!(second.spool_message.as_deref().unwrap_or("").contains("tidak pernah sampai"));

        // The officer resolves them; exactly one job ever reached the printer.
        st.confirm_ok(&a.operator, "REQ-0001").unwrap();
        st.confirm_not_fed(&a.operator, "REQ-0002").unwrap();
        assert_eq!(st.blanko("KT000002").unwrap().unwrap().state, BlankoState::InStock);
        assert!(st.open_attempts().unwrap().is_empty());
        assert_eq!(cups.captured().len(), 1);
    }
}

ktpel_tests::on_both_stores! {
    fn a_job_that_never_finishes_is_cancelled_at_the_deadline() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 1);
        let rt = runtime();
        let target = PrinterTarget::parse(SLOW, Some(&cups.server())).unwrap();
        let policy = FollowPolicy { deadline: Duration::from_secs(3), poll: Duration::from_millis(200), grace: Duration::from_secs(2) };
        let mut seen = Vec::new();
        let report = rt.block_on(st.print(&a.operator, "REQ-0001", "KT000001", target.clone(), policy, |p| seen.push(p.job_words.clone()))).unwrap();
        assert_eq!(report.job_state, JobState::Failed);
        assert!(report.message.contains("3 detik") && report.message.contains("dibatalkan"), "{}", report.message);
        assert!(!seen.is_empty(), "progress was reported while following");
        // The job is cancelled in CUPS: it cannot print later behind the officer's back.
        let job = rt.block_on(Spooler::new(target, SpoolIdentity::of_this_process()).job_info(report.job_id.unwrap())).unwrap().unwrap();
        assert_eq!(job.state, ktpel_core::spool::ipp_ops::job_state::CANCELED);
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, BlankoState::Reserved, "the blank is never silently released");
    }
}

ktpel_tests::on_both_stores! {
    fn an_unreachable_scheduler_is_refused_before_anything_is_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 1);
        // Nothing listens on port 9 of loopback.
        let target = PrinterTarget::parse("KARTU", Some("127.0.0.1:9")).unwrap();
        let err = runtime().block_on(st.print(&a.operator, "REQ-0001", "KT000001", target, FollowPolicy::default(), |_| {})).unwrap_err();
        assert_eq!(err.code(), "scheduler_unreachable");
        assert!(err.to_string().contains("CUPS"), "{err}");
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, BlankoState::InStock);
        assert!(st.open_attempts().unwrap().is_empty());
    }
}
