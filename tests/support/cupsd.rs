//! A private CUPS scheduler for the tests: its own ServerRoot, spool and logs under a temporary
//! folder, listening on a free loopback port and a socket, with test queues whose backends behave
//! like card printers (capture, fail, stop, slow). Its access rules are the installed CUPS's own:
//! the `DefaultAuthType`, `<Location>` and `<Policy>` blocks of the distribution's default
//! cupsd.conf, copied as they are, so the tests meet job privacy and owner-only cancel exactly
//! as an office's scheduler applies them. Stopped when dropped.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CAPTURE: &str = "ktpel-capture";
pub const FAIL: &str = "ktpel-fail";
pub const STOP: &str = "ktpel-stop";
pub const SLOW: &str = "ktpel-slow";

pub struct Cupsd {
    dir: tempfile::TempDir,
    child: Child,
    pub port: u16,
    pub socket: PathBuf,
    pub capture_dir: PathBuf,
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    l.local_addr().expect("local addr").port()
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

impl Cupsd {
    /// Starts cupsd with the four test queues. Panics with the fix when cupsd is missing.
    pub fn start() -> Cupsd {
        let cupsd = Path::new("/usr/sbin/cupsd");
        assert!(cupsd.exists(), "cupsd is not installed: run the README's test command (it installs cups-daemon)");
        let dir = tempfile::Builder::new().prefix("ktpel-cups-").tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        // Backends run as lp: the tree must be traversable and the capture folder writable.
        mode(&root, 0o755);
        for sub in ["etc", "spool", "spool/tmp", "cache", "state", "log", "serverbin", "serverbin/backend", "captured"] {
            fs::create_dir_all(root.join(sub)).expect("mkdir");
            mode(&root.join(sub), 0o755);
        }
        mode(&root.join("spool"), 0o710);
        mode(&root.join("captured"), 0o777);
        // Where cupsd keeps the self-signed certificate it makes for TLS (ipps), as /etc/cups/ssl.
        fs::create_dir_all(root.join("etc/ssl")).expect("mkdir ssl");
        mode(&root.join("etc/ssl"), 0o700);
        // ServerBin mirrors the system's, with our backends beside the system ones.
        for entry in fs::read_dir("/usr/lib/cups").expect("/usr/lib/cups").flatten() {
            let name = entry.file_name();
            if name != "backend" {
                std::os::unix::fs::symlink(entry.path(), root.join("serverbin").join(&name)).expect("symlink");
            }
        }
        let backends = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/cups-backends");
        for entry in fs::read_dir(&backends).expect("test backends").flatten() {
            let to = root.join("serverbin/backend").join(entry.file_name());
            fs::copy(entry.path(), &to).expect("copy backend");
            mode(&to, 0o755);
        }
        let port = free_port();
        let socket = root.join("cups.sock");
        let stock = stock_config();
        write(
            &root.join("etc/cupsd.conf"),
            &format!(
                "Listen 127.0.0.1:{port}\nListen {sock}\nLogLevel debug\nMaxLogSize 0\nBrowsing Off\nWebInterface No\n\
                 PreserveJobHistory Yes\nJobRetryInterval 1\n{stock}",
                sock = socket.display()
            ),
        );
        let r = root.display();
        write(
            &root.join("etc/cups-files.conf"),
            &format!(
                "ServerRoot {r}/etc\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\nTempDir {r}/spool/tmp\n\
                 ServerBin {r}/serverbin\nDataDir /usr/share/cups\nAccessLog {r}/log/access_log\nErrorLog {r}/log/error_log\n\
                 PageLog {r}/log/page_log\nFileDevice Yes\nUser lp\nGroup lp\nSystemGroup {group}\n",
                group = stock_system_group()
            ),
        );
        let child = spawn(&root);
        let me = Cupsd { capture_dir: root.join("captured"), dir, child, port, socket };
        me.wait_ready();
        me.add_queue(CAPTURE, &format!("ktpelcapture:{}", me.capture_dir.display()), "abort-job", "Antrean uji penangkap SPESIMEN");
        me.add_queue(FAIL, "ktpelfail:/", "abort-job", "Antrean uji gagal SPESIMEN");
        me.add_queue(STOP, "ktpelstop:/", "stop-printer", "Antrean uji berhenti SPESIMEN");
        me.add_queue(SLOW, "ktpelslow:/", "abort-job", "Antrean uji lambat SPESIMEN");
        me
    }

    /// Stops the scheduler as a service stop does (SIGTERM); queues and waiting jobs stay on disk.
    pub fn stop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
        // Until it is started again nothing answers on the port or the socket.
        let _ = fs::remove_file(&self.socket);
    }

    /// Starts the stopped scheduler again on the same port, socket and spool.
    pub fn resume(&mut self) {
        self.child = spawn(self.dir.path());
        self.wait_ready();
    }

    fn wait_ready(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() && self.socket.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("cupsd did not start; log:\n{}", self.log());
    }

    /// The scheduler's process id now.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The same scheduler process as `pid` is still running (not a zombie) and answers a
    /// question over its socket and over TCP. Panics with the scheduler's log otherwise.
    pub fn assert_alive(&self, pid: u32, after: &str) {
        assert_eq!(self.child.id(), pid, "after {after}: the scheduler was restarted");
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit(')').next().and_then(|s| s.split_whitespace().next()).unwrap_or("gone");
        assert!(matches!(state, "R" | "S" | "D"), "after {after}: cupsd {pid} is {state}; log tail:\n{}", tail(&self.log()));
        for server in [self.socket.display().to_string(), self.server()] {
            let out = Command::new("lpstat").args(["-h", &server, "-r"]).env("LANG", "C").output().expect("lpstat");
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(said.contains("scheduler is running"), "after {after}: no answer on {server}: {said}; log tail:\n{}", tail(&self.log()));
        }
    }

    /// `host:port` as CUPS_SERVER takes it.
    pub fn server(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The certificate cupsd made for TLS (after a first TLS connection), as an admin copies it
    /// from a print server's /etc/cups/ssl.
    pub fn certificate(&self) -> PathBuf {
        let dir = self.dir.path().join("etc/ssl");
        let found = fs::read_dir(&dir).ok().and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "crt")));
        found.unwrap_or_else(|| panic!("no certificate in {}: has a TLS connection been made?", dir.display()))
    }

    /// The scheduler's cupsd.conf as it runs.
    pub fn config(&self) -> String {
        fs::read_to_string(self.dir.path().join("etc/cupsd.conf")).unwrap_or_default()
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }

    /// Runs a CUPS admin tool (lpadmin, cupsdisable, cupsreject, …) against this scheduler.
    pub fn admin(&self, tool: &str, args: &[&str]) {
        let out = Command::new(tool).env("CUPS_SERVER", &self.socket).env("LANG", "C").args(args).output().expect(tool);
        assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn add_queue(&self, name: &str, uri: &str, policy: &str, info: &str) {
        self.admin("lpadmin", &["-p", name, "-E", "-v", uri, "-D", info, "-o", &format!("printer-error-policy={policy}")]);
    }

    /// A card printer's queue with a driver: a PPD from tests/fixtures/ppd, so CUPS runs
    /// cups-filters (pdftopdf) before the capture backend keeps what the printer would get.
    pub fn add_driver_queue(&self, name: &str, ppd: &str, info: &str) {
        let ppd = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ppd").join(ppd);
        let uri = format!("ktpelcapture:{}", self.capture_dir.display());
        self.admin("lpadmin", &["-p", name, "-E", "-v", &uri, "-P", &ppd.display().to_string(), "-D", info, "-o", "printer-error-policy=abort-job"]);
    }

    /// Where the capture queues keep what they were sent (for more capture queues).
    pub fn capture_dir(&self) -> &Path {
        &self.capture_dir
    }

    /// Paths of the jobs the capture queue received so far, in job order.
    pub fn captured(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(&self.capture_dir)
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.trim_start_matches("job-").parse::<u32>().ok()).unwrap_or(0));
        files
    }

    pub fn wait_captured(&self, count: usize) -> Vec<PathBuf> {
        let start = Instant::now();
        loop {
            let files = self.captured();
            if files.len() >= count || start.elapsed() > Duration::from_secs(20) {
                return files;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The distribution's default configuration (what a fresh install of cups-daemon runs).
pub const STOCK_CONFIG: &str = "/usr/share/cups/cupsd.conf.default";
const STOCK_FILES: &str = "/usr/share/cups/cups-files.conf.default";

/// The access rules of the stock configuration: `DefaultAuthType`, every `<Location>` and
/// `<Policy>` block, verbatim. Listening, logging and browsing are the test's own.
pub fn stock_config() -> String {
    let text = fs::read_to_string(STOCK_CONFIG).unwrap_or_else(|e| panic!("{STOCK_CONFIG}: {e}; the test command installs cups-daemon"));
    let mut out = String::new();
    let mut inside = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        if t.starts_with("<Location") || t.starts_with("<Policy") {
            inside += 1;
        }
        if inside > 0 || t.starts_with("DefaultAuthType") {
            out.push_str(line);
            out.push('\n');
        }
        if t.starts_with("</Location>") || t.starts_with("</Policy>") {
            inside -= 1;
        }
    }
    assert!(out.contains("<Policy default>"), "{STOCK_CONFIG} has no default policy");
    out
}

/// The stock SystemGroup (the first one named; root stays a system user whatever it is).
fn stock_system_group() -> String {
    fs::read_to_string(STOCK_FILES)
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.trim().strip_prefix("SystemGroup").map(|g| g.split_whitespace().next().unwrap_or("root").to_string())))
        .unwrap_or_else(|| "root".to_string())
}

fn spawn(root: &Path) -> Child {
    Command::new("/usr/sbin/cupsd")
        .args(["-f", "-c"])
        .arg(root.join("etc/cupsd.conf"))
        .arg("-s")
        .arg(root.join("etc/cups-files.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cupsd")
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
