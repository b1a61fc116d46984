//! The station file's encryption as the admin meets it: the recovery key shown once at `init`,
//! `ktpel data encrypt` converting a plain file from before encryption (all or nothing: a full
//! encrypted copy is made and checked table by table before it takes the file's place, and its
//! plain backups are converted too), and `ktpel data unlock` keeping a file's key on a computer
//! that does not have it (a restored PC) from the recovery key.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::Action;
use crate::error::{CoreError, Result};
use crate::keys::{self, DbKey};
use crate::store::backup;
use crate::store::sqlite::cipher;
use crate::store::AtRest;

/// What `ktpel data encrypt` did.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptReport {
    pub database: String,
    /// The recovery key, shown to the admin this once.
    pub recovery_key: String,
    pub tables: usize,
    pub backups_converted: Vec<String>,
}

impl Station {
    /// The recovery key of this station file (for `ktpel init` to show once); None for a plain
    /// file or the office server.
    pub fn recovery_key(&self) -> Option<String> {
        match self.store.at_rest() {
            AtRest::Encrypted(key) => Some(key.recovery_words()),
            AtRest::Plain | AtRest::Server => None,
        }
    }

    /// Whether this is a station file from before encryption (the status bar says so).
    pub fn is_plain_file(&self) -> bool {
        matches!(self.store.at_rest(), AtRest::Plain) && self.store.path().is_some()
    }
}

fn io(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Io { path: path.display().to_string(), source: e }
}

/// Every table's row count, to check a copy holds what its source held.
fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    names.into_iter().map(|n| Ok((n.clone(), conn.query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))?))).collect()
}

/// Writes an encrypted copy of the plain file `from` at `to` with `key` and checks it: it opens
/// with the key, passes `integrity_check`, and has every table with as many rows, at the same
/// schema version. Nothing is left at `to` when it fails.
fn encrypted_copy(from: &Path, to: &Path, key: &DbKey) -> Result<usize> {
    let _ = std::fs::remove_file(to);
    let made = (|| -> Result<usize> {
        let src = Connection::open(from)?;
        src.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let hex: String = key.bytes().iter().map(|b| format!("{b:02X}")).collect();
        src.execute("ATTACH DATABASE ?1 AS enc KEY ?2", [to.to_string_lossy().into_owned(), format!("x'{hex}'")])?;
        src.query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
        let version: i64 = src.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        src.execute_batch(&format!("PRAGMA enc.user_version = {version}; DETACH DATABASE enc;"))?;
        let before = counts(&src)?;
        let copy = cipher::open_file(to, Some(key), false)?;
        let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let after = counts(&copy)?;
        let copy_version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if ok != "ok" || after != before || copy_version != version {
            return Err(CoreError::corrupt("salinan terenkripsi", format!("pemeriksaan gagal ({ok}; {} tabel sumber, {} salinan)", before.len(), after.len())));
        }
        Ok(before.len())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(to);
    }
    made
}

/// Puts `part` in place of `file` and removes `file`'s side files (a checkpointed, empty WAL).
fn swap_in(part: &Path, file: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", file.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| io(&side, e))?;
        }
    }
    std::fs::rename(part, file).map_err(|e| io(file, e))
}

/// `ktpel data encrypt`: converts the plain station file at `db_path` (not open elsewhere) and its
/// plain backups, as an admin of it. The key is kept before the file is swapped, so a stop at any
/// point leaves a file that opens: plain before the swap, encrypted after.
pub fn encrypt(db_path: &Path, username: &str, password: &str) -> Result<EncryptReport> {
    if !db_path.is_file() {
        return Err(CoreError::invalid("--db", format!("{} tidak ada", db_path.display())));
    }
    if !cipher::is_plain(db_path) {
        return Err(CoreError::Conflict(format!("{} sudah terenkripsi; tidak ada yang diubah", db_path.display())));
    }
    {
        let st = Station::open(db_path)?;
        st.login(username, password)?.require(Action::ChangeSettings)?;
    }
    let key = DbKey::random()?;
    let part = db_path.with_extension("enkripsi.part");
    let tables = encrypted_copy(db_path, &part, &key)?;
    keys::keep_for_database(db_path, &key)?;
    swap_in(&part, db_path)?;
    let mut converted = Vec::new();
    for b in backup::list(db_path)? {
        let file = PathBuf::from(&b.path);
        if !cipher::is_plain(&file) {
            continue;
        }
        let part = file.with_extension("enkripsi.part");
        encrypted_copy(&file, &part, &key)?;
        swap_in(&part, &file)?;
        converted.push(b.path);
    }
    let mut st = Station::open(db_path)?;
    let actor = st.login(username, password)?;
    st.store.write(|tx| audit(tx, &actor, "database.encrypt", "database", json!({ "tables": tables, "backups_converted": converted.len() })))?;
    log::warn!("database encrypted by {username} ({} backups converted)", converted.len());
    Ok(EncryptReport { database: db_path.display().to_string(), recovery_key: key.recovery_words(), tables, backups_converted: converted })
}

/// `ktpel data unlock`: keeps on this computer the key of the encrypted station file at
/// `db_path`, from its recovery key, once it is shown to open the file.
pub fn unlock(db_path: &Path, recovery: &DbKey) -> Result<()> {
    if cipher::is_plain(db_path) {
        return Err(CoreError::Conflict(format!("{} tidak terenkripsi; tidak perlu kunci", db_path.display())));
    }
    // Tried on a copy (still encrypted), so a file in a folder this user may not write (where
    // SQLite cannot make its side files) is checked as well.
    let probe = std::env::temp_dir().join(format!("ktpel-buka-{}.sqlite", std::process::id()));
    std::fs::copy(db_path, &probe).map_err(|e| io(db_path, e))?;
    let opened = Connection::open(&probe).map_err(CoreError::from).and_then(|c| {
        c.execute_batch(&recovery.pragma())?;
        Ok(c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok())
    });
    backup::discard(&probe);
    if !opened? {
        return Err(CoreError::invalid("kunci pemulihan", format!("tidak membuka {}; periksa kunci yang dicatat saat `ktpel init`", db_path.display())));
    }
    keys::keep_for_database(db_path, recovery)
}
