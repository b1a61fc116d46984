//! audit_log: append-only and hash-chained; tampering through raw SQL is detected.

use ktpel_tests::{core_station, stocked};

use super::raw;

#[test]
fn every_action_is_logged_and_tampering_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    stocked(&mut st, &a, 2, 2);
    assert_eq!(st.verify_audit().unwrap(), None);
    let history = st.audit_of("request:REQ-0001").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].username.as_str(), history[0].role.as_str(), history[0].action.as_str()), ("ani", "operator", "request.import"));
    assert!(!history[0].detail.contains("3520"), "no NIK in the audit detail: {}", history[0].detail);

    assert!(raw(&st, "UPDATE audit_log SET username = 'x'").unwrap_err().contains("append-only"));
    // Someone drops the triggers and edits a row: verify names the first broken row.
    raw(&st, "DROP TRIGGER audit_log_no_update").unwrap();
    raw(&st, "UPDATE audit_log SET username = 'mallory' WHERE id = 3").unwrap();
    assert_eq!(st.verify_audit().unwrap(), Some(3));
}
