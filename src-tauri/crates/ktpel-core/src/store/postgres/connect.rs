//! Where the office server is and how a desk logs in to it, read the way PostgreSQL's own tools
//! read it: a `postgres://` / `postgresql://` URL (a socket directory as `?host=/path`), the
//! `PG*` variables for what the URL leaves out, and the password from `PGPASSWORD` or the
//! password file (`PGPASSFILE`, else `~/.pgpass`, used only when no one else can read it) —
//! never from the URL, so it is never on a command line or in a log.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;
use tokio_postgres::{Client, Config, NoTls};

use super::sync::Link;

use crate::error::{CoreError, Result};

/// A server and database, and how to log in.
#[derive(Clone)]
pub struct OfficeUrl {
    config: Config,
    /// Set when the URL's `sslmode` asks for TLS (see `tls`).
    tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    /// The URL's TLS options as given, kept in `shown` so the same URL opens the same way.
    tls_query: String,
}

/// True when `db` names an office server rather than a SQLite file.
pub fn is_office(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl OfficeUrl {
    pub fn parse(url: &str) -> Result<Self> {
        let bad = |why: String| CoreError::invalid("--db", why);
        let (url, tls) = super::tls::split(url)?;
        let mut config = Config::from_str(&url).map_err(|e| bad(format!("alamat server tidak terbaca ({e}); contoh: postgresql://petugas@server-kantor/ktpel")))?;
        if config.get_password().is_some() {
            return Err(bad("kata sandi tidak boleh ada di alamat (terlihat di daftar proses dan log); isi PGPASSWORD atau berkas ~/.pgpass".into()));
        }
        if config.get_hosts().is_empty() {
            match std::env::var("PGHOST") {
                Ok(h) if !h.is_empty() => add_host(&mut config, &h),
                _ => default_host(&mut config),
            }
        }
        if config.get_ports().is_empty() {
            if let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
                config.port(port);
            }
        }
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER").ok().filter(|u| !u.is_empty()).or_else(os_user).ok_or_else(|| bad("nama pengguna server tidak diketahui; tulis di alamat (postgresql://NAMA@server/ktpel)".into()))?;
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            let db = std::env::var("PGDATABASE").ok().filter(|d| !d.is_empty()).or_else(|| config.get_user().map(str::to_string)).unwrap_or_default();
            config.dbname(&db);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        // A desk that dies or loses the network inside a transaction must not hold the register
        // or the audit chain for long: the server ends such a session after 15 s (set here and
        // on the database, for any program), so a desk waiting for the lock gets it by then; it
        // gives up waiting after 30 s and says so.
        config.options("-c idle_in_transaction_session_timeout=15s -c lock_timeout=30s -c statement_timeout=60s");
        config.keepalives(true).keepalives_idle(Duration::from_secs(5)).keepalives_interval(Duration::from_secs(2)).keepalives_retries(3);
        config.application_name("ktpel");
        Ok(OfficeUrl { config, tls: tls.config, tls_query: tls.query })
    }

    /// Names this desk to the server (seen in `pg_stat_activity`).
    pub fn set_station(&mut self, station: &str) {
        self.config.application_name(&format!("ktpel {station}"));
    }

    /// The server, port, user and database, for messages and logs.
    pub fn shown(&self) -> String {
        let user = self.config.get_user().unwrap_or("");
        let db = self.config.get_dbname().unwrap_or("");
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let tls = &self.tls_query;
        let with = |url: String| match (tls.is_empty(), url.contains('?')) {
            (true, _) => url,
            (false, true) => format!("{url}&{tls}"),
            (false, false) => format!("{url}?{tls}"),
        };
        with(match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => format!("postgresql://{user}@{h}:{port}/{db}"),
            #[cfg(unix)]
            Some(Host::Unix(p)) => format!("postgresql://{user}@/{db}?host={}&port={port}", p.display()),
            None => format!("postgresql://{user}@/{db}"),
        })
    }

    pub fn connect(&self, link: &Link) -> Result<Client> {
        let mut config = self.config.clone();
        if let Some(password) = self.password() {
            config.password(password);
        }
        let tls = self.tls.clone();
        let client = link
            .run(async move {
                // The socket loop runs on the link; it ends when the client is dropped or the
                // server goes away.
                match tls {
                    Some(tls) => {
                        let (client, connection) = config.connect(tokio_postgres_rustls::MakeRustlsConnect::new((*tls).clone())).await?;
                        tokio::spawn(async move { log_end(connection.await) });
                        Ok(client)
                    }
                    None => {
                        let (client, connection) = config.connect(NoTls).await?;
                        tokio::spawn(async move { log_end(connection.await) });
                        Ok(client)
                    }
                }
            })?
            .map_err(|e: tokio_postgres::Error| match e.as_db_error() {
                // The server answered and refused (a password, a missing database): say what.
                Some(_) => CoreError::DatabaseOpen { path: self.shown(), reason: unreachable_words(&e) },
                None => CoreError::ServerUnreachable { server: self.shown(), reason: super::tls::words(&causes(&e)) },
            })?;
        Ok(client)
    }

    fn password(&self) -> Option<String> {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Some(p);
        }
        let file = std::env::var_os("PGPASSFILE").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
        let text = read_private(&file)?;
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(_)) => "localhost".to_string(),
            None => "localhost".to_string(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432).to_string();
        let wanted = [host.as_str(), port.as_str(), self.config.get_dbname().unwrap_or(""), self.config.get_user().unwrap_or("")];
        text.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
            let fields = pgpass_fields(line);
            (fields.len() == 5 && fields.iter().zip(wanted).all(|(f, w)| f == "*" || f == w)).then(|| fields[4].clone())
        })
    }
}

/// The error with what caused it (the client's own text stops at "error performing TLS
/// handshake"; the certificate's problem is in its source).
fn causes(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn log_end(ended: std::result::Result<(), tokio_postgres::Error>) {
    if let Err(e) = ended {
        log::warn!("sambungan basis data kantor: {e}");
    }
}

/// As libpq: a socket directory names a Unix socket.
#[cfg(unix)]
fn add_host(config: &mut Config, h: &str) {
    if h.starts_with('/') {
        config.host_path(h);
    } else {
        config.host(h);
    }
}

#[cfg(not(unix))]
fn add_host(config: &mut Config, h: &str) {
    config.host(h);
}

/// libpq's default server: the local socket on Unix, `localhost` elsewhere (Windows).
#[cfg(unix)]
fn default_host(config: &mut Config) {
    config.host_path("/var/run/postgresql");
}

#[cfg(not(unix))]
fn default_host(config: &mut Config) {
    config.host("localhost");
}

/// The password file, if only its owner can read it (as libpq requires; otherwise ignored).
fn read_private(file: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            log::warn!("{}: dapat dibaca pengguna lain; diabaikan (chmod 600)", file.display());
            return None;
        }
    }
    std::fs::read_to_string(file).ok()
}

/// `host:port:database:user:password`, with `\:` and `\\` escaped as libpq writes them.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), fields.last_mut()) {
                    last.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

fn os_user() -> Option<String> {
    std::env::var("USER").ok().filter(|u| !u.is_empty())
}

/// Why a desk could not reach the server, in words for the officer.
pub fn unreachable_words(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) if db.code().code() == "28P01" || db.code().code() == "28000" => format!("ditolak server: {}; periksa nama pengguna dan kata sandi (PGPASSWORD atau ~/.pgpass)", db.message()),
        Some(db) if db.code().code() == "3D000" => format!("{}; basis data kantor belum dibuat (lihat README, bagian kantor)", db.message()),
        Some(db) => db.message().to_string(),
        None => format!("server basis data kantor tidak terjangkau ({e}); periksa jaringan dan server, stasiun mencoba lagi sendiri"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_are_split_as_libpq_does() {
        assert_eq!(pgpass_fields(r"db\:host:5432:*:ani:pa\:ss:word"), vec!["db:host", "5432", "*", "ani", "pa:ss:word"]);
    }

    #[test]
    fn a_password_in_the_url_is_refused() {
        let e = OfficeUrl::parse("postgresql://ani:rahasia@server/ktpel").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("PGPASSWORD"), "{e}");
        assert!(!e.contains("rahasia"), "{e}");
    }

    #[test]
    fn a_socket_directory_is_a_host() {
        let u = OfficeUrl::parse("postgresql://ani@/ktpel?host=/tmp/pg").map(|u| u.shown()).unwrap_or_default();
        assert_eq!(u, "postgresql://ani@/ktpel?host=/tmp/pg&port=5432");
    }
}
