//! NIK (Nomor Induk Kependudukan): 16 digits = province (2) + kabupaten/kota (2) + kecamatan (2),
//! birth date DDMMYY (women: day + 40) + a 4-digit sequence. The prefix is where the NIK was first
//! issued, so a resident of this kabupaten may hold any prefix: it is never checked against ours.

use chrono::{Datelike, NaiveDate};

/// Checks a NIK on its own and against the record's birth date and sex.
/// Returns the reason in words for the officer when it does not hold.
pub fn check(nik: &str, birth: NaiveDate, female: bool) -> Result<(), String> {
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("harus tepat 16 angka (diterima {} karakter)", nik.chars().count()));
    }
    let num = |range: std::ops::Range<usize>| nik[range].parse::<u32>().unwrap_or(0);
    if num(0..2) < 11 {
        return Err("kode provinsi (2 angka pertama) tidak valid".into());
    }
    let (day, month, yy) = (num(6..8), num(8..10), num(10..12));
    let expected_day = birth.day() + if female { 40 } else { 0 };
    if day != expected_day {
        let who = if female { "perempuan: tanggal lahir + 40" } else { "laki-laki: tanggal lahir" };
        return Err(format!(
            "angka ke-7 dan ke-8 ({day:02}) tidak sesuai tanggal lahir dan jenis kelamin ({who} = {expected_day:02})"
        ));
    }
    if month != birth.month() {
        return Err(format!("angka ke-9 dan ke-10 ({month:02}) tidak sesuai bulan lahir ({:02})", birth.month()));
    }
    if yy != (birth.year() % 100) as u32 {
        return Err(format!("angka ke-11 dan ke-12 ({yy:02}) tidak sesuai tahun lahir ({})", birth.year()));
    }
    if num(12..16) == 0 {
        return Err("nomor urut (4 angka terakhir) tidak boleh 0000".into());
    }
    Ok(())
}

/// The NIK as logs may show it: personal data never goes to logs in full.
pub fn masked(nik: &str) -> String {
    let head: String = nik.chars().take(6).collect();
    format!("{head}**********")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn man_and_woman_date_parts() {
        assert!(check("3520061708900001", d(1990, 8, 17), false).is_ok());
        assert!(check("3520065708900001", d(1990, 8, 17), true).is_ok());
        // A woman's NIK read as a man's record names the fix.
        let err = check("3520065708900001", d(1990, 8, 17), false).unwrap_err();
        assert!(err.contains("jenis kelamin"), "{err}");
    }

    #[test]
    fn foreign_prefix_is_fine_but_shape_is_checked() {
        assert!(check("3174011708900123", d(1990, 8, 17), false).is_ok());
        assert!(check("352006170890001", d(1990, 8, 17), false).unwrap_err().contains("16 angka"));
        assert!(check("35200617089000a1", d(1990, 8, 17), false).is_err());
        assert!(check("3520061708910001", d(1990, 8, 17), false).unwrap_err().contains("tahun"));
        assert!(check("3520061708900000", d(1990, 8, 17), false).unwrap_err().contains("0000"));
    }

    #[test]
    fn masking_keeps_only_the_region() {
        assert_eq!(masked("3520061708900001"), "352006**********");
    }
}
