//! A WITA office at the desk: with `office.timezone` WITA the window shows every time on the
//! office's clock with its label — the queue's approval times, the register's times, the status
//! bar's feed — and the Register screen opens on the office's date.

use ktpel_tests::window::Desk;
use ktpel_tests::{ADMIN, OPERATOR};

#[test]
fn a_wita_office_sees_its_own_clock_everywhere() {
    let _one = crate::one_window();
    let desk = Desk::start(2, 3);
    desk.ktpel.ok(Some(ADMIN), &["settings", "set", "office.timezone", "WITA"]);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    let queue = s.wait_text("#antrian", "WITA");
    assert!(!queue.contains("WIB"), "{queue}");
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    s.click("#nav-register");
    let register = s.wait_text("#register", "WITA");
    // The time shown is the register row's instant on the WITA clock (UTC+8).
    let row = desk.station().register_of("REQ-0001").expect("register").expect("a row");
    let at = chrono::DateTime::parse_from_rfc3339(&row.registered_at).expect("instant").with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"));
    assert!(register.contains(&format!("{} WITA", at.format("%d-%m-%Y %H:%M"))), "{register}");
    let today = ktpel_core::time::Zone::Wita.date(ktpel_core::time::now()).format("%Y-%m-%d").to_string();
    assert_eq!(row.register_date, today);
    desk.shot(&s, "48-register-wita");
}
