//! Blank serials: one checked against the default pattern, and a range `FROM..TO` expanded.
#![no_main]

use ktpel_core::serial::{SerialPattern, DEFAULT_PATTERN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pattern = SerialPattern::new(DEFAULT_PATTERN).expect("default pattern");
    let _ = pattern.check("blanko", &text);
    if let Some((from, to)) = text.split_once("..") {
        if let Ok(list) = pattern.expand_range(from, to) {
            assert!(list.len() as u64 <= ktpel_core::serial::MAX_RANGE);
        }
    }
});
