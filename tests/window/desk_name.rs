//! The first start of a new desk: the window asks for the desk's name before anyone logs in,
//! refuses a name unsafe in a print job's name with the fix, keeps it on this computer, shows it
//! in the status bar, and the desk's prints carry it.

use ktpel_tests::window::Desk;
use ktpel_tests::OPERATOR;

#[test]
fn a_new_desk_is_named_at_its_first_start_and_its_prints_carry_the_name() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 5);
    let s = desk.open();
    s.wait_text("#nama-meja", "belum bernama");
    desk.shot(&s, "13-nama-meja");
    s.clear("#nama-meja-input");
    s.type_into("#nama-meja-input", "meja 2");
    s.click("#nama-meja-simpan");
    assert!(s.wait_text("#nama-meja-error", "tanpa spasi").contains("nama meja"));
    s.clear("#nama-meja-input");
    s.type_into("#nama-meja-input", "meja-2");
    s.click("#nama-meja-simpan");
    s.wait("the question gone", || s.all("#nama-meja").is_empty().then_some(()));
    s.wait_text("#meja", "meja-2");
    let kept = desk.ktpel.db.parent().expect("data folder").join("nama-meja");
    assert_eq!(std::fs::read_to_string(&kept).expect("the name kept on this computer").trim(), "meja-2");

    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    let attempt = desk.station().attempts_of("REQ-0001").expect("attempts").remove(0);
    assert_eq!(attempt.station, "meja-2");
    assert!(attempt.job_name.starts_with("meja-2-"), "{}", attempt.job_name);
}
