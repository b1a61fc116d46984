//! Who the station is to the spooler. CUPS's own clients (`lp`, `cancel`) ask as the
//! operating-system account they run under, and prove it when the scheduler asks; CUPS then
//! applies its policy (job privacy, owner-only cancel) to that account. The station does the same:
//! the officer who pressed *Cetak* is recorded in our register and audit, not in CUPS, because CUPS
//! can only check accounts the operating system knows. An officer's name there once reached a
//! scheduler that dereferenced the missing account and died.

use std::fmt;
use std::path::PathBuf;

/// The account the station asks as, the password for a print server that asks for one, and the
/// certificate that server is trusted by over TLS.
#[derive(Clone, PartialEq, Eq)]
pub struct SpoolIdentity {
    pub user: String,
    /// Only for a server that asks for a password (HTTP Basic); None for the local scheduler,
    /// which the kernel's peer credentials or CUPS's own certificate satisfy.
    pub password: Option<String>,
    /// PEM file with the server's certificate or its CA (CUPS makes its own, self-signed),
    /// trusted besides the public roots.
    pub ca_file: Option<PathBuf>,
}

impl SpoolIdentity {
    /// The account this process runs as, with no password.
    pub fn of_this_process() -> Self {
        SpoolIdentity { user: os_user(), password: None, ca_file: None }
    }

    /// A stored login for a remote print server: its user and password.
    pub fn with_login(user: &str, password: &str) -> Self {
        SpoolIdentity { user: user.to_string(), password: Some(password.to_string()), ca_file: None }
    }
}

// The password never reaches a log through `{:?}`.
impl fmt::Debug for SpoolIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpoolIdentity")
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// The login name of the real user id, as libcups's cupsUser() finds it (the passwd entry, so
/// that CUPS's peer-credential check, which compares that entry's uid with the socket's peer,
/// agrees); "unknown" when the account has no entry, as libcups says too.
#[cfg(unix)]
pub fn os_user() -> String {
    // SAFETY: getpwuid_r writes into our buffer and `entry`; the name pointer it returns points
    // into that buffer, which lives until the copy below is made.
    unsafe {
        let uid = libc::getuid();
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let mut buffer = vec![0 as libc::c_char; 16 * 1024];
        let rc = libc::getpwuid_r(uid, &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found);
        if rc != 0 || found.is_null() || entry.pw_name.is_null() {
            return "unknown".to_string();
        }
        std::ffi::CStr::from_ptr(entry.pw_name).to_string_lossy().into_owned()
    }
}

#[cfg(not(unix))]
pub fn os_user() -> String {
    std::env::var("USERNAME").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_user_is_the_passwd_name_of_its_uid() {
        let expected = std::process::Command::new("id").arg("-un").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        if let Ok(name) = expected {
            assert_eq!(os_user(), name);
        }
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let shown = format!("{:?}", SpoolIdentity::with_login("kasir", "rahasia-sekali"));
        assert!(shown.contains("kasir") && !shown.contains("rahasia"), "{shown}");
    }
}
