//! The very first start of a desk in an office: nobody has said where its data is, so the window
//! asks before anything else. A place that is not there, or a server nobody prepared, is refused
//! with the fix and nothing is kept; the office server's URL is checked, kept on this computer,
//! and the desk then names itself and prints on the office's register.

use ktpel_tests::pg_cluster::Cluster;
use ktpel_tests::stores::{self, Kind};
use ktpel_tests::webdriver::Session;
use ktpel_tests::window::{app_bin, Desk};
use ktpel_tests::OPERATOR;

#[test]
fn a_new_desk_is_pointed_at_the_office_server_at_its_first_start() {
    let _one = crate::one_window();
    stores::set_kind(Kind::Postgres);
    let desk = Desk::start_first_time(2, 5);
    let kept = desk.data_home().join("ktpel");
    let s = Session::start(&desk.driver_url(), &app_bin());
    s.find("#tempat-data");
    assert!(s.all("#username").is_empty(), "no log-in before the desk knows where its data is");
    assert!(s.all("#masalah").is_empty(), "no error shown for a question not yet answered");
    desk.shot(&s, "14-tempat-data");

    s.click("#tempat-berkas");
    s.type_into("#tempat-berkas-input", "/tidak/ada/stasiun.sqlite");
    s.click("#tempat-simpan");
    assert!(s.wait_text("#tempat-error", "tidak ada").contains("tempat data"));

    s.click("#tempat-server");
    let unprepared = Cluster::get().new_database();
    s.type_into("#tempat-url", &unprepared);
    s.click("#tempat-simpan");
    assert!(s.wait_text("#tempat-error", "belum disiapkan").contains("ktpel init"));
    assert!(!kept.join("tempat-data").exists(), "nothing kept after a refusal");

    let office = desk.ktpel.db.to_string_lossy().into_owned();
    s.clear("#tempat-url");
    s.type_into("#tempat-url", &office);
    s.click("#tempat-simpan");
    s.find("#nama-meja");
    assert!(s.all("#tempat-data").is_empty(), "the question is gone once answered");
    s.clear("#nama-meja-input");
    s.type_into("#nama-meja-input", "meja-3");
    s.click("#nama-meja-simpan");
    s.wait_text("#meja", "meja-3");
    assert_eq!(std::fs::read_to_string(kept.join("tempat-data")).expect("the place kept on this computer").trim(), office);
    assert_eq!(std::fs::read_to_string(kept.join("nama-meja")).expect("the name kept").trim(), "meja-3");
    desk.shot(&s, "15-tempat-data-server");

    // Chosen once: a second choice (the command called past the window) is refused by the core,
    // and the kept place stays.
    let script = "const done = arguments[arguments.length - 1]; \
        window.__TAURI_INTERNALS__.invoke('tempat_data_simpan', { lokasi: arguments[0] }) \
        .then(r => done({ ok: r }), e => done({ err: e }));";
    let got = s.run_async(script, serde_json::json!([unprepared]));
    assert_eq!(got["err"]["code"], "conflict", "{got}");
    assert!(got["err"]["message"].as_str().unwrap_or_default().contains("sudah dipilih"), "{got}");
    assert_eq!(std::fs::read_to_string(kept.join("tempat-data")).expect("still kept").trim(), office);

    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    let attempt = desk.station().attempts_of("REQ-0001").expect("attempts").remove(0);
    assert_eq!(attempt.station, "meja-3", "printed at this desk, on the office's server");
}
