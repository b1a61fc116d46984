//! What the station needs to reach a remote print server: the login for one that asks for a
//! password (HTTP Basic) and the certificate file it is trusted by over TLS; one row per server,
//! as the spooler names it (`host:port`). The local scheduler never needs either: the station
//! proves its account there by the socket's peer credentials. Written only through
//! `ktpel printer login` or the settings screen; the password is read by the spooler alone and
//! never listed.

use crate::error::Result;

/// One server's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRow {
    pub server: String,
    /// (user, password), when the server asks for a password.
    pub login: Option<(String, String)>,
    pub ca_file: Option<String>,
}

/// The spool_logins operations every storage backend provides.
pub trait SpoolLoginsStore {
    fn spool_logins_get(&self, server: &str) -> Result<Option<LoginRow>>;
    fn spool_logins_list(&self) -> Result<Vec<LoginRow>>;
    fn spool_logins_set(&self, row: &LoginRow, at: &str) -> Result<()>;
    fn spool_logins_remove(&self, server: &str) -> Result<bool>;
}
