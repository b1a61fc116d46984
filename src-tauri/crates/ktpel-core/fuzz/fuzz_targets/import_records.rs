//! An import file's text: split into records, each validated, and the whole imported into an
//! in-memory station. Must never panic, whatever the bytes.
#![no_main]

use std::cell::RefCell;

use ktpel_core::auth::{Actor, Role};
use ktpel_core::domain::ApprovedRequest;
use ktpel_core::Station;
use libfuzzer_sys::fuzz_target;

thread_local! {
    // One station for the whole run: creating users hashes passwords, far too slow per input.
    static DESK: RefCell<Option<(Station, Actor)>> = RefCell::new(None);
}

fn desk() -> (Station, Actor) {
    let mut st = Station::open_in_memory().expect("in-memory station");
    let admin = st.init("admin", "Admin", "admin-rahasia-1").expect("init");
    st.add_user(&admin, "ani", "Ani", Role::Operator, "operator-rahasia-1").expect("user");
    let ani = st.login("ani", "operator-rahasia-1").expect("login");
    (st, ani)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    if let Ok(records) = ktpel_core::station::import_records(&text) {
        for (_, value) in &records {
            if let Ok(v) = value {
                let _ = ApprovedRequest::parse(v, today);
            }
        }
    }
    DESK.with(|d| {
        let mut d = d.borrow_mut();
        let (st, ani) = d.get_or_insert_with(desk);
        let _ = st.import_text(ani, &text, false);
    });
});
