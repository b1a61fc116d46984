//! A feed page's body as the approval system might send it: parsed, then each record validated.
#![no_main]

use ktpel_core::domain::ApprovedRequest;
use ktpel_core::feed::client::parse_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    if let Ok(page) = parse_page(data) {
        for record in &page.records {
            let _ = ApprovedRequest::parse(record, today);
        }
    }
});
