//! Keys in Windows Credential Manager (generic credentials of the signed-in user, protected by
//! Windows with the user's logon), named `ktpel/<id>`: a stolen disk or a copied backup carries
//! no key.

use windows_sys::Win32::Foundation::{GetLastError, ERROR_NOT_FOUND};
use windows_sys::Win32::Security::Credentials::{CredFree, CredReadW, CredWriteW, CREDENTIALW, CRED_PERSIST_LOCAL_MACHINE, CRED_TYPE_GENERIC};

use super::{DbKey, KeyStore};
use crate::error::{CoreError, Result};

pub struct CredentialManager;

fn target(id: &str) -> Vec<u16> {
    format!("ktpel/{id}").encode_utf16().chain(std::iter::once(0)).collect()
}

fn failed(what: &str, code: u32) -> CoreError {
    CoreError::Io { path: format!("Credential Manager ({what})"), source: std::io::Error::from_raw_os_error(code as i32) }
}

impl KeyStore for CredentialManager {
    fn get(&self, id: &str) -> Result<Option<DbKey>> {
        let name = target(id);
        let mut cred: *mut CREDENTIALW = std::ptr::null_mut();
        // SAFETY: a NUL-terminated name; on success `cred` is Windows' allocation, freed below.
        if unsafe { CredReadW(name.as_ptr(), CRED_TYPE_GENERIC, 0, &mut cred) } == 0 {
            let code = unsafe { GetLastError() };
            return if code == ERROR_NOT_FOUND { Ok(None) } else { Err(failed("membaca kunci", code)) };
        }
        // SAFETY: the blob is CredentialBlobSize bytes owned by `cred`.
        let bytes = unsafe { std::slice::from_raw_parts((*cred).CredentialBlob, (*cred).CredentialBlobSize as usize).to_vec() };
        unsafe { CredFree(cred.cast()) };
        DbKey::from_bytes(&bytes).map(Some).ok_or_else(|| CoreError::corrupt("kunci di Credential Manager", "bukan kunci 32 bait"))
    }

    fn put(&self, id: &str, key: &DbKey) -> Result<()> {
        let mut name = target(id);
        let mut user: Vec<u16> = "ktpel".encode_utf16().chain(std::iter::once(0)).collect();
        let mut blob = key.bytes().to_vec();
        let cred = CREDENTIALW {
            Type: CRED_TYPE_GENERIC,
            TargetName: name.as_mut_ptr(),
            CredentialBlobSize: blob.len() as u32,
            CredentialBlob: blob.as_mut_ptr(),
            Persist: CRED_PERSIST_LOCAL_MACHINE,
            UserName: user.as_mut_ptr(),
            ..unsafe { std::mem::zeroed() }
        };
        // SAFETY: every pointer in `cred` lives through the call.
        if unsafe { CredWriteW(&cred, 0) } == 0 {
            return Err(failed("menyimpan kunci", unsafe { GetLastError() }));
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "Windows Credential Manager (kredensial pengguna ini)".into()
    }
}
