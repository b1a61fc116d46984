//! When the card does not come out right: a spoiled card recorded with its reason, and a printer
//! that fails (the blank stays accounted for until the officer says no card was fed). An attempt
//! an earlier run left open is shown first at log-in. A job still moving is cancelled with
//! Batalkan, over the scheduler's socket as on a desktop.

use ktpel_core::store::blanko::BlankoState;
use ktpel_tests::window::Desk;
use ktpel_tests::{cupsd, OPERATOR};

#[test]
fn a_spoiled_card_is_recorded_with_its_reason() {
    let _one = crate::one_window();
    let desk = Desk::start(2, 10);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000005");
    s.click("[data-verdict] .rusak");
    s.choose("[data-verdict] .alasan", "laminasi_mengelupas");
    s.type_into("[data-verdict] .catatan", "suhu roller terlalu tinggi");
    desk.shot(&s, "08-hasil-rusak");
    s.click("[data-verdict] .simpan-rusak");
    s.wait_text("#hasil-akhir", "dicatat rusak");

    let st = desk.station();
    let blank = st.blanko("KT000005").expect("read").expect("blank");
    assert_eq!(blank.state, BlankoState::Spoiled);
    assert_eq!(st.request("REQ-0001").expect("request").status.as_str(), "held_for_reprint");
    let attempt = st.attempts_of("REQ-0001").expect("attempts").pop().expect("one attempt");
    assert_eq!(attempt.outcome_reason.as_deref(), Some("laminasi_mengelupas: suhu roller terlalu tinggi"));
    assert!(st.register_of("REQ-0001").expect("read").is_none(), "a spoiled card gets no register number");
    assert_eq!(st.stock().expect("stock").in_stock, 9);
}

#[test]
fn a_failing_printer_keeps_the_blank_until_the_officer_says_no_card_was_fed() {
    let _one = crate::one_window();
    let desk = Desk::start(3, 10);
    // An attempt left open by an earlier run (the CLI printed to the failing queue and stopped there).
    let out = desk.ktpel.run(Some(OPERATOR), &["print", "REQ-0003", "--blanko", "KT000009", "--printer", cupsd::FAIL, "--deadline", "20"]);
    assert_eq!(out.status.code(), Some(3), "the CLI print to the failing queue must end not completed");

    let s = desk.open();
    desk.login(&s, OPERATOR);
    // Interrupted attempts come first: the Hasil screen opens with it.
    let waiting = s.wait_text("article[data-request='REQ-0003']", "KT000009");
    assert!(waiting.contains("gagal"), "{waiting}");
    desk.shot(&s, "09-hasil-terputus");
    s.click("article[data-request='REQ-0003'] .tidak-terambil");
    s.wait_text(".hasil-akhir", "Blanko kembali ke stok");
    assert_eq!(desk.station().blanko("KT000009").expect("read").expect("blank").state, BlankoState::InStock);

    // Now print REQ-0001 to the failing queue from the window.
    s.click("#nav-antrian");
    s.click("#antrian tr[data-request='REQ-0001'] td");
    s.choose("#printer", cupsd::FAIL);
    s.type_into("#blanko", "KT000001");
    s.click("#cetak");
    let failed = s.wait_text("#cetak-selesai", "gagal");
    assert!(failed.contains("Blanko KT000001 tetap tercatat dipakai"), "{failed}");
    assert!(!s.enabled("[data-verdict] .baik"), "a failed job cannot be confirmed good");
    desk.shot(&s, "10-printer-gagal");
    assert_eq!(desk.station().blanko("KT000001").expect("read").expect("blank").state, BlankoState::Reserved, "the blank stays reserved, not silently released");
    s.click("[data-verdict] .tidak-terambil");
    s.wait_text("#hasil-akhir", "Blanko kembali ke stok");
    let st = desk.station();
    assert_eq!(st.blanko("KT000001").expect("read").expect("blank").state, BlankoState::InStock);
    assert_eq!(st.request("REQ-0001").expect("request").status.as_str(), "queued");
    assert!(desk.cups.captured().is_empty());
}

#[test]
fn batalkan_cancels_a_job_still_moving_and_the_blank_waits_for_the_verdict() {
    let _one = crate::one_window();
    let desk = Desk::start_on(2, 5, true);
    let pid = desk.cups.pid();
    let s = desk.open();
    desk.login(&s, OPERATOR);
    s.click("#nav-antrian");
    s.click("#antrian tr[data-request='REQ-0001'] td");
    // The slow printer takes the job and never finishes it.
    s.choose("#printer", cupsd::SLOW);
    s.type_into("#blanko", "KT000001");
    s.click("#cetak");
    s.wait_text("#batalkan", "Batalkan");
    s.run_async("const [css, done] = arguments; document.querySelector(css).scrollIntoView({ block: 'center' }); done(true);", serde_json::json!(["#batalkan"]));
    desk.shot(&s, "13-batalkan");
    s.click("#batalkan");
    let ended = s.wait_text("#cetak-selesai", "dibatalkan");
    assert!(ended.contains("Blanko KT000001 tetap tercatat dipakai"), "{ended}");
    assert!(s.text("#progres").contains("dibatalkan oleh ani"), "{}", s.text("#progres"));
    desk.shot(&s, "14-dibatalkan");

    // In CUPS the job is cancelled, by the same scheduler process, which still answers.
    let st = desk.station();
    let attempt = &st.open_attempts().expect("open")[0].attempt;
    let job = attempt.job_id.expect("job id") as i32;
    let target = ktpel_core::spool::PrinterTarget::parse(cupsd::SLOW, Some(&desk.cups.socket.display().to_string())).expect("target");
    let spooler = ktpel_core::spool::Spooler::new(target, ktpel_core::spool::SpoolIdentity::of_this_process());
    let state = ktpel_tests::block(spooler.job_info(job)).expect("job info").expect("known").state;
    assert_eq!(state, ktpel_core::spool::ipp_ops::job_state::CANCELED);
    desk.cups.assert_alive(pid, "Batalkan in the window");
    assert!(st.audit_of("request:REQ-0001").expect("audit").iter().any(|r| r.action == "print.cancel"), "audited");
    assert_eq!(st.blanko("KT000001").expect("read").expect("blank").state, BlankoState::Reserved);

    s.click("[data-verdict] .tidak-terambil");
    s.wait_text("#hasil-akhir", "Blanko kembali ke stok");
    assert_eq!(desk.station().blanko("KT000001").expect("read").expect("blank").state, BlankoState::InStock);
}

#[test]
fn a_queue_without_the_card_size_is_marked_and_a_print_to_it_is_refused_before_the_blank_is_taken() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 2);
    desk.cups.add_driver_queue("printer-kertas", "tanpa-id1.ppd", "Printer kertas A4");
    let s = desk.open();
    desk.login(&s, OPERATOR);
    s.click("#nav-antrian");
    s.click("#antrian tr[data-request='REQ-0001'] td");
    s.choose("#printer", "printer-kertas");
    let why = s.wait_text("#printer-tidak-siap", "ID-1");
    assert!(why.contains("85,60 × 53,98 mm"), "{why}");
    s.type_into("#blanko", "KT000001");
    s.click("#cetak");
    let refused = s.wait_text("#cetak-error", "tidak dapat mencetak kartu");
    assert!(refused.contains("printer-kertas"), "{refused}");
    // The status bar (refreshed after the attempt) does not call this queue ready.
    let bar = s.wait_text("#printer-status", "tanpa ukuran kartu ID-1");
    assert!(bar.contains("printer-kertas"), "{bar}");
    desk.shot(&s, "14b-printer-tanpa-ukuran-kartu");
    let st = desk.station();
    assert_eq!(st.blanko("KT000001").expect("read").expect("blank").state, BlankoState::InStock, "nothing reserved");
    assert!(st.open_attempts().expect("open").is_empty());
    assert!(desk.cups.captured().is_empty());
}
