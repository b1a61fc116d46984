//! An office that starts the station mid-year with its register on paper: a supervisor records
//! where the book ended, once, before the year's first card; the station's numbers continue after
//! it; the record cannot be changed or made after a card of the year; the report shows it.
//! Every test runs on the SQLite file and on the office's PostgreSQL server.

use chrono::Datelike;
use ktpel_tests::stores::{raw, rows};
use ktpel_tests::{core_station, print_answered, station_with_users, stocked, text, SUPERVISOR};

fn this_year() -> i64 {
    ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).year() as i64
}

const BOOK: &str = "Buku Register KTP-el 2026 jilid 3 (arsip 470/112)";

ktpel_tests::on_both_stores! {
    fn the_year_continues_after_the_paper_book_and_the_record_never_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 3, 5);
        let year = this_year();

        // Who may, and what a slip of the pen gets: the field named, nothing recorded.
        assert_eq!(st.continue_register_from(&a.operator, year, 4812, BOOK).unwrap_err().code(), "forbidden");
        let bad_year = st.continue_register_from(&a.supervisor, year - 3, 4812, BOOK).unwrap_err();
        assert!(bad_year.to_string().starts_with("tahun:"), "{bad_year}");
        let bad_seq = st.continue_register_from(&a.supervisor, year, 0, BOOK).unwrap_err();
        assert!(bad_seq.to_string().starts_with("nomor terakhir:"), "{bad_seq}");
        let no_book = st.continue_register_from(&a.supervisor, year, 4812, "  ").unwrap_err();
        assert!(no_book.to_string().starts_with("rujukan buku:"), "{no_book}");
        assert!(st.register_carryovers().unwrap().is_empty());

        let row = st.continue_register_from(&a.supervisor, year, 4812, BOOK).unwrap();
        assert_eq!((row.year, row.last_seq, row.recorded_by.as_str()), (year, 4812, "budi"));

        // The station's first cards of the year take the numbers after the book's.
        for (req, serial) in [("REQ-0001", "KT000001"), ("REQ-0002", "KT000002")] {
            print_answered(&mut st, &a.operator, req, serial, true);
            st.confirm_ok(&a.operator, req).unwrap();
        }
        let numbers: Vec<String> = st.register_all().unwrap().iter().map(|r| r.register_number.clone()).collect();
        assert!(numbers[0].starts_with("04813/") && numbers[1].starts_with("04814/"), "{numbers:?}");

        // Recorded once: again is refused in words, and the store itself keeps it as it is.
        let again = st.continue_register_from(&a.supervisor, year, 5000, "buku lain").unwrap_err();
        assert_eq!(again.code(), "conflict");
        assert!(again.to_string().contains("sudah dicatat") && again.to_string().contains("4812"), "{again}");
        assert!(raw(&st, "UPDATE register_carryover SET last_seq = 1").unwrap_err().contains("append-only"));
        assert!(raw(&st, "DELETE FROM register_carryover").unwrap_err().contains("append-only"));
        // A hand-made row for a year that has cards is refused by the store, not only the station.
        let next_year = raw(&st, &format!("INSERT INTO register_carryover (year, last_seq, reference, recorded_by, station, recorded_at)
             SELECT {}, 10, 'x', 'x', '', '' FROM register LIMIT 1", year + 1));
        assert!(next_year.is_ok(), "a year without cards takes its book end: {next_year:?}");
        let removed = raw(&st, &format!("DELETE FROM register_carryover WHERE year = {}", year + 1));
        assert!(removed.is_err());
        assert_eq!(st.register_carryovers().unwrap().len(), 2);

        // Audited, and the day's report shows the carried-over part.
        let audited = st.audit_of(&format!("register:{year}")).unwrap();
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0].action, "register.continue_from");
        let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
        let report = st.usage_report(today, today).unwrap();
        assert_eq!(report.paper_register.as_ref().map(|p| p.last_seq), Some(4812));
        let summary = ktpel_core::report::csv::summary(&report);
        let line = summary.iter().find(|l| l.key == "paper_register.last_seq").expect("summary line");
        assert_eq!(line.value, 4812);
        assert!(line.label.contains(BOOK), "{}", line.label);
    }
}

ktpel_tests::on_both_stores! {
    fn once_a_card_of_the_year_is_registered_the_paper_book_cannot_be_entered() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 2);
        print_answered(&mut st, &a.operator, "REQ-0001", "KT000001", true);
        let first = st.confirm_ok(&a.operator, "REQ-0001").unwrap();
        assert!(first.register_number.starts_with("00001/"), "{}", first.register_number);

        let refused = st.continue_register_from(&a.supervisor, this_year(), 4812, BOOK).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert!(refused.to_string().contains("sudah berisi kartu"), "{refused}");
        // The store refuses a hand-made row as well, and the register is as it was.
        let year = this_year();
        let by_hand = raw(&st, &format!("INSERT INTO register_carryover (year, last_seq, reference, recorded_by, station, recorded_at) VALUES ({year}, 4812, 'x', 'x', '', '')"));
        assert!(by_hand.unwrap_err().contains("already has cards"));
        assert!(st.register_carryovers().unwrap().is_empty());
        assert_eq!(rows(&st, "SELECT count(*) FROM register")[0][0].as_deref(), Some("1"));
        assert!(st.audit_of(&format!("register:{year}")).unwrap().is_empty());
    }
}

ktpel_tests::on_both_stores! {
    fn the_command_line_records_and_lists_the_paper_book() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let year = this_year().to_string();
        let out = k.ok(Some(SUPERVISOR), &["--json", "register", "continue-from", "4812", "--year", &year, "--reference", BOOK]);
        let said: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(said["last_seq"], 4812);
        let listed: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "register", "carryovers"])).unwrap();
        assert_eq!(listed[0]["reference"], BOOK);
        assert_eq!(listed[0]["year"].to_string(), year);
        // Again: refused in words, with the code scripts branch on, and a failing exit.
        let again = k.run(Some(SUPERVISOR), &["register", "continue-from", "10", "--year", &year, "--reference", "lain"]);
        assert!(!again.status.success());
        assert!(text(&again.stderr).contains("sudah dicatat"), "{}", text(&again.stderr));
    }
}
