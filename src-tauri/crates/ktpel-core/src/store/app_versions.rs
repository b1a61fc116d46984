//! Which versions of the station have opened this database, and since when: an office's IT
//! person checks an upgrade by it, and an incident is tied to the program that wrote the data.
//! One row per version, written the first time that version opens the database; never changed.

use serde::Serialize;

use crate::error::Result;

/// One version's first opening of this database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppVersionRow {
    pub version: String,
    /// The schema version the database had once that version had opened it.
    #[ts(type = "number")]
    pub schema_version: i64,
    pub first_opened: String,
}

/// The app_versions operations every storage backend provides.
pub trait AppVersionsStore {
    /// Records `version` at the backend's current schema, unless it is there already; true when
    /// the row is new.
    fn app_versions_note(&self, version: &str, at: &str) -> Result<bool>;
    /// Oldest first.
    fn app_versions_list(&self) -> Result<Vec<AppVersionRow>>;
}
