//! SQLite: the `settings` tables' schema, their migrations and the operations of `store::settings` over them.

use crate::store::settings::*;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub const SCHEMA_V1: &str = "
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn all(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl SettingsStore for Connection {
    fn settings_get(&self, key: &str) -> Result<Option<String>> {
        get(self, key)
    }

    fn settings_set(&self, key: &str, value: &str) -> Result<()> {
        set(self, key, value)
    }

    fn settings_all(&self) -> Result<Vec<(String, String)>> {
        all(self)
    }
}
