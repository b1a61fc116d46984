//! What an office's IT person and a supervisor look for after an incident: the *Tentang* box
//! names the version, the schema versions, the database and the log file; the log file is in the
//! platform's log folder, says what the desk did without a NIK or a name, and says less when an
//! admin lowers `log.level` on the Pengaturan screen (which shows where the file is); the window
//! comes back where and as large as the officer left it.

use ktpel_tests::window::Desk;
use ktpel_tests::{records, ADMIN, OPERATOR};

fn log_text(desk: &Desk) -> String {
    std::fs::read_to_string(desk.log_file()).unwrap_or_default()
}

#[test]
fn the_about_box_and_the_log_file_tell_what_a_supervisor_needs_and_no_personal_data() {
    let _one = crate::one_window();
    let desk = Desk::start(2, 5);
    let s = desk.open();
    s.click("#buka-tentang");
    assert!(s.wait_text("#tentang-versi", ktpel_core::about::VERSION).contains("Stasiun Cetak KTP-el"));
    assert!(s.text("#tentang-skema").starts_with(&ktpel_core::store::SCHEMA_VERSION.to_string()), "{}", s.text("#tentang-skema"));
    assert_eq!(s.text("#tentang-basis-data"), desk.ktpel.db.display().to_string());
    assert_eq!(s.text("#tentang-log"), desk.log_file().display().to_string());
    desk.shot(&s, "30-tentang");
    s.click("#tentang-tutup");
    s.wait("the box closed", || s.all("#tentang").is_empty().then_some(()));
    assert!(log_text(&desk).contains(&format!("Stasiun Cetak KTP-el {} starting", ktpel_core::about::VERSION)), "the log file: {}", desk.log_file().display());

    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    s.click("[data-verdict] .baik");
    let person = &records::good(2, "REQ-")[0]["person"];
    let (nik, nama) = (person["nik"].as_str().expect("nik"), person["nama"].as_str().expect("nama"));
    let log = s.wait("the print in the log", || Some(log_text(&desk)).filter(|l| l.contains("KT000001") && l.contains("REQ-0001")));
    assert!(!log.contains(nik) && !log.contains(nama), "no NIK or name of the applicant in the log:\n{log}");

    // The admin lowers the level on the Pengaturan screen, which says where the file is.
    s.click("#keluar");
    desk.login(&s, ADMIN);
    s.click("#nav-pengaturan");
    assert!(s.wait_text("#letak-log", "stasiun-cetak").contains(&desk.log_file().display().to_string()));
    let row = "#pengaturan tr[data-key='log.level']";
    s.clear(&format!("{row} input"));
    s.type_into(&format!("{row} input"), "cerewet");
    s.click(&format!("{row} button"));
    assert!(s.wait_text("#pengaturan-error", "log.level").contains("error, warn, info atau debug"));
    s.clear(&format!("{row} input"));
    s.type_into(&format!("{row} input"), "warn");
    s.click(&format!("{row} button"));
    s.wait_text("#pengaturan-pesan", "disimpan");
    s.click("#keluar");
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0002", "KT000002");
    s.click("[data-verdict] .baik");
    desk.cups.wait_captured(2);
    assert!(!log_text(&desk).contains("REQ-0002"), "at `warn` the print's info lines are not written");
}

#[test]
fn the_window_comes_back_where_the_officer_left_it() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 1);
    let s = desk.open();
    s.set_window_rect(40, 30, 1100, 660);
    let (_, _, w, h) = s.window_rect();
    assert_eq!((w, h), (1100, 660), "the window took the size");
    // Remembered on this computer as soon as the window is still, before it is closed.
    let kept = desk.config_home().join("id.magetankab.disdukcapil.stasiun-cetak/.window-state.json");
    s.wait("the window's place kept", || std::fs::read_to_string(&kept).ok().filter(|t| t.contains("1100")));
    s.close_window();
    drop(s);
    let s = desk.open();
    let (x, y, w, h) = s.window_rect();
    assert_eq!((w, h), (1100, 660), "the size the officer left");
    assert!((x - 40).abs() <= 40 && (y - 30).abs() <= 60, "the place the officer left: {x}, {y}");
}
