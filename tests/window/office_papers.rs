//! The office's papers in the window: the Kinerja screen with the step times and its PDF, the
//! stock poster and the monthly workbook saved from Laporan, the lobby screen (stock and queue,
//! no person) over the desk's window and in its own window (refreshing while the desk works), and the Pemusnahan screen where the supervisor records a destruction and its
//! berita acara is saved.

use ktpel_tests::window::Desk;
use ktpel_tests::{pdf, OPERATOR, SUPERVISOR};

fn saved_path(text: &str) -> std::path::PathBuf {
    // "… disimpan: /path/file" (a record number may itself hold slashes).
    let (_, path) = text.rsplit_once(": ").unwrap_or_else(|| panic!("a path in {text:?}"));
    std::path::PathBuf::from(path.trim())
}

#[test]
fn kinerja_posters_the_lobby_and_the_berita_acara_from_the_window() {
    let _one = crate::one_window();
    let desk = Desk::start(3, 10);
    // Two blanks found damaged in the box, their corners cut: they wait for destruction.
    desk.ktpel.ok(Some(SUPERVISOR), &["blanko", "adjust", "KT000009", "KT000010", "--kind", "written_off", "--reason", "lecet di kotak"]);
    desk.ktpel.ok(Some(OPERATOR), &["blanko", "disable", "KT000009", "KT000010"]);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");

    // Kinerja: the request's steps measured, the print step counted against its standard.
    s.click("#nav-kinerja");
    let steps = s.wait_text("#kin-langkah tr[data-key='print']", "5 mnt");
    assert!(steps.contains("Cetak"), "{steps}");
    s.wait_text("#kin-permohonan", "REQ-0001");
    let row = s.text("#kin-permohonan tbody tr:first-child");
    assert!(row.contains("REQ-0001") && row.contains("ani"), "the officer who registered it: {row}");
    desk.shot(&s, "50-kinerja");
    s.click("#kin-simpan");
    let file = saved_path(&s.wait_text("#kin-hasil", "laporan-kinerja-"));
    assert!(file.starts_with(&desk.export_dir), "{file:?}");
    assert!(pdf::text(&file).contains("REQ-0001"));

    // Laporan: the poster image and the monthly workbook into the export folder.
    s.click("#nav-laporan");
    s.click("#poster-png");
    let png = saved_path(&s.wait_text("#poster-hasil", "stok-blanko-"));
    let img = image::open(&png).expect("the poster is an image");
    assert!(img.width() >= 1080 && img.width() == img.height());
    s.click("#bulanan-xlsx");
    let xlsx = saved_path(&s.wait_text("#bulanan-hasil", "laporan-bulanan-blanko-"));
    assert!(std::fs::metadata(&xlsx).expect("workbook").len() > 1000);

    // The lobby: 10 received − 1 printed − 2 damaged = 7 in stock; one card ready; no person.
    s.click("#buka-layar-publik");
    assert_eq!(s.wait_text("#publik-stok", "7").trim(), "7");
    assert_eq!(s.text("#publik-siap").trim(), "1");
    assert_eq!(s.text("#publik-menunggu").trim(), "2");
    let shown = s.text("#layar-publik");
    let st = desk.station();
    for id in ["REQ-0001", "REQ-0002", "REQ-0003"] {
        let p = st.request(id).expect("request").person;
        assert!(!shown.contains(&p.nik) && !shown.contains(&p.nama) && !shown.contains(id), "{shown}");
    }
    desk.shot(&s, "51-layar-publik");
    s.click("#publik-tutup");

    // The lobby in its own window, for the waiting room's TV; the desk keeps working in its own.
    let desk_window = s.window_handle();
    s.click("#layar-publik-jendela");
    s.wait_text("#poster-hasil", "jendela tersendiri");
    let handles = s.wait("the lobby's own window", || Some(s.window_handles()).filter(|h| h.len() == 2));
    let lobby = handles.iter().find(|h| **h != desk_window).expect("a second window").clone();
    s.switch_to_window(&lobby);
    assert_eq!(s.wait_text("#publik-stok", "7").trim(), "7");
    let shown = s.text("#layar-publik");
    for id in ["REQ-0001", "REQ-0002", "REQ-0003"] {
        let p = st.request(id).expect("request").person;
        assert!(!shown.contains(&p.nik) && !shown.contains(&p.nama) && !shown.contains(id), "{shown}");
    }
    desk.shot(&s, "53-layar-publik-jendela");
    // The desk's window is free: the officer goes on (here, to the queue).
    s.switch_to_window(&desk_window);
    s.click("#nav-antrian");
    s.wait_text("#antrian", "REQ-0002");
    // Five blanks arrive (another desk records them): the lobby shows them by itself.
    desk.ktpel.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-LOBI", "--range", "KT000011..KT000015"]);
    s.switch_to_window(&lobby);
    assert_eq!(s.wait_text("#publik-stok", "12").trim(), "12");
    // Its Tutup closes that window only.
    s.click_to_close("#publik-tutup");
    s.wait("the lobby's window closed", || Some(()).filter(|_| s.window_handles().len() == 1));
    s.switch_to_window(&desk_window);

    // Pemusnahan: the operator sees what waits; only the supervisor records it.
    s.click("#nav-pemusnahan");
    s.wait_text("#pms-menunggu", "KT000010");
    s.find("#pms-hanya-supervisor");
    s.click("#keluar");
    desk.login(&s, SUPERVISOR);
    s.click("#nav-pemusnahan");
    s.wait_text("#pms-menunggu", "KT000009");
    s.type_into("#pms-nomor", "470/01/BA-PMS/XII/2026");
    s.type_into("#pms-saksi", "Siti Aminah");
    s.click("#pms-catat");
    assert!(s.wait_text("#pms-galat", "saksi").to_lowercase().contains("saksi"));
    assert!(st.destruction_record("470/01/BA-PMS/XII/2026").is_err(), "a refused record leaves nothing");
    // Enter (WebDriver's key U+E007) starts the next line.
    s.type_into("#pms-saksi", "\u{E007}Joko Santoso");
    s.click("#pms-catat");
    let paper = saved_path(&s.wait_text("#pms-hasil", "berita-acara-pemusnahan-"));
    let text = pdf::text(&paper).split_whitespace().collect::<Vec<_>>().join(" ");
    for needed in ["BERITA ACARA PEMUSNAHAN", "470/01/BA-PMS/XII/2026", "KT000009", "KT000010", "2 (dua) keping", "(Joko Santoso)"] {
        assert!(text.contains(needed), "{needed:?} missing:\n{text}");
    }
    s.wait_text("#pms-daftar", "470/01/BA-PMS/XII/2026");
    s.wait_text("#pms-menunggu", "Tidak ada blanko");
    desk.shot(&s, "52-pemusnahan");
    assert_eq!(desk.station().destruction_record("470/01/BA-PMS/XII/2026").expect("recorded").serials.len(), 2);

    // The lobby's window goes with the desk's: closing the desk ends the app, not leaving a
    // screen in the waiting room that nobody at the desk can reach.
    s.click("#nav-laporan");
    s.click("#layar-publik-jendela");
    s.wait("the lobby's own window again", || Some(()).filter(|_| s.window_handles().len() == 2));
    desk.close_by_button("Stasiun Cetak KTP-el");
    let app = ktpel_tests::window::app_bin();
    let running = || std::process::Command::new("pgrep").arg("-f").arg(&app).output().map(|o| o.status.success()).unwrap_or(false);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while running() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let ps = std::process::Command::new("pgrep").arg("-af").arg(&app).output().map(|o| String::from_utf8_lossy(&o.stdout).to_string()).unwrap_or_default();
    let log = std::fs::read_to_string(desk.log_file()).unwrap_or_default();
    assert!(!running(), "the app still runs after the desk's window closed (the lobby's window kept it): {ps}\n{}", log.lines().rev().take(15).collect::<Vec<_>>().join("\n"));
}
