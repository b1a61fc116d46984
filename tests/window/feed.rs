//! The feed in the window: with a feed configured, approved requests arrive in the queue by
//! themselves, the status bar shows the last contact, and a print's status reaches the approval
//! system, all while the officer works.

use ktpel_tests::feed_server::FeedServer;
use ktpel_tests::window::Desk;
use ktpel_tests::{ADMIN, OPERATOR};

#[test]
fn approved_requests_arrive_by_themselves_and_statuses_go_back() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 5);
    let server = FeedServer::start("token-jendela");
    server.with(|u| u.records = ktpel_tests::records::good(2, "UP-"));
    std::env::set_var("KTPEL_FEED_TOKEN", "token-jendela");
    desk.ktpel.ok(Some(ADMIN), &["feed", "configure", "--url", &server.url, "--poll-seconds", "5"]);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    s.wait_text("#antrian", "UP-0002");
    s.wait_text("#umpan", "kontak terakhir");
    desk.shot(&s, "20-umpan-antrian");
    desk.print_to_capture(&s, "UP-0001", "KT000002");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    // Within a poll interval or two the approval system hears of it, in order.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let got: Vec<String> = server.with(|u| u.statuses.iter().filter(|(id, _)| id == "UP-0001").map(|(_, b)| b["status"].as_str().unwrap_or("").to_string()).collect());
        if got == ["printing", "printed", "ready"] {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "statuses so far: {got:?}");
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}
