//! What this build is and where it keeps things, for the *Tentang* box and `ktpel --version`:
//! one version for the app, the CLI and the packages (the workspace's), the schema versions it
//! writes, the database it would open and the log file it writes.

use serde::Serialize;

/// The product's version: the workspace version every crate and package carries.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The product's name as an office sees it (package, window title, menus).
pub const PRODUCT: &str = "Stasiun Cetak KTP-el";

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct About {
    pub product: String,
    pub version: String,
    /// The station file's schema version this build writes.
    pub schema_version: u32,
    /// The office server's schema version this build writes.
    #[ts(type = "number")]
    pub office_schema_version: i64,
    /// The database this desk opens (a file, or the office server's URL without password).
    pub database: String,
    /// The app's log file (written by the window; the CLI writes to the terminal).
    pub log_file: String,
    /// The versions of the station that have opened this database, oldest first (empty when it
    /// is not open): after an upgrade the new version is the last, from the day it first opened.
    pub opened_by: Vec<crate::store::app_versions::AppVersionRow>,
    /// The office's time zone (WIB until the database says otherwise).
    pub zone: crate::time::Zone,
}

/// This build, with `database` the place the desk opens (an office server's URL is shown without
/// its password).
pub fn about(database: &str) -> About {
    use crate::store::postgres::{is_office, OfficeUrl};
    let database = if is_office(database) { OfficeUrl::parse(database).map(|u| u.shown()).unwrap_or_else(|e| format!("(alamat server kantor tidak dipakai: {e})")) } else { database.to_string() };
    About {
        product: PRODUCT.into(),
        version: VERSION.into(),
        schema_version: crate::store::SCHEMA_VERSION as u32,
        office_schema_version: crate::store::postgres::OFFICE_SCHEMA_VERSION,
        database,
        log_file: crate::paths::log_file().display().to_string(),
        opened_by: Vec::new(),
        zone: crate::time::Zone::default(),
    }
}

impl crate::Station {
    /// This build, the database this station has open and the versions that opened it.
    pub fn about(&self) -> crate::error::Result<About> {
        Ok(About { opened_by: self.store().app_versions()?, zone: self.zone()?, ..about(&self.store().location()) })
    }
}

impl About {
    /// What `ktpel --version` says after its own name and version.
    pub fn details(&self) -> String {
        let mut out = format!(
            "{}\nskema basis data: {} (server kantor: {})\nbasis data: {}\nlog aplikasi: {}",
            self.product, self.schema_version, self.office_schema_version, self.database, self.log_file
        );
        for v in &self.opened_by {
            let since = self.zone.time_words(&v.first_opened);
            out.push_str(&format!("\ndibuka versi {} sejak {since} (skema {})", v.version, v.schema_version));
        }
        out
    }
}
