//! The register number format an admin may type: parsed, then used for any sequence number and
//! date.
#![no_main]

use ktpel_core::register_number::RegisterFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let seq = i64::from_le_bytes(data[..8].try_into().expect("8 bytes"));
    let day = u16::from_le_bytes([data[8], data[9]]) as i64;
    let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Duration::days(day);
    let source = String::from_utf8_lossy(&data[10..]);
    if let Ok(format) = RegisterFormat::parse(&source) {
        let _ = format.format(seq, "3520", date);
    }
});
