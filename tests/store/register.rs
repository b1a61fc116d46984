//! register: append-only, numbered gap-free per year.

use ktpel_tests::{core_station, stocked};

use super::raw;

fn print_and_confirm(st: &mut ktpel_core::Station, a: &ktpel_tests::Actors, req: &str, serial: &str) -> String {
    // Reserve through the core, then mark the job completed as the spooler would have.
    let target = ktpel_core::spool::PrinterTarget::parse("q", Some("127.0.0.1:9")).unwrap();
    let plan = st.begin_print(&a.operator, req, serial, target, &Default::default()).unwrap();
    st.record_submit(&a.operator, &plan, &Ok(7)).unwrap();
    st.record_end(&a.operator, plan.attempt_id, req, &ktpel_core::spool::FollowOutcome::Completed).unwrap();
    st.confirm_ok(&a.operator, req).unwrap().register_number
}

ktpel_tests::on_both_stores! {
    fn numbers_are_consecutive_and_rows_cannot_change() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 3, 5);
        let n1 = print_and_confirm(&mut st, &a, "REQ-0001", "KT000001");
        let n2 = print_and_confirm(&mut st, &a, "REQ-0002", "KT000002");
        assert!(n1.starts_with("00001/3520/KTP-EL/") && n2.starts_with("00002/3520/KTP-EL/"), "{n1} {n2}");

        assert!(raw(&st, "UPDATE register SET nama = 'X'").unwrap_err().contains("append-only"));
        assert!(raw(&st, "DELETE FROM register").unwrap_err().contains("append-only"));
        // A hand-made row that skips a number is refused by the trigger.
        let skip = raw(
            &st,
            "INSERT INTO register (year, seq, register_number, registered_at, register_date, nik, nama, alamat, rt, rw, kel_desa,
             kecamatan, service, blanko_serial, operator, approver, request_id, attempt_id)
             SELECT year, seq + 5, 'X', registered_at, register_date, nik, nama, alamat, rt, rw, kel_desa, kecamatan, service,
             'KT000003', operator, approver, 'REQ-0003', attempt_id + 100 FROM register WHERE seq = 2",
        );
        assert!(skip.unwrap_err().contains("out of sequence"));
        assert_eq!(st.register_all().unwrap().len(), 2);
    }
}

ktpel_tests::on_both_stores! {
    fn changing_the_number_format_applies_to_new_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 2);
        st.set_setting(&a.admin, "register.format", "REG-{tahun}-{seq:04}").unwrap();
        let n = print_and_confirm(&mut st, &a, "REQ-0001", "KT000001");
        assert!(n.starts_with("REG-20") && n.ends_with("-0001"), "{n}");
        assert_eq!(st.set_setting(&a.admin, "register.format", "{seq}").unwrap_err().code(), "bad_setting");
        assert_eq!(st.set_setting(&a.operator, "register.format", "{seq}/{tahun}").unwrap_err().code(), "forbidden");
    }
}
