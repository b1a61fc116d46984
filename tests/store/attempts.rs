//! print_attempts: one open attempt per request and one use per blank, enforced by the database.

use ktpel_tests::{core_station, stocked};

use super::raw;

ktpel_tests::on_both_stores! {
    fn the_database_refuses_a_second_open_attempt_and_a_reused_blank() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 3);
        let target = ktpel_core::spool::PrinterTarget::parse("q", Some("127.0.0.1:9")).unwrap();
        st.begin_print(&a.operator, "REQ-0001", "KT000001", target, &Default::default()).unwrap();

        // Bypassing the core: a second open attempt for the same request.
        let second = raw(
            &st,
            "INSERT INTO print_attempts (request_ref, blanko_serial, printer, spool_server, printer_path, job_name, template_version,
             specimen, job_state, created_at, created_by, station)
             SELECT request_ref, 'KT000002', printer, spool_server, printer_path, 'other-job', 1, specimen, 'reserved', created_at, created_by, station FROM print_attempts",
        );
        assert!(second.unwrap_err().to_lowercase().contains("unique"), "one open attempt per request");
        // The same blank for another request.
        let reuse = raw(
            &st,
            "INSERT INTO print_attempts (request_ref, blanko_serial, printer, spool_server, printer_path, job_name, template_version,
             specimen, job_state, created_at, created_by, station)
             SELECT (SELECT id FROM requests WHERE request_id = 'REQ-0002'), blanko_serial, printer, spool_server, printer_path, 'job-3', 1, specimen,
             'reserved', created_at, created_by, station FROM print_attempts",
        );
        assert!(reuse.unwrap_err().to_lowercase().contains("unique"), "a blank is used once");
        assert!(raw(&st, "DELETE FROM print_attempts").unwrap_err().contains("never deleted"));
    }
}

ktpel_tests::on_both_stores! {
    fn a_resolved_attempt_is_final() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 2);
        let target = ktpel_core::spool::PrinterTarget::parse("q", Some("127.0.0.1:9")).unwrap();
        let plan = st.begin_print(&a.operator, "REQ-0001", "KT000001", target, &Default::default()).unwrap();
        st.record_submit(&a.operator, &plan, &Err(ktpel_core::spool::SpoolError::Unreachable { server: "x".into(), reason: "down".into() })).unwrap();
        // A job that was never submitted cannot be confirmed good.
        assert_eq!(st.confirm_ok(&a.operator, "REQ-0001").unwrap_err().code(), "conflict");
        st.confirm_not_fed(&a.operator, "REQ-0001").unwrap();
        assert!(raw(&st, "UPDATE print_attempts SET outcome = 'ok'").unwrap_err().contains("cannot change"));
        // The request is back in the queue and its blank back in stock.
        assert_eq!(st.queue(chrono::Utc::now()).unwrap()[0].request_id, "REQ-0001");
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, ktpel_core::store::blanko::BlankoState::InStock);
    }
}
