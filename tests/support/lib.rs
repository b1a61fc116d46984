//! Shared parts of the integration tests: a private cupsd, the ktpel binary, approved-request
//! records (good and bad), and reading PDFs with poppler's tools.

pub mod cupsd;
pub mod pdf;
pub mod records;

use std::path::PathBuf;
use std::process::{Command, Output};

/// The `ktpel` binary built beside the test binaries (the test command builds it first).
pub fn ktpel_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let bin = dir.join("ktpel");
    assert!(bin.exists(), "{} missing: build it first (cargo build -p ktpel-cli), as the test command does", bin.display());
    bin
}

/// A `ktpel` invocation on one database, as one user.
pub struct Ktpel {
    pub db: PathBuf,
    pub cups_server: Option<String>,
}

impl Ktpel {
    pub fn run(&self, user: Option<(&str, &str)>, args: &[&str]) -> Output {
        let mut cmd = Command::new(ktpel_bin());
        cmd.arg("--db").arg(&self.db).args(args).env_remove("KTPEL_PASSWORD").env_remove("KTPEL_USER").env_remove("KTPEL_DB");
        if let Some((name, password)) = user {
            cmd.arg("--as").arg(name).env("KTPEL_PASSWORD", password);
        }
        match &self.cups_server {
            Some(s) => cmd.env("CUPS_SERVER", s),
            None => cmd.env_remove("CUPS_SERVER"),
        };
        cmd.output().expect("run ktpel")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, user: Option<(&str, &str)>, args: &[&str]) -> String {
        let out = self.run(user, args);
        assert!(out.status.success(), "ktpel {args:?} failed ({:?}):\nstdout: {}\nstderr: {}", out.status.code(), text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub const ADMIN: (&str, &str) = ("admin", "admin-rahasia-1");
pub const OPERATOR: (&str, &str) = ("ani", "operator-rahasia-1");
pub const SUPERVISOR: (&str, &str) = ("budi", "supervisor-rahasia-1");

/// A new station database with an admin, an operator and a supervisor, created through the CLI.
pub fn station_with_users(dir: &std::path::Path, cups_server: Option<String>) -> Ktpel {
    let k = Ktpel { db: dir.join("station.sqlite"), cups_server };
    let out = Command::new(ktpel_bin()).arg("--db").arg(&k.db).args(["init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).output().expect("init");
    assert!(out.status.success(), "init: {}", text(&out.stderr));
    for (user, role) in [(OPERATOR, "operator"), (SUPERVISOR, "supervisor")] {
        let out = Command::new(ktpel_bin())
            .arg("--db")
            .arg(&k.db)
            .args(["--as", ADMIN.0, "user", "add", user.0, "--role", role])
            .env("KTPEL_PASSWORD", ADMIN.1)
            .env("KTPEL_NEW_PASSWORD", user.1)
            .output()
            .expect("user add");
        assert!(out.status.success(), "user add: {}", text(&out.stderr));
    }
    k
}
