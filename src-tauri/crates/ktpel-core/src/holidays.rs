//! The office's non-working days besides the weekend: national holidays and *cuti bersama*, kept
//! as the setting `office.holidays` (one `YYYY-MM-DD name` a line), which the admin edits when
//! the year's joint decree (SKB 3 Menteri) is published. The remote service standard ("next
//! working day") and the reports' working days skip them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::{CoreError, Result};

mod line;

/// The starting list: 2026 from the SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025 (17 holidays and
/// 8 days of cuti bersama); 2027's dates of fixed and Easter-bound days, and the others as
/// expected before its decree — marked so the admin checks them against it.
pub const PREFILLED: &str = "\
2026-01-01 Tahun Baru 2026 Masehi
2026-01-16 Isra Mikraj Nabi Muhammad SAW
2026-02-16 Cuti bersama Tahun Baru Imlek
2026-02-17 Tahun Baru Imlek 2577 Kongzili
2026-03-18 Cuti bersama Hari Suci Nyepi
2026-03-19 Hari Suci Nyepi (Tahun Baru Saka 1948)
2026-03-20 Cuti bersama Idul Fitri
2026-03-21 Idul Fitri 1447 H
2026-03-22 Idul Fitri 1447 H
2026-03-23 Cuti bersama Idul Fitri
2026-03-24 Cuti bersama Idul Fitri
2026-04-03 Wafat Yesus Kristus
2026-04-05 Kebangkitan Yesus Kristus (Paskah)
2026-05-01 Hari Buruh Internasional
2026-05-14 Kenaikan Yesus Kristus
2026-05-15 Cuti bersama Kenaikan Yesus Kristus
2026-05-27 Idul Adha 1447 H
2026-05-28 Cuti bersama Idul Adha
2026-05-31 Hari Raya Waisak 2570 BE
2026-06-01 Hari Lahir Pancasila
2026-06-16 Tahun Baru Islam 1448 H
2026-08-17 Proklamasi Kemerdekaan
2026-08-25 Maulid Nabi Muhammad SAW
2026-12-24 Cuti bersama Kelahiran Yesus Kristus
2026-12-25 Kelahiran Yesus Kristus
2027-01-01 Tahun Baru 2027 Masehi
2027-01-05 Isra Mikraj Nabi Muhammad SAW (perkiraan, periksa SKB 2027)
2027-02-06 Tahun Baru Imlek 2578 Kongzili (perkiraan, periksa SKB 2027)
2027-03-08 Hari Suci Nyepi (perkiraan, periksa SKB 2027)
2027-03-10 Idul Fitri 1448 H (perkiraan, periksa SKB 2027)
2027-03-11 Idul Fitri 1448 H (perkiraan, periksa SKB 2027)
2027-03-26 Wafat Yesus Kristus
2027-03-28 Kebangkitan Yesus Kristus (Paskah)
2027-05-01 Hari Buruh Internasional
2027-05-06 Kenaikan Yesus Kristus
2027-05-17 Idul Adha 1448 H (perkiraan, periksa SKB 2027)
2027-05-20 Hari Raya Waisak (perkiraan, periksa SKB 2027)
2027-06-01 Hari Lahir Pancasila
2027-06-06 Tahun Baru Islam 1449 H (perkiraan, periksa SKB 2027)
2027-08-15 Maulid Nabi Muhammad SAW (perkiraan, periksa SKB 2027)
2027-08-17 Proklamasi Kemerdekaan
2027-12-25 Kelahiran Yesus Kristus";

/// The office's holidays by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Holidays(BTreeMap<NaiveDate, String>);

impl Holidays {
    /// Reads the setting's text: a holiday a line (several on one line separated by `;`), blank
    /// lines and `#` comments skipped; each date as ISO, day first or in words (see `line`). A
    /// bad line is named with its number and the forms expected.
    pub fn parse(text: &str) -> Result<Holidays> {
        let mut days: BTreeMap<NaiveDate, String> = BTreeMap::new();
        for (i, raw_line) in text.lines().enumerate() {
            for raw in raw_line.split(';') {
                let item = raw.trim();
                if item.is_empty() || item.starts_with('#') {
                    continue;
                }
                let read = line::read(item).map_err(|why| CoreError::Setting {
                    key: "office.holidays".into(),
                    reason: format!("baris {}: {item:?}: {why} — tulis TANGGAL NAMA, mis. 2026-12-25 Hari Raya Natal atau 25 Desember 2026 Hari Raya Natal", i + 1),
                })?;
                let name = if read.name.is_empty() { "hari libur".to_string() } else { read.name };
                for day in read.day.iter_days().take_while(|d| *d <= read.last) {
                    add_name(&mut days, day, &name);
                }
            }
        }
        Ok(Holidays(days))
    }

    /// The list as the setting stores it, by date.
    pub fn to_text(&self) -> String {
        self.0.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>().join("\n")
    }

    pub fn name_of(&self, d: NaiveDate) -> Option<&str> {
        self.0.get(&d).map(String::as_str)
    }

    /// Not a Saturday, Sunday or listed holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.0.contains_key(&d)
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        // A year of holidays cannot exceed the days in it: the bound only guards a corrupt list.
        for _ in 0..400 {
            day = match day.succ_opt() {
                Some(n) => n,
                None => return day,
            };
            if self.is_working_day(day) {
                return day;
            }
        }
        day
    }

    /// What the admin should know of the list on `today`: this year not in it, or still holding
    /// the expected dates the prefilled list marks "perkiraan"; in December, next year missing
    /// (a PAKTUWA request of the 31st is due in January). Without the year's days the service
    /// clock counts a holiday as a working day, so the status bar says so on every desk.
    pub fn gaps(&self, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        let of_year = |y: i32| self.0.iter().filter(move |(d, _)| d.year() == y);
        let y = today.year();
        let estimated = of_year(y).filter(|(_, n)| n.contains("perkiraan")).count();
        if of_year(y).next().is_none() {
            out.push(format!("daftar hari libur belum memuat tahun {y}: admin mengisinya di Pengaturan dari SKB 3 Menteri"));
        } else if estimated > 0 {
            out.push(format!("{estimated} hari libur tahun {y} masih perkiraan: admin mencocokkannya di Pengaturan dengan SKB 3 Menteri {y}"));
        }
        if today.month() == 12 && of_year(y + 1).next().is_none() {
            out.push(format!("daftar hari libur belum memuat tahun {}: admin mengisinya di Pengaturan dari SKB 3 Menteri", y + 1));
        }
        out
    }

    /// Working days in `from..=to`.
    pub fn working_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        from.iter_days().take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).collect()
    }
}

/// Two lines on one day (a holiday and its cuti bersama, or the same line pasted twice) keep both
/// names, once each.
fn add_name(days: &mut BTreeMap<NaiveDate, String>, day: NaiveDate, name: &str) {
    match days.get_mut(&day) {
        Some(kept) if !kept.split(" / ").any(|n| n == name) => *kept = format!("{kept} / {name}"),
        Some(_) => {}
        None => {
            days.insert(day, name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_prefilled_list_reads_and_skips_lebaran() {
        let h = Holidays::parse(PREFILLED).unwrap();
        assert_eq!(h.0.len(), 42);
        assert_eq!(h.0.keys().filter(|d| d.year() == 2026).count(), 25);
        // Thursday 19 March 2026 (Nyepi): the next working day is Wednesday 25 March, after
        // Idul Fitri and its cuti bersama.
        assert_eq!(h.next_working_day(d("2026-03-18")), d("2026-03-25"));
        assert!(!h.is_working_day(d("2026-12-24")));
        assert_eq!(h.next_working_day(d("2026-12-23")), d("2026-12-28"));
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = Holidays::parse("2026-12-25 Natal\n\n# cuti\n25-12-26 Natal").unwrap_err().to_string();
        assert!(e.contains("baris 4") && e.contains("TANGGAL NAMA"), "{e}");
        // Copied from the decree with Windows line ends and the day first: kept as ISO.
        assert_eq!(Holidays::parse("1. Jumat, 25 Desember 2026 Natal\r\n24/12/2026 Cuti bersama\r\n").unwrap().to_text(), "2026-12-24 Cuti bersama\n2026-12-25 Natal");
        assert_eq!(Holidays::parse("2026-12-25 Natal; 2026-12-24").unwrap().to_text(), "2026-12-24 hari libur\n2026-12-25 Natal");
        assert_eq!(Holidays::parse("2026-12-25 Natal\n25 Desember 2026 Natal\n2026-12-25 Hari Jadi").unwrap().to_text(), "2026-12-25 Natal / Hari Jadi");
        // A run of days is each of its days (a weekend inside it is harmless).
        let h = Holidays::parse("20-24 Maret 2026 Cuti bersama Idul Fitri").unwrap();
        assert_eq!(h.0.len(), 5);
        assert_eq!(h.next_working_day(d("2026-03-19")), d("2026-03-25"));
    }

    #[test]
    fn the_gaps_of_the_list_are_told() {
        let h = Holidays::parse(PREFILLED).unwrap();
        assert!(h.gaps(d("2026-12-02")).is_empty());
        assert_eq!(h.gaps(d("2027-01-04")), vec!["9 hari libur tahun 2027 masih perkiraan: admin mencocokkannya di Pengaturan dengan SKB 3 Menteri 2027"]);
        let gaps = h.gaps(d("2027-12-01"));
        assert!(gaps.len() == 2 && gaps[1].contains("belum memuat tahun 2028"), "{gaps:?}");
        assert!(h.gaps(d("2028-03-01"))[0].contains("belum memuat tahun 2028"));
    }
}
