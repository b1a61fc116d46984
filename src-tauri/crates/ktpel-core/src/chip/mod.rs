//! The blank's contactless chip: its identifier (UID) is how the Ditjen traces where a blank went
//! and who printed it. The officer taps the blank on a PC/SC reader (`reader`); without a reader
//! the UID can be typed (`--chip`), and without either the desk works as before. A UID is
//! written one way everywhere: upper-case hex without separators.

pub mod reader;

use crate::error::{CoreError, Result};

/// A UID as typed or read ("04:a2:2b:9a:1c:5d:80", "04A22B9A1C5D80") in its one stored form, or
/// why it cannot be one. ISO 14443 UIDs are 4, 7 or 10 bytes.
pub fn normalize(field: &str, uid: &str) -> Result<String> {
    let hex: String = uid.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect::<String>().to_ascii_uppercase();
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) || ![8, 14, 20].contains(&hex.len()) {
        return Err(CoreError::invalid(
            field,
            format!("\"{}\" bukan UID chip: tulis 4, 7 atau 10 byte heksadesimal (mis. 04A22B9A1C5D80), atau tempelkan blanko pada pembaca chip", uid.trim()),
        ));
    }
    Ok(hex)
}

/// The chip a print records: the UID given (typed), else the one tapped on a reader, else none
/// when this PC has no reader. A reader without a blank on it is an error that says what to do.
pub fn for_print(given: Option<&str>) -> Result<Option<String>> {
    if let Some(uid) = given.filter(|u| !u.trim().is_empty()) {
        return normalize("chip", uid).map(Some);
    }
    match reader::tap()? {
        reader::Tap::NoReader => Ok(None),
        reader::Tap::NoCard { reader } => Err(CoreError::invalid(
            "chip",
            format!("tidak ada blanko di pembaca chip {reader}: tempelkan blanko pada pembaca, lalu cetak lagi"),
        )),
        reader::Tap::Uid { uid, .. } => Ok(Some(uid)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_kept_in_one_form_and_bad_ones_named() {
        assert_eq!(normalize("chip", "04:a2:2b:9a:1c:5d:80").unwrap(), "04A22B9A1C5D80");
        assert_eq!(normalize("chip", " 04a22b9a ").unwrap(), "04A22B9A");
        assert!(normalize("chip", "04A22B9A1C").unwrap_err().to_string().starts_with("chip:"));
        assert!(normalize("--chip", "ZZ112233").unwrap_err().to_string().starts_with("--chip:"));
    }
}
