//! Blank serial numbers. Their national format is not published, so the accepted syntax is a
//! configurable regular expression (`blanko.serial_pattern`); ranges count up the trailing digits.

use regex::Regex;

use crate::error::{CoreError, Result};

/// Letters (optional, up to 4) then 6 to 16 digits: wide enough for the blanks seen so far.
pub const DEFAULT_PATTERN: &str = "[A-Z]{0,4}[0-9]{6,16}";
/// Largest range received at once; a longer range is almost always a typing slip.
pub const MAX_RANGE: u64 = 10_000;

#[derive(Debug, Clone)]
pub struct SerialPattern {
    source: String,
    regex: Regex,
}

impl SerialPattern {
    pub fn new(source: &str) -> Result<Self> {
        let regex = Regex::new(&format!("^(?:{source})$"))
            .map_err(|e| CoreError::Setting { key: "blanko.serial_pattern".into(), reason: format!("pola tidak sah: {e}") })?;
        Ok(SerialPattern { source: source.to_string(), regex })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The serial as stored (trimmed, upper case) when it matches the pattern.
    pub fn check(&self, field: &str, serial: &str) -> Result<String> {
        let s = serial.trim().to_uppercase();
        if self.regex.is_match(&s) {
            Ok(s)
        } else {
            Err(CoreError::invalid(field, format!("nomor seri '{s}' tidak sesuai pola blanko ({}); periksa hasil pindai", self.source)))
        }
    }

    /// Every serial from `from` to `to` inclusive: same prefix, same digit width, counting up.
    pub fn expand_range(&self, from: &str, to: &str) -> Result<Vec<String>> {
        let from = self.check("--range (awal)", from)?;
        let to = self.check("--range (akhir)", to)?;
        let (pa, na) = split_digits(&from);
        let (pb, nb) = split_digits(&to);
        if pa != pb || na.len() != nb.len() || na.is_empty() {
            return Err(CoreError::invalid("--range", "awal dan akhir harus berawalan sama dan jumlah angka sama"));
        }
        let width = na.len();
        let parse = |n: &str| n.parse::<u64>().map_err(|_| CoreError::invalid("--range", "angka terlalu panjang"));
        let (a, b) = (parse(na)?, parse(nb)?);
        if a > b {
            return Err(CoreError::invalid("--range", "nomor awal lebih besar dari nomor akhir"));
        }
        if b - a + 1 > MAX_RANGE {
            return Err(CoreError::invalid("--range", format!("lebih dari {MAX_RANGE} blanko sekaligus; periksa nomornya atau bagi penerimaannya")));
        }
        (a..=b).map(|n| self.check("--range", &format!("{pa}{n:0width$}"))).collect()
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let cut = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (&s[..cut], &s[cut..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_keep_prefix_and_width() {
        let p = SerialPattern::new(DEFAULT_PATTERN).unwrap();
        assert_eq!(p.expand_range("kt000098", "KT000101").unwrap(), vec!["KT000098", "KT000099", "KT000100", "KT000101"]);
        assert!(p.expand_range("KT000101", "KT000098").is_err());
        assert!(p.expand_range("KT000001", "KX000002").is_err());
        assert!(p.expand_range("KT000001", "KT999999").unwrap_err().to_string().contains("10000"));
    }

    #[test]
    fn pattern_is_anchored_and_configurable() {
        let p = SerialPattern::new(DEFAULT_PATTERN).unwrap();
        assert!(p.check("blanko", "KT0000001 ").is_ok());
        assert!(p.check("blanko", "KT0000001X").is_err());
        assert!(SerialPattern::new("[").is_err());
        let custom = SerialPattern::new("B-[0-9]{4}").unwrap();
        assert_eq!(custom.expand_range("B-0009", "B-0010").unwrap(), vec!["B-0009", "B-0010"]);
    }
}
