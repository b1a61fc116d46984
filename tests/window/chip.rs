//! The chip at the desk: with a contactless reader attached (pcscd, the vpcd reader, a virtual
//! card), the print panel asks for the blank, shows the UID read, the print records it, and the
//! Register screen shows it beside the blank's serial.

use ktpel_tests::smartcard::Pcscd;
use ktpel_tests::window::Desk;
use ktpel_tests::OPERATOR;

const CHIP: &str = "04A22B9A1C5D80";

#[test]
fn the_print_panel_reads_the_blank_on_the_reader_and_the_register_shows_its_chip() {
    let _one = crate::one_window();
    // Its own reader, gone again when the test ends (the other stories have none).
    if !Pcscd::can_run() {
        return;
    }
    let pcscd = Pcscd::start();
    let desk = Desk::start(1, 3);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    s.click("#antrian tr[data-request='REQ-0001'] td");
    s.choose("#printer", ktpel_tests::cupsd::CAPTURE);
    s.wait_text("#chip-status", "Tempelkan blanko pada pembaca chip Virtual PCD");
    let card = pcscd.lay(CHIP);
    pcscd.settle(Some(CHIP));
    s.click("#chip-baca");
    s.wait_text("#chip-status", CHIP);
    desk.shot(&s, "45-chip-terbaca");
    s.type_into("#blanko", "KT000001");
    s.click("#cetak");
    s.wait_text("#cetak-selesai", "selesai dikirim ke printer");
    drop(card);
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    let row = desk.station().register_of("REQ-0001").expect("register").expect("a row");
    assert_eq!(row.chip_uid, CHIP);
    s.click("#nav-register");
    s.wait_text("#register", CHIP);
    desk.shot(&s, "46-register-chip");
    drop(pcscd);
}
