//! Daily backups of the database file in `cadangan/` beside it: compressed archives in an
//! encrypted file (`archive`: a consistent copy while the station keeps working, a fraction of
//! the file's size), checked whole before they count, kept by the rotation, and put back in
//! place of a damaged file. Full copies made by earlier versions restore as they are. The folder is fixed beside the database because a damaged database cannot
//! be asked where its backups are.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::backup_rotation::Rotation;
use super::{archive, cipher};
use crate::keys::DbKey;
use super::SCHEMA_VERSION;
use crate::error::{CoreError, Result};

pub const FOLDER: &str = "cadangan";

/// One backup file and the office day it was made for.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct BackupFile {
    pub path: String,
    pub date: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Removes a scratch station file (a restore's part, a probe copy) with the WAL, shared-memory and
/// journal files SQLite may have made beside it; what is not there is no error (it was scratch).
pub fn discard(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

pub fn folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join(FOLDER)
}

fn stem(db_path: &Path) -> String {
    db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "station".into())
}

fn file_for(db_path: &Path, date: NaiveDate) -> PathBuf {
    folder(db_path).join(file_name(db_path, date))
}

fn io(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Io { path: path.display().to_string(), source: e }
}

/// The backups of this database, newest first. Other files in the folder are ignored.
pub fn list(db_path: &Path) -> Result<Vec<BackupFile>> {
    list_in(&folder(db_path), db_path)
}

/// The backups of this database in `dir` (its own folder, or the second place), newest first.
pub fn list_in(dir: &Path, db_path: &Path) -> Result<Vec<BackupFile>> {
    let dir = dir.to_path_buf();
    let prefix = format!("{}-", stem(db_path));
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(date) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".sqlite")) else { continue };
        if NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            continue;
        }
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push(BackupFile { path: entry.path().display().to_string(), date: date.to_string(), bytes });
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(found)
}

/// The newest backup, if any can be listed (used in the message about a damaged database).
pub fn latest(db_path: &Path) -> Option<BackupFile> {
    list(db_path).ok().and_then(|l| l.into_iter().next())
}

/// True when the day's backup already exists.
pub fn exists_for(db_path: &Path, date: NaiveDate) -> bool {
    file_for(db_path, date).exists()
}

/// Bytes a copy of the database at `db_path` needs (the file and its WAL, with a margin).
pub fn needed_bytes(db_path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let wal = PathBuf::from(format!("{}-wal", db_path.display()));
    let data = size(db_path) + size(&wal);
    data + data / 10 + 16 * 1024 * 1024
}

/// The name a backup of `db_path` for `date` has, in any folder.
pub fn file_name(db_path: &Path, date: NaiveDate) -> String {
    format!("{}-{}.sqlite", stem(db_path), date.format("%Y-%m-%d"))
}

/// Copies a finished backup into `dir` (the second place): under a temporary name, then renamed.
pub fn copy_to(backup: &Path, dir: &Path) -> Result<PathBuf> {
    let name = backup.file_name().ok_or_else(|| CoreError::invalid("cadangan", "berkas cadangan tanpa nama"))?;
    let target = dir.join(name);
    let part = dir.join(format!(".{}.part", name.to_string_lossy()));
    std::fs::copy(backup, &part).and_then(|_| std::fs::rename(&part, &target)).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        io(&target, e)
    })?;
    Ok(target)
}

/// Writes the open database into the day's backup file: written beside it under a temporary
/// name, checked whole, then renamed, so a crash or a full disk never leaves a half copy counted.
pub fn make(conn: &Connection, db_path: &Path, date: NaiveDate, key: Option<&DbKey>) -> Result<PathBuf> {
    let dir = folder(db_path);
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let target = file_for(db_path, date);
    let part = dir.join(format!(".{}.part", stem(db_path)));
    let _ = std::fs::remove_file(&part);
    // A copy that fails its check means the live database is damaged: say so about that file.
    // A page that fails SQLCipher's check stops the copy itself: the live file is damaged.
    let damaged = |reason: String| CoreError::DatabaseCorrupt { path: db_path.display().to_string(), reason, backup: latest(db_path).map(|b| b.path) };
    let made = archive::write(conn, &part, key)
        .map_err(|e| match cipher::damaged_pages(conn) {
            Some(pages) => damaged(format!("halaman rusak: {pages}")),
            None => match e {
                CoreError::Db(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::DatabaseCorrupt => damaged(f.to_string()),
                other => other,
            },
        })
        .and_then(|_| cipher::open_file(&part, key, false).and_then(|c| archive::check(&c, &part)).map(|_| ()).map_err(|e| damaged(format!("cadangan rusak: {e}"))));
    if let Err(e) = made {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    std::fs::rename(&part, &target).map_err(|e| io(&target, e))?;
    Ok(target)
}

/// The online backup into `to`, left as one self-contained file (rollback journal, not WAL, so
/// opening it needs no side files), encrypted with the source's key (SQLCipher copies pages
/// between files of one key).
fn copy(conn: &Connection, to: &Path, key: Option<&DbKey>) -> Result<()> {
    let mut dst = Connection::open(to)?;
    cipher::key_new_file(&dst, key)?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    }
    let _: String = dst.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    Ok(())
}

/// A copy of the station file at `from` (which may be in use: the online backup reads it whole,
/// WAL included) made at `to`, so reading it for an import never changes the station's own file.
/// The copy is encrypted with the source's key (returned; None for a plain source from before
/// encryption), so no plain copy of the citizens' data is ever written.
pub fn snapshot(from: &Path, to: &Path) -> Result<Option<DbKey>> {
    let key = cipher::key_of(from)?;
    let src = cipher::open_file(from, key.as_ref(), false)?;
    copy(&src, to, key.as_ref())?;
    Ok(key)
}

/// Removes the backups in `dir` (named for `db_path`) that `rotation` does not keep on `today`.
/// A file dated after today (the PC's clock was wrong once) is left alone.
pub fn prune_in(dir: &Path, db_path: &Path, rotation: &Rotation, today: NaiveDate) -> Result<Vec<String>> {
    let found = list_in(dir, db_path)?;
    let dates: Vec<NaiveDate> = found.iter().filter_map(|b| NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").ok()).collect();
    let kept = rotation.kept(&dates, today);
    let mut removed = Vec::new();
    for b in found {
        let Ok(date) = NaiveDate::parse_from_str(&b.date, "%Y-%m-%d") else { continue };
        if date <= today && !kept.contains(&date) {
            std::fs::remove_file(&b.path).map_err(|e| io(Path::new(&b.path), e))?;
            removed.push(b.path);
        }
    }
    Ok(removed)
}

/// A backup is usable when it opens, passes its checks (an archive is read whole) and is not
/// from a newer station. Returns its schema version.
pub fn check(path: &Path, key: Option<&DbKey>) -> Result<i64> {
    let shown = path.display().to_string();
    let bad = |reason: String| CoreError::DatabaseOpen { path: shown.clone(), reason };
    let key = key_of_backup(path, key);
    let conn = cipher::open_file(path, key, false).map_err(|e| bad(format!("cadangan rusak atau kuncinya lain: tidak dapat dibuka: {e}")))?;
    let version = if archive::is_archive(&conn).map_err(|e| bad(format!("cadangan rusak atau kuncinya lain: {e}")))? {
        archive::check(&conn, path)?
    } else {
        integrity(path, key).map_err(|reason| bad(format!("cadangan rusak atau kuncinya lain: {reason}")))?;
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))?
    };
    if version > SCHEMA_VERSION as i64 || version == 0 {
        return Err(bad(format!("bukan cadangan basis data stasiun ini (skema {version}, aplikasi ini {SCHEMA_VERSION})")));
    }
    Ok(version)
}

/// The key a backup opens with: none for a plain backup from before encryption, else `key`.
pub fn key_of_backup<'k>(path: &Path, key: Option<&'k DbKey>) -> Option<&'k DbKey> {
    if cipher::is_plain(path) {
        None
    } else {
        key
    }
}

/// A station file at `to` made from the backup at `backup`: rebuilt from an archive, or copied
/// when it is a full copy from an earlier version.
pub fn unpack(backup: &Path, key: Option<&DbKey>, to: &Path) -> Result<()> {
    let key = key_of_backup(backup, key);
    let conn = cipher::open_file(backup, key, false)?;
    if archive::is_archive(&conn)? {
        drop(conn);
        return archive::restore_to(backup, key, to);
    }
    std::fs::copy(backup, to).map(|_| ()).map_err(|e| io(to, e))
}

/// `PRAGMA integrity_check` on a file: Ok when it says ok, else what it found.
fn integrity(path: &Path, key: Option<&DbKey>) -> std::result::Result<(), String> {
    let conn = cipher::open_file(path, key, false).map_err(|e| format!("tidak dapat dibuka: {e}"))?;
    let found: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if found == "ok" {
        Ok(())
    } else {
        Err(found)
    }
}

/// Puts the station file `built` (made by `unpack` from a checked backup, closed) in place of the
/// database at `db_path`: the current file (and its WAL and shared memory files) is kept beside
/// it as `<name>.rusak-<stamp>`, never deleted. No connection to `db_path` may be open.
pub fn put_in_place(db_path: &Path, built: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    let mut kept = None;
    if db_path.exists() {
        let aside = PathBuf::from(format!("{}.rusak-{stamp}", db_path.display()));
        std::fs::rename(db_path, &aside).map_err(|e| io(db_path, e))?;
        kept = Some(aside);
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if side.exists() {
            let aside = PathBuf::from(format!("{}.rusak-{stamp}{suffix}", db_path.display()));
            std::fs::rename(&side, &aside).map_err(|e| io(&side, e))?;
        }
    }
    // The built file's own side files, if its last connection left any, go with it.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", built.display()));
        if side.exists() {
            std::fs::rename(&side, format!("{}{suffix}", db_path.display())).map_err(|e| io(&side, e))?;
        }
    }
    std::fs::rename(built, db_path).map_err(|e| io(db_path, e))?;
    Ok(kept)
}
