//! When the card does not come out right: a spoiled card recorded with its reason, and a printer
//! that fails (the blank stays accounted for until the officer says no card was fed). An attempt
//! an earlier run left open is shown first at log-in.

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
