//! One line of the holiday list as an admin writes it. The list is usually copied from the joint
//! decree (SKB 3 Menteri) or a spreadsheet, where a line reads "1. Kamis, 1 Januari 2026 Tahun
//! Baru 2026 Masehi" or "01/01/2026<TAB>Tahun Baru"; asking for ISO dates alone made the admin
//! retype 25 lines. So the line may start with its number and the day's name, and the date may be
//! ISO (2026-12-25), day first (25-12-2026, 25/12/2026) or in words (25 Desember 2026, Des), or a
//! run of days in words (20–24 Maret 2026). A day's name that does not match the date is refused:
//! it is how a mistyped date shows itself.

use chrono::{Datelike, NaiveDate};

use crate::time::{DAYS, MONTHS};

/// A holiday read from a line: its date (or the first and last of a run of days, "20–24 Maret
/// 2026" as the decree writes a cuti bersama) and its name (empty when the line gave none).
#[derive(Debug, PartialEq)]
pub struct Line {
    pub day: NaiveDate,
    pub last: NaiveDate,
    pub name: String,
}

/// Reads `text` (one holiday, trimmed, not a comment). The error is the reason, in the admin's
/// language, without the line number (the caller adds it).
pub fn read(text: &str) -> Result<Line, String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut at = 0;
    // "1." / "1)" / "1" before the date is the decree's numbering — unless "1" is the day of
    // "1 Januari 2026".
    if tokens.len() > 1 && is_numbering(tokens[0]) && month(bare(tokens[1])).is_none() {
        at = 1;
    }
    let weekday = tokens.get(at).and_then(|t| day_name(bare(t)));
    if weekday.is_some() {
        at += 1;
    }
    let (day, last, used) = match run_at(&tokens[at.min(tokens.len())..]) {
        Some(run) => run?,
        None => {
            let (day, used) = date_at(&tokens[at.min(tokens.len())..]).ok_or_else(|| "tanggal tidak terbaca".to_string())??;
            (day, day, used)
        }
    };
    at += used;
    if let Some(named) = weekday.filter(|_| day == last) {
        let real = day.weekday().num_days_from_monday() as usize;
        if named != real {
            return Err(format!("{} {} jatuh pada hari {}, bukan {}", day.day(), month_name(day), DAYS[real], DAYS[named]));
        }
    }
    let name = tokens[at.min(tokens.len())..].join(" ");
    let name = name.trim_start_matches(|c: char| matches!(c, '-' | '–' | '—' | ':' | '|' | ',' | '=') || c.is_whitespace());
    Ok(Line { day, last, name: name.to_string() })
}

/// "20-24 Maret 2026" / "20–24 Mar 2026": the first and last day of a run in one month.
fn run_at(tokens: &[&str]) -> Option<Result<(NaiveDate, NaiveDate, usize), String>> {
    let (a, b) = bare(tokens.first()?).split_once(['-', '–'])?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let m = month(bare(tokens.get(1)?))?;
    let y: u32 = bare(tokens.get(2)?).parse().ok().filter(|y| (1000..=9999).contains(y))?;
    Some(exists(y, m, a).and_then(|first| {
        let last = exists(y, m, b)?;
        if last < first {
            return Err(format!("{a}–{b}: hari terakhir sebelum hari pertama"));
        }
        Ok((first, last, 3))
    }))
}

/// The date at the head of `tokens` and how many tokens it took; None when no date starts there,
/// Some(Err) when one does but the day does not exist (30 Februari).
fn date_at(tokens: &[&str]) -> Option<Result<(NaiveDate, usize), String>> {
    let first = bare(tokens.first()?);
    if let Some(parts) = numeric(first) {
        let (y, m, d) = if parts[0] > 31 { (parts[0], parts[1], parts[2]) } else { (parts[2], parts[1], parts[0]) };
        return Some(exists(y, m, d).map(|day| (day, 1)));
    }
    let d: u32 = first.parse().ok()?;
    let m = month(bare(tokens.get(1)?))?;
    let y: u32 = bare(tokens.get(2)?).parse().ok().filter(|y| (1000..=9999).contains(y))?;
    Some(exists(y, m, d).map(|day| (day, 3)))
}

fn exists(y: u32, m: u32, d: u32) -> Result<NaiveDate, String> {
    i32::try_from(y)
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| format!("tanggal {d}-{m}-{y} tidak ada"))
}

/// "2026-12-25", "25-12-2026", "25/12/2026", "2026/12/25", "25.12.2026": three numbers, the year
/// first or last (a four-digit part).
fn numeric(t: &str) -> Option<[u32; 3]> {
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (a, b, c) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
    // The year must be written whole: "25-12-26" could be either end.
    (parts[0].len() == 4 || parts[2].len() == 4).then_some([a, b, c])
}

fn is_numbering(t: &str) -> bool {
    let digits = t.trim_end_matches(['.', ')']);
    !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit())
}

/// A token without the punctuation around it in running text ("Kamis," "2026,").
fn bare(t: &str) -> &str {
    t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')') || (c == '.' && !t.chars().all(|c| c.is_ascii_digit() || c == '.')))
}

/// Monday = 0, as `DAYS`; "Jum'at" and "Ahad" as people write them too.
fn day_name(t: &str) -> Option<usize> {
    let t = t.to_lowercase().replace('\'', "");
    if t == "ahad" {
        return Some(6);
    }
    DAYS.iter().position(|d| d.to_lowercase() == t)
}

/// 1..=12 from the month's Indonesian name or its usual short forms (also the English ones a
/// spreadsheet may print).
fn month(t: &str) -> Option<u32> {
    let t = t.to_lowercase();
    if t.len() < 3 {
        return None;
    }
    let short = |m: &str| m.to_lowercase().chars().take(3).collect::<String>();
    let by_prefix = MONTHS.iter().position(|m| m.to_lowercase() == t || (t.len() == 3 && short(m) == t));
    let other = match t.as_str() {
        "agt" | "ags" | "aug" | "august" => Some(7),
        "may" => Some(4),
        "oct" | "october" => Some(9),
        "dec" | "december" => Some(11),
        "january" => Some(0),
        "february" => Some(1),
        "march" => Some(2),
        "june" => Some(5),
        "july" => Some(6),
        _ => None,
    };
    by_prefix.or(other).map(|i| i as u32 + 1)
}

fn month_name(d: NaiveDate) -> &'static str {
    MONTHS.get(d.month0() as usize).copied().unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn reads_the_ways_an_admin_writes_a_day() {
        for (text, date, name) in [
            ("2026-12-25 Kelahiran Yesus Kristus", "2026-12-25", "Kelahiran Yesus Kristus"),
            ("25-12-2026 Natal", "2026-12-25", "Natal"),
            ("25/12/2026\tNatal", "2026-12-25", "Natal"),
            ("2026/12/25 Natal", "2026-12-25", "Natal"),
            ("25 Desember 2026 Natal", "2026-12-25", "Natal"),
            ("25 Des 2026 - Natal", "2026-12-25", "Natal"),
            ("1. Kamis, 1 Januari 2026 Tahun Baru 2026 Masehi", "2026-01-01", "Tahun Baru 2026 Masehi"),
            ("17\tSenin, 17 Agustus 2026\tProklamasi Kemerdekaan", "2026-08-17", "Proklamasi Kemerdekaan"),
            ("Jum'at, 20 Maret 2026: Cuti bersama Idul Fitri", "2026-03-20", "Cuti bersama Idul Fitri"),
            ("3 Agt 2026", "2026-08-03", ""),
            ("1 Mei 2026 Hari Buruh", "2026-05-01", "Hari Buruh"),
        ] {
            assert_eq!(read(text), Ok(Line { day: day(date), last: day(date), name: name.into() }), "{text}");
        }
    }

    #[test]
    fn a_run_of_days_is_read_whole() {
        assert_eq!(read("20-24 Maret 2026 Cuti bersama Idul Fitri"), Ok(Line { day: day("2026-03-20"), last: day("2026-03-24"), name: "Cuti bersama Idul Fitri".into() }));
        assert_eq!(read("20–24 Mar 2026").map(|l| l.last), Ok(day("2026-03-24")));
        assert!(read("24-20 Maret 2026 Libur").unwrap_err().contains("sebelum"));
        assert!(read("30-31 Februari 2026 Libur").unwrap_err().contains("tidak ada"));
    }

    #[test]
    fn a_wrong_day_name_or_a_missing_day_is_refused() {
        assert_eq!(read("Jumat, 25 Desember 2026 Natal").map(|l| l.day), Ok(day("2026-12-25")));
        assert!(read("Kamis, 25 Desember 2026 Natal").unwrap_err().contains("hari Jumat, bukan Kamis"));
        assert!(read("30 Februari 2026 Libur").unwrap_err().contains("tidak ada"));
        assert!(read("2026-13-01 Libur").unwrap_err().contains("tidak ada"));
        assert_eq!(read("Natal 2026").unwrap_err(), "tanggal tidak terbaca");
        assert_eq!(read("25-12-26 Natal").unwrap_err(), "tanggal tidak terbaca");
    }
}
