//! Crash harness: drives the `ktpel` binary through the print cycle (print, confirm, reprint
//! approval, handover, feed sync) against the private cupsd and a local feed server, kills it with
//! SIGKILL at random points, restarts (`ktpel reconcile`, as the desk does at log-in) and checks
//! after every kill: the database passes `integrity_check`; the register is gap-free and unique;
//! every blank is in exactly one state and agrees with its ledger; every interrupted attempt is
//! resolved or listed for the officer; no attempt's job reached the capture queue twice; the
//! audit chain verifies. At the end every status message reached the approval system in order.
//!
//! `KTPEL_CRASH_ITERATIONS` (default 200, the full run, about a minute and a half) sets the
//! number of kills: `cargo test -p ktpel-tests --test crash -- --nocapture`.
//! `KTPEL_CRASH_SEED` replays a run. Where each kill landed is written to
//! `$KTPEL_ARTIFACTS/crash-report.txt`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use ktpel_core::spool::{PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::Station;
use ktpel_tests::cupsd::{Cupsd, CAPTURE, FAIL};
use ktpel_tests::feed_server::FeedServer;
use ktpel_tests::{invariants, records, station_with_users, text, Ktpel, ADMIN, OPERATOR, SUPERVISOR};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde_json::Value;

const TOKEN: &str = "token-rahasia-uji-crash";
const BLANKS: u32 = 2000;

/// A small, seedable generator (xorshift64*): the run can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// When the harness pulls the trigger.
#[derive(Clone, Debug)]
enum Kill {
    /// After a delay from the start.
    After(Duration),
    /// `then` after the query (polled every half millisecond on its own read-only connection)
    /// first answers true: an attempt row appears, a job id or end is recorded, a verdict commits.
    When { sql: String, then: Duration },
}

struct Harness {
    cups: Cupsd,
    feed: FeedServer,
    k: Ktpel,
    rng: Rng,
    /// Where the kills landed, by step and phase.
    landed: BTreeMap<String, usize>,
    /// Usual running time of each command, from its uninterrupted runs.
    usual: HashMap<&'static str, Duration>,
    next_blank: u32,
}

fn main_db(h: &Harness) -> &Path {
    &h.k.db
}

impl Harness {
    fn station(&self) -> Station {
        Station::open(main_db(self)).unwrap_or_else(|e| panic!("the station does not open after a kill: {e}"))
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> T {
        let c = Connection::open_with_flags(main_db(self), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only");
        f(&c).expect("read the database")
    }

    fn requests_in(&self, status: &str) -> Vec<String> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT request_id FROM requests WHERE status = ?1 ORDER BY id")?;
            let rows = stmt.query_map([status], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Open attempts as (request, job state).
    fn open_attempts(&self) -> Vec<(String, String)> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT r.request_id, a.job_state FROM print_attempts a JOIN requests r ON r.id = a.request_ref WHERE a.outcome IS NULL")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }

    fn spawn(&self, user: (&str, &str), args: &[String]) -> Child {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut cmd = self.k.command(Some(user), &args);
        cmd.env("KTPEL_FEED_TOKEN", TOKEN).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        cmd.spawn().expect("spawn ktpel")
    }

    /// Runs the command and kills it as `kill` says; returns true when it ended by itself first.
    fn run_and_kill(&mut self, step: &'static str, user: (&str, &str), args: &[String], kill: Kill) -> bool {
        let started = Instant::now();
        let watch = Connection::open_with_flags(main_db(self), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("watch connection");
        let mut child = self.spawn(user, args);
        let mut fire_at: Option<Instant> = match kill {
            Kill::After(d) => Some(started + d),
            Kill::When { .. } => None,
        };
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                let took = started.elapsed();
                let usual = self.usual.entry(step).or_insert(took);
                *usual = (*usual * 3 + took) / 4;
                return true;
            }
            let now = Instant::now();
            if fire_at.is_some_and(|t| now >= t) || now - started > Duration::from_secs(60) {
                break;
            }
            if let (None, Kill::When { sql, then }) = (fire_at, &kill) {
                // A busy or locked read is simply "not yet".
                if watch.query_row(sql, [], |r| r.get::<_, bool>(0)).unwrap_or(false) {
                    fire_at = Some(now + *then);
                    continue;
                }
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// Uniform over the command's usual time (and a little beyond), or, half the time, in its
    /// last fifth, where its transaction commits.
    fn delay(&mut self, step: &'static str) -> Duration {
        let usual = self.usual.get(step).copied().unwrap_or(Duration::from_millis(300)).as_micros() as u64;
        if self.rng.chance(50) {
            Duration::from_micros(self.rng.below(usual * 12 / 10 + 1))
        } else {
            Duration::from_micros(usual - self.rng.below(usual / 5 + 1))
        }
    }

    fn note(&mut self, step: &str, phase: &str) {
        *self.landed.entry(format!("{step}: {phase}")).or_default() += 1;
    }

    /// One iteration: choose the step to attack, bring the desk to where that step can be taken
    /// (running the steps before it to their end), then run it and kill it.
    fn iteration(&mut self) {
        let roll = self.rng.below(100);
        match roll {
            0..=49 => {
                self.resolve_open();
                let queued = self.queued();
                self.print(&queued);
            }
            50..=64 => {
                if self.open_attempts().is_empty() {
                    self.print_normally();
                }
                self.confirm();
            }
            65..=74 => {
                if self.requests_in("ready").is_empty() {
                    self.resolve_open();
                    self.print_normally();
                    self.verdict_normally(true);
                }
                let r = self.rng.pick(&self.requests_in("ready")).clone();
                self.simple("handover", OPERATOR, &["handover", &r, "--recipient", "Pemohon Uji", "--old-card-withdrawn"], &r, "SELECT status = 'handed_over' FROM requests WHERE request_id = ?1");
            }
            75..=81 => {
                if self.requests_in("held_for_reprint").is_empty() {
                    self.resolve_open();
                    self.print_normally();
                    self.verdict_normally(false);
                }
                let r = self.rng.pick(&self.requests_in("held_for_reprint")).clone();
                self.simple("reprint", SUPERVISOR, &["reprint", "approve", &r, "--note", "disetujui (uji crash)"], &r, "SELECT status <> 'held_for_reprint' FROM requests WHERE request_id = ?1");
            }
            _ => self.feed_sync(),
        }
    }

    fn queued(&mut self) -> Vec<String> {
        let mut queued = self.requests_in("queued");
        if queued.is_empty() {
            self.ok(OPERATOR, &["feed", "sync"]);
            queued = self.requests_in("queued");
        }
        assert!(!queued.is_empty(), "no request left to print");
        queued
    }

    /// Runs a command to its end; it must succeed (exit 3, a print that did not complete, counts).
    fn ok(&self, user: (&str, &str), args: &[&str]) {
        let out = self.k.command(Some(user), args).env("KTPEL_FEED_TOKEN", TOKEN).output().expect("run ktpel");
        assert!(matches!(out.status.code(), Some(0 | 3)), "ktpel {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
    }

    /// Prints a queued request on the capture queue without a kill.
    fn print_normally(&mut self) {
        let queued = self.queued();
        let request = self.rng.pick(&queued).clone();
        let serial = format!("KT{:06}", self.next_blank);
        self.next_blank += 1;
        self.ok(OPERATOR, &["print", &request, "--blanko", &serial, "--printer", CAPTURE, "--deadline", "20"]);
    }

    /// Judges the one open attempt without a kill: good, or spoiled.
    fn verdict_normally(&mut self, good: bool) {
        let (request, _) = self.settled_open().into_iter().next().expect("an open attempt");
        if good {
            self.ok(OPERATOR, &["confirm", &request, "--ok"]);
        } else {
            self.ok(OPERATOR, &["confirm", &request, "--spoiled", "gangguan_cetak"]);
        }
    }

    /// Reconciles until no open attempt's job is still moving in CUPS; returns the open attempts.
    fn settled_open(&mut self) -> Vec<(String, String)> {
        let start = Instant::now();
        loop {
            self.restart();
            let open = self.open_attempts();
            if open.iter().all(|(_, state)| state != "submitted") || start.elapsed() > Duration::from_secs(30) {
                return open;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Gives every open attempt the verdict its job calls for, without a kill.
    fn resolve_open(&mut self) {
        for (request, state) in self.settled_open() {
            let verdict = if state == "completed" { "--ok" } else { "--not-fed" };
            self.ok(OPERATOR, &["confirm", &request, verdict]);
        }
    }

    fn print(&mut self, queued: &[String]) {
        let request = self.rng.pick(queued).clone();
        let serial = format!("KT{:06}", self.next_blank);
        let queue = if self.rng.chance(85) { CAPTURE } else { FAIL };
        let args: Vec<String> = ["print", &request, "--blanko", &serial, "--printer", queue, "--deadline", "20"].iter().map(|s| s.to_string()).collect();
        let before = self.read(|c| c.query_row("SELECT COALESCE(MAX(id), 0) FROM print_attempts", [], |r| r.get::<_, i64>(0)));
        let new_attempt = |cond: &str| format!("SELECT EXISTS (SELECT 1 FROM print_attempts WHERE id > {before} {cond})");
        let kill = match self.rng.below(6) {
            0 => Kill::After(self.delay("print")),
            1 => Kill::After(Duration::from_micros(self.rng.below(150_000))),
            2 => Kill::When { sql: new_attempt(""), then: Duration::ZERO },
            3 => Kill::When { sql: new_attempt(""), then: Duration::from_micros(self.rng.below(40_000)) },
            4 => Kill::When { sql: new_attempt("AND job_id IS NOT NULL"), then: Duration::from_micros(self.rng.below(400_000)) },
            _ => Kill::When { sql: new_attempt("AND job_state NOT IN ('reserved', 'submitted')"), then: Duration::from_micros(self.rng.below(2_000)) },
        };
        let finished = self.run_and_kill("print", OPERATOR, &args, kill);
        let attempt: Option<(String, Option<i64>, String)> = self.read(|c| {
            c.query_row("SELECT job_name, job_id, job_state FROM print_attempts WHERE id > ?1", [before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()
        });
        if attempt.is_some() {
            self.next_blank += 1;
        }
        let phase = match (&attempt, finished) {
            (_, true) => "ended by itself".to_string(),
            (None, _) => "before the attempt was written".to_string(),
            (Some((name, None, _)), _) => {
                if self.cups_jobs(queue).iter().any(|n| n == name) {
                    "after submit, before the job id was recorded".to_string()
                } else {
                    "attempt written, job not (yet) in CUPS".to_string()
                }
            }
            (Some((_, Some(_), state)), _) if state == "submitted" => "while following the job".to_string(),
            (Some(_), _) => "after the job's end was recorded".to_string(),
        };
        self.note("print", &phase);
    }

    fn confirm(&mut self) {
        // Reconcile first (as the desk does), so the verdict matches what the spooler knows.
        let open = self.settled_open();
        if open.is_empty() {
            return self.note("confirm", "skipped: nothing open after reconcile");
        }
        let (request, state) = self.rng.pick(&open).clone();
        let verdict: &[&str] = match state.as_str() {
            "completed" if self.rng.chance(80) => &["--ok"],
            "completed" => &["--spoiled", "gangguan_cetak"],
            "submitted" => return self.note("confirm", "skipped: job still moving"),
            _ if self.rng.chance(80) => &["--not-fed"],
            _ => &["--spoiled", "kartu_macet"],
        };
        let mut args = vec!["confirm", request.as_str()];
        args.extend(verdict);
        self.simple("confirm", OPERATOR, &args, &request, "SELECT NOT EXISTS (SELECT 1 FROM print_attempts a JOIN requests r ON r.id = a.request_ref WHERE r.request_id = ?1 AND a.outcome IS NULL)");
    }

    /// Runs a one-transaction command with a kill over its usual time; `done_sql` tells whether
    /// its transaction committed.
    fn simple(&mut self, step: &'static str, user: (&str, &str), args: &[&str], request: &str, done_sql: &str) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        // Now and then just after the step commits (before the process ends), else a delay.
        let kill = if self.rng.chance(30) {
            Kill::When { sql: done_sql.replace("?1", &format!("'{request}'")), then: Duration::from_micros(self.rng.below(1_000)) }
        } else {
            Kill::After(self.delay(step))
        };
        let finished = self.run_and_kill(step, user, &args, kill);
        let committed: bool = self.read(|c| c.query_row(done_sql, [request], |r| r.get(0)));
        let phase = match (finished, committed) {
            (true, _) => "ended by itself",
            (false, true) => "after commit",
            (false, false) => "before commit",
        };
        self.note(step, phase);
    }

    fn feed_sync(&mut self) {
        let args = vec!["feed".to_string(), "sync".to_string()];
        let before = self.requests_total();
        let kill = Kill::After(self.delay("feed"));
        let finished = self.run_and_kill("feed", OPERATOR, &args, kill);
        let after = self.requests_total();
        let phase = match (finished, after > before) {
            (true, _) => "ended by itself",
            (false, true) => "after some pages were imported",
            (false, false) => "before a page was imported",
        };
        self.note("feed sync", phase);
    }

    fn requests_total(&self) -> i64 {
        self.read(|c| c.query_row("SELECT count(*) FROM requests", [], |r| r.get(0)))
    }

    fn cups_jobs(&self, queue: &str) -> Vec<String> {
        let target = PrinterTarget::parse(queue, Some(&self.cups.server())).expect("target");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(Spooler::new(target, SpoolIdentity::of_this_process()).jobs()).expect("list jobs").into_iter().map(|j| j.name).collect()
    }

    /// What the desk does when it starts again: reconcile open attempts with CUPS.
    fn restart(&self) -> Vec<i64> {
        let out = self.k.run(Some(OPERATOR), &["reconcile", "--json"]);
        assert!(out.status.success(), "reconcile after a kill failed: {}", text(&out.stderr));
        let listed: Value = serde_json::from_slice(&out.stdout).expect("reconcile --json");
        listed.as_array().expect("a list").iter().filter_map(|o| o["attempt"]["id"].as_i64()).collect()
    }

    /// Everything that must hold after any kill.
    fn check(&self, iteration: usize) {
        let listed: HashSet<i64> = self.restart().into_iter().collect();
        let st = self.station();
        if let Err(found) = invariants::all(&st) {
            panic!("after kill {iteration}: {found}\nwhere kills landed: {:#?}", self.landed);
        }
        drop(st);
        let (open, moving): (HashSet<i64>, i64) = self.read(|c| {
            let mut stmt = c.prepare("SELECT id FROM print_attempts WHERE outcome IS NULL")?;
            let open = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<HashSet<i64>>>()?;
            let moving = c.query_row("SELECT count(*) FROM print_attempts WHERE job_state = 'reserved'", [], |r| r.get(0))?;
            Ok((open, moving))
        });
        assert_eq!(open, listed, "after kill {iteration}: every interrupted attempt is listed for the officer");
        assert_eq!(moving, 0, "after kill {iteration}: reconcile left an attempt neither tied to a job nor failed");
        // No attempt's job reached a queue twice, and every captured job is a recorded attempt.
        // (job name → job id recorded): a job in CUPS whose attempt has no id would be one that
        // reconcile declared never sent, which then printed behind the officer's back.
        let names: HashMap<String, bool> = self.read(|c| {
            let mut stmt = c.prepare("SELECT job_name, job_id IS NOT NULL FROM print_attempts")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        });
        for queue in [CAPTURE, FAIL] {
            let jobs = self.cups_jobs(queue);
            let unique: HashSet<&String> = jobs.iter().collect();
            assert_eq!(unique.len(), jobs.len(), "after kill {iteration}: a job name twice in {queue}: {jobs:?}");
            for name in &jobs {
                assert_eq!(names.get(name), Some(&true), "after kill {iteration}: job {name} in {queue} is not tied to its attempt");
            }
        }
        let titles = captured_titles(&self.cups.capture_dir);
        let unique: HashSet<&String> = titles.iter().collect();
        assert_eq!(unique.len(), titles.len(), "after kill {iteration}: the printer received an attempt twice: {titles:?}");
        let out = self.k.run(None, &["audit", "verify"]);
        assert!(out.status.success(), "after kill {iteration}: audit chain: {}{}", text(&out.stdout), text(&out.stderr));
    }
}

/// Titles of the jobs the capture printer received (each once per job).
fn captured_titles(dir: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(dir).expect("capture dir").flatten() {
        if entry.path().extension().is_some_and(|x| x == "title") {
            titles.push(std::fs::read_to_string(entry.path()).expect("title"));
        }
    }
    titles
}

#[test]
fn kills_at_random_points_lose_nothing_and_print_nothing_twice() {
    let iterations: usize = std::env::var("KTPEL_CRASH_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("KTPEL_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1) | 1
    });
    println!("crash harness: {iterations} kills, KTPEL_CRASH_SEED={seed}");
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups.server()));
    let file = dir.path().join("approved.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(40, "REQ-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-CRASH", "--range", &format!("KT000001..KT{BLANKS:06}")]);
    let feed = FeedServer::start(TOKEN);
    feed.with(|u| u.records = records::good(iterations * 2, "UP-"));
    let out = k.command(Some(ADMIN), &["feed", "configure", "--url", &feed.url]).env("KTPEL_FEED_TOKEN", TOKEN).output().unwrap();
    assert!(out.status.success(), "feed configure: {}", text(&out.stderr));

    let mut h = Harness { cups, feed, k, rng: Rng(seed), landed: BTreeMap::new(), usual: HashMap::new(), next_blank: 1 };
    let started = Instant::now();
    for i in 1..=iterations {
        h.iteration();
        h.check(i);
    }

    // Afterwards: a clean sync delivers every status message, each request's in order.
    let out = h.k.run(Some(OPERATOR), &["feed", "sync"]);
    assert!(out.status.success(), "final feed sync: {}{}", text(&out.stdout), text(&out.stderr));
    let outbox: Vec<(String, String, bool)> = h.read(|c| {
        let mut stmt = c.prepare("SELECT request_id, event_id, delivered_at IS NOT NULL FROM outbox ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect()
    });
    assert!(outbox.iter().all(|m| m.2), "every status message delivered after the final sync");
    let arrived: Vec<(String, String)> = h.feed.with(|u| u.statuses.iter().map(|(r, b)| (r.clone(), b["event_id"].as_str().unwrap_or("").to_string())).collect());
    let by_request = |list: Vec<(String, String)>| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (r, e) in list {
            m.entry(r).or_default().push(e);
        }
        m
    };
    assert_eq!(by_request(arrived), by_request(outbox.into_iter().map(|(r, e, _)| (r, e)).collect()), "each request's messages arrived once, in order");
    let imported_from_feed = h.read(|c| c.query_row("SELECT count(*) FROM requests WHERE request_id LIKE 'UP-%'", [], |r| r.get::<_, i64>(0)));
    assert_eq!(imported_from_feed as usize, iterations * 2, "every approved request from the feed arrived once");

    let mut report = format!("crash harness: {iterations} kills in {:.0?}, KTPEL_CRASH_SEED={seed}\n", started.elapsed());
    report += &format!("register rows: {}, attempts: {}, captured jobs: {}\n", h.read(|c| c.query_row("SELECT count(*) FROM register", [], |r| r.get::<_, i64>(0))), h.read(|c| c.query_row("SELECT count(*) FROM print_attempts", [], |r| r.get::<_, i64>(0))), captured_titles(&h.cups.capture_dir).len());
    for (phase, n) in &h.landed {
        report += &format!("{n:>5}  {phase}\n");
    }
    println!("{report}");
    if let Ok(dir) = std::env::var("KTPEL_ARTIFACTS") {
        let _ = std::fs::write(Path::new(&dir).join("crash-report.txt"), &report);
    }
    if iterations >= 200 {
        // A full run must have hit each phase of a print at least once.
        for phase in ["before the attempt was written", "attempt written, job not (yet) in CUPS", "after submit, before the job id was recorded", "while following the job", "after the job's end was recorded"] {
            assert!(h.landed.contains_key(&format!("print: {phase}")), "no kill landed {phase}: {report}");
        }
    }
}
