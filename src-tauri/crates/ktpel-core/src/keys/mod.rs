//! The database key: every station file and every backup of it is encrypted (SQLCipher) with a
//! random 256-bit key. The key is kept by the operating system where it has a store for secrets
//! (Windows Credential Manager, `credential_manager`), otherwise in a key file readable only by
//! the station's user, outside the data folder (`key_file`); on Linux the desktop's Secret Service
//! first (`secret_service`). Each database file has its own key,
//! found by the file's place. The key is also the recovery key an admin is shown once at `init`
//! (52 letters and digits): with it a backup opens on another PC, without it nothing does.

#[cfg(windows)]
mod credential_manager;
#[cfg(not(windows))]
mod key_file;
#[cfg(target_os = "linux")]
mod secret_service;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

/// A database key (raw: SQLCipher uses it as it is, with no slow key derivation at each open).
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    pub fn random() -> Result<DbKey> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| CoreError::Io { path: "kunci acak".into(), source: std::io::Error::other(e.to_string()) })?;
        Ok(DbKey(k))
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DbKey> {
        bytes.try_into().ok().map(DbKey)
    }

    /// The statement that opens a database with this key.
    pub fn pragma(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02X}")).collect();
        format!("PRAGMA key = \"x'{hex}'\";")
    }

    /// The recovery key as the admin writes it down: 52 letters and digits (RFC 4648 base32) in
    /// groups of four.
    pub fn recovery_words(&self) -> String {
        let text = base32(&self.0);
        text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
    }

    /// The key from what the admin typed (groups, spaces, dashes and case do not matter; the
    /// digits 0, 1 and 8, which base32 does not use, read as the letters O, I and B).
    pub fn from_recovery(text: &str) -> Result<DbKey> {
        let clean: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                other => other,
            })
            .collect();
        unbase32(&clean).and_then(|b| DbKey::from_bytes(&b)).ok_or_else(|| {
            CoreError::invalid("kunci pemulihan", "tidak sah: tulis 52 huruf dan angka seperti yang dicatat saat `ktpel init` (tanda - boleh)")
        })
    }
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(bytes: &[u8]) -> String {
    let (mut out, mut acc, mut bits) = (String::new(), 0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((acc >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((acc >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// Where keys are kept on this computer.
pub trait KeyStore {
    fn get(&self, id: &str) -> Result<Option<DbKey>>;
    fn put(&self, id: &str, key: &DbKey) -> Result<()>;
    /// Where, in words (for messages and the README's "what to keep where").
    fn describe(&self) -> String;
}

/// This computer's key store: Windows Credential Manager; on Linux the desktop's Secret Service
/// when the session has one, else key files; key files alone when `KTPEL_KEY_DIR` names their
/// folder (an admin's explicit choice, e.g. a removable or encrypted volume; the test suite).
pub fn store() -> Box<dyn KeyStore> {
    #[cfg(windows)]
    return Box::new(credential_manager::CredentialManager);
    #[cfg(not(windows))]
    {
        let files = key_file::KeyFiles::here();
        #[cfg(target_os = "linux")]
        if !key_file::KeyFiles::explicit() {
            return Box::new(secret_service::DesktopOrFile { file: files });
        }
        Box::new(files)
    }
}

/// The key's name for the database file at `path`: a digest of its full place, so each station
/// file has its own and no name or path is readable from the store.
pub fn id_for(path: &Path) -> String {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let full = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()).join(path.file_name().unwrap_or_default());
    let digest = Sha256::digest(full.to_string_lossy().as_bytes());
    format!("db-{}", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
}

/// The key kept for the database at `path`, if any.
pub fn for_database(path: &Path) -> Result<Option<DbKey>> {
    store().get(&id_for(path))
}

/// Keeps `key` for the database at `path` (a new database, a conversion, a restore).
pub fn keep_for_database(path: &Path, key: &DbKey) -> Result<()> {
    store().put(&id_for(path), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recovery_key_reads_back_however_it_was_written() {
        let key = DbKey::random().unwrap();
        let words = key.recovery_words();
        assert_eq!(words.replace('-', "").len(), 52);
        assert_eq!(DbKey::from_recovery(&words).unwrap(), key);
        assert_eq!(DbKey::from_recovery(&words.to_lowercase().replace('-', " ")).unwrap(), key);
        assert_eq!(DbKey::from_recovery("ABCD").unwrap_err().code(), "invalid_input");
    }
}
