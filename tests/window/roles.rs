//! What a role may do follows the role, on the screen and again in the core: an admin sees the
//! settings (and changes one, and prints a calibration card) but cannot print a card, even by
//! calling the command directly.

use ktpel_tests::window::Desk;
use ktpel_tests::{cupsd, pdf, ADMIN};
use serde_json::json;

#[test]
fn an_admin_runs_the_station_but_cannot_print_cards() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 5);
    let s = desk.open();
    desk.login(&s, ADMIN);
    assert!(s.all("#nav-hasil").is_empty() && s.all("#nav-penyerahan").is_empty(), "no desk screens for an admin");

    // The detail has no print panel for an admin...
    s.click("#antrian tr[data-request='REQ-0001'] td");
    s.wait_text("#judul", "REQ-0001");
    assert!(s.all("#panel-cetak").is_empty(), "no print panel for an admin");
    // ...and the core refuses the command itself.
    let script = "const done = arguments[arguments.length - 1]; \
        window.__TAURI_INTERNALS__.invoke('cetak', { requestId: 'REQ-0001', serial: 'KT000001', printer: arguments[0] }) \
        .then(r => done({ ok: r }), e => done({ err: e }));";
    let got = s.run_async(script, json!([cupsd::CAPTURE]));
    assert_eq!(got["err"]["code"], "forbidden", "{got}");
    assert!(got["err"]["message"].as_str().unwrap_or_default().contains("tidak boleh mencetak kartu"), "{got}");

    // Settings: change the service standard; calibrate the capture printer and print its card.
    s.click("#nav-pengaturan");
    let row = "#pengaturan tr[data-key='service.minutes_in_office']";
    s.clear(&format!("{row} input"));
    s.type_into(&format!("{row} input"), "abc");
    s.click(&format!("{row} button"));
    assert!(s.wait_text("#pengaturan-error", "service.minutes_in_office").contains("angka"));
    s.clear(&format!("{row} input"));
    s.type_into(&format!("{row} input"), "20");
    s.click(&format!("{row} button"));
    s.wait_text("#pengaturan-pesan", "disimpan");
    assert_eq!(desk.station().config().expect("config").minutes_in_office, 20);

    let printer = format!("#printer-kalibrasi tr[data-printer='{}']", cupsd::CAPTURE);
    s.clear(&format!("{printer} input.num"));
    s.type_into(&format!("{printer} input.num"), "1.5");
    s.click(&format!("{printer} button"));
    s.wait_text("#pengaturan-pesan", "Kalibrasi printer");
    let saved = desk.station().printer_settings(cupsd::CAPTURE).expect("read").expect("printer row");
    assert!((saved.offset_x_mm - 1.5).abs() < 1e-9, "{saved:?}");
    s.click(&format!("{printer} button:nth-child(2)"));
    s.wait_text("#pengaturan-pesan", "Kartu kalibrasi dikirim");
    desk.shot(&s, "11-pengaturan");
    let jobs = desk.cups.wait_captured(1);
    let text = pdf::text(&jobs[0]);
    assert!(text.contains("KARTU KALIBRASI") && text.contains("X +1.5 mm"), "calibration card: {text}");
    assert_eq!(desk.station().stock().expect("stock").in_stock, 5, "a calibration card uses no blanko");
}

#[test]
fn an_idle_desk_locks_itself() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 1);
    desk.ktpel.ok(Some(ADMIN), &["settings", "set", "session.idle_lock_minutes", "1"]);
    let s = desk.open();
    desk.login(&s, ktpel_tests::OPERATOR);
    s.find("#antrian");
    // Nobody touches the desk for a minute; the queue keeps refreshing itself meanwhile.
    std::thread::sleep(std::time::Duration::from_secs(62));
    // Whichever notices first, the window's timer or the core refusing the queue's own refresh.
    let notice = s.wait_text("#terkunci", "terkunci");
    assert!(notice.contains("1 menit"), "{notice}");
    assert!(s.all("#keluar").is_empty() && !s.all("#username").is_empty(), "back at the log-in");
    desk.shot(&s, "12-terkunci");
    // The core refuses too: the session is gone, not just hidden.
    let script = "const done = arguments[arguments.length - 1]; \
        window.__TAURI_INTERNALS__.invoke('antrian', { cari: '' }).then(r => done({ ok: r }), e => done({ err: e }));";
    let got = s.run_async(script, json!([]));
    assert!(["not_logged_in", "session_locked"].contains(&got["err"]["code"].as_str().unwrap_or_default()), "{got}");
}
