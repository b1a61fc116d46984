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

thread_local! {
    static SET_CLOCK: std::cell::Cell<Option<DateTime<Utc>>> = const { std::cell::Cell::new(None) };
}

/// Current instant; one place so a clock can be reasoned about.
pub fn now() -> DateTime<Utc> {
    SET_CLOCK.with(|c| c.get()).unwrap_or_else(Utc::now)
}

/// Sets (or with None, releases) this thread's clock: scenario tests walk the core through
/// office days and WIB midnights with it. The station itself never calls this.
pub fn set_thread_clock(at: Option<DateTime<Utc>>) {
    SET_CLOCK.with(|c| c.set(at));
}

/// The UTC instants that bound WIB day `d`: [start, next day's start).
pub fn wib_day_bounds(d: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::seconds(WIB_OFFSET_SECS as i64);
    (start(d), start(d.succ_opt().unwrap_or(d)))
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

const DAYS: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const MONTHS: [&str; 12] = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/// A date as an Indonesian announcement writes it: "Sabtu, 21 November 2026".
pub fn long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let day = DAYS[d.weekday().num_days_from_monday() as usize];
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("?");
    format!("{day}, {} {month} {}", d.day(), d.year())
}

/// A count with Indonesian thousands separators: 12.345.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn dates_and_counts_read_as_in_indonesian() {
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()), "Sabtu, 21 November 2026");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()), "Senin, 4 Januari 2027");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1234567), "1.234.567");
        assert_eq!(thousands(-45000), "-45.000");
    }
}
