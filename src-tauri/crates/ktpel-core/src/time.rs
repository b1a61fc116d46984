//! Time in the office's zone. Indonesia keeps three zones without daylight saving — WIB (UTC+7,
//! Magetan), WITA (UTC+8) and WIT (UTC+9) — and the register, the register number's month and
//! year, the "day" of every report and every time shown are in the office's zone (setting
//! `office.timezone`), whatever the PC clock's zone is.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Checked at compile time: `east_opt` only fails beyond ±24 h.
const fn fixed(hours: i32) -> FixedOffset {
    match FixedOffset::east_opt(hours * 3600) {
        Some(offset) => offset,
        None => panic!("zone offset out of range"),
    }
}

const OFFSETS: [FixedOffset; 3] = [fixed(7), fixed(8), fixed(9)];

/// The office's time zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7.
    #[default]
    #[serde(rename = "WIB")]
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    #[serde(rename = "WITA")]
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    #[serde(rename = "WIT")]
    Wit,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    /// "WIB", "WITA" or "WIT" (any case, spaces around ignored).
    pub fn parse(text: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.label().eq_ignore_ascii_case(text.trim()))
    }

    /// The label every time shown carries.
    pub fn label(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    pub fn offset_secs(self) -> i32 {
        match self {
            Zone::Wib => 7 * 3600,
            Zone::Wita => 8 * 3600,
            Zone::Wit => 9 * 3600,
        }
    }

    pub fn offset(self) -> FixedOffset {
        match self {
            Zone::Wib => OFFSETS[0],
            Zone::Wita => OFFSETS[1],
            Zone::Wit => OFFSETS[2],
        }
    }

    /// The instant as the office's wall clock.
    pub fn local(self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.offset())
    }

    /// The office's calendar date at `t`.
    pub fn date(self, t: DateTime<Utc>) -> NaiveDate {
        self.local(t).date_naive()
    }

    /// The UTC instants that bound the office's day `d`: [start, next day's start).
    pub fn day_bounds(self, d: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::seconds(self.offset_secs() as i64);
        (start(d), start(d.succ_opt().unwrap_or(d)))
    }

    /// A stored instant as the office reads it: "21-11-2026 08:02 WITA" (the text itself when it
    /// is not an instant).
    pub fn time_words(self, stamp: &str) -> String {
        parse_stamp(stamp).map(|t| format!("{} {}", self.local(t).format("%d-%m-%Y %H:%M"), self.label())).unwrap_or_else(|| stamp.to_string())
    }
}

thread_local! {
    static SET_CLOCK: std::cell::Cell<Option<DateTime<Utc>>> = const { std::cell::Cell::new(None) };
}

/// Current instant; one place so a clock can be reasoned about.
pub fn now() -> DateTime<Utc> {
    SET_CLOCK.with(|c| c.get()).unwrap_or_else(Utc::now)
}

/// Sets (or with None, releases) this thread's clock: scenario tests walk the core through
/// office days and midnights with it. The station itself never calls this.
pub fn set_thread_clock(at: Option<DateTime<Utc>>) {
    SET_CLOCK.with(|c| c.set(at));
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

pub(crate) const DAYS: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
pub(crate) const MONTHS: [&str; 12] = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/// A date as an Indonesian announcement writes it: "Sabtu, 21 November 2026".
pub fn long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let day = DAYS[d.weekday().num_days_from_monday() as usize];
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("?");
    format!("{day}, {} {month} {}", d.day(), d.year())
}

/// A month as Indonesian papers name it: "November 2026".
pub fn month_words(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", MONTHS.get(d.month0() as usize).copied().unwrap_or("?"), d.year())
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
