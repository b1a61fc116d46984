//! SQLite: the `app_versions` table's schema (v8) and the operations of `store::app_versions`.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::store::app_versions::{AppVersionRow, AppVersionsStore};

pub const SCHEMA_V8: &str = concat!(
    "
CREATE TABLE app_versions (
    version        TEXT PRIMARY KEY CHECK (length(version) BETWEEN 1 AND 40),
    schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
    first_opened   TEXT NOT NULL
) STRICT;
",
    crate::append_only!("app_versions")
);

impl AppVersionsStore for Connection {
    fn app_versions_note(&self, version: &str, at: &str) -> Result<bool> {
        // The schema this file is at now (the migrations ran before), not the program's constant.
        let schema: i64 = self.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let added = self.execute(
            "INSERT INTO app_versions (version, schema_version, first_opened) VALUES (?1, ?2, ?3) ON CONFLICT(version) DO NOTHING",
            params![version, schema, at],
        )?;
        Ok(added > 0)
    }

    fn app_versions_list(&self) -> Result<Vec<AppVersionRow>> {
        let mut stmt = self.prepare("SELECT version, schema_version, first_opened FROM app_versions ORDER BY first_opened, version")?;
        let rows = stmt.query_map([], |r| Ok(AppVersionRow { version: r.get(0)?, schema_version: r.get(1)?, first_opened: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
