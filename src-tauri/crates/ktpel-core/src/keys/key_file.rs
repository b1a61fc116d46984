//! Keys in files, for a computer without a store for secrets that the station can use: one file
//! per database in `KTPEL_KEY_DIR`, else `$XDG_CONFIG_HOME/ktpel/kunci` (`~/.config/ktpel/kunci`),
//! outside the data folder so a copy of that folder or of a backup carries no key. The folder is
//! the user's alone (0700) and each file too (0600); a key is written whole or not at all.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

use super::{DbKey, KeyStore};
use crate::error::{CoreError, Result};

pub struct KeyFiles {
    dir: PathBuf,
}

impl KeyFiles {
    pub fn here() -> KeyFiles {
        let dir = std::env::var_os("KTPEL_KEY_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join("ktpel/kunci")))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/ktpel/kunci")))
            .unwrap_or_else(|| PathBuf::from("kunci"));
        KeyFiles { dir }
    }

    /// Whether `KTPEL_KEY_DIR` names the folder (then it is used alone).
    pub fn explicit() -> bool {
        std::env::var_os("KTPEL_KEY_DIR").is_some_and(|d| !d.is_empty())
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.key"))
    }
}

fn io(path: &std::path::Path, e: std::io::Error) -> CoreError {
    CoreError::Io { path: path.display().to_string(), source: e }
}

impl KeyStore for KeyFiles {
    fn get(&self, id: &str) -> Result<Option<DbKey>> {
        let path = self.file(id);
        match std::fs::read(&path) {
            Ok(bytes) => DbKey::from_bytes(&bytes).map(Some).ok_or_else(|| CoreError::corrupt("berkas kunci", format!("{} bukan kunci 32 bait", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path, e)),
        }
    }

    fn put(&self, id: &str, key: &DbKey) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io(&self.dir, e))?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| io(&self.dir, e))?;
        let path = self.file(id);
        let part = self.dir.join(format!(".{id}.part"));
        let _ = std::fs::remove_file(&part);
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&part).map_err(|e| io(&part, e))?;
        f.write_all(key.bytes()).and_then(|_| f.sync_all()).map_err(|e| io(&part, e))?;
        std::fs::rename(&part, &path).map_err(|e| io(&path, e))
    }

    fn describe(&self) -> String {
        format!("berkas kunci di {}", self.dir.display())
    }
}
