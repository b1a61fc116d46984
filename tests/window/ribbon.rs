//! The ribbon at the desk: before printing, the print panel shows the chosen printer's ribbon;
//! the officer records a new one there; each card printed counts it down, and below the
//! threshold the panel and the status bar warn. A printer that reports its ribbon level itself
//! (IPP marker levels) is shown with its own figure.

use ktpel_tests::window::Desk;
use ktpel_tests::OPERATOR;

#[test]
fn the_print_panel_counts_the_ribbon_down_and_the_status_bar_warns() {
    let _one = crate::one_window();
    let desk = Desk::start(3, 5);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    s.click("#antrian tr[data-request='REQ-0001'] td");
    s.choose("#printer", ktpel_tests::cupsd::CAPTURE);
    s.wait_text("#pita-sisa", "belum dicatat");
    s.click("#pita-ganti");
    s.type_into("#pita-kapasitas", "nol");
    s.click("#pita-simpan");
    assert!(s.wait_text("#pita-galat", "Kapasitas").contains("kemasan pita"));
    s.clear("#pita-kapasitas");
    s.type_into("#pita-kapasitas", "40");
    s.click("#pita-simpan");
    // The default threshold is 50: a ribbon of 40 is low at once.
    assert!(s.wait_text("#pita-sisa", "sisa 40 dari 40").contains("siapkan pita baru"));
    desk.shot(&s, "43-pita");
    let change = desk.station().ribbon_of(ktpel_tests::cupsd::CAPTURE).expect("ribbon").expect("recorded");
    assert_eq!((change.capacity, change.used), (40, 0));

    s.type_into("#blanko", "KT000001");
    s.click("#cetak");
    s.wait_text("#cetak-selesai", "selesai dikirim ke printer");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    // The status bar names the chosen printer's ribbon with what is left.
    s.wait_text("#status-bar", "tinggal 39 cetakan");
    s.click("#nav-antrian");
    s.click("#antrian tr[data-request='REQ-0002'] td");
    s.wait_text("#pita-sisa", "sisa 39 dari 40");
    desk.shot(&s, "44-pita-berkurang");

    // The printer starts telling its ribbon level (its driver sets IPP marker levels).
    std::fs::write(desk.cups.capture_dir().join("marker-level"), "73").expect("marker level");
    s.type_into("#blanko", "KT000002");
    s.click("#cetak");
    s.wait_text("#cetak-selesai", "selesai dikirim ke printer");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    s.click("#nav-antrian");
    s.click("#antrian tr[data-request='REQ-0003'] td");
    s.wait_text("#pita-sisa", "Pita menurut printer: Ribbon 73%");
    let bar = s.wait_text("#status-bar", "Ribbon 73%");
    assert!(!bar.contains("tinggal 38 cetakan"), "the printer's own figure stands instead of the count: {bar}");
    desk.shot(&s, "47-pita-menurut-printer");
}
