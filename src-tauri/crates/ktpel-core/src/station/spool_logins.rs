//! Who the station is to a print server: the account it runs as, or the login an admin stored for
//! a server that asks for a password. The password goes in with the admin's action and out only
//! to the spooler; the audit names the server and user, never the password.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::spool::target::{self, Endpoint};
use crate::spool::{PrinterTarget, SpoolIdentity, Spooler};
use crate::store::spool_logins;
use crate::time;

/// A stored login as the settings screen lists it (never the password).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SpoolLogin {
    pub server: String,
    pub user: String,
}

impl Station {
    /// The identity to use with `endpoint`: its stored login, else this process's account.
    pub fn spool_identity(&self, endpoint: &Endpoint) -> Result<SpoolIdentity> {
        let stored = self.store.read(|c| spool_logins::get(c, &endpoint.to_string()))?;
        Ok(match stored {
            Some((user, password)) => SpoolIdentity::with_login(&user, &password),
            None => SpoolIdentity::of_this_process(),
        })
    }

    /// A spooler for `target`, asking as `spool_identity` says.
    pub fn spooler(&self, target: PrinterTarget) -> Result<Spooler> {
        let who = self.spool_identity(&target.endpoint)?;
        Ok(Spooler::new(target, who))
    }

    /// Stores the login for `server` (`host[:port]` as CUPS_SERVER takes it).
    pub fn set_spool_login(&mut self, actor: &Actor, server: &str, user: &str, password: &str) -> Result<()> {
        actor.require(Action::ConfigurePrinter)?;
        let server = server_key(server)?;
        let user = user.trim();
        if user.is_empty() || user.len() > 255 || user.contains(':') || user.chars().any(char::is_control) {
            return Err(CoreError::invalid("pengguna", "nama pengguna server cetak wajib diisi, tanpa titik dua (:), paling banyak 255 karakter"));
        }
        if password.is_empty() || password.chars().any(|c| c == '\n' || c == '\r') {
            return Err(CoreError::invalid("kata sandi", "kata sandi server cetak wajib diisi dan satu baris"));
        }
        self.store.write(|tx| {
            spool_logins::set(tx, &server, user, password, &time::stamp(time::now()))?;
            audit(tx, actor, "printer.login_set", &format!("server:{server}"), json!({ "user": user }))
        })
    }

    /// Forgets the login for `server`; an error names it when none was stored.
    pub fn remove_spool_login(&mut self, actor: &Actor, server: &str) -> Result<()> {
        actor.require(Action::ConfigurePrinter)?;
        let server = server_key(server)?;
        self.store.write(|tx| {
            if !spool_logins::remove(tx, &server)? {
                return Err(CoreError::NotFound { what: "login server cetak", id: server.clone() });
            }
            audit(tx, actor, "printer.login_removed", &format!("server:{server}"), json!({}))
        })
    }

    /// Every stored login; never the passwords.
    pub fn spool_logins(&self) -> Result<Vec<SpoolLogin>> {
        Ok(self.store.read(spool_logins::list)?.into_iter().map(|(server, user)| SpoolLogin { server, user }).collect())
    }
}

/// The server as the spooler's endpoint names it, so `cetak.kantor` and `cetak.kantor:631` are one.
fn server_key(server: &str) -> Result<String> {
    match target::server_endpoint(Some(server)) {
        Ok(Endpoint::Tcp { host, port }) => Ok(Endpoint::Tcp { host, port }.to_string()),
        Ok(Endpoint::Unix(_)) => Err(CoreError::invalid("server", "CUPS lokal lewat soket tidak memakai kata sandi; isi host[:port] server cetak jarak jauh")),
        Err(reason) => Err(CoreError::invalid("server", format!("{reason}; tulis host atau host:port, mis. cetak.kantor:631"))),
    }
}
