//! The service standard ("Mutu Baku"): an in-office request is served within a set number of
//! minutes from submission; a remote one (PAKTUWA, online) is ready on the next working day (not
//! a weekend, national holiday or cuti bersama: `office.holidays`). Each step has its own
//! standard too (print 5, register 1, handover 1 minutes by default).

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::domain::Channel;
use crate::holidays::Holidays;
use crate::time::Zone;

/// A remote request counts as on time when ready by this time (the office's clock) of the next
/// working day.
const NEXT_DAY_CLOSE: NaiveTime = match NaiveTime::from_hms_opt(16, 0, 0) {
    Some(t) => t,
    None => panic!("valid time"),
};

/// The standard of each step at the desk, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct StepMinutes {
    pub print: u32,
    pub register: u32,
    pub handover: u32,
}

pub fn due_at(zone: Zone, holidays: &Holidays, channel: Channel, submitted_at: DateTime<Utc>, minutes_in_office: u32) -> DateTime<Utc> {
    if channel.is_in_office() {
        return submitted_at + Duration::minutes(minutes_in_office as i64);
    }
    let day = holidays.next_working_day(zone.date(submitted_at));
    day.and_time(NEXT_DAY_CLOSE).and_local_timezone(zone.offset()).single().map(|t| t.with_timezone(&Utc)).unwrap_or(submitted_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn due_at(zone: Zone, channel: Channel, submitted: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
        super::due_at(zone, &Holidays::default(), channel, submitted, minutes)
    }

    #[test]
    fn a_holiday_is_not_the_next_working_day() {
        let h = Holidays::parse(crate::holidays::PREFILLED).unwrap();
        // Wednesday 23 December 2026 evening: 24 (cuti bersama) and 25 (Natal) are no working
        // days, then the weekend: due Monday 28 December 16:00.
        assert_eq!(super::due_at(Zone::Wib, &h, Channel::Paktuwa, t("2026-12-23T19:00:00+07:00"), 15), t("2026-12-28T16:00:00+07:00"));
        // Without the list it would have been the 24th.
        assert_eq!(due_at(Zone::Wib, Channel::Paktuwa, t("2026-12-23T19:00:00+07:00"), 15), t("2026-12-24T16:00:00+07:00"));
    }

    #[test]
    fn counter_is_minutes_remote_is_next_working_day() {
        assert_eq!(due_at(Zone::Wib, Channel::Loket, t("2026-11-20T08:00:00+07:00"), 15), t("2026-11-20T08:15:00+07:00"));
        // Friday evening WIB → Monday 16:00 WIB.
        assert_eq!(due_at(Zone::Wib, Channel::Paktuwa, t("2026-11-20T19:00:00+07:00"), 15), t("2026-11-23T16:00:00+07:00"));
        // 23:30 UTC on Tuesday is already Wednesday in WIB → Thursday.
        assert_eq!(due_at(Zone::Wib, Channel::Online, t("2026-11-17T23:30:00Z"), 15), t("2026-11-19T16:00:00+07:00"));
        // The same instant in a WITA office (07:30 Wednesday there) → Thursday 16:00 WITA, an hour
        // earlier in UTC than the WIB office's.
        assert_eq!(due_at(Zone::Wita, Channel::Online, t("2026-11-17T23:30:00Z"), 15), t("2026-11-19T16:00:00+08:00"));
        // 16:30 UTC on Tuesday: Tuesday 23:30 in WIB, Wednesday 01:30 in WIT.
        assert_eq!(due_at(Zone::Wib, Channel::Paktuwa, t("2026-11-17T16:30:00Z"), 15), t("2026-11-18T16:00:00+07:00"));
        assert_eq!(due_at(Zone::Wit, Channel::Paktuwa, t("2026-11-17T16:30:00Z"), 15), t("2026-11-19T16:00:00+09:00"));
    }
}
