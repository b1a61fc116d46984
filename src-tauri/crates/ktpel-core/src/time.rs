//! Time in the office's zone. Magetan is in WIB (UTC+7, no daylight saving), and the register, the
//! register-number year and the "day" of every report are WIB dates, whatever the PC clock zone is.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub const WIB_OFFSET_SECS: i32 = 7 * 3600;

/// Checked at compile time: `east_opt` only fails beyond ±24 h.
const WIB: FixedOffset = match FixedOffset::east_opt(WIB_OFFSET_SECS) {
    Some(offset) => offset,
    None => panic!("WIB offset out of range"),
};

pub fn wib() -> FixedOffset {
    WIB
}

/// Current instant; one place so a clock can be reasoned about.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

pub fn to_wib(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&wib())
}

pub fn wib_date(t: DateTime<Utc>) -> NaiveDate {
    to_wib(t).date_naive()
}

/// RFC 3339 with milliseconds in UTC: the one text form of instants in the database (sorts as text).
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

const ROMAN_MONTHS: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/// Month 1..=12 in Roman numerals, as Indonesian register numbers write it.
pub fn roman_month(month: u32) -> &'static str {
    ROMAN_MONTHS.get((month as usize).wrapping_sub(1)).copied().unwrap_or("?")
}
