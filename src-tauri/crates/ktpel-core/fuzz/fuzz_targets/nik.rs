//! NIK validation against a birth date and sex, and the masked form used in logs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    // Birth date from the first bytes (any day from 1900 on), sex from the next, NIK the rest.
    let days = u16::from_le_bytes([data[0], data[1]]) as i64 * 2;
    let birth = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("date") + chrono::Duration::days(days);
    let female = data[2] & 1 == 1;
    let nik = String::from_utf8_lossy(&data[3..]);
    let _ = ktpel_core::domain::nik::check(&nik, birth, female);
    let _ = ktpel_core::domain::nik::masked(&nik);
});
