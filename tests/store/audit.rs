//! audit_log: append-only and hash-chained; tampering through raw SQL is detected.

use ktpel_tests::{core_station, stocked};

use super::raw;

ktpel_tests::on_both_stores! {
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
        let unguard = match ktpel_tests::stores::kind() {
            ktpel_tests::stores::Kind::Sqlite => "DROP TRIGGER audit_log_no_update",
            ktpel_tests::stores::Kind::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        };
        raw(&st, unguard).unwrap();
        raw(&st, "UPDATE audit_log SET username = 'mallory' WHERE id = 3").unwrap();
        assert_eq!(st.verify_audit().unwrap(), Some(3));
    }
}

/// `ktpel audit verify` as an auditor runs it: whole chain, then an edited row and a deleted row
/// (made through raw SQL after dropping the guards) are each reported at the first broken link.
#[test]
fn the_cli_verify_names_the_first_broken_link_after_raw_sql_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let k = ktpel_tests::station_with_users(dir.path(), None);
    k.ok(Some(ktpel_tests::SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000003"]);
    k.ok(Some(ktpel_tests::SUPERVISOR), &["blanko", "adjust", "KT000002", "--kind", "lost", "--reason", "tidak ada saat hitung"]);
    assert!(k.ok(None, &["audit", "verify"]).contains("utuh"));
    let c = ktpel_tests::open_raw(&k.db);
    let rows: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert!(rows >= 5, "init, two users, receipt, adjustment: {rows}");
    // Someone hides the adjustment's reason.
    c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = replace(detail, 'tidak ada saat hitung', 'x') WHERE action = 'blanko.adjust';").unwrap();
    let edited: i64 = c.query_row("SELECT id FROM audit_log WHERE action = 'blanko.adjust'", [], |r| r.get(0)).unwrap();
    let out = k.run(None, &["--json", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(5));
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(said["first_broken_id"].as_i64(), Some(edited));
    // Put it back, then delete a row in the middle instead: the row after it breaks.
    c.execute("UPDATE audit_log SET detail = replace(detail, '\"x\"', '\"tidak ada saat hitung\"') WHERE id = ?1", [edited]).unwrap();
    assert!(k.ok(None, &["audit", "verify"]).contains("utuh"));
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;").unwrap();
    let out = k.run(None, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(ktpel_tests::text(&out.stderr).contains("PUTUS pada baris 3"), "{}", ktpel_tests::text(&out.stderr));
}
