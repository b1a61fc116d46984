//! The embedded backend: one SQLite file (WAL, foreign keys, STRICT tables, IMMEDIATE write
//! transactions). Each table module here holds its own schema, migrations and SQL.

pub mod adjustments;
pub mod app_versions;
mod archive;
pub mod attempts;
pub mod audit;
pub mod backup;
pub mod backup_rotation;
pub mod blanko;
pub mod chips;
pub mod cipher;
mod export;
pub mod feed_state;
pub mod handovers;
pub mod outbox;
pub mod printers;
pub mod register;
pub mod register_carryover;
pub mod reprints;
pub mod ribbons;
pub mod request_search;
pub mod requests;
mod schema;
pub mod settings;
pub mod signoffs;
pub mod spool_logins;
pub mod usage;
pub mod users;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior};

use super::{Db, Engine};
use crate::error::{CoreError, Result};
use crate::keys::DbKey;

pub use schema::{migrations, SCHEMA_VERSION};

pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
    /// The file's key (None: a plain file from before encryption, or in memory).
    key: Option<DbKey>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    /// A database written by a newer version of the station is refused, never downgraded.
    /// A new file is encrypted from its first page with a new key kept for it (`keys`); an
    /// existing one opens with its key, or as a plain file from before encryption.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::Io { path: dir.display().to_string(), source: e })?;
        }
        let key = cipher::key_to_open(path)?;
        let conn = cipher::open_file(path, key.as_ref(), true).map_err(|e| damaged_or(path, e))?;
        let mut store = Self::prepare(conn, Some(path.to_path_buf())).map_err(|e| damaged_or(path, e))?;
        store.key = key;
        Ok(store)
    }

    /// Opens a copy made by `backup::snapshot` with the key it was made with.
    pub fn open_copy(path: &Path, key: Option<DbKey>) -> Result<Self> {
        let conn = cipher::open_file(path, key.as_ref(), true).map_err(|e| damaged_or(path, e))?;
        let mut store = Self::prepare(conn, Some(path.to_path_buf())).map_err(|e| damaged_or(path, e))?;
        store.key = key;
        Ok(store)
    }

    /// The file's key, when it is encrypted.
    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// The open connection, for checks written in SQLite's own SQL (tests, tools).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None)
    }
    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".into());
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if path.is_some() {
            // SQLite quietly opens a file it may not write read-only; say so now, not at the
            // first print.
            if conn.is_readonly(rusqlite::MAIN_DB)? {
                return Err(read_only());
            }
            let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            log::debug!("journal mode {mode}");
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        schema::check_version(&conn, &shown)?;
        // Foreign keys cannot be switched inside a transaction, and a table rebuild must not
        // cascade: off around the migrations, then every reference is checked before use.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = migrations().to_latest(&mut conn);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated.map_err(|e| match e {
            rusqlite_migration::Error::ForeignKeyCheck(broken) => open_error_str(
                &shown,
                format!("pembaruan skema dibatalkan: {} rujukan rusak (mis. {:?}); basis data tidak diubah, hubungi admin", broken.len(), broken.first()),
            ),
            other => other.into(),
        })?;
        Ok(SqliteStore { conn, path, key: None })
    }

}

impl Engine for SqliteStore {
    fn read_with(&self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()> {
        f(&self.conn)
    }

    fn write_with(&mut self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        f(&*tx)?;
        tx.commit()?;
        Ok(())
    }

    fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A station file has one desk: its leases are always its own.
    fn try_lease(&self, _name: &str) -> Result<bool> {
        Ok(true)
    }

    fn release_lease(&self, _name: &str) -> Result<()> {
        Ok(())
    }

    fn location(&self) -> String {
        self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".into())
    }

    fn export_history(&self) -> Result<Vec<crate::store::transfer::Table>> {
        export::history(&self.conn)
    }

    fn absorb_history(&mut self, _: &[crate::store::transfer::Table], _: &str, _: (&str, &str), _: &str) -> Result<crate::store::transfer::Absorbed> {
        Err(CoreError::invalid("--db", "riwayat stasiun dipindahkan ke server kantor (--db postgresql://…), bukan ke berkas stasiun lain"))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn at_rest(&self) -> super::AtRest<'_> {
        match &self.key {
            Some(k) => super::AtRest::Encrypted(k),
            None => super::AtRest::Plain,
        }
    }

    fn backup_into(&self, date: NaiveDate) -> Result<PathBuf> {
        let path = self.path.as_deref().ok_or_else(|| CoreError::invalid("cadangan", "basis data di memori tidak dapat dicadangkan"))?;
        backup::make(&self.conn, path, date, self.key.as_ref())
    }
}

impl Db for Connection {
    fn random_hex8(&self) -> Result<String> {
        Ok(self.query_row("SELECT lower(hex(randomblob(4)))", [], |r| r.get(0))?)
    }
}
/// A file that is not a database or fails on a damaged page is refused as damaged, naming the
/// last backup to restore.
fn damaged_or(path: &Path, e: CoreError) -> CoreError {
    let damaged = match &e {
        CoreError::Db(rusqlite::Error::SqliteFailure(f, _)) => {
            matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        }
        _ => false,
    };
    if !damaged {
        return e;
    }
    let reason = match &e {
        CoreError::Db(inner) => inner.to_string(),
        other => other.to_string(),
    };
    CoreError::DatabaseCorrupt { path: path.display().to_string(), reason, backup: backup::latest(path).map(|b| b.path) }
}

fn read_only() -> CoreError {
    CoreError::Db(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), Some("berkas tidak dapat ditulis".into())))
}

fn open_error_str(path: &str, reason: String) -> CoreError {
    CoreError::DatabaseOpen { path: path.to_string(), reason }
}

/// True when a constraint (UNIQUE, CHECK, trigger ABORT) refused the statement.
pub fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}
