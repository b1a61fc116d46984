//! One office, several desks. Each desk names itself, and the name is in everything it writes;
//! on the office's PostgreSQL server three desk processes printing and confirming at once share
//! one queue, one register and one stock; and the desks' own server account cannot rewrite what
//! the register, the ledger and the audit hold.

use chrono::Datelike;
use std::process::{Child, Stdio};

use ktpel_core::report::csv;
use ktpel_core::time;
use ktpel_tests::cupsd::Cupsd;
use ktpel_tests::pg_cluster::Cluster;
use ktpel_tests::stores::{self, rows, Kind};
use ktpel_tests::{core_station, invariants, print_answered, records, station_with_users, stocked, text, Ktpel, OPERATOR, SUPERVISOR};

ktpel_tests::on_both_stores! {
    /// The desk's name is in the attempt and its job name, the register row, the audit rows
    /// and the report's lines; a name unsafe in a job name is refused naming the fix.
    fn a_desk_names_itself_in_everything_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 3);
        let err = st.set_desk("meja 2").unwrap_err().to_string();
        assert!(err.contains("KTPEL_STATION") && err.contains("tanpa spasi"), "{err}");
        st.set_desk("mpp-magetan").unwrap();
        let operator = st.login(OPERATOR.0, OPERATOR.1).unwrap();
        assert_eq!(operator.desk, "mpp-magetan");
        print_answered(&mut st, &operator, "REQ-0001", "KT000001", true);
        let row = st.confirm_ok(&operator, "REQ-0001").unwrap();
        assert_eq!(row.station, "mpp-magetan");
        let attempt = &st.attempts_of("REQ-0001").unwrap()[0];
        assert_eq!(attempt.station, "mpp-magetan");
        assert!(attempt.job_name.starts_with("mpp-magetan-"), "{}", attempt.job_name);
        let audited = rows(&st, "SELECT DISTINCT station FROM audit_log WHERE subject = 'request:REQ-0001' AND action LIKE 'print.%'");
        assert_eq!(audited, vec![vec![Some("mpp-magetan".to_string())]]);
        assert_eq!(st.verify_audit().unwrap(), None, "the desk is covered by the chain and verifies");
        let today = time::Zone::Wib.date(time::now());
        let report = st.usage_report(today, today).unwrap();
        assert_eq!(report.printed_by_desk.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(), vec![("mpp-magetan", 1)]);
        assert!(csv::summary(&report).iter().any(|l| l.label == "  meja mpp-magetan" && l.value == 1), "a report line per desk");

        // A spoiled card is counted against the desk whose printer spoiled it.
        print_answered(&mut st, &operator, "REQ-0002", "KT000002", true);
        st.confirm_spoiled(&operator, "REQ-0002", ktpel_core::station::SpoilReason::KartuMacet, "").unwrap();
        let report = st.usage_report(today, today).unwrap();
        assert_eq!(report.spoiled[0].desk.as_deref(), Some("mpp-magetan"));
        let lines = csv::summary(&report);
        let spoiled_at_desk = lines.iter().find(|l| l.key == "spoiled.desk.mpp-magetan").map(|l| (l.label.as_str(), l.value));
        assert_eq!(spoiled_at_desk, Some(("  meja mpp-magetan", 1)), "{lines:?}");
    }
}

fn spawn(k: &Ktpel, desk: &str, args: &[String]) -> Child {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = k.command(Some(OPERATOR), &args);
    cmd.env("KTPEL_STATION", desk).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.spawn().expect("spawn")
}

/// Three desks, each with its own card printer, work through the same 24 requests at once,
/// each starting at a different place: every request is printed by exactly one desk (one job
/// in all), the register is 1..=24 with no gap or repeat, each row names the desk that printed,
/// and the stock, ledger and audit chain add up.
#[test]
fn three_desks_print_and_confirm_at_once_on_one_register() {
    stores::set_kind(Kind::Postgres);
    let cups = Cupsd::start();
    let queues = ["kartu-meja-1", "kartu-meja-2", "kartu-meja-3"];
    for q in queues {
        cups.add_queue(q, &format!("ktpelcapture:{}", cups.capture_dir().display()), "abort-job", "Printer kartu uji SPESIMEN");
    }
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups.server()));
    let file = dir.path().join("q.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(24, "KTR-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-K", "--range", "KT000001..KT000090"]);
    let desks: Vec<std::thread::JoinHandle<usize>> = (0..3)
        .map(|d| {
            let k = Ktpel { db: k.db.clone(), cups_server: k.cups_server.clone() };
            let queue = queues[d].to_string();
            std::thread::spawn(move || {
                let desk = format!("meja-{}", d + 1);
                let mut printed = 0;
                for i in 0..24 {
                    let request = format!("KTR-{:04}", (i + d * 8) % 24 + 1);
                    let serial = format!("KT{:06}", d * 30 + printed + 1);
                    let out = spawn(&k, &desk, &["print".into(), request.clone(), "--blanko".into(), serial, "--printer".into(), queue.clone()]).wait_with_output().unwrap();
                    if !out.status.success() {
                        let said = text(&out.stderr);
                        assert!(said.contains("sedang dicetak") || said.contains("sudah berubah") || said.contains("sudah dalam proses") || said.contains("sudah dicetak") || said.contains("siap"), "{desk} {request}: {said}");
                        continue;
                    }
                    printed += 1;
                    let out = spawn(&k, &desk, &["confirm".into(), request.clone(), "--ok".into()]).wait_with_output().unwrap();
                    assert!(out.status.success(), "{desk} confirm {request}: {}", text(&out.stderr));
                }
                printed
            })
        })
        .collect();
    let printed: usize = desks.into_iter().map(|d| d.join().unwrap()).sum();
    assert_eq!(printed, 24, "each request printed by exactly one desk");
    assert_eq!(cups.wait_captured(24).len(), 24);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(cups.captured().len(), 24, "no second job reached any printer");
    let st = k.station();
    let register = rows(&st, "SELECT seq, station FROM register ORDER BY seq");
    let seqs: Vec<i64> = register.iter().filter_map(|r| r[0].as_deref()?.parse().ok()).collect();
    assert_eq!(seqs, (1..=24).collect::<Vec<i64>>(), "one gap-free register for the office");
    let desks_seen: std::collections::BTreeSet<String> = register.iter().filter_map(|r| r[1].clone()).collect();
    assert!(desks_seen.len() >= 2 && desks_seen.iter().all(|d| d.starts_with("meja-")), "{desks_seen:?}");
    invariants::all(&st).unwrap();
    assert_eq!(st.stock().unwrap().printed, 24);
    assert!(k.ok(None, &["audit", "verify"]).contains("utuh"));
}

/// The desks log in to the server as `ktpel_desk`: they print and register, but cannot UPDATE
/// or DELETE the register, the ledger or the audit log, nor switch a guard off, nor touch the
/// counts the server keeps.
#[test]
fn the_desks_server_account_cannot_rewrite_history() {
    stores::set_kind(Kind::Postgres);
    let cluster = Cluster::get();
    cluster.psql("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN CREATE ROLE ktpel_desk LOGIN; END IF; END $$");
    let dir = tempfile::tempdir().unwrap();
    // The owner makes the schema (ktpel init); the desk then works as ktpel_desk.
    let owner = station_with_users(dir.path(), None);
    let desk_url = owner.db.to_string_lossy().replacen("postgresql://postgres@", "postgresql://ktpel_desk@", 1);
    let mut st = ktpel_core::Station::open_location(&desk_url).unwrap();
    let supervisor = st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let operator = st.login(OPERATOR.0, OPERATOR.1).unwrap();
    st.import_text(&operator, &records::jsonl(&records::good(1, "REQ-")), false).unwrap();
    st.receive_blanko_range(&supervisor, "BA-1", "KT000001", "KT000002").unwrap();
    print_answered(&mut st, &operator, "REQ-0001", "KT000001", true);
    st.confirm_ok(&operator, "REQ-0001").unwrap();
    for sql in [
        "UPDATE register SET nama = 'X'",
        "DELETE FROM register",
        "UPDATE blanko_ledger SET event = 'returned'",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET detail = '{}'",
        "UPDATE blanko_counts SET n = 99",
        "UPDATE audit_head SET hash = 'x'",
        "ALTER TABLE register DISABLE TRIGGER ALL",
        "TRUNCATE handovers",
    ] {
        let err = stores::raw(&st, sql).unwrap_err();
        assert!(err.contains("hak akses") && (err.contains("permission denied") || err.contains("must be owner")), "{sql}: {err}");
    }
    assert_eq!(rows(&st, "SELECT count(*) FROM register"), vec![vec![Some("1".to_string())]]);
}

/// Two desks on one office database: while one desk holds the feed, the other's round does
/// nothing; the cursor is the office's, so what one desk pulled the other never pulls again.
#[test]
fn the_feed_is_pulled_by_one_desk_at_a_time_from_one_cursor() {
    use ktpel_core::feed::sync::{sync_once, FEED_LEASE};
    use ktpel_core::station::Exclusive;
    stores::set_kind(Kind::Postgres);
    let dir = tempfile::tempdir().unwrap();
    let (mut a_desk, a) = core_station(dir.path());
    let mut b_desk = stores::reopen(&a_desk);
    let server = ktpel_tests::feed_server::FeedServer::start("token-kantor");
    server.with(|u| u.records = records::good(3, "UP-"));
    a_desk.configure_feed(&a.admin, &server.url, "token-kantor", 30, 30).unwrap();
    assert!(a_desk.store().try_lease(FEED_LEASE).unwrap());
    let r = ktpel_tests::block(sync_once(&Exclusive::new(&mut b_desk))).unwrap();
    assert!(r.other_desk && r.imported == 0 && r.pages == 0, "{r:?}");
    a_desk.store().release_lease(FEED_LEASE).unwrap();
    let r = ktpel_tests::block(sync_once(&Exclusive::new(&mut b_desk))).unwrap();
    assert_eq!((r.other_desk, r.imported), (false, 3), "{r:?}");
    let r = ktpel_tests::block(sync_once(&Exclusive::new(&mut a_desk))).unwrap();
    assert_eq!((r.imported, r.skipped), (0, 0), "the other desk's cursor is this desk's: {r:?}");
    assert_eq!(a_desk.queue(ktpel_core::time::now()).unwrap().len(), 3);
}

/// The database name in an office URL made by the test cluster.
fn database_of(st: &ktpel_core::Station) -> String {
    let location = st.store().location();
    location.split_once("@/").and_then(|(_, rest)| rest.split('?').next()).unwrap_or_default().to_string()
}

/// Waits until the session named `app` is idle inside its transaction (it holds its locks).
fn wait_idle_in_transaction(cluster: &Cluster, db: &str, app: &str) {
    let start = std::time::Instant::now();
    while cluster.psql(db, &format!("SELECT count(*) FROM pg_stat_activity WHERE application_name = '{app}' AND state = 'idle in transaction'")) != "1" {
        assert!(start.elapsed().as_secs() < 10, "{app} never held its transaction");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A desk that holds the register's counter and then dies, or freezes (unplugged, the server
/// hears nothing), holds the other desks for at most ~15 s: the confirm that waited then goes
/// through, and the register stays gap-free.
#[test]
fn a_desk_that_dies_holding_the_register_lock_does_not_hold_the_office() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    stores::set_kind(Kind::Postgres);
    let cluster = Cluster::get();
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    stocked(&mut st, &a, 3, 3);
    for i in 1..=3 {
        print_answered(&mut st, &a.operator, &format!("REQ-{i:04}"), &format!("KT{i:06}"), true);
    }
    st.confirm_ok(&a.operator, "REQ-0001").unwrap();
    let db = database_of(&st);
    let year = time::Zone::Wib.date(time::now()).format("%Y").to_string();
    let hold = |app: &str| {
        let mut desk = cluster.session(&db, app);
        let stdin = desk.stdin.as_mut().unwrap();
        writeln!(stdin, "BEGIN;\nSELECT last FROM register_years WHERE year = {year} FOR UPDATE;").unwrap();
        stdin.flush().unwrap();
        wait_idle_in_transaction(cluster, &db, app);
        desk
    };
    let confirm_behind = |st: ktpel_core::Station, request: &'static str| {
        let operator = a.operator.clone();
        std::thread::spawn(move || {
            let mut st = st;
            let started = Instant::now();
            let row = st.confirm_ok(&operator, request);
            (row.map(|r| r.seq), started.elapsed())
        })
    };

    // Killed: its connection ends, the server lets go at once.
    let mut killed = hold("desk-killed");
    let waiting = confirm_behind(stores::reopen(&st), "REQ-0002");
    std::thread::sleep(Duration::from_millis(500));
    cluster.psql(&db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'desk-killed'");
    let (seq, took) = waiting.join().unwrap();
    assert_eq!(seq.unwrap(), 2);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let _ = killed.kill();

    // Frozen: nothing reaches the server; it ends the idle transaction after 15 s.
    let mut frozen = hold("desk-frozen");
    let waiting = confirm_behind(stores::reopen(&st), "REQ-0003");
    let (seq, took) = waiting.join().unwrap();
    assert_eq!(seq.unwrap(), 3, "the waiting desk's confirm went through");
    assert!(took >= Duration::from_secs(10) && took < Duration::from_secs(25), "held {took:?}");
    let _ = frozen.kill();
    invariants::all(&st).unwrap();
}

/// The server goes away: the desk says so in plain words, refuses to start a print with nothing
/// reserved, and works again by itself once the server is back.
#[test]
fn a_desk_says_when_the_server_is_away_reserves_nothing_and_resumes_by_itself() {
    let cluster = Cluster::private();
    let (mut st, a) = ktpel_tests::with_users(ktpel_core::Station::open_location(&cluster.new_database()).unwrap());
    stocked(&mut st, &a, 1, 1);
    let (target, info) = ktpel_tests::answered_printer();
    cluster.stop_server();
    let err = st.begin_print(&a.operator, "REQ-0001", "KT000001", target.clone(), &info).err().expect("no print without the server");
    assert_eq!(err.code(), "database_unreachable", "{err}");
    assert!(err.to_string().contains("tidak terjangkau") && err.to_string().contains("tersambung lagi sendiri"), "{err}");
    assert_eq!(st.stock().unwrap_err().code(), "database_unreachable");
    cluster.start_server();
    assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, ktpel_core::store::blanko::BlankoState::InStock, "nothing was reserved");
    st.begin_print(&a.operator, "REQ-0001", "KT000001", target, &info).expect("works again without a restart");
    assert_eq!(st.stock().unwrap().reserved, 1);
}

/// A desk reaches a server on the network over TLS (`sslmode=verify-full`) when it is given the
/// server's own certificate; without it the server is refused in words that name the fix.
#[test]
fn a_desk_talks_to_a_remote_server_over_tls_it_has_checked() {
    let tls = Cluster::private_tls();
    let socket_url = tls.cluster.new_database();
    let db = socket_url.split_once("@/").and_then(|(_, rest)| rest.split('?').next()).unwrap().to_string();
    let remote = format!("postgresql://postgres@localhost:{}/{db}?sslmode=verify-full", tls.port);
    let err = ktpel_core::Station::open_location(&remote).err().expect("an unknown certificate is refused");
    assert_eq!(err.code(), "database_unreachable", "{err}");
    assert!(err.to_string().contains("sslrootcert"), "{err}");
    let trusted = format!("{remote}&sslrootcert={}", tls.certificate.display());
    let (st, _) = ktpel_tests::with_users(ktpel_core::Station::open_location(&trusted).unwrap());
    assert_eq!(rows(&st, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), vec![vec![Some("t".to_string())]], "the line is encrypted");
    let again = stores::reopen(&st);
    assert_eq!(rows(&again, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), vec![vec![Some("t".to_string())]], "reopened as it was opened");
}

/// A single station's history — prints, a spoiled card and its approved reprint, a blank not
/// fed, a handover, a lost blank, its audit chain — moves into an office whole: the register
/// (numbers unchanged, rows naming the desk), the stock, every blank's ledger, the links between
/// attempts, and one audit chain that verifies. The station's file is not changed. Importing it
/// again, or a second station whose register year the office already has, is refused whole.
#[test]
fn a_single_stations_history_moves_into_the_office_whole_or_not_at_all() {
    use ktpel_core::station::SpoilReason;
    use ktpel_core::store::reprints::Decision;
    let dir = tempfile::tempdir().unwrap();
    let make_station = |sub: &str, prefix: &str, first: u32| {
        stores::set_kind(Kind::Sqlite);
        let sdir = dir.path().join(sub);
        std::fs::create_dir_all(&sdir).unwrap();
        let (mut st, a) = core_station(&sdir);
        st.import_text(&a.operator, &records::jsonl(&records::good(4, prefix)), false).unwrap();
        st.receive_blanko_range(&a.supervisor, &format!("BA-{sub}"), &format!("KT{first:06}"), &format!("KT{:06}", first + 8)).unwrap();
        (st, a, sdir.join("core.sqlite"))
    };
    let (mut st, a, file) = make_station("sta", "STA-", 1);
    // The station began its year after a paper book: the office keeps that too.
    let year = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).year() as i64;
    st.continue_register_from(&a.supervisor, year, 4812, "buku register kertas jilid 3").unwrap();
    print_answered(&mut st, &a.operator, "STA-0001", "KT000001", true);
    st.confirm_ok(&a.operator, "STA-0001").unwrap();
    st.handover(&a.operator, "STA-0001", "Pemohon", None, true).unwrap();
    print_answered(&mut st, &a.operator, "STA-0002", "KT000002", true);
    st.confirm_spoiled(&a.operator, "STA-0002", SpoilReason::KartuMacet, "").unwrap();
    st.decide_reprint(&a.supervisor, "STA-0002", Decision::Approved, "macet di printer").unwrap();
    print_answered(&mut st, &a.operator, "STA-0002", "KT000003", true);
    st.confirm_ok(&a.operator, "STA-0002").unwrap();
    print_answered(&mut st, &a.operator, "STA-0003", "KT000004", false);
    st.confirm_not_fed(&a.operator, "STA-0003").unwrap();
    st.adjust_stock(&a.supervisor, ktpel_core::store::adjustments::AdjustmentKind::Lost, &["KT000009".into()], "tidak ada saat hitung", None).unwrap();
    let station_register = st.register_all().unwrap();
    let station_stock = st.stock().unwrap();
    let station_ledger = st.blanko_history("KT000002").unwrap();
    drop(st);
    let before = std::fs::read(&file).unwrap();

    stores::set_kind(Kind::Postgres);
    let (mut office, oa) = core_station(&dir.path().join("office"));
    let absorbed = office.import_station(&oa.admin, &file, "meja-1").unwrap();
    assert_eq!(absorbed.desk, "meja-1");
    assert_eq!(std::fs::read(&file).unwrap(), before, "the station's file is not changed");
    let register = office.register_all().unwrap();
    assert_eq!(register.iter().map(|r| (r.register_number.clone(), r.request_id.clone())).collect::<Vec<_>>(), station_register.iter().map(|r| (r.register_number.clone(), r.request_id.clone())).collect::<Vec<_>>());
    assert!(register.iter().all(|r| r.station == "meja-1"), "{register:?}");
    assert_eq!(office.stock().unwrap(), station_stock);
    assert_eq!(office.blanko_history("KT000002").unwrap().ledger.len(), station_ledger.ledger.len());
    let attempts = office.attempts_of("STA-0002").unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1].reprint_of, Some(attempts[0].id), "the reprint still names the spoiled attempt");
    assert_eq!(office.verify_audit().unwrap(), None, "one chain, verified");
    assert_eq!(rows(&office, "SELECT count(*) FROM audit_log WHERE action = 'office.import_station'"), vec![vec![Some("1".to_string())]]);
    invariants::all(&office).unwrap();

    // Again: refused whole, nothing added.
    let audit_rows = rows(&office, "SELECT count(*) FROM audit_log");
    let err = office.import_station(&oa.admin, &file, "meja-1").unwrap_err().to_string();
    assert!(err.contains("impor dibatalkan") && err.contains("tidak ada yang disimpan"), "{err}");
    assert_eq!(rows(&office, "SELECT count(*) FROM audit_log"), audit_rows);
    // A second station with its own register for the same year: never renumbered, refused.
    let (mut other, b, other_file) = make_station("lain", "LAIN-", 101);
    print_answered(&mut other, &b.operator, "LAIN-0001", "KT000101", true);
    other.confirm_ok(&b.operator, "LAIN-0001").unwrap();
    drop(other);
    let err = office.import_station(&oa.admin, &other_file, "meja-2").unwrap_err().to_string();
    assert!(err.contains("dinomori ulang"), "{err}");
    assert_eq!(office.register_all().unwrap().len(), station_register.len());

    // The office goes on from the station's last number.
    office.set_desk("meja-1").unwrap();
    let operator = office.login(OPERATOR.0, OPERATOR.1).unwrap();
    print_answered(&mut office, &operator, "STA-0004", "KT000005", true);
    let row = office.confirm_ok(&operator, "STA-0004").unwrap();
    assert_eq!(row.seq, 4812 + station_register.len() as i64 + 1);
    assert_eq!(office.register_carryovers().unwrap().iter().map(|c| (c.year, c.last_seq, c.station.as_str())).collect::<Vec<_>>(), [(year, 4812, "meja-1")]);
}

/// Desk processes confirming at once on one server, one of them killed (SIGKILL) at a random
/// moment each round — starting, waiting for the register's counter, holding it, committing:
/// after every round the register is gap-free with no number twice, every blank agrees with its
/// ledger, and the audit chain verifies; a killed confirm is simply given again.
#[test]
fn desks_killed_mid_confirm_leave_no_gap_and_no_number_twice() {
    stores::set_kind(Kind::Postgres);
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let rounds = 25usize;
    let desks = 3usize;
    let total = rounds * desks;
    {
        let mut st = k.station();
        let operator = st.login(OPERATOR.0, OPERATOR.1).unwrap();
        let supervisor = st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
        st.import_text(&operator, &records::jsonl(&records::good(total, "MAT-")), false).unwrap();
        st.receive_blanko_range(&supervisor, "BA-M", "KT000001", &format!("KT{total:06}")).unwrap();
        for i in 1..=total {
            print_answered(&mut st, &operator, &format!("MAT-{i:04}"), &format!("KT{i:06}"), true);
        }
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ std::process::id() as u64;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut killed = 0;
    let mut pending: Vec<String> = (1..=total).map(|i| format!("MAT-{i:04}")).collect();
    for _ in 0..rounds {
        let batch: Vec<String> = pending.iter().take(desks).cloned().collect();
        let mut children: Vec<Child> = batch.iter().enumerate().map(|(d, r)| spawn(&k, &format!("meja-{}", d + 1), &["confirm".into(), r.clone(), "--ok".into()])).collect();
        let victim = rand(desks as u64) as usize;
        std::thread::sleep(std::time::Duration::from_micros(rand(120_000)));
        let _ = children[victim].kill();
        for (d, c) in children.iter_mut().enumerate() {
            let status = c.wait().unwrap();
            if d == victim && std::os::unix::process::ExitStatusExt::signal(&status) == Some(9) {
                killed += 1;
            }
        }
        let st = k.station();
        invariants::all(&st).unwrap_or_else(|e| panic!("after a kill: {e}"));
        assert_eq!(st.verify_audit().unwrap(), None);
        let done: std::collections::HashSet<String> = st.register_all().unwrap().into_iter().map(|r| r.request_id).collect();
        pending.retain(|r| !done.contains(r));
    }
    // Whatever a kill interrupted is confirmed now, once.
    for r in pending.clone() {
        k.ok(Some(OPERATOR), &["confirm", &r, "--ok"]);
    }
    let st = k.station();
    let seqs: Vec<i64> = st.register_all().unwrap().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=total as i64).collect::<Vec<_>>(), "every card once, numbers 1..={total}");
    invariants::all(&st).unwrap();
    // Most kills land while the process runs (the rest after it finished: nothing to kill).
    assert!(killed >= rounds / 3, "the kills landed in running desks: {killed} of {rounds}");
}

/// Two desks starting at once on a new office database make its schema once (the second waits
/// for the first, then finds it made); a schema newer than the program is refused in words.
#[test]
fn two_desks_starting_at_once_make_the_schema_once_and_a_newer_one_is_refused() {
    let cluster = Cluster::get();
    let url = cluster.new_database();
    let starts: Vec<_> = (0..2).map(|_| {
        let url = url.clone();
        std::thread::spawn(move || ktpel_core::Station::open_location(&url).map(|_| ()))
    }).collect();
    for s in starts {
        s.join().unwrap().expect("both desks open");
    }
    let db = url.split_once("@/").and_then(|(_, rest)| rest.split('?').next()).unwrap().to_string();
    assert_eq!(cluster.psql(&db, "SELECT count(*) || ':' || max(version) FROM ktpel_schema"), format!("{0}:{0}", ktpel_core::store::postgres::OFFICE_SCHEMA_VERSION));
    cluster.psql(&db, "INSERT INTO ktpel_schema (version) VALUES (99)");
    let err = ktpel_core::Station::open_location(&url).err().expect("a newer schema is refused").to_string();
    assert!(err.contains("versi aplikasi yang lebih baru") && err.contains("99"), "{err}");
}

ktpel_tests::on_both_stores! {
    /// The office's stock is handed to its desks: a desk prints only the blanks in its own box
    /// (or the central stock's), a used blank never changes desk, and the stock is counted by
    /// desk; every hand-out is audited.
    fn blanks_handed_to_a_desk_are_that_desks() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 10);
        assert_eq!(st.hand_out_blanko_range(&a.operator, "meja-1", "KT000001", "KT000005").unwrap_err().code(), "forbidden");
        assert_eq!(st.hand_out_blanko_range(&a.supervisor, "meja-1", "KT000001", "KT000005").unwrap(), 5);
        assert_eq!(st.hand_out_blanko_range(&a.supervisor, "meja-2", "KT000006", "KT000008").unwrap(), 3);
        assert_eq!(st.stock_by_desk().unwrap(), vec![("".to_string(), 2), ("meja-1".to_string(), 5), ("meja-2".to_string(), 3)]);
        st.set_desk("meja-2").unwrap();
        let at_two = st.login(OPERATOR.0, OPERATOR.1).unwrap();
        let (target, info) = ktpel_tests::answered_printer();
        let err = st.begin_print(&at_two, "REQ-0001", "KT000001", target.clone(), &info).err().expect("another desk's blank");
        assert!(err.to_string().contains("meja meja-1"), "{err}");
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, ktpel_core::store::blanko::BlankoState::InStock, "nothing reserved");
        print_answered(&mut st, &at_two, "REQ-0001", "KT000006", true);
        print_answered(&mut st, &at_two, "REQ-0002", "KT000009", true);
        let err = st.hand_out_blanko(&a.supervisor, "meja-1", &["KT000006".into()]).unwrap_err().to_string();
        assert!(err.contains("hanya blanko yang tersedia"), "{err}");
        assert!(stores::raw(&st, "UPDATE blanko SET desk = 'meja-1' WHERE serial = 'KT000006'").unwrap_err().contains("only a blank in stock changes desk"));
        assert_eq!(stores::number(&st, "SELECT count(*) FROM audit_log WHERE action = 'blanko.hand_out'"), 2);
    }
}

/// Desk B has just reserved a blank and is about to submit to its own printer when desk A's
/// officer logs in: A's reconcile must not declare B's job "never submitted" (it would fail a
/// print about to come out). B's own reconcile settles it; and B cannot be renamed under it.
#[test]
fn a_desk_reconciles_only_its_own_attempts() {
    use ktpel_core::spool::PrinterTarget;
    use ktpel_core::store::attempts::JobState;
    stores::set_kind(Kind::Postgres);
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut desk_a, a) = core_station(dir.path());
    stocked(&mut desk_a, &a, 1, 1);
    desk_a.set_desk("meja-a").unwrap();
    let mut desk_b = stores::reopen(&desk_a);
    desk_b.set_desk("meja-b").unwrap();
    let operator_b = desk_b.login(OPERATOR.0, OPERATOR.1).unwrap();
    let operator_a = desk_a.login(OPERATOR.0, OPERATOR.1).unwrap();
    let target = PrinterTarget::parse(ktpel_tests::cupsd::CAPTURE, Some(&cups.server())).unwrap();
    let (_, info) = ktpel_tests::answered_printer();
    let plan = desk_b.begin_print(&operator_b, "REQ-0001", "KT000001", target, &info).unwrap();

    let listed = ktpel_tests::block(desk_a.reconcile(&operator_a)).unwrap();
    assert_eq!(listed.len(), 1, "A lists B's open attempt");
    let attempt = &desk_a.attempts_of("REQ-0001").unwrap()[0];
    assert_eq!((attempt.station.as_str(), attempt.job_state), ("meja-b", JobState::Reserved), "A left B's attempt alone");

    let err = desk_b.name_desk(Some(&a.admin), &dir.path().join("nama-meja"), "meja-c").unwrap_err().to_string();
    assert!(err.contains("menunggu keputusan") && err.contains("Hasil cetak"), "{err}");

    ktpel_tests::block(desk_b.reconcile(&operator_b)).unwrap();
    let attempt = &desk_b.attempts_of("REQ-0001").unwrap()[0];
    assert_eq!(attempt.id, plan.attempt_id);
    assert_eq!(attempt.job_state, JobState::Failed, "B's own reconcile: its job never reached its spooler");
    invariants::all(&desk_a).unwrap();
}

/// A desk set up in the window (its data's place and its name kept on this computer) is the
/// same desk for the command line: without `--db` or `--station`, `ktpel` works on the office
/// server as that desk.
#[test]
fn the_command_line_opens_the_desk_the_window_set_up() {
    stores::set_kind(Kind::Postgres);
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let home = dir.path().join("data-home");
    std::fs::create_dir_all(home.join("ktpel")).unwrap();
    std::fs::write(home.join("ktpel/tempat-data"), format!("{}\n", k.db.display())).unwrap();
    std::fs::write(home.join("ktpel/nama-meja"), "meja-7\n").unwrap();
    let out = std::process::Command::new(ktpel_tests::ktpel_bin())
        .args(["--as", SUPERVISOR.0, "blanko", "receive", "--batch", "BA-7", "--range", "KT000001..KT000003"])
        .env("KTPEL_PASSWORD", SUPERVISOR.1)
        .env("XDG_DATA_HOME", &home)
        .env_remove("KTPEL_DB")
        .env_remove("KTPEL_STATION")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let st = k.station();
    assert_eq!(rows(&st, "SELECT station FROM audit_log WHERE action LIKE 'blanko.%' ORDER BY id DESC LIMIT 1"), vec![vec![Some("meja-7".to_string())]]);
    assert_eq!(stores::number(&st, "SELECT count(*) FROM blanko"), 3);
}
