//! The morning the database file is found damaged: the window does not open the desk on it; it
//! names the newest backup and lets an admin of that backup restore it (the damaged file kept).

use ktpel_tests::webdriver::Session;
use ktpel_tests::window::{app_bin, Desk};
use ktpel_tests::ADMIN;

use super::one_window;

#[test]
fn a_damaged_database_offers_the_last_backup_to_an_admin() {
    let _one = one_window();
    let desk = Desk::start(1, 5);
    // The CLI's first command of the day made the backup; then the file's first page is lost.
    let mut bytes = std::fs::read(&desk.ktpel.db).unwrap();
    bytes[..4096].fill(0);
    std::fs::write(&desk.ktpel.db, &bytes).unwrap();

    let s = Session::start(&desk.driver_url(), &app_bin());
    s.wait_text("#masalah", "rusak");
    s.wait_text("#pemulihan", "Cadangan terakhir");
    desk.shot(&s, "95-pemulihan");
    // A wrong password restores nothing.
    s.type_into("#pemulihan-admin", ADMIN.0);
    s.type_into("#pemulihan-sandi", "salah");
    s.click("#pulihkan");
    s.wait_text("#pemulihan-error", "kata sandi salah");
    assert_eq!(std::fs::read(&desk.ktpel.db).unwrap(), bytes);
    s.type_into("#pemulihan-sandi", ADMIN.1);
    s.click("#pulihkan");
    s.wait_text("#pemulihan-selesai", "dipulihkan");
    desk.shot(&s, "96-pemulihan-selesai");
    // The restored file opens; the damaged one is kept beside it.
    let st = ktpel_core::Station::open(&desk.ktpel.db).expect("the restored database opens");
    st.login(ADMIN.0, ADMIN.1).expect("the admin of the backup");
    let kept: Vec<_> = std::fs::read_dir(desk.dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains(".rusak-")).collect();
    assert!(!kept.is_empty(), "the damaged file is kept");
}
