//! A desk's name. An office has several desks on one register; the name tells them apart in
//! every attempt, job name, register row, audit row and report line, so it must be short, stable
//! and safe in a print job's name: letters, digits, `-`, `_` and `.`, at most 32.

use crate::error::{CoreError, Result};

pub const MAX_LEN: usize = 32;

/// The name as given, trimmed, or an error that names the field and the fix.
pub fn check(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > MAX_LEN || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(CoreError::invalid(
            "nama meja (--station / KTPEL_STATION)",
            format!("1–{MAX_LEN} huruf, angka, '-', '_' atau '.', tanpa spasi; mis. meja-1 atau mpp-magetan"),
        ));
    }
    Ok(name.to_string())
}

/// The file a desk's name is kept in on this computer: beside a station's database, or in the
/// station's data folder when the data is on an office server.
pub fn file_for(db: &std::path::Path) -> std::path::PathBuf {
    if crate::store::postgres::is_office(&db.to_string_lossy()) {
        return crate::paths::data_dir().join("nama-meja");
    }
    db.parent().unwrap_or(std::path::Path::new(".")).join("nama-meja")
}

/// The name saved on this computer, if any (a damaged file counts as none).
pub fn saved(file: &std::path::Path) -> Option<String> {
    std::fs::read_to_string(file).ok().and_then(|s| check(&s).ok())
}

/// Until a desk is named: the computer's own name (made safe), else `meja`.
pub fn default_name() -> String {
    let host = std::env::var("COMPUTERNAME").ok().or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok()).unwrap_or_default();
    let safe: String = host.trim().chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c.to_ascii_lowercase() } else { '-' }).take(MAX_LEN).collect();
    check(&safe).unwrap_or_else(|_| "meja".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_is_short_and_safe_in_a_job_name() {
        assert_eq!(super::check(" meja-2 ").ok().as_deref(), Some("meja-2"));
        for bad in ["", "meja 2", "meja/2", &"x".repeat(33)] {
            assert!(super::check(bad).is_err(), "{bad:?}");
        }
        assert!(super::check(&super::default_name()).is_ok());
    }
}
