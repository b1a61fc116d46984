//! The register number format, a setting of the desk. Default `{seq:05}/{kode}/KTP-EL/{bulan_romawi}/{tahun}`
//! gives `00042/3520/KTP-EL/XI/2026`. Sequences restart each year, so a format must show the year.

use chrono::{Datelike, NaiveDate};

use crate::error::{CoreError, Result};
use crate::time::roman_month;

pub const DEFAULT_FORMAT: &str = "{seq:05}/{kode}/KTP-EL/{bulan_romawi}/{tahun}";
const KEY: &str = "register.format";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Seq { width: usize },
    Kode,
    Bulan,
    BulanRomawi,
    Tahun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterFormat {
    source: String,
    pieces: Vec<Piece>,
}

impl RegisterFormat {
    pub fn parse(source: &str) -> Result<Self> {
        let bad = |reason: String| CoreError::Setting { key: KEY.into(), reason };
        let mut pieces = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or_else(|| bad("kurung kurawal '{' tidak ditutup".into()))? + open;
            let token = &rest[open + 1..close];
            pieces.push(match token {
                "seq" => Piece::Seq { width: 1 },
                "kode" => Piece::Kode,
                "bulan" => Piece::Bulan,
                "bulan_romawi" => Piece::BulanRomawi,
                "tahun" => Piece::Tahun,
                t if t.starts_with("seq:") => {
                    let width = t[4..].trim_start_matches('0').parse::<usize>().ok().filter(|w| (1..=9).contains(w));
                    Piece::Seq { width: width.ok_or_else(|| bad(format!("lebar '{t}' harus seq:01 sampai seq:09")))? }
                }
                t => return Err(bad(format!("penanda '{{{t}}}' tidak dikenal; gunakan {{seq}}, {{seq:05}}, {{kode}}, {{bulan}}, {{bulan_romawi}}, {{tahun}}"))),
            });
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(bad("kurung kurawal '}' tanpa pembuka".into()));
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        let has = |p: fn(&Piece) -> bool| pieces.iter().any(p);
        if !has(|p| matches!(p, Piece::Seq { .. })) || !has(|p| matches!(p, Piece::Tahun)) {
            return Err(bad("format harus memuat {seq} dan {tahun} (nomor urut dimulai lagi tiap tahun)".into()));
        }
        Ok(RegisterFormat { source: source.to_string(), pieces })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn format(&self, seq: i64, kode: &str, date: NaiveDate) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Seq { width } => format!("{seq:0width$}"),
                Piece::Kode => kode.to_string(),
                Piece::Bulan => format!("{:02}", date.month()),
                Piece::BulanRomawi => roman_month(date.month()).to_string(),
                Piece::Tahun => date.year().to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_format_matches_the_desk() {
        let f = RegisterFormat::parse(DEFAULT_FORMAT).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(f.format(42, "3520", d), "00042/3520/KTP-EL/XI/2026");
        assert_eq!(f.format(123456, "3520", d), "123456/3520/KTP-EL/XI/2026");
    }

    #[test]
    fn bad_formats_name_the_fix() {
        assert!(RegisterFormat::parse("{seq}/KTP").unwrap_err().to_string().contains("{tahun}"));
        assert!(RegisterFormat::parse("{seq}/{tahun}/{x}").unwrap_err().to_string().contains("tidak dikenal"));
        assert!(RegisterFormat::parse("{seq/{tahun}").is_err());
        assert!(RegisterFormat::parse("{seq:99}/{tahun}").is_err());
        assert_eq!(RegisterFormat::parse("{tahun}-{bulan}-{seq:4}").unwrap().format(7, "", NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()), "2027-01-0007");
    }
}
