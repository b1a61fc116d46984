//! The office that began the year on paper: in the Register screen the supervisor records where
//! the paper book ended (after a confirming question), the table shows it, and the year's first
//! card printed at the desk takes the next number. An operator sees the record, not the form.

use ktpel_tests::window::Desk;
use ktpel_tests::{OPERATOR, SUPERVISOR};

#[test]
fn the_supervisor_records_the_paper_book_and_the_first_card_continues_it() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 3);
    let s = desk.open();
    desk.login(&s, SUPERVISOR);
    s.click("#nav-register");
    s.wait_text("#buku-kosong", "dimulai dari 1");
    // A slip first: the field is named and nothing is recorded.
    s.type_into("#buku-rujukan", "Buku Register KTP-el jilid 3");
    s.click("#buku-catat");
    assert!(s.wait_text("#buku-galat", "Nomor terakhir").contains("buku register kertas"));
    s.type_into("#buku-nomor", "4812");
    s.click("#buku-catat");
    assert!(s.wait_text("#buku-tanya", "tidak dapat diubah").contains("nomor 4813"));
    desk.shot(&s, "40-buku-kertas-tanya");
    s.click("#buku-yakin");
    s.wait_text("#buku-hasil", "nomor 4813");
    let listed = s.wait_text("#buku-kertas-isi", "4812");
    assert!(listed.contains("Buku Register KTP-el jilid 3") && listed.contains("budi"), "{listed}");
    desk.shot(&s, "41-buku-kertas");
    assert_eq!(desk.station().register_carryovers().expect("carryovers").len(), 1);

    // The operator prints the year's first card: it continues the book.
    s.click("#keluar");
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    s.click("[data-verdict] .baik");
    s.wait("the card registered", || desk.station().register_of("REQ-0001").ok().flatten());
    let row = desk.station().register_of("REQ-0001").expect("register").expect("a row");
    assert!(row.register_number.starts_with("04813/"), "{}", row.register_number);
    s.click("#nav-register");
    s.wait_text("#register", "04813/");
    // The operator sees the book's end but has no form to change it.
    s.wait_text("#buku-kertas-isi", "4812");
    assert!(s.all("#buku-catat").is_empty());
    desk.shot(&s, "42-register-lanjut");
}
