//! Opening this desk, the one way the CLI and the window share: where the data is (`--db` /
//! `KTPEL_DB`, else the place chosen at the window's first start, else this computer's station
//! file; see `paths::default_db_path`) and what the desk is called (`--station` /
//! `KTPEL_STATION`, else the name kept on this computer, else the computer's own).

use serde::Serialize;

use super::{desk_name, Station};
use crate::error::{CoreError, Result};
use crate::store::postgres::is_office;

/// Where this desk's data is, for the window's first start.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DataPlace {
    /// Nobody has said yet (the window asks before anything else).
    pub unknown: bool,
    /// The file or server in use (a URL never holds a password).
    pub location: String,
    /// The station file this computer would use by default.
    pub local_file: String,
}

impl DataPlace {
    pub fn now() -> Self {
        DataPlace {
            unknown: crate::paths::place_unknown(),
            location: crate::paths::default_db_path().display().to_string(),
            local_file: crate::paths::local_db_path().display().to_string(),
        }
    }
}

/// The desk this computer is set up as, the way the window starts: where the data is as
/// `paths::default_db_path` decides, the name from `KTPEL_STATION` or the kept one. At the very
/// first start nobody has said where the data is: `PlaceUnknown`, and the window asks.
pub fn open_this_desk() -> Result<Station> {
    if crate::paths::place_unknown() {
        return Err(CoreError::PlaceUnknown);
    }
    open_desk(&crate::paths::default_db_path().to_string_lossy(), std::env::var("KTPEL_STATION").ok().as_deref())
}

/// Opens the store at `location` and names the desk: `given` first, else the saved name.
pub fn open_desk(location: &str, given: Option<&str>) -> Result<Station> {
    let mut station = Station::open_location(location)?;
    let saved = desk_name::saved(&desk_name::file_for(std::path::Path::new(location)));
    if let Some(name) = given.filter(|n| !n.trim().is_empty()).map(str::to_string).or(saved) {
        station.set_desk(&name)?;
    }
    Ok(station)
}

/// The window's first start: the officer says where the desk's data is — the office server's
/// URL (prepared by its admin with `ktpel init`), or a station file on this computer that is
/// already set up. It is opened and checked before the choice is kept, so a typo is told at
/// once; the desk's name is applied as `open_desk` does (`given` from `KTPEL_STATION`).
/// Chosen once: afterwards `KTPEL_DB` or the admin's setup decide, not a click at the desk.
pub fn choose_place(text: &str, given: Option<&str>) -> Result<Station> {
    if !crate::paths::place_unknown() {
        return Err(CoreError::Conflict(format!(
            "tempat data meja ini sudah dipilih ({}); untuk memindahkannya, admin mengubahnya di komputer ini (KTPEL_DB atau berkas {})",
            crate::paths::default_db_path().display(),
            crate::paths::place_file().display()
        )));
    }
    let location = text.trim();
    let field = "tempat data";
    if location.is_empty() {
        return Err(CoreError::invalid(field, "isi URL server kantor (postgresql://…) atau lokasi berkas stasiun"));
    }
    if !is_office(location) {
        let path = std::path::Path::new(location);
        if !path.is_absolute() || !path.is_file() {
            return Err(CoreError::invalid(field, format!("berkas {location} tidak ada; tulis lokasi lengkapnya, atau URL server kantor (postgresql://…)")));
        }
    }
    let station = open_desk(location, given)?;
    if !station.is_initialised()? {
        return Err(CoreError::invalid(field, format!("{} belum disiapkan; admin kantor menjalankan `ktpel init --admin NAMA --db {}` lebih dulu", station.store().location(), station.store().location())));
    }
    let file = crate::paths::place_file();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::Io { path: dir.display().to_string(), source: e })?;
    }
    std::fs::write(&file, format!("{location}\n")).map_err(|e| CoreError::Io { path: file.display().to_string(), source: e })?;
    log::info!("data place chosen: {}", station.store().location());
    Ok(station)
}
