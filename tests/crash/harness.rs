//! The harness's hands and eyes: it runs `ktpel` as one desk or another, kills it as a `Kill`
//! says, reads the store through its own connection (either store), and checks after each kill
//! everything that must hold.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use ktpel_core::spool::{PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::Station;
use ktpel_tests::cupsd::{Cupsd, CAPTURE, FAIL};
use ktpel_tests::feed_server::FeedServer;
use ktpel_tests::{invariants, stores, text, Ktpel, OPERATOR};
use serde_json::Value;

use crate::{captured_titles, Kill, Rng, TOKEN};

pub struct Harness {
    pub cups: Cupsd,
    pub feed: FeedServer,
    pub k: Ktpel,
    pub rng: Rng,
    /// Where the kills landed, by step and phase.
    pub landed: BTreeMap<String, usize>,
    /// Usual running time of each command, from its uninterrupted runs.
    usual: HashMap<&'static str, Duration>,
    pub next_blank: u32,
    /// The office's desks (one on a single station's file).
    pub desks: &'static [&'static str],
    /// The desk the step under attack runs at.
    pub desk: &'static str,
    /// The last `Kill::Frozen` caught its process holding what it looked for, with its waiter
    /// seen waiting behind it: how long the waiter then took.
    pub caught_holding: Option<Duration>,
    /// The harness's own connection, for reads and for watching the moment to kill.
    watch: Station,
}

impl Harness {
    pub fn new(cups: Cupsd, feed: FeedServer, k: Ktpel, seed: u64, desks: &'static [&'static str]) -> Self {
        let watch = k.station();
        Harness { cups, feed, k, rng: Rng(seed), landed: BTreeMap::new(), usual: HashMap::new(), next_blank: 1, desks, desk: desks[0], caught_holding: None, watch }
    }

    fn station(&self) -> Station {
        Station::open_location(&self.k.db.to_string_lossy()).unwrap_or_else(|e| panic!("the station does not open after a kill: {e}"))
    }

    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        stores::rows(&self.watch, sql)
    }

    pub fn number(&self, sql: &str) -> i64 {
        stores::number(&self.watch, sql)
    }

    pub fn truth(&self, sql: &str) -> bool {
        stores::truth(&self.watch, sql)
    }

    fn texts(&self, sql: &str) -> Vec<String> {
        self.rows(sql).into_iter().map(|r| r.into_iter().next().flatten().unwrap_or_default()).collect()
    }

    pub fn requests_in(&self, status: &str) -> Vec<String> {
        self.texts(&format!("SELECT request_id FROM requests WHERE status = '{status}' ORDER BY id"))
    }

    /// Open attempts as (request, job state).
    pub fn open_attempts(&self) -> Vec<(String, String)> {
        self.rows("SELECT r.request_id, a.job_state FROM print_attempts a JOIN requests r ON r.id = a.request_ref WHERE a.outcome IS NULL ORDER BY a.id")
            .into_iter()
            .map(|r| (r[0].clone().unwrap_or_default(), r[1].clone().unwrap_or_default()))
            .collect()
    }

    /// `ktpel` at `desk`, as `user`.
    fn command(&self, desk: &str, user: (&str, &str), args: &[&str]) -> Command {
        let mut cmd = self.k.command(Some(user), args);
        cmd.env("KTPEL_FEED_TOKEN", TOKEN).env("KTPEL_STATION", desk);
        cmd
    }

    pub fn spawn(&self, desk: &str, user: (&str, &str), args: &[&str]) -> Child {
        let mut cmd = self.command(desk, user, args);
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
        cmd.spawn().expect("spawn ktpel")
    }

    /// Runs the command at the step's desk and kills it as `kill` says; returns true when it
    /// ended by itself first.
    pub fn run_and_kill(&mut self, step: &'static str, user: (&str, &str), args: &[String], kill: Kill) -> bool {
        self.caught_holding = None;
        let started = Instant::now();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = self.spawn(self.desk, user, &args);
        let mut fire_at: Option<Instant> = match kill {
            Kill::After(d) => Some(started + d),
            _ => None,
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
            match (&fire_at, &kill) {
                // A busy or locked read is simply "not yet".
                (None, Kill::When { sql, then }) if self.truth(sql) => {
                    fire_at = Some(now + *then);
                    continue;
                }
                (None, Kill::Frozen { sql, waiter }) if self.truth(sql) => {
                    // SIGSTOP at once (no helper process): the counter is held for a few round trips.
                    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGSTOP) };
                    if let (true, Some((desk, args))) = (self.truth(sql), waiter) {
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let behind = Bystander::start(self, desk, &args);
                        let waiting = format!("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'ktpel {desk}' AND wait_event_type = 'Lock')");
                        let seen = Instant::now();
                        while !self.truth(&waiting) && seen.elapsed() < Duration::from_secs(10) {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        let was_waiting = self.truth(&waiting);
                        let killed_at = Instant::now();
                        let _ = child.kill();
                        behind.finish();
                        // From the kill to the waiting desk's end: the server let go at once.
                        self.caught_holding = was_waiting.then(|| killed_at.elapsed());
                    }
                    break;
                }
                _ => {}
            }
            // Watching for a lock held a few milliseconds: no pause between looks.
            if !matches!(kill, Kill::Frozen { .. }) {
                std::thread::sleep(Duration::from_micros(500));
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// Uniform over the command's usual time (and a little beyond), or, half the time, in its
    /// last fifth, where its transaction commits.
    pub fn delay(&mut self, step: &'static str) -> Duration {
        let usual = self.usual.get(step).copied().unwrap_or(Duration::from_millis(300)).as_micros() as u64;
        if self.rng.chance(50) {
            Duration::from_micros(self.rng.below(usual * 12 / 10 + 1))
        } else {
            Duration::from_micros(usual - self.rng.below(usual / 5 + 1))
        }
    }

    pub fn note(&mut self, step: &str, phase: &str) {
        *self.landed.entry(format!("{step}: {phase}")).or_default() += 1;
    }

    /// Runs a command at `desk` to its end; it must succeed (exit 3, a print that did not
    /// complete, counts).
    pub fn ok_at(&self, desk: &str, user: (&str, &str), args: &[&str]) {
        let out = self.command(desk, user, args).output().expect("run ktpel");
        assert!(matches!(out.status.code(), Some(0 | 3)), "ktpel {args:?} at {desk}: {}{}", text(&out.stdout), text(&out.stderr));
    }

    pub fn ok(&self, user: (&str, &str), args: &[&str]) {
        self.ok_at(self.desk, user, args)
    }

    pub fn cups_jobs(&self, queue: &str) -> Vec<String> {
        let target = PrinterTarget::parse(queue, Some(&self.cups.server())).expect("target");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(Spooler::new(target, SpoolIdentity::of_this_process()).jobs()).expect("list jobs").into_iter().map(|j| j.name).collect()
    }

    /// What each desk does when it starts again: reconcile its open attempts with CUPS. Returns
    /// the open attempts listed for the officers.
    pub fn restart(&self) -> Vec<i64> {
        let mut listed = Vec::new();
        for desk in self.desks {
            let out = self.command(desk, OPERATOR, &["reconcile", "--json"]).output().expect("run ktpel");
            assert!(out.status.success(), "reconcile at {desk} after a kill failed: {}", text(&out.stderr));
            let open: Value = serde_json::from_slice(&out.stdout).expect("reconcile --json");
            listed = open.as_array().expect("a list").iter().filter_map(|o| o["attempt"]["id"].as_i64()).collect();
        }
        listed
    }

    /// Everything that must hold after any kill.
    pub fn check(&self, iteration: usize) {
        let listed: HashSet<i64> = self.restart().into_iter().collect();
        let st = self.station();
        if let Err(found) = invariants::all(&st) {
            panic!("after kill {iteration}: {found}\nwhere kills landed: {:#?}", self.landed);
        }
        drop(st);
        let open: HashSet<i64> = self.texts("SELECT id FROM print_attempts WHERE outcome IS NULL").iter().filter_map(|s| s.parse().ok()).collect();
        let moving = self.number("SELECT count(*) FROM print_attempts WHERE job_state = 'reserved'");
        assert_eq!(open, listed, "after kill {iteration}: every interrupted attempt is listed for the officer");
        assert_eq!(moving, 0, "after kill {iteration}: reconcile left an attempt neither tied to a job nor failed");
        // No attempt's job reached a queue twice, and every captured job is a recorded attempt.
        // (job name → job id recorded): a job in CUPS whose attempt has no id would be one that
        // reconcile declared never sent, which then printed behind the officer's back.
        let names: HashMap<String, bool> = self.rows("SELECT job_name, job_id FROM print_attempts").into_iter().map(|r| (r[0].clone().unwrap_or_default(), r[1].is_some())).collect();
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

/// Another desk's command running while the harness attacks one: it must end well by itself.
pub struct Bystander {
    child: Child,
    what: String,
    started: Instant,
}

impl Bystander {
    pub fn start(h: &Harness, desk: &str, args: &[&str]) -> Self {
        Bystander { child: h.spawn(desk, OPERATOR, args), what: format!("{args:?} at {desk}"), started: Instant::now() }
    }

    /// Waits for its end, which must be a good one.
    pub fn finish(self) {
        let out = self.child.wait_with_output().expect("wait");
        assert!(matches!(out.status.code(), Some(0 | 3)), "another desk's {} failed while one was killed ({:.1?}): {}", self.what, self.started.elapsed(), text(&out.stderr));
    }
}
