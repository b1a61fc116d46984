//! Station settings as key/value rows. Which keys exist, their defaults and their checks live in
//! `crate::config`; this is only their storage.

use crate::error::Result;

/// The settings operations every storage backend provides.
pub trait SettingsStore {
    fn settings_get(&self, key: &str) -> Result<Option<String>>;
    fn settings_set(&self, key: &str, value: &str) -> Result<()>;
    fn settings_all(&self) -> Result<Vec<(String, String)>>;
}
