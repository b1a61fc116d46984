//! The printers' ribbons: a change is recorded per printer (who, when, capacity); the cards sent
//! to that printer since are counted (a blank the printer did not feed takes no panel); the
//! status bar warns below the threshold and when the ribbon is spent; the day's report lists the
//! ribbons used; `ktpel ribbon` does the same for scripts. Every test runs on both stores.

use ktpel_tests::stores::raw;
use ktpel_tests::{core_station, print_answered_on, station_with_users, stocked, OPERATOR};

/// The queue the desk chose, by name as the officer picks it (the spooler's answers given).
const PRINTER: &str = "kartu";

fn sent(st: &mut ktpel_core::Station, a: &ktpel_tests::Actors, request: &str, serial: &str, completed: bool) {
    let target = ktpel_core::spool::PrinterTarget::parse(PRINTER, Some("127.0.0.1:9")).expect("target");
    print_answered_on(st, &a.operator, request, serial, target, completed);
}

fn printed(st: &mut ktpel_core::Station, a: &ktpel_tests::Actors, request: &str, serial: &str) {
    sent(st, a, request, serial, true);
    st.confirm_ok(&a.operator, request).expect("confirm");
}

ktpel_tests::on_both_stores! {
    fn a_ribbon_is_counted_down_by_the_cards_printed_on_it_and_warned_of_before_it_runs_out() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 7, 9);
        let printer = PRINTER.to_string();
        st.set_setting(&a.admin, "ribbon.warn_remaining", "3").unwrap();
        st.choose_printer(&a.operator, &printer).unwrap();

        // No change recorded yet: nothing known, nothing warned.
        assert!(st.ribbon_of(&printer).unwrap().is_none());
        assert!(!st.status().unwrap().warnings.iter().any(|w| w.contains("pita")));

        // Who may, and a capacity that cannot be: the field named, nothing recorded.
        assert_eq!(st.change_ribbon(&a.admin, &printer, Some(5)).unwrap_err().code(), "forbidden");
        assert!(st.change_ribbon(&a.operator, &printer, Some(0)).unwrap_err().to_string().starts_with("kapasitas:"));
        assert!(st.change_ribbon(&a.operator, " ", Some(5)).unwrap_err().to_string().starts_with("printer:"));
        assert!(st.ribbon_status().unwrap().is_empty());

        let change = st.change_ribbon(&a.operator, &printer, Some(5)).unwrap();
        assert_eq!((change.capacity, change.changed_by.as_str()), (5, "ani"));
        let r = st.ribbon_of(&printer).unwrap().unwrap();
        assert_eq!((r.used, r.remaining, r.low), (0, 5, false));

        printed(&mut st, &a, "REQ-0001", "KT000001");
        // A blank the printer did not take used no panel.
        sent(&mut st, &a, "REQ-0002", "KT000002", false);
        st.confirm_not_fed(&a.operator, "REQ-0002").unwrap();
        printed(&mut st, &a, "REQ-0003", "KT000003");
        let r = st.ribbon_of(&printer).unwrap().unwrap();
        assert_eq!((r.used, r.remaining, r.low), (2, 3, false));

        printed(&mut st, &a, "REQ-0004", "KT000004");
        let warned = st.status().unwrap().warnings;
        assert!(warned.iter().any(|w| w == &format!("pita printer {printer} tinggal 2 cetakan: siapkan pita baru")), "{warned:?}");

        printed(&mut st, &a, "REQ-0005", "KT000005");
        printed(&mut st, &a, "REQ-0006", "KT000006");
        let spent = st.ribbon_of(&printer).unwrap().unwrap();
        assert_eq!((spent.used, spent.remaining), (5, 0));
        let warned = st.status().unwrap().warnings;
        assert!(warned.iter().any(|w| w.contains("sudah terpakai 5 dari 5")), "{warned:?}");

        // A new ribbon of the default capacity: the count starts again, the warning is gone.
        let again = st.change_ribbon(&a.supervisor, &printer, None).unwrap();
        assert_eq!(again.capacity, 500);
        let fresh = st.ribbon_of(&printer).unwrap().unwrap();
        assert_eq!((fresh.used, fresh.remaining), (0, 500));
        assert!(!st.status().unwrap().warnings.iter().any(|w| w.contains("pita")));
        printed(&mut st, &a, "REQ-0007", "KT000007");
        assert_eq!(st.ribbon_status().unwrap()[0].used, 1);

        // Recorded for good, audited, and in the day's report.
        assert!(raw(&st, "UPDATE ribbon_changes SET capacity = 900").unwrap_err().contains("append-only"));
        assert!(raw(&st, "DELETE FROM ribbon_changes").unwrap_err().contains("append-only"));
        assert_eq!(st.audit_of(&format!("printer:{printer}")).unwrap().iter().filter(|r| r.action == "printer.ribbon_change").count(), 2);
        let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
        let report = st.usage_report(today, today).unwrap();
        assert_eq!(report.ribbons_changed.len(), 2);
        let summary = ktpel_core::report::csv::summary(&report);
        assert_eq!(summary.iter().find(|l| l.key == "ribbons_changed").map(|l| l.value), Some(2));
        assert!(summary.iter().any(|l| l.key == format!("ribbons_changed.printer.{printer}") && l.value == 2));
    }
}

ktpel_tests::on_both_stores! {
    fn the_command_line_records_a_ribbon_and_tells_what_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let said: serde_json::Value = serde_json::from_str(&k.ok(Some(OPERATOR), &["--json", "ribbon", "change", "kartu-1", "--capacity", "300"])).unwrap();
        assert_eq!(said["capacity"], 300);
        k.ok(Some(OPERATOR), &["ribbon", "change", "kartu-2"]);
        let status: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "ribbon", "status"])).unwrap();
        let all = status.as_array().expect("a list");
        assert_eq!(all.len(), 2, "{status}");
        assert_eq!((all[0]["printer"].as_str(), all[0]["capacity"].as_i64(), all[0]["used"].as_i64(), all[0]["remaining"].as_i64()), (Some("kartu-1"), Some(300), Some(0), Some(300)));
        assert_eq!((all[1]["printer"].as_str(), all[1]["remaining"].as_i64()), (Some("kartu-2"), Some(500)));
        let bad = k.run(Some(OPERATOR), &["ribbon", "change", "kartu-1", "--capacity", "0"]);
        assert!(!bad.status.success());
        assert!(ktpel_tests::text(&bad.stderr).contains("kapasitas"), "{}", ktpel_tests::text(&bad.stderr));
    }
}

/// A printer whose driver reports its ribbon (IPP marker-names / marker-levels, as a card
/// printer's CUPS backend sets them): the desk shows the printer's own level.
#[test]
fn a_printer_that_reports_its_ribbon_level_is_shown_with_it() {
    use ktpel_tests::cupsd::{Cupsd, CAPTURE};
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups.server()));
    let file = dir.path().join("approved.jsonl");
    std::fs::write(&file, ktpel_tests::records::jsonl(&ktpel_tests::records::good(1, "REQ-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(ktpel_tests::SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000002"]);
    let before: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "printer", "list"])).unwrap();
    let capture = |list: &serde_json::Value| list.as_array().and_then(|a| a.iter().find(|p| p["name"] == CAPTURE).cloned()).expect("the capture queue");
    assert_eq!(capture(&before)["supplies_words"], "", "a printer that told nothing shows nothing: {before}");

    // The printer tells its ribbon at 73 % when it prints.
    std::fs::write(cups.capture_dir().join("marker-level"), "73").unwrap();
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
    let after: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "printer", "list"])).unwrap();
    let view = capture(&after);
    assert_eq!(view["supplies"][0]["name"], "Ribbon", "{view}");
    assert_eq!(view["supplies"][0]["level"], 73, "{view}");
    assert_eq!(view["supplies_words"], "Ribbon 73%");
    assert!(k.ok(None, &["printer", "list"]).contains("Ribbon 73%"));
}
