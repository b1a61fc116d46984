//! A contactless reader for the tests: Debian's real `pcscd` with the `vsmartcard-vpcd` reader
//! driver, and a virtual card that answers it over vpcd's socket protocol the way a blank's chip
//! answers a real reader (its UID to PC/SC's GET DATA). The station reads it through the real
//! PC/SC stack; only the card itself is played.
//!
//! pcscd 1.9.9 always serves `/run/pcscd/pcscd.comm`, so one daemon serves the whole test run:
//! started on first use with a reader configuration of its own (a free port) and stopped when
//! the test process exits, so the test binaries after it meet a PC without a reader again.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub struct Pcscd {
    _child: Mutex<Child>,
    /// The port of the first slot ("Virtual PCD 00 00"); a card connects here to be "on" it.
    pub port: u16,
    _dir: tempfile::TempDir,
}

static PCSCD: OnceLock<Pcscd> = OnceLock::new();
/// One card on the reader at a time across the tests of a process.
static ON_READER: Mutex<()> = Mutex::new(());

fn free_port_pair() -> u16 {
    for _ in 0..50 {
        let Ok(a) = std::net::TcpListener::bind("127.0.0.1:0") else { continue };
        let Ok(port) = a.local_addr().map(|x| x.port()) else { continue };
        drop(a);
        if port < 65_000 && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no two free ports next to each other for the virtual reader");
}

impl Pcscd {
    /// Whether this run can start pcscd (it writes /run/pcscd: root only); a test that needs the
    /// reader says it was skipped otherwise.
    pub fn can_run() -> bool {
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        if !root {
            eprintln!("skipped: the virtual chip reader needs pcscd, which only root can start here");
        }
        root
    }

    /// The run's pcscd with the virtual reader, started if need be (stopped at the process's exit).
    pub fn get() -> &'static Pcscd {
        PCSCD.get_or_init(|| {
            let p = Pcscd::start();
            // SAFETY: registers a plain function to run at process exit; it only signals pcscd.
            unsafe { atexit(stop_at_exit) };
            p
        })
    }

    /// A pcscd of the caller's own, stopped when dropped (a window test, where the next tests
    /// must meet a PC without a reader).
    pub fn start() -> Pcscd {
        {
            let live = std::os::unix::net::UnixStream::connect("/run/pcscd/pcscd.comm").is_ok();
            assert!(!live, "a pcscd is already running on this machine (/run/pcscd/pcscd.comm): stop it (systemctl stop pcscd.socket pcscd) so the tests can start theirs with the virtual reader");
            let _ = std::fs::remove_file("/run/pcscd/pcscd.comm");
            let dir = tempfile::tempdir().expect("pcscd dir");
            let port = free_port_pair();
            let conf = dir.path().join("reader.conf.d");
            std::fs::create_dir_all(&conf).expect("reader.conf.d");
            std::fs::write(
                conf.join("vpcd"),
                format!("FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x{port:X}\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x{port:X}\n"),
            )
            .expect("vpcd config");
            let log = std::fs::File::create(dir.path().join("pcscd.log")).expect("pcscd log");
            let child = Command::new(pcscd_bin())
                .args(["--foreground", "--config"])
                .arg(&conf)
                .stdout(Stdio::from(log.try_clone().expect("log")))
                .stderr(Stdio::from(log))
                .spawn()
                .expect("start pcscd (Debian package pcscd)");
            let started = Instant::now();
            while std::os::unix::net::UnixStream::connect("/run/pcscd/pcscd.comm").is_err() || TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(started.elapsed() < Duration::from_secs(15), "pcscd did not come up: {}", std::fs::read_to_string(dir.path().join("pcscd.log")).unwrap_or_default());
                std::thread::sleep(Duration::from_millis(100));
            }
            Pcscd { _child: Mutex::new(child), port, _dir: dir }
        }
    }

    /// Lays a blank with chip `uid` (hex) on the reader; it stays until the card is dropped.
    /// vpcd takes a card's connection when it next polls its slot, and one made while it still
    /// lets go of the previous card's can go unseen (seen once in a CI run): a card the reader
    /// has not shown within 3 s is taken off and laid again, as a person would.
    pub fn lay(&self, uid: &str) -> VirtualCard {
        let mut turn = ON_READER.lock().unwrap_or_else(|p| p.into_inner());
        for _ in 0..3 {
            let card = VirtualCard::connect(self.port, hex_bytes(uid), turn);
            if seen(Some(uid), Duration::from_secs(3)) {
                return card;
            }
            turn = card.lift();
            std::thread::sleep(Duration::from_millis(500));
        }
        VirtualCard::connect(self.port, hex_bytes(uid), turn)
    }

    /// Waits (up to 10 s) for the readers to see what is laid on them, as the station would.
    pub fn settle(&self, expect_uid: Option<&str>) {
        assert!(seen(expect_uid, Duration::from_secs(10)), "the reader did not show {expect_uid:?} (saw {:?})", ktpel_core::chip::reader::tap().ok());
    }
}

/// Whether the station's read of the reader shows `expect_uid` (None: an empty reader) within `within`.
fn seen(expect_uid: Option<&str>, within: Duration) -> bool {
    let started = Instant::now();
    loop {
        let ok = match (expect_uid, ktpel_core::chip::reader::tap().ok()) {
            (Some(u), Some(ktpel_core::chip::reader::Tap::Uid { uid, .. })) => uid == u,
            (None, Some(ktpel_core::chip::reader::Tap::NoCard { .. })) => true,
            _ => false,
        };
        if ok {
            return true;
        }
        if started.elapsed() >= within {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

extern "C" fn stop_at_exit() {
    if let Some(p) = PCSCD.get() {
        p.stop();
    }
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Pcscd {
    fn stop(&self) {
        if let Ok(mut child) = self._child.lock() {
            // SAFETY: a signal to the daemon this process started.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(5) && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

extern "C" {
    fn atexit(f: extern "C" fn()) -> i32;
}

fn pcscd_bin() -> PathBuf {
    ["/usr/sbin/pcscd", "/usr/bin/pcscd"].iter().map(PathBuf::from).find(|p| p.exists()).unwrap_or_else(|| PathBuf::from("pcscd"))
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect()
}

/// A card on the virtual reader, answering vpcd until dropped (then it is taken off).
pub struct VirtualCard {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The reader's one place, held while the card lies on it.
    turn: Option<std::sync::MutexGuard<'static, ()>>,
}

/// PC/SC part 3's ATR of a contactless storage card (the reader driver makes one like it).
const ATR: [u8; 20] = [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A];

impl VirtualCard {
    fn connect(port: u16, uid: Vec<u8>, turn: std::sync::MutexGuard<'static, ()>) -> VirtualCard {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the virtual reader");
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || serve(stream, &uid, &flag));
        VirtualCard { stop, thread: Some(thread), turn: Some(turn) }
    }

    /// Takes the card off the reader, keeping the reader's place for the next one.
    fn lift(mut self) -> std::sync::MutexGuard<'static, ()> {
        let turn = self.turn.take();
        drop(self);
        turn.unwrap_or_else(|| ON_READER.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// vpcd's protocol: each message is a 2-byte big-endian length and its bytes. One byte is a
/// control (0 off, 1 on, 2 reset: no answer; 4: the ATR is answered); more is an APDU, answered
/// with the response APDU.
fn serve(mut s: TcpStream, uid: &[u8], stop: &std::sync::atomic::AtomicBool) {
    let mut len = [0u8; 2];
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        match s.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => continue,
            Err(_) => return,
        }
        let mut msg = vec![0u8; u16::from_be_bytes(len) as usize];
        if s.set_read_timeout(Some(Duration::from_secs(5))).is_err() || s.read_exact(&mut msg).is_err() {
            return;
        }
        let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
        let answer: Option<Vec<u8>> = match msg.as_slice() {
            [4] => Some(ATR.to_vec()),
            [_] => None,
            [0xFF, 0xCA, 0x00, 0x00, ..] => Some([uid, &[0x90, 0x00]].concat()),
            _ => Some(vec![0x6D, 0x00]),
        };
        if let Some(a) = answer {
            let mut out = (a.len() as u16).to_be_bytes().to_vec();
            out.extend(a);
            if s.write_all(&out).is_err() {
                return;
            }
        }
    }
}
