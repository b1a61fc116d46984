//! The station's backups: the day's copy made once a day by whoever opens the station first (the
//! app at start and every hour, the CLI at every command), old ones pruned after
//! `backup.keep_days`, and the restore of a backup in place of a damaged database, allowed only
//! to an admin of the backup being restored and recorded in its audit log.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{audit, Station};
use crate::auth::Action;
use crate::error::{CoreError, Result};
use crate::store::backup::{self, BackupFile};
use crate::time;

/// What a restore did.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct RestoreReport {
    pub restored_from: String,
    /// Where the replaced (damaged) file was kept, if there was one.
    pub damaged_kept_as: Option<String>,
}

impl Station {
    /// Makes today's backup unless it exists; prunes old ones. None for an in-memory station or
    /// when today's copy is already there.
    pub fn backup_if_due(&self) -> Result<Option<PathBuf>> {
        let Some(path) = self.store.path().map(Path::to_path_buf) else { return Ok(None) };
        let today = time::wib_date(time::now());
        if backup::exists_for(&path, today) {
            return Ok(None);
        }
        self.backup_now().map(Some)
    }

    /// Makes (or replaces) today's backup now and prunes those past `backup.keep_days`.
    pub fn backup_now(&self) -> Result<PathBuf> {
        let path = self.store.path().map(Path::to_path_buf).ok_or_else(|| CoreError::invalid("cadangan", "basis data di memori tidak dapat dicadangkan"))?;
        let keep = self.config()?.backup_keep_days;
        let today = time::wib_date(time::now());
        let made = self.store.backup_into(today)?;
        for old in backup::prune(&path, keep, today)? {
            log::info!("backup: removed {old} (older than {keep} days)");
        }
        log::info!("backup: {}", made.display());
        Ok(made)
    }

    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        match self.store.path() {
            Some(p) => backup::list(p),
            None => Ok(Vec::new()),
        }
    }
}

/// The backups beside a database file that may not open.
pub fn backups_of(db_path: &Path) -> Result<Vec<BackupFile>> {
    backup::list(db_path)
}

/// Puts the newest backup in place of the damaged database at `db_path` (see `restore`).
pub fn restore_latest(db_path: &Path, username: &str, password: &str) -> Result<RestoreReport> {
    let latest = backup::latest(db_path).ok_or_else(|| CoreError::NotFound { what: "cadangan", id: backup::folder(db_path).display().to_string() })?;
    restore(db_path, Path::new(&latest.path), username, password)
}

/// Puts `backup_path` in place of the database at `db_path` (which must not be open). The user
/// must be an admin in the backup; the damaged file is kept beside it, and the restore is
/// recorded in the restored database's audit log.
pub fn restore(db_path: &Path, backup_path: &Path, username: &str, password: &str) -> Result<RestoreReport> {
    backup::check(backup_path)?;
    // Check the credentials on a scratch copy (opening may bring an older backup's schema up to
    // date, which must not touch the backup itself).
    let scratch = db_path.with_extension("restore.check");
    std::fs::copy(backup_path, &scratch).map_err(|e| CoreError::Io { path: scratch.display().to_string(), source: e })?;
    let checked = Station::open(&scratch).and_then(|st| st.login(username, password)).and_then(|a| a.require(Action::ChangeSettings).map(|_| a));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    checked?;
    let stamp = time::now().format("%Y%m%dT%H%M%SZ").to_string();
    let kept = backup::put_in_place(db_path, backup_path, &stamp)?;
    let mut st = Station::open(db_path)?;
    let actor = st.login(username, password)?;
    let report = RestoreReport { restored_from: backup_path.display().to_string(), damaged_kept_as: kept.map(|k| k.display().to_string()) };
    st.store.write(|tx| audit(tx, &actor, "database.restore", "database", json!({ "from": report.restored_from, "damaged_kept_as": report.damaged_kept_as })))?;
    log::warn!("database restored from {} by {username}", report.restored_from);
    Ok(report)
}
