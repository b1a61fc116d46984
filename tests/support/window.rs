//! The desk in a real window for the end-to-end tests: a private X server (Xvfb), a private
//! cupsd with the test queues, a station database made through the CLI, and tauri-driver with
//! WebKitWebDriver starting the built app (`stasiun-cetak`) against them.

use std::path::{Path, PathBuf};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cupsd::Cupsd;
use crate::webdriver::Session;
use crate::{ktpel_bin, records, station_with_users, Ktpel, SUPERVISOR};

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub cups: Cupsd,
    pub ktpel: Ktpel,
    pub export_dir: PathBuf,
    pub artifacts: PathBuf,
    driver_url: String,
    display: String,
    driver: Child,
    xvfb: Child,
    /// A private session bus, as a desktop session has (the app's single-instance guard uses it).
    dbus: Child,
    dbus_address: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port()
}

/// The built app beside the test binaries (the test command builds the whole workspace first).
pub fn app_bin() -> PathBuf {
    let bin = ktpel_bin().with_file_name("stasiun-cetak");
    assert!(bin.exists(), "{} missing: build the workspace first (cargo build --workspace, after the UI build), as tests/run.sh does", bin.display());
    bin
}

/// Where this test process's `ktpel` keeps station keys as files.
fn key_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KTPEL_KEY_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(".config"));
    config.join("ktpel").join("kunci")
}

fn tool(name: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([home.join(".cargo/bin").join(name)]);
    candidates.into_iter().find(|p| p.is_file()).unwrap_or_else(|| panic!("{name} not found: run the README's test command (tests/run.sh installs it)"))
}

pub fn start_xvfb() -> (Child, String) {
    // A display number nobody uses, so several runs on one machine never meet. A lock left by an
    // X server that is gone (killed) counts as free, as X itself treats it; its files are removed.
    let stale = |n: u32| {
        let pid = std::fs::read_to_string(format!("/tmp/.X{n}-lock")).ok().and_then(|p| p.trim().parse::<u32>().ok());
        pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists())
    };
    let n = (100..400)
        .find(|&n| {
            if stale(n) {
                let _ = std::fs::remove_file(format!("/tmp/.X{n}-lock"));
                let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
            }
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free display");
    let display = format!(":{n}");
    let child = Command::new(tool("Xvfb"))
        .args([display.as_str(), "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Xvfb");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
        assert!(Instant::now() < deadline, "Xvfb {display} did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (child, display)
}

/// A session bus of the test's own on a socket in `dir`.
fn start_session_bus(dir: &Path) -> (Child, String) {
    let socket = dir.join("bus");
    let address = format!("unix:path={}", socket.display());
    let child = Command::new(tool("dbus-daemon"))
        .args(["--session", "--nofork", "--nopidfile", &format!("--address={address}")])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dbus-daemon (package dbus; the test command installs it)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        assert!(Instant::now() < deadline, "dbus-daemon did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, address)
}

impl Desk {
    /// A station with the three test users, `requests` approved requests (REQ-0001…) and the
    /// blanks KT000001..KT{blanks}; its window is not started yet.
    pub fn start(requests: usize, blanks: u32) -> Desk {
        Desk::start_on(requests, blanks, false)
    }

    /// As `start`, the app reaching its scheduler over the domain socket when `socket` is true
    /// (a desktop's default, /run/cups/cups.sock) and over TCP otherwise.
    pub fn start_on(requests: usize, blanks: u32, socket: bool) -> Desk {
        Desk::start_with(requests, blanks, socket, true)
    }

    /// As `start`, on the current test's store, but the app is not told where the data is (no
    /// `KTPEL_DB`, an empty data folder of its own): a new desk's very first start.
    pub fn start_first_time(requests: usize, blanks: u32) -> Desk {
        Desk::start_with(requests, blanks, false, false)
    }

    /// Clicks the close button of the app's window titled `title` (see `x_window`).
    pub fn close_by_button(&self, title: &str) {
        let asked = crate::x_window::close_like_its_button(&self.display, title);
        assert!(asked > 0, "no window titled {title:?} on {}", self.display);
    }

    /// The app's log file at this desk (its own `XDG_STATE_HOME`).
    pub fn log_file(&self) -> PathBuf {
        self.dir.path().join("state-home/ktpel").join(ktpel_core::paths::log_file().file_name().expect("log file name"))
    }

    /// The app's configuration folder at this desk (its own `XDG_CONFIG_HOME`).
    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config-home")
    }

    /// This desk's own data folder (`XDG_DATA_HOME`), where a first start keeps its choices.
    pub fn data_home(&self) -> PathBuf {
        self.dir.path().join("data-home")
    }

    fn start_with(requests: usize, blanks: u32, socket: bool, placed: bool) -> Desk {
        let dir = tempfile::Builder::new().prefix("ktpel-window-").tempdir().expect("temp dir");
        let cups = Cupsd::start();
        let server = if socket { cups.socket.display().to_string() } else { cups.server() };
        let ktpel = station_with_users(dir.path(), Some(server.clone()));
        let file = dir.path().join("requests.jsonl");
        std::fs::write(&file, records::jsonl(&records::good(requests, "REQ-"))).expect("write requests");
        ktpel.ok(Some(crate::OPERATOR), &["import", file.to_str().expect("utf-8 path")]);
        ktpel.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-E2E", "--range", &format!("KT000001..KT{blanks:06}")]);
        let artifacts = std::env::var_os("KTPEL_ARTIFACTS").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts"));
        std::fs::create_dir_all(&artifacts).expect("artifacts dir");
        let export_dir = dir.path().join("ekspor");
        let (xvfb, display) = start_xvfb();
        let (dbus, dbus_address) = start_session_bus(dir.path());
        let (port, native) = (free_port(), free_port());
        let mut driver = Command::new(tool("tauri-driver"));
        if placed {
            driver.env("KTPEL_DB", &ktpel.db);
        } else {
            driver.env_remove("KTPEL_DB").env("XDG_DATA_HOME", dir.path().join("data-home"));
        }
        let driver = driver
            // Its own process group, so stopping it also stops WebKitWebDriver and the app.
            .process_group(0)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &dbus_address)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("KTPEL_EXPORT_DIR", &export_dir)
            .env("CUPS_SERVER", &server)
            // The app's log level is the station's `log.level` setting; its log file and the
            // window's remembered size are the desk's own, not the test user's.
            .env_remove("KTPEL_LOG")
            .env("XDG_STATE_HOME", dir.path().join("state-home"))
            .env("XDG_CONFIG_HOME", dir.path().join("config-home"))
            // The station's key stays where the test's own `ktpel` kept it (the test command's
            // KTPEL_KEY_DIR, else the test user's key files), not in the desk's config folder.
            .env("KTPEL_KEY_DIR", key_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver");
        Desk { dir, cups, ktpel, export_dir, artifacts, driver_url: format!("http://127.0.0.1:{port}"), display, driver, xvfb, dbus, dbus_address }
    }

    /// The tauri-driver address, to start a session without waiting for the log-in form.
    pub fn driver_url(&self) -> String {
        self.driver_url.clone()
    }

    /// Starts the app in the window and waits for the log-in form.
    pub fn open(&self) -> Session {
        self.open_app(&app_bin())
    }

    /// As `open`, with the app at `app` (the one a package installed).
    pub fn open_app(&self, app: &Path) -> Session {
        let s = Session::start(&self.driver_url, app);
        s.find("#username");
        s
    }

    pub fn login(&self, s: &Session, user: (&str, &str)) {
        s.type_into("#username", user.0);
        s.type_into("#password", user.1);
        s.click("#masuk");
        s.find("#keluar");
    }

    /// From the queue: opens `request`, prints it on `serial` to the capture queue and waits for
    /// the job to end, leaving the verdict on screen.
    pub fn print_to_capture(&self, s: &Session, request: &str, serial: &str) {
        s.click(&format!("#antrian tr[data-request='{request}'] td"));
        s.choose("#printer", crate::cupsd::CAPTURE);
        s.type_into("#blanko", serial);
        s.click("#cetak");
        s.wait_text("#cetak-selesai", "selesai dikirim ke printer");
    }

    /// Launches the app a second time, as the officer double-clicking its icon again would; returns
    /// how the second process ended, or None if it was still running after 20 s (then killed).
    pub fn launch_again(&self) -> Option<std::process::ExitStatus> {
        let mut second = Command::new(app_bin())
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.dbus_address)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("KTPEL_DB", &self.ktpel.db)
            .env("KTPEL_LOG", "info")
            .stdout(Stdio::null())
            .spawn()
            .expect("launch the app again");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = second.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = second.kill();
        let _ = second.wait();
        None
    }

    /// Saves what the X server shows (the whole 1366 × 768 screen) after the page settles.
    pub fn shot(&self, s: &Session, name: &str) {
        s.run_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", serde_json::json!([]));
        let path = self.artifacts.join(format!("{name}.png"));
        let out = Command::new(tool("import")).args(["-display", &self.display, "-window", "root"]).arg(&path).output().expect("run import");
        assert!(out.status.success(), "screenshot {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    }

    /// The station's database, as the app left it (opened beside the running app).
    pub fn station(&self) -> ktpel_core::Station {
        self.ktpel.station()
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
        let _ = self.dbus.kill();
        let _ = self.dbus.wait();
    }
}
