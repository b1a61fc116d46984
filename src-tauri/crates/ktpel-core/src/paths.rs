//! Where the station keeps its data by default: the platform's per-user data folder.

use std::path::PathBuf;

/// `$KTPEL_DB` wins; then the place chosen at the window's first start (`chosen_place`); then
/// `$XDG_DATA_HOME/ktpel/station.sqlite`, `~/.local/share/ktpel/…`, or `%APPDATA%\ktpel\…` on
/// Windows; the current folder as the last resort.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("KTPEL_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    chosen_place().map(PathBuf::from).unwrap_or_else(local_db_path)
}

/// The station file in this computer's data folder.
pub fn local_db_path() -> PathBuf {
    data_dir().join("station.sqlite")
}

/// The file keeping where this desk's data is (a SQLite file or the office server's URL, never
/// a password), written when the window's first start asks.
pub fn place_file() -> PathBuf {
    data_dir().join("tempat-data")
}

/// What `place_file` says, if anything.
pub fn chosen_place() -> Option<String> {
    std::fs::read_to_string(place_file()).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Nobody has said where this desk's data is: no `KTPEL_DB`, no saved choice, and no station
/// file in the usual place. The window then asks before anything else.
pub fn place_unknown() -> bool {
    std::env::var_os("KTPEL_DB").is_none_or(|p| p.is_empty()) && chosen_place().is_none() && !local_db_path().exists()
}

/// The station's data folder on this computer (whatever `KTPEL_DB` says): the user's application
/// data on Windows (`%APPDATA%\ktpel`, which installers and upgrades leave alone).
#[cfg(windows)]
pub fn data_dir() -> PathBuf {
    let base = std::env::var_os("APPDATA").or_else(|| std::env::var_os("LOCALAPPDATA")).filter(|p| !p.is_empty()).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    base.join("ktpel")
}

/// The station's data folder on this computer (whatever `KTPEL_DB` says).
#[cfg(not(windows))]
pub fn data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("ktpel")
}

/// The platform's folder for this user's logs: `%LOCALAPPDATA%\ktpel\logs` on Windows (not
/// roamed with the profile), `$XDG_STATE_HOME/ktpel` (`~/.local/state/ktpel`) elsewhere, as the
/// XDG base directories put logs. Apart from the data, so a log never travels with a backup.
pub fn log_dir() -> PathBuf {
    #[cfg(windows)]
    {
        let base = std::env::var_os("LOCALAPPDATA").or_else(|| std::env::var_os("APPDATA")).filter(|p| !p.is_empty()).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
        base.join("ktpel").join("logs")
    }
    #[cfg(not(windows))]
    {
        let base = std::env::var_os("XDG_STATE_HOME")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state")))
            .unwrap_or_else(|| PathBuf::from("."));
        base.join("ktpel")
    }
}

/// The window's log file being written (rotated beside it by size into `…_r00000.log`, …).
pub fn log_file() -> PathBuf {
    log_dir().join(format!("{LOG_NAME}_rCURRENT.log"))
}

/// The log file's name without `.log`.
pub const LOG_NAME: &str = "stasiun-cetak";

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
