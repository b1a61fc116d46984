//! blanko and blanko_ledger: a serial is received once; printed and spoiled blanks never come back.

use ktpel_tests::{core_station, stocked};

use super::raw;

ktpel_tests::on_both_stores! {
    fn serials_are_received_once_and_a_receipt_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 0, 3);
        // Overlapping range: refused whole, nothing of it lands.
        let err = st.receive_blanko_range(&a.supervisor, "BA-2", "KT000003", "KT000006").unwrap_err();
        assert!(err.to_string().contains("KT000003"), "{err}");
        assert_eq!(st.stock().unwrap().received, 3);
        // A serial outside the configured pattern names the pattern.
        let err = st.receive_blanko(&a.supervisor, "BA-2", &["ABC".into()]).unwrap_err();
        assert!(err.to_string().contains("pola"), "{err}");
        assert!(raw(&st, "UPDATE blanko_ledger SET event = 'returned'").unwrap_err().contains("append-only"));
        assert!(raw(&st, "DELETE FROM blanko").unwrap_err().contains("never deleted"));
        assert!(raw(&st, "UPDATE blanko SET batch_ref = 'X'").unwrap_err().contains("fixed"));
    }
}

ktpel_tests::on_both_stores! {
    fn a_printed_blank_cannot_return_to_stock() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 0, 1);
        // Even through raw SQL a blank only moves along its life: never straight from the box to
        // printed, never back from printed, never a destroyed one back to anything.
        assert!(raw(&st, "UPDATE blanko SET state = 'printed'").unwrap_err().contains("outside its life"));
        raw(&st, "UPDATE blanko SET state = 'reserved'").unwrap();
        raw(&st, "UPDATE blanko SET state = 'printed'").unwrap();
        assert!(raw(&st, "UPDATE blanko SET state = 'in_stock'").unwrap_err().contains("outside its life"));
        assert!(raw(&st, "UPDATE blanko SET state = 'disabled'").unwrap_err().contains("outside its life"));
    }
}

ktpel_tests::on_both_stores! {
    /// The stock at any moment is the same whether counted forward over the ledger's past or back
    /// from the counts now (the report takes whichever reads fewer events), at every event's time.
    fn the_stock_at_a_moment_is_the_same_counted_forward_or_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 6, 10);
        for (i, request) in ["REQ-0001", "REQ-0002", "REQ-0003", "REQ-0004", "REQ-0005"].iter().enumerate() {
            let serial = format!("KT{:06}", i + 1);
            ktpel_tests::print_answered(&mut st, &a.operator, request, &serial, i != 3);
            match i {
                1 => st.confirm_spoiled(&a.operator, request, ktpel_core::station::SpoilReason::KartuMacet, "").unwrap(),
                3 => st.confirm_not_fed(&a.operator, request).unwrap(),
                4 => {} // left open: the blank stays reserved
                _ => {
                    st.confirm_ok(&a.operator, request).unwrap();
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        st.receive_blanko_range(&a.supervisor, "BA-2", "KT000011", "KT000012").unwrap();
        let times: Vec<String> = ktpel_tests::stores::rows(&st, "SELECT DISTINCT at FROM blanko_ledger ORDER BY at").into_iter().filter_map(|r| r.into_iter().next().flatten()).collect();
        assert!(times.len() > 5, "{times:?}");
        for at in times.iter().map(String::as_str).chain(["2000-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z"]) {
            let (forward, back) = st.store().read(|c| Ok((c.blanko_states_before_replaying(at)?, c.blanko_states_before_from_now(at)?))).unwrap();
            assert_eq!(forward, back, "at {at}");
        }
        let end = st.store().read(|c| c.blanko_states_before_from_now("2999-01-01T00:00:00.000Z")).unwrap();
        let stock = st.stock().unwrap();
        assert_eq!(end.get(&ktpel_core::store::blanko::BlankoState::InStock).copied().unwrap_or(0), stock.in_stock);
        assert_eq!((stock.in_stock, stock.reserved, stock.printed, stock.spoiled), (8, 1, 2, 1));
    }
}
