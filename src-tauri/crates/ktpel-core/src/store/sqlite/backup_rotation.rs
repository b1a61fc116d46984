//! Which daily backups are kept: the last `daily` days, the newest of each of the last `weekly`
//! ISO weeks and the newest of each of the last `monthly` calendar months (grandfather-father-
//! son). A year of history in about 7 + 4 + 12 files instead of 365, and the copy kept for a week
//! or a month never changes once that week or month is over.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Rotation {
    /// The dates among `dates` (one backup per date) to keep on `today`.
    pub fn kept(&self, dates: &[NaiveDate], today: NaiveDate) -> BTreeSet<NaiveDate> {
        let mut keep = BTreeSet::new();
        let newest = |key: &dyn Fn(NaiveDate) -> (i32, u32)| {
            let mut by: std::collections::BTreeMap<(i32, u32), NaiveDate> = std::collections::BTreeMap::new();
            for d in dates.iter().copied().filter(|d| *d <= today) {
                let e = by.entry(key(d)).or_insert(d);
                *e = (*e).max(d);
            }
            by
        };
        for d in dates {
            let age = (today - *d).num_days();
            if (0..i64::from(self.daily)).contains(&age) {
                keep.insert(*d);
            }
        }
        let weeks = newest(&|d| (d.iso_week().year(), d.iso_week().week()));
        // The last `weekly` weeks, this one included, counted back from today's week.
        let this_week = today.iso_week();
        for ((y, w), d) in &weeks {
            let monday = NaiveDate::from_isoywd_opt(*y, *w, chrono::Weekday::Mon);
            let this_monday = NaiveDate::from_isoywd_opt(this_week.year(), this_week.week(), chrono::Weekday::Mon);
            if let (Some(m), Some(t)) = (monday, this_monday) {
                if (0..i64::from(self.weekly)).contains(&((t - m).num_days() / 7)) {
                    keep.insert(*d);
                }
            }
        }
        let months = newest(&|d| (d.year(), d.month()));
        let month_index = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m) - 1;
        for ((y, m), d) in &months {
            if (0..i64::from(self.monthly)).contains(&(month_index(today.year(), today.month()) - month_index(*y, *m))) {
                keep.insert(*d);
            }
        }
        keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_of_daily_backups_keeps_the_last_week_four_sundays_and_twelve_month_ends() {
        let today = day("2026-12-01"); // a Tuesday
        let dates: Vec<NaiveDate> = (0..400).map(|i| today - chrono::Duration::days(i)).collect();
        let kept = Rotation { daily: 7, weekly: 4, monthly: 12 }.kept(&dates, today);
        // The last 7 days.
        assert!((0..7).all(|i| kept.contains(&(today - chrono::Duration::days(i)))));
        assert!(!kept.contains(&day("2026-11-24")), "8 days old, not a week's or a month's keeper");
        // The newest of the last 4 ISO weeks: this week's is today; then the Sundays before it.
        for sunday in ["2026-11-29", "2026-11-22", "2026-11-15"] {
            assert!(kept.contains(&day(sunday)), "{sunday}");
        }
        assert!(!kept.contains(&day("2026-11-08")), "five weeks back");
        // The newest of the last 12 months: month ends, back to January 2026.
        for end in ["2026-11-30", "2026-10-31", "2026-02-28", "2026-01-31"] {
            assert!(kept.contains(&day(end)), "{end}");
        }
        assert!(!kept.contains(&day("2025-12-31")), "thirteen months back");
        assert!(kept.len() <= 7 + 4 + 12, "{} kept", kept.len());
    }

    #[test]
    fn gaps_and_a_future_date_do_not_confuse_it() {
        let today = day("2026-12-01");
        let dates = [day("2026-12-05"), day("2026-10-03"), day("2026-06-01")];
        let kept = Rotation { daily: 7, weekly: 4, monthly: 12 }.kept(&dates, today);
        // A file dated after today (a clock set wrong once) is not counted as a month's keeper,
        // nor thrown away as old.
        assert!(!kept.contains(&day("2026-12-05")));
        assert_eq!(kept, [day("2026-06-01"), day("2026-10-03")].into_iter().collect());
    }
}
