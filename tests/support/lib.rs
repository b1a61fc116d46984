//! Shared parts of the integration tests: a private cupsd, the ktpel binary, approved-request
//! records (good and bad), and reading PDFs with poppler's tools.

pub mod cupsd;
pub mod feed_server;
pub mod invariants;
pub mod pdf;
pub mod pg_cluster;
pub mod records;
pub mod smartcard;
pub mod stores;
pub mod webdriver;
pub mod window;
pub mod x_window;

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `f` on the station's own SQLite connection: checks written in SQLite's SQL (raw
/// statements that the triggers must refuse, counts straight from the tables).
pub fn sqlite_read<T>(st: &ktpel_core::Station, f: impl FnOnce(&rusqlite::Connection) -> ktpel_core::Result<T>) -> ktpel_core::Result<T> {
    match st.store().engine::<ktpel_core::store::sqlite::SqliteStore>() {
        Some(engine) => f(engine.connection()),
        None => Err(ktpel_core::CoreError::invalid("store", "not a SQLite store")),
    }
}

/// The `ktpel` binary built beside the test binaries (the test command builds it first).
/// A station file opened raw with SQLite (the careless or hostile writer, the checker), with the
/// key this computer keeps for it when it is encrypted.
pub fn open_raw(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).expect("open raw");
    if let Some(key) = ktpel_core::keys::for_database(path).expect("key store") {
        c.execute_batch(&key.pragma()).expect("key");
    }
    c
}

pub fn ktpel_bin() -> PathBuf {
    if let Some(bin) = KTPEL_IN_USE.with(|b| b.borrow().clone()) {
        return bin;
    }
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let bin = dir.join("ktpel");
    assert!(bin.exists(), "{} missing: build it first (cargo build -p ktpel-cli), as the test command does", bin.display());
    bin
}

thread_local! {
    static KTPEL_IN_USE: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `bin` as the `ktpel` every helper of this thread starts (the upgrade test makes
/// its desk's data with an installed earlier release); the built one again after.
pub fn using_ktpel<T>(bin: &std::path::Path, f: impl FnOnce() -> T) -> T {
    let before = KTPEL_IN_USE.with(|b| b.replace(Some(bin.to_path_buf())));
    let out = f();
    KTPEL_IN_USE.with(|b| *b.borrow_mut() = before);
    out
}

/// A `ktpel` invocation on one database, as one user.
pub struct Ktpel {
    /// A SQLite file, or the office server's URL.
    pub db: PathBuf,
    pub cups_server: Option<String>,
}

impl Ktpel {
    /// The station this invocation's database is, opened through the core.
    pub fn station(&self) -> ktpel_core::Station {
        ktpel_core::Station::open_location(&self.db.to_string_lossy()).expect("open station")
    }

    pub fn run(&self, user: Option<(&str, &str)>, args: &[&str]) -> Output {
        self.command(user, args).output().expect("run ktpel")
    }

    /// The invocation, not yet started (to spawn, time or kill it).
    pub fn command(&self, user: Option<(&str, &str)>, args: &[&str]) -> Command {
        let mut cmd = Command::new(ktpel_bin());
        cmd.arg("--db").arg(&self.db).args(args).env_remove("KTPEL_PASSWORD").env_remove("KTPEL_USER").env_remove("KTPEL_DB");
        if let Some((name, password)) = user {
            cmd.arg("--as").arg(name).env("KTPEL_PASSWORD", password);
        }
        match &self.cups_server {
            Some(s) => cmd.env("CUPS_SERVER", s),
            None => cmd.env_remove("CUPS_SERVER"),
        };
        cmd
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, user: Option<(&str, &str)>, args: &[&str]) -> String {
        let out = self.run(user, args);
        assert!(out.status.success(), "ktpel {args:?} failed ({:?}):\nstdout: {}\nstderr: {}", out.status.code(), text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }
}

/// Runs one future to its end on a fresh single-threaded runtime (for the core's async steps).
pub fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime").block_on(f)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub const ADMIN: (&str, &str) = ("admin", "admin-rahasia-1");
pub const OPERATOR: (&str, &str) = ("ani", "operator-rahasia-1");
pub const SUPERVISOR: (&str, &str) = ("budi", "supervisor-rahasia-1");

/// A new station database (a file in `dir`, or a fresh office database on the current test's
/// store) with an admin, an operator and a supervisor, created through the CLI.
pub fn station_with_users(dir: &std::path::Path, cups_server: Option<String>) -> Ktpel {
    let db = match stores::kind() {
        stores::Kind::Sqlite => dir.join("station.sqlite"),
        stores::Kind::Postgres => PathBuf::from(pg_cluster::Cluster::get().new_database()),
    };
    let k = Ktpel { db, cups_server };
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

/// A station with the three users on the current test's store (a file in `dir`, or a fresh
/// office database), driven through the core directly.
pub fn core_station(dir: &std::path::Path) -> (ktpel_core::Station, Actors) {
    with_users(stores::open_station(dir))
}

/// A new station with the three users, logged in.
pub fn with_users(mut st: ktpel_core::Station) -> (ktpel_core::Station, Actors) {
    let admin = st.init(ADMIN.0, "Admin", ADMIN.1).expect("init");
    st.add_user(&admin, OPERATOR.0, "Ani Operator", ktpel_core::auth::Role::Operator, OPERATOR.1).expect("operator");
    st.add_user(&admin, SUPERVISOR.0, "Budi Supervisor", ktpel_core::auth::Role::Supervisor, SUPERVISOR.1).expect("supervisor");
    let operator = st.login(OPERATOR.0, OPERATOR.1).expect("login operator");
    let supervisor = st.login(SUPERVISOR.0, SUPERVISOR.1).expect("login supervisor");
    (st, Actors { admin, operator, supervisor })
}

pub struct Actors {
    pub admin: ktpel_core::auth::Actor,
    pub operator: ktpel_core::auth::Actor,
    pub supervisor: ktpel_core::auth::Actor,
}

/// Imports `n` good requests (REQ-0001…) and receives blanks KT000001..KT0000{blanks}.
pub fn stocked(st: &mut ktpel_core::Station, a: &Actors, n: usize, blanks: u32) {
    let text = records::jsonl(&records::good(n, "REQ-"));
    let s = st.import_text(&a.operator, &text, false).expect("import");
    assert_eq!(s.imported, n, "{s:?}");
    st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", &format!("KT{blanks:06}")).expect("receive");
}

/// A printer nothing listens on and what a ready queue says about itself: for core steps whose
/// spooler answers the test gives itself.
pub fn answered_printer() -> (ktpel_core::spool::PrinterTarget, ktpel_core::spool::PrinterInfo) {
    let target = ktpel_core::spool::PrinterTarget::parse("ipp://127.0.0.1:9/printers/kartu", None).expect("target");
    (target, ktpel_core::spool::PrinterInfo { name: "kartu".into(), state: 3, accepting: true, ..Default::default() })
}

/// Prints `request` on `serial` through the core with the spooler's answers given (job id, then
/// completed or failed): for tests about what happens around a print, not the spooler itself.
pub fn print_answered(st: &mut ktpel_core::Station, who: &ktpel_core::auth::Actor, request: &str, serial: &str, completed: bool) -> i64 {
    print_answered_on(st, who, request, serial, answered_printer().0, completed)
}

/// As `print_answered`, on `target` (a queue the desk chose by name, say).
pub fn print_answered_on(st: &mut ktpel_core::Station, who: &ktpel_core::auth::Actor, request: &str, serial: &str, target: ktpel_core::spool::PrinterTarget, completed: bool) -> i64 {
    use ktpel_core::spool::FollowOutcome;
    let info = answered_printer().1;
    let plan = st.begin_print(who, request, serial, target, &info).expect("begin print");
    st.record_submit(who, &plan, &Ok(100 + plan.attempt_id as i32)).expect("submit");
    let outcome = if completed { FollowOutcome::Completed } else { FollowOutcome::Failed { reason: "kartu tidak terambil".into(), reasons: vec![] } };
    st.record_end(who, plan.attempt_id, request, &outcome).expect("end");
    plan.attempt_id
}
