//! An office outside WIB: with `office.timezone` WITA (UTC+8) the office's day, the register's
//! date, number, month and year, the day's report and the times it shows follow the office's
//! clock. A WITA office crosses midnight — and the year's end — an hour before a WIB one.
//! Runs on both stores, on a test clock.

use chrono::{DateTime, Utc};
use ktpel_core::time::{self, Zone};
use ktpel_tests::{core_station, print_answered, stocked};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

/// Prints and confirms `request` at `when` on the test clock; its register row.
fn registered_at(st: &mut ktpel_core::Station, a: &ktpel_tests::Actors, when: &str, request: &str, serial: &str) -> ktpel_core::store::register::RegisterRow {
    time::set_thread_clock(Some(at(when)));
    print_answered(st, &a.operator, request, serial, true);
    let row = st.confirm_ok(&a.operator, request).expect("confirm");
    time::set_thread_clock(None);
    row
}

ktpel_tests::on_both_stores! {
    fn a_wita_office_turns_the_day_and_the_year_at_its_own_midnight() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 3, 5);
        let refused = st.set_setting(&a.admin, "office.timezone", "UTC+8").unwrap_err();
        assert!(refused.to_string().contains("office.timezone") && refused.to_string().contains("WITA"), "{refused}");
        st.set_setting(&a.admin, "office.timezone", "wita").unwrap();
        assert_eq!(st.zone().unwrap(), Zone::Wita);
        assert_eq!(st.status().unwrap().zone, Zone::Wita);

        // 23:58 WITA on 31 December (22:58 in WIB).
        let last = registered_at(&mut st, &a, "2026-12-31T15:58:00Z", "REQ-0001", "KT000001");
        assert_eq!((last.register_date.as_str(), last.register_number.as_str()), ("2026-12-31", "00001/3520/KTP-EL/XII/2026"));
        // 00:02 WITA on 1 January — still 23:02 on 31 December in WIB: a new year for this office.
        let first = registered_at(&mut st, &a, "2026-12-31T16:02:00Z", "REQ-0002", "KT000002");
        assert_eq!((first.year, first.seq), (2027, 1));
        assert_eq!((first.register_date.as_str(), first.register_number.as_str()), ("2027-01-01", "00001/3520/KTP-EL/I/2027"));
        // Later that first morning.
        let second = registered_at(&mut st, &a, "2027-01-01T01:00:00Z", "REQ-0003", "KT000003");
        assert_eq!(second.register_number, "00002/3520/KTP-EL/I/2027");

        // Each office day's report holds that day's cards; its times are WITA and say so.
        time::set_thread_clock(Some(at("2027-01-02T02:00:00Z")));
        let old_year = st.usage_report(d("2026-12-31"), d("2026-12-31")).unwrap();
        let new_year = st.usage_report(d("2027-01-01"), d("2027-01-01")).unwrap();
        assert_eq!((old_year.printed_good, new_year.printed_good), (1, 2));
        assert_eq!(new_year.zone, Zone::Wita);
        let csv = ktpel_core::report::csv::to_csv(&new_year).unwrap();
        assert!(csv.lines().next().unwrap_or("").ends_with("waktu_wita"), "{csv}");
        assert_eq!(st.register_on(d("2027-01-01")).unwrap().len(), 2);
        assert_eq!(st.today().unwrap(), d("2027-01-02"));
        // The public stock line names the office's date.
        assert!(st.public_stock_line(at("2026-12-31T16:30:00Z")).unwrap().contains("1 Januari 2027"));
        assert!(st.about().unwrap().details().contains("WITA"));
        time::set_thread_clock(None);
    }
}

ktpel_tests::on_both_stores! {
    fn the_same_instants_stay_in_the_old_year_for_a_wib_office() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 3);
        assert_eq!(st.zone().unwrap(), Zone::Wib, "WIB until an office says otherwise");
        let one = registered_at(&mut st, &a, "2026-12-31T15:58:00Z", "REQ-0001", "KT000001");
        let two = registered_at(&mut st, &a, "2026-12-31T16:02:00Z", "REQ-0002", "KT000002");
        assert_eq!((one.register_number.as_str(), two.register_number.as_str()), ("00001/3520/KTP-EL/XII/2026", "00002/3520/KTP-EL/XII/2026"));
        assert_eq!(two.register_date, "2026-12-31");
    }
}

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}
