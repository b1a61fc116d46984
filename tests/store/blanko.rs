//! blanko and blanko_ledger: a serial is received once; printed and spoiled blanks never come back.

use ktpel_tests::{core_station, stocked};

use super::raw;

#[test]
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

#[test]
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
