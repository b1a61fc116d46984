//! The officer launches the app again while it is open (a second click on the icon): no second
//! window opens on the same database; the open one comes to the front and says so.

use ktpel_tests::window::Desk;

use super::one_window;

#[test]
fn a_second_launch_brings_the_open_window_forward() {
    let _one = one_window();
    let desk = Desk::start(1, 5);
    let s = desk.open();
    let ended = desk.launch_again().expect("the second launch ended by itself instead of opening a second window");
    assert!(ended.success(), "the second launch exits quietly: {ended:?}");
    s.wait_text("#instans-kedua", "sudah terbuka");
    desk.shot(&s, "90-instans-kedua");
    // The first window is still the desk: it logs in as usual.
    desk.login(&s, ktpel_tests::OPERATOR);
}
