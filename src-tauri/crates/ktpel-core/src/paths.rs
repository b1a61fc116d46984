//! Where the station keeps its data by default: the platform's per-user data folder.

use std::path::PathBuf;

/// `$KTPEL_DB` wins; then `$XDG_DATA_HOME/ktpel/station.sqlite`, `~/.local/share/ktpel/…`, or
/// `%APPDATA%\ktpel\…` on Windows; the current folder as the last resort.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("KTPEL_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    data_dir().join("station.sqlite")
}

/// The station's data folder on this computer (whatever `KTPEL_DB` says).
pub fn data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("ktpel")
}

/// Where exports (register CSV) are written: `$KTPEL_EXPORT_DIR`, else an `ekspor` folder beside
/// the database.
pub fn export_dir(db_path: &std::path::Path) -> PathBuf {
    if let Some(p) = std::env::var_os("KTPEL_EXPORT_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    // An office server's URL is no place for files: its desks export beside the default database.
    if crate::store::postgres::is_office(&db_path.to_string_lossy()) {
        return data_dir().join("ekspor");
    }
    db_path.parent().unwrap_or(std::path::Path::new(".")).join("ekspor")
}
