//! Who the station is to a print server: the account it runs as, or the login an admin stored for
//! a server that asks for a password, and the certificate that server is trusted by over TLS. The
//! password goes in with the admin's action and out only to the spooler; the audit names the
//! server, user and certificate file, never the password.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use std::path::{Path, PathBuf};

use crate::spool::target::{self, Endpoint};
use crate::spool::spooler::{self, AnySpooler};
use crate::spool::{tls, PrinterTarget, SpoolIdentity};
use crate::store::spool_logins::LoginRow;
use crate::time;

/// A stored login as the settings screen lists it (never the password).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SpoolLogin {
    pub server: String,
    /// The print server's user, when it asks for a password.
    pub user: Option<String>,
    /// The certificate file the server is trusted by over TLS.
    pub ca_file: Option<String>,
}

impl Station {
    /// The identity to use with `endpoint`: its stored login and certificate, else this
    /// process's account.
    pub fn spool_identity(&self, endpoint: &Endpoint) -> Result<SpoolIdentity> {
        let stored = self.store.read(|c| c.spool_logins_get(&endpoint.to_string()))?;
        let mut who = match stored.as_ref().and_then(|r| r.login.as_ref()) {
            Some((user, password)) => SpoolIdentity::with_login(user, password),
            None => SpoolIdentity::of_this_process(),
        };
        who.ca_file = stored.and_then(|r| r.ca_file).map(PathBuf::from);
        Ok(who)
    }

    /// The spooler of `target` (CUPS, or Windows's on Windows), asking as `spool_identity` says.
    pub fn spooler(&self, target: PrinterTarget) -> Result<AnySpooler> {
        let who = self.spool_identity(&target.endpoint)?;
        Ok(spooler::open(target, who)?)
    }

    /// Stores what `server` (`host[:port]` as CUPS_SERVER takes it) needs: a user and password
    /// when it asks for one, the certificate file it is trusted by over TLS, or both. A blank
    /// field counts as not given (the settings form sends every field); a user without a password,
    /// or a password without a user, is refused naming the missing one.
    pub fn set_spool_login(&mut self, actor: &Actor, server: &str, user: Option<&str>, password: Option<&str>, ca_file: Option<&Path>) -> Result<()> {
        actor.require(Action::ConfigurePrinter)?;
        let server = server_key(server)?;
        let user = user.map(str::trim).filter(|u| !u.is_empty());
        let password = password.filter(|p| !p.is_empty());
        let ca_file = ca_file.map(|p| PathBuf::from(p.to_string_lossy().trim())).filter(|p| !p.as_os_str().is_empty());
        let login = match (user, password) {
            (Some(u), Some(p)) => Some((u, p)),
            (None, None) => None,
            (Some(_), None) => return Err(CoreError::invalid("kata sandi", "isi kata sandi server cetak untuk pengguna ini")),
            (None, Some(_)) => return Err(CoreError::invalid("pengguna", "isi nama pengguna server cetak untuk kata sandi ini")),
        };
        if login.is_none() && ca_file.is_none() {
            return Err(CoreError::invalid("login", "isi pengguna dan kata sandi server cetak, berkas sertifikatnya, atau keduanya"));
        }
        let login = match login {
            Some((user, password)) => {
                let user = user.trim();
                if user.is_empty() || user.len() > 255 || user.contains(':') || user.chars().any(char::is_control) {
                    return Err(CoreError::invalid("pengguna", "nama pengguna server cetak wajib diisi, tanpa titik dua (:), paling banyak 255 karakter"));
                }
                if password.is_empty() || password.chars().any(|c| c == '\n' || c == '\r') {
                    return Err(CoreError::invalid("kata sandi", "kata sandi server cetak wajib diisi dan satu baris"));
                }
                Some((user.to_string(), password.to_string()))
            }
            None => None,
        };
        let ca_file = match ca_file.as_deref() {
            Some(file) => {
                // Kept by its absolute path: the app and the CLI may start in other folders.
                let file = std::fs::canonicalize(file).map_err(|e| CoreError::invalid("berkas sertifikat", format!("{}: {e}", file.display())))?;
                tls::certificates(&file).map_err(|reason| CoreError::invalid("berkas sertifikat", reason))?;
                Some(file.display().to_string())
            }
            None => None,
        };
        let row = LoginRow { server: server.clone(), login, ca_file };
        self.store.write(|tx| {
            tx.spool_logins_set(&row, &time::stamp(time::now()))?;
            let user = row.login.as_ref().map(|(u, _)| u.as_str());
            audit(tx, actor, "printer.login_set", &format!("server:{server}"), json!({ "user": user, "ca_file": row.ca_file }))
        })
    }

    /// Forgets what was stored for `server`; an error names it when nothing was.
    pub fn remove_spool_login(&mut self, actor: &Actor, server: &str) -> Result<()> {
        actor.require(Action::ConfigurePrinter)?;
        let server = server_key(server)?;
        self.store.write(|tx| {
            if !tx.spool_logins_remove(&server)? {
                return Err(CoreError::NotFound { what: "login server cetak", id: server.clone() });
            }
            audit(tx, actor, "printer.login_removed", &format!("server:{server}"), json!({}))
        })
    }

    /// Every stored server; never the passwords.
    pub fn spool_logins(&self) -> Result<Vec<SpoolLogin>> {
        Ok(self
            .store
            .read(|c| c.spool_logins_list())?
            .into_iter()
            .map(|r| SpoolLogin { server: r.server, user: r.login.map(|(u, _)| u), ca_file: r.ca_file })
            .collect())
    }
}

/// The server as the spooler's endpoint names it, so `cetak.kantor` and `cetak.kantor:631` are one.
fn server_key(server: &str) -> Result<String> {
    match target::server_endpoint(Some(server)) {
        Ok(tcp @ Endpoint::Tcp { .. }) => Ok(tcp.to_string()),
        Ok(Endpoint::Unix(_) | Endpoint::Windows) => Err(CoreError::invalid("server", "CUPS lokal lewat soket tidak memakai kata sandi; isi host[:port] server cetak jarak jauh")),
        Err(reason) => Err(CoreError::invalid("server", format!("{reason}; tulis host atau host:port, mis. cetak.kantor:631"))),
    }
}
