//! The station's backups: the day's copy made once a day by whoever opens the station first (the
//! app at start and every hour, the CLI at every command) when its disk can hold it, kept by the
//! rotation (`backup.keep_daily/weekly/monthly`), copied to a second place on another device
//! (`backup.copy_to`), warnings when the disk runs low or the last good copy is old, and the restore of a backup in place of a damaged database, allowed only
//! to an admin of the backup being restored and recorded in its audit log.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{audit, Station};
use crate::auth::Action;
use crate::error::{CoreError, Result};
use crate::keys::DbKey;
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
    pub fn backup_if_due(&self) -> Result<Option<BackupMade>> {
        let Some(path) = self.store.path().map(Path::to_path_buf) else { return Ok(None) };
        let today = self.today()?;
        if backup::exists_for(&path, today) {
            return Ok(None);
        }
        self.backup_now().map(Some)
    }

    /// Makes (or replaces) today's backup now, if its disk can hold it, keeps what the rotation
    /// keeps, and copies it to the second place (`backup.copy_to`). A problem with the second
    /// place does not undo the backup; it is returned, logged and shown until it is put right.
    pub fn backup_now(&self) -> Result<BackupMade> {
        let path = self.store.path().map(Path::to_path_buf).ok_or_else(|| CoreError::invalid("cadangan", "basis data di memori tidak dapat dicadangkan"))?;
        let cfg = self.config()?;
        let today = self.today()?;
        let need = backup::needed_bytes(&path);
        let folder = backup::folder(&path);
        std::fs::create_dir_all(&folder).map_err(|e| CoreError::Io { path: folder.display().to_string(), source: e })?;
        enough_space(&folder, need)?;
        let made = self.store.backup_into(today)?;
        for old in backup::prune_in(&folder, &path, &cfg.backup_rotation, today)? {
            log::info!("backup: removed {old} (not kept by the rotation)");
        }
        log::info!("backup: {}", made.display());
        let (copy, copy_problem) = match &cfg.backup_copy_to {
            None => (None, None),
            Some(dir) => match second_place(&made, dir, &path, &cfg.backup_rotation, today, need) {
                Ok(copied) => (Some(copied.display().to_string()), None),
                Err(problem) => {
                    log::error!("backup: second place: {problem}");
                    (None, Some(problem))
                }
            },
        };
        Ok(BackupMade { path: made.display().to_string(), copy, copy_problem })
    }

    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        match self.store.path() {
            Some(p) => backup::list(p),
            None => Ok(Vec::new()),
        }
    }

    /// What the status bar and `ktpel backup list` warn about: the data disk running low, the last
    /// good backup (here, and in the second place) older than a day. Empty when all is well, and
    /// for an office server (its backups are the server's).
    pub fn backup_warnings(&self) -> Result<Vec<String>> {
        let Some(path) = self.store.path().map(Path::to_path_buf) else { return Ok(Vec::new()) };
        let cfg = self.config()?;
        let today = self.today()?;
        let mut out = Vec::new();
        if self.is_plain_file() {
            out.push("basis data ini belum dienkripsi: data warga dapat dibaca siapa pun yang menyalin berkasnya; admin menjalankan `ktpel data encrypt` (saat aplikasi ditutup)".to_string());
        }
        let data_dir = path.parent().unwrap_or(Path::new("."));
        if let Ok(space) = crate::disk::space(data_dir) {
            if low_disk(space) {
                out.push(format!("ruang disk data tinggal {} dari {}: kosongkan ruang agar cadangan dan data tetap dapat ditulis", crate::disk::mb(space.free), crate::disk::mb(space.total)));
            }
        }
        out.extend(stale("cadangan", backup::list(&path)?.first(), today));
        if let Some(dir) = &cfg.backup_copy_to {
            if !dir.is_dir() {
                out.push(format!("tempat cadangan kedua {} tidak ada atau tidak terpasang; pasang/colokkan lalu buat cadangan (ktpel backup now)", dir.display()));
            } else {
                out.extend(stale(&format!("cadangan di tempat kedua {}", dir.display()), backup::list_in(dir, &path)?.first(), today));
            }
        }
        Ok(out)
    }
}

/// What one backup made.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct BackupMade {
    pub path: String,
    /// The copy in the second place, when one is set and it worked.
    pub copy: Option<String>,
    /// Why the second place got no copy (missing, same disk, full, unwritable).
    pub copy_problem: Option<String>,
}

/// The data disk is low: under 1 GB free, or under 5 % of the disk.
fn low_disk(space: crate::disk::Space) -> bool {
    space.free < 1024 * 1024 * 1024 || space.free.saturating_mul(20) < space.total
}

fn enough_space(dir: &Path, need: u64) -> Result<()> {
    let space = crate::disk::space(dir).map_err(|e| CoreError::Io { path: dir.display().to_string(), source: e })?;
    if space.free < need {
        return Err(CoreError::BackupSpace { place: dir.display().to_string(), need: crate::disk::mb(need), free: crate::disk::mb(space.free) });
    }
    Ok(())
}

/// A warning when the newest backup is older than yesterday (or there is none).
fn stale(what: &str, newest: Option<&BackupFile>, today: chrono::NaiveDate) -> Option<String> {
    let date = newest.and_then(|b| chrono::NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").ok());
    match date {
        Some(d) if (today - d).num_days() <= 1 => None,
        Some(d) => Some(format!("{what} terakhir bertanggal {}; buat cadangan sekarang (ktpel backup now) dan periksa mengapa yang harian tidak dibuat", d.format("%d-%m-%Y"))),
        None => Some(format!("belum ada {what}; buat cadangan sekarang (ktpel backup now)")),
    }
}

/// The day's backup copied to the second place, checked first: it exists, it is another device,
/// it has room. Its own rotation is the same as the first place's.
fn second_place(made: &Path, dir: &Path, db: &Path, rotation: &crate::store::backup_rotation::Rotation, today: chrono::NaiveDate, need: u64) -> std::result::Result<PathBuf, String> {
    if !dir.is_dir() {
        return Err(format!("tempat cadangan kedua {} tidak ada atau tidak terpasang (flashdisk/diska tidak tercolok, folder jaringan terputus); salinan hari ini belum ada di sana", dir.display()));
    }
    let here = made.parent().unwrap_or(Path::new("."));
    match crate::disk::same_device(here, dir) {
        Ok(true) => return Err(format!("tempat cadangan kedua {} ada di disk yang sama dengan data; pilih diska lain, flashdisk atau folder jaringan", dir.display())),
        Ok(false) => {}
        Err(e) => return Err(format!("tempat cadangan kedua {} tidak dapat diperiksa: {e}", dir.display())),
    }
    enough_space(dir, need).map_err(|e| e.to_string())?;
    let copied = backup::copy_to(made, dir).map_err(|e| e.to_string())?;
    if let Err(e) = backup::prune_in(dir, db, rotation, today) {
        log::warn!("backup: second place not pruned: {e}");
    }
    Ok(copied)
}

/// The backups beside a database file that may not open.
pub fn backups_of(db_path: &Path) -> Result<Vec<BackupFile>> {
    backup::list(db_path)
}

/// Puts the newest backup in place of the damaged database at `db_path` (see `restore`).
pub fn restore_latest(db_path: &Path, username: &str, password: &str) -> Result<RestoreReport> {
    let latest = backup::latest(db_path).ok_or_else(|| CoreError::NotFound { what: "cadangan", id: backup::folder(db_path).display().to_string() })?;
    restore(db_path, Path::new(&latest.path), username, password, None)
}

/// Puts `backup_path` in place of the database at `db_path` (which must not be open). The user
/// must be an admin in the backup; the damaged file is kept beside it, and the restore is
/// recorded in the restored database's audit log. The backup opens with the key kept for
/// `db_path` on this computer, or on another PC with the `recovery` key (then kept for it).
pub fn restore(db_path: &Path, backup_path: &Path, username: &str, password: &str, recovery: Option<DbKey>) -> Result<RestoreReport> {
    let key = match recovery {
        Some(k) => Some(k),
        None => crate::keys::for_database(db_path)?,
    };
    let key = backup::key_of_backup(backup_path, key.as_ref()).cloned();
    if key.is_none() && !crate::store::sqlite::cipher::is_plain(backup_path) {
        return Err(crate::store::sqlite::cipher::missing_key(backup_path));
    }
    backup::check(backup_path, key.as_ref()).map_err(|e| match &key {
        Some(_) if !matches!(e, CoreError::DatabaseOpen { ref reason, .. } if reason.contains("skema")) => CoreError::invalid(
            "kunci pemulihan",
            format!("cadangan {} tidak terbuka dengan kunci ini ({e}); periksa kunci pemulihannya", backup_path.display()),
        ),
        _ => e,
    })?;
    // The station file is built from the backup beside the database (an archive is rebuilt, an
    // old full copy copied) and the credentials are checked on it; opening may bring an older
    // backup's schema up to date, which never touches the backup itself. Only then does it take
    // the database's place.
    let part = db_path.with_extension("restore.part");
    let checked = backup::unpack(backup_path, key.as_ref(), &part).and_then(|_| {
        let st = Station::open_copy(&part, key.clone())?;
        st.login(username, password)?.require(Action::ChangeSettings)?;
        Ok(())
    });
    if let Err(e) = checked {
        backup::discard(&part);
        return Err(e);
    }
    let stamp = time::now().format("%Y%m%dT%H%M%SZ").to_string();
    let kept = match backup::put_in_place(db_path, &part, &stamp) {
        Ok(k) => k,
        Err(e) => {
            backup::discard(&part);
            return Err(e);
        }
    };
    if let Some(k) = &key {
        crate::keys::keep_for_database(db_path, k)?;
    }
    let mut st = Station::open(db_path)?;
    let actor = st.login(username, password)?;
    let report = RestoreReport { restored_from: backup_path.display().to_string(), damaged_kept_as: kept.map(|k| k.display().to_string()) };
    st.store.write(|tx| audit(tx, &actor, "database.restore", "database", json!({ "from": report.restored_from, "damaged_kept_as": report.damaged_kept_as })))?;
    log::warn!("database restored from {} by {username}", report.restored_from);
    Ok(report)
}
