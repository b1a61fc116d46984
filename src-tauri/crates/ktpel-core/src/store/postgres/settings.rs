//! PostgreSQL: the office's settings (one row per key, shared by every desk).

use super::PgDb;
use crate::error::Result;
use crate::store::settings::SettingsStore;

pub const SCHEMA_V1: &str = "
CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
";

impl SettingsStore for PgDb<'_> {
    fn settings_get(&self, key: &str) -> Result<Option<String>> {
        Ok(match self.opt("SELECT value FROM settings WHERE key = $1", &[&key])? {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    fn settings_set(&self, key: &str, value: &str) -> Result<()> {
        self.exec("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", &[&key, &value])?;
        Ok(())
    }

    fn settings_all(&self) -> Result<Vec<(String, String)>> {
        self.query("SELECT key, value FROM settings ORDER BY key", &[])?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }
}
