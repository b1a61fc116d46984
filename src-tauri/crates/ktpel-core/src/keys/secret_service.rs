//! Keys in the Linux desktop's Secret Service (GNOME Keyring, KWallet): kept encrypted under the
//! user's login and unlocked with it, so a stolen disk carries no usable key. Used when the
//! session has one; a machine without (a server, a session over SSH) falls back to key files,
//! and a key found in either is used.

use super::key_file::KeyFiles;
use super::{DbKey, KeyStore};
use crate::error::{CoreError, Result};

const SERVICE: &str = "ktpel";

/// The Secret Service, then key files.
pub struct DesktopOrFile {
    pub file: KeyFiles,
}

/// The Secret Service's answer: a key, no key, or no service to ask.
fn desktop_get(id: &str) -> std::result::Result<Option<DbKey>, String> {
    let entry = keyring::Entry::new(SERVICE, id).map_err(|e| e.to_string())?;
    match entry.get_secret() {
        Ok(bytes) => Ok(DbKey::from_bytes(&bytes)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

fn desktop_put(id: &str, key: &DbKey) -> std::result::Result<(), String> {
    let entry = keyring::Entry::new(SERVICE, id).map_err(|e| e.to_string())?;
    entry.set_secret(key.bytes()).map_err(|e| e.to_string())
}

impl KeyStore for DesktopOrFile {
    fn get(&self, id: &str) -> Result<Option<DbKey>> {
        match desktop_get(id) {
            Ok(Some(key)) => Ok(Some(key)),
            Ok(None) => self.file.get(id),
            Err(why) => {
                log::debug!("Secret Service not used ({why}); key files");
                self.file.get(id)
            }
        }
    }

    fn put(&self, id: &str, key: &DbKey) -> Result<()> {
        match desktop_put(id, key) {
            Ok(()) => {
                // Read back: a keyring that accepted the key must give it again.
                match desktop_get(id) {
                    Ok(Some(k)) if &k == key => Ok(()),
                    _ => Err(CoreError::corrupt("Secret Service", "kunci yang disimpan tidak dapat dibaca kembali")),
                }
            }
            Err(why) => {
                log::info!("Secret Service not available ({why}); the key goes to a key file");
                self.file.put(id, key)
            }
        }
    }

    fn describe(&self) -> String {
        format!("Secret Service desktop (GNOME Keyring/KWallet), atau {}", self.file.describe())
    }
}
