//! Opening a station file encrypted with SQLCipher: which key a file needs (`keys` keeps one per
//! file), and telling a plain file from before encryption, an encrypted one whose key is not on
//! this computer, and a damaged one apart — each is told differently to the officer.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};
use crate::keys::{self, DbKey};

/// The first bytes of every plain SQLite file; an encrypted file's first page is all cipher text.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// True when the file at `path` is a plain (unencrypted) SQLite file.
pub fn is_plain(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok() && &head == PLAIN_HEADER
}

fn exists_with_data(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false)
}

/// The key the file at `path` opens with: a new one (kept for it) for a new file, none for a
/// plain file from before encryption, the kept one otherwise — or why it cannot be opened.
pub fn key_to_open(path: &Path) -> Result<Option<DbKey>> {
    if !exists_with_data(path) {
        let key = DbKey::random()?;
        keys::keep_for_database(path, &key)?;
        return Ok(Some(key));
    }
    key_of(path)
}

/// The key an existing file opens with: none for a plain file, else the one kept for it here.
pub fn key_of(path: &Path) -> Result<Option<DbKey>> {
    if is_plain(path) {
        return Ok(None);
    }
    keys::for_database(path)?.map(Some).ok_or_else(|| missing_key(path))
}

/// An encrypted file whose key this computer does not keep.
pub fn missing_key(path: &Path) -> CoreError {
    CoreError::KeyMissing { path: path.display().to_string(), store: keys::store().describe() }
}

/// Opens `path` (read-write and created if `write`, else read-only) with `key` applied, and
/// checks the key reads it.
pub fn open_file(path: &Path, key: Option<&DbKey>, write: bool) -> Result<Connection> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| CoreError::DatabaseOpen { path: path.display().to_string(), reason: e.to_string() })?;
    quiet(&conn);
    if let Some(key) = key {
        conn.execute_batch(&key.pragma())?;
        // The key is only tried at the first read: a wrong one reads as "not a database".
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            let not_db = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase);
            if not_db && exists_with_data(path) && !backup_opens_with(path, key) {
                return Err(CoreError::KeyWrong { path: path.display().to_string() });
            }
            // Some pages fail their check and others pass: the key is right, the file damaged
            // (told as such by the caller, with the last backup to restore).
            return Err(e.into());
        }
    }
    Ok(conn)
}

/// Whether the file's newest backup opens with `key`. SQLite cannot tell a wrong key from a
/// damaged first page; the backup can: if it opens, the key is this file's and the file is
/// damaged (told as such by the caller, with that backup to restore); if not, the key is wrong.
fn backup_opens_with(path: &Path, key: &DbKey) -> bool {
    let Some(latest) = super::backup::latest(path) else { return false };
    let Ok(conn) = Connection::open_with_flags(&latest.path, OpenFlags::SQLITE_OPEN_READ_ONLY) else { return false };
    conn.execute_batch(&key.pragma()).is_ok() && conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok()
}

/// Pages of the open file whose encryption check fails (SQLCipher's own check), when any do.
pub fn damaged_pages(conn: &Connection) -> Option<String> {
    let rows: Vec<String> = conn.prepare("PRAGMA cipher_integrity_check").and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect()).ok()?;
    (!rows.is_empty()).then(|| rows.into_iter().take(3).collect::<Vec<_>>().join("; "))
}

/// SQLCipher writes its own errors to the terminal (a failed page check, a wrong key); the
/// station tells them in its words instead.
pub fn quiet(conn: &Connection) {
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
}

/// Applies `key` to a new (empty) file `conn` will write, so it is encrypted like its source.
pub fn key_new_file(conn: &Connection, key: Option<&DbKey>) -> Result<()> {
    quiet(conn);
    if let Some(key) = key {
        conn.execute_batch(&key.pragma())?;
    }
    Ok(())
}
