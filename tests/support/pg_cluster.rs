//! A real PostgreSQL server for the tests: Debian's `postgresql` package, a temporary cluster
//! (`initdb`, `pg_ctl`) listening only on a socket in its own directory, run as the `postgres`
//! account when the tests run as root (the server refuses to run as root). One cluster per test
//! process, started at first use and stopped when the process exits; each test gets a fresh
//! database in it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    socket: PathBuf,
    as_postgres: bool,
    /// A private cluster, stopped when dropped (the shared one stops at process exit).
    owned: bool,
    /// Server options beyond the socket (a TCP port and TLS for `private_tls`).
    extra: String,
    /// The server's port (also in its socket's name).
    port: u16,
}

/// A private cluster that also listens on 127.0.0.1 with TLS, under a self-signed certificate
/// for `localhost` (as an office server with its own certificate).
pub struct TlsCluster {
    pub cluster: Cluster,
    pub port: u16,
    /// The server's certificate, which a desk must be given to trust it.
    pub certificate: PathBuf,
    _certs: tempfile::TempDir,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.owned {
            self.stop();
        }
    }
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);
static NEXT_CLUSTER: AtomicUsize = AtomicUsize::new(0);

/// The directory of the newest installed server's programs (`/usr/lib/postgresql/N/bin`).
pub fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, p): &(u32, PathBuf)| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p)
}

extern "C" fn stop_at_exit() {
    if let Some(c) = CLUSTER.get() {
        c.stop();
    }
}

extern "C" {
    fn atexit(f: extern "C" fn()) -> i32;
}

impl Cluster {
    /// The process's cluster, started on first use.
    pub fn get() -> &'static Cluster {
        CLUSTER.get_or_init(|| {
            let c = Cluster::start();
            // SAFETY: registers a plain function to run at process exit; it only runs pg_ctl.
            unsafe { atexit(stop_at_exit) };
            c
        })
    }

    /// A cluster of the test's own, to stop and start (the shared one serves other tests);
    /// stopped and removed when dropped.
    pub fn private() -> Cluster {
        let mut c = Cluster::start();
        c.owned = true;
        c
    }

    /// The server goes away (a fast shutdown: sessions are ended).
    pub fn stop_server(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    /// The server comes back on the same socket.
    pub fn start_server(&self) {
        let opts = self.options();
        self.run("pg_ctl", &["-D", &self.data(), "-l", &self.dir.join("server.log").display().to_string(), "-o", &opts, "-w", "start"]);
    }

    fn options(&self) -> String {
        let listen = if self.extra.is_empty() { "-c listen_addresses=''".to_string() } else { self.extra.clone() };
        format!("-k {} {listen} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", self.socket.display())
    }

    /// See `TlsCluster`.
    pub fn private_tls() -> TlsCluster {
        let certs = tempfile::Builder::new().prefix("ktpel-pgtls-").tempdir().expect("cert dir");
        let (cert, key) = (certs.path().join("server.crt"), certs.path().join("server.key"));
        let out = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .expect("openssl");
        assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
        let _ = Command::new("chmod").arg("600").arg(&key).status();
        let _ = Command::new("chmod").arg("755").arg(certs.path()).status();
        if is_root() {
            let _ = Command::new("chown").args(["postgres:postgres"]).arg(&key).arg(&cert).status();
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port");
        let extra = format!("-c listen_addresses=127.0.0.1 -p {port} -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}", cert.display(), key.display());
        let mut cluster = Cluster::start_with(&extra, port);
        cluster.owned = true;
        TlsCluster { cluster, port, certificate: cert, _certs: certs }
    }

    fn start() -> Cluster {
        Cluster::start_with("", 5432)
    }

    fn start_with(extra: &str, port: u16) -> Cluster {
        let bin = server_bin().expect("PostgreSQL server not installed (the test command installs Debian's postgresql)");
        let base = std::env::var_os("KTPEL_TEST_PG_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("ktpel-pg-{}-{}", std::process::id(), NEXT_CLUSTER.fetch_add(1, Ordering::SeqCst)));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sock")).expect("cluster dir");
        let as_postgres = is_root();
        if as_postgres {
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir).status().expect("chown");
            assert!(status.success(), "chown cluster dir");
        }
        let c = Cluster { socket: dir.join("sock"), dir, bin, as_postgres, owned: false, extra: extra.to_string(), port };
        c.run("initdb", &["-D", &c.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        // fsync off: a test cluster's data need not survive a power cut; it makes the suite fast.
        let opts = c.options();
        c.run("pg_ctl", &["-D", &c.data(), "-l", &c.dir.join("server.log").display().to_string(), "-o", &opts, "-w", "start"]);
        c
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self.command(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(out.status.success(), "{program} {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }

    fn stop(&self) {
        let _ = self.command("pg_ctl").args(["-D", &self.data(), "-m", "immediate", "-w", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// A URL for `database` as `user`, over the cluster's socket.
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("postgresql://{user}@/{database}?host={}&port={}", self.socket.display(), self.port)
    }

    /// Runs SQL as the cluster's superuser in `database`.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let out = self
            .command("psql")
            .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-p", &self.port.to_string(), "-h"])
            .arg(&self.socket)
            .args(["-U", "postgres", "-d", database, "-c", sql])
            .output()
            .expect("psql");
        assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A psql session on `database` reading its statements from stdin, named `app` in the
    /// server's activity list: a program holding a transaction open, as a frozen desk would.
    pub fn session(&self, database: &str, app: &str) -> std::process::Child {
        Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-p", &self.port.to_string(), "-h"])
            .arg(&self.socket)
            .args(["-U", "postgres", "-d", database])
            .env("PGAPPNAME", app)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("psql session")
    }

    /// A new, empty database owned by the superuser; returns its URL.
    pub fn new_database(&self) -> String {
        let name = format!("t{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url("postgres", &name)
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}
