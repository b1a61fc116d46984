//! Crash harness: drives the `ktpel` binary through the print cycle (print, confirm, reprint
//! approval, handover, feed sync) against the private cupsd and a local feed server, kills it with
//! SIGKILL at random points, restarts (`ktpel reconcile`, as the desk does at log-in) and checks
//! after every kill: the store is sound; the register is gap-free and unique; every blank is in
//! exactly one state and agrees with its ledger; every interrupted attempt is resolved or listed
//! for the officer; no attempt's job reached the capture queue twice; the audit chain verifies.
//! At the end every status message reached the approval system in order.
//!
//! It runs on both stores. On the office's PostgreSQL server three desks take turns, and while
//! one is killed another desk prints or confirms at the same time (it must finish untroubled);
//! a confirm is also frozen while it holds the year's register counter, checked on the server's
//! lock table, and killed there — the desk waiting behind it must get its number.
//!
//! `KTPEL_CRASH_ITERATIONS` (default 200 on SQLite, 120 on the server; about a minute and a half
//! each) sets the number of kills: `cargo test -p ktpel-tests --test crash -- --nocapture`.
//! `KTPEL_CRASH_SEED` replays a run. Where each kill landed is written to
//! `$KTPEL_ARTIFACTS/crash-report-<store>.txt`.

mod harness;
mod steps;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use harness::Harness;
use ktpel_tests::cupsd::Cupsd;
use ktpel_tests::feed_server::FeedServer;
use ktpel_tests::stores::{self, Kind};
use ktpel_tests::{records, station_with_users, text, ADMIN, OPERATOR, SUPERVISOR};

pub const TOKEN: &str = "token-rahasia-uji-crash";
const BLANKS: u32 = 2000;

/// A small, seedable generator (xorshift64*): the run can be replayed from its seed.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// When the harness pulls the trigger.
#[derive(Clone, Debug)]
pub enum Kill {
    /// After a delay from the start.
    After(Duration),
    /// `then` after the query (polled every half millisecond on the harness's own connection)
    /// first answers true: an attempt row appears, a job id or end is recorded, a verdict commits.
    When { sql: String, then: Duration },
    /// The moment the query answers true the process is frozen (SIGSTOP); if the query still
    /// answers true while it is frozen, it was caught holding what the query looks for, and the
    /// `waiter` (a desk and its command) is started and seen waiting behind it. Then killed.
    Frozen { sql: String, waiter: Option<(&'static str, Vec<String>)> },
}

/// Titles of the jobs the capture printer received (each once per job).
pub fn captured_titles(dir: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(dir).expect("capture dir").flatten() {
        if entry.path().extension().is_some_and(|x| x == "title") {
            titles.push(std::fs::read_to_string(entry.path()).expect("title"));
        }
    }
    titles
}

ktpel_tests::on_both_stores! {
    fn kills_at_random_points_lose_nothing_and_print_nothing_twice() {
        let office = stores::kind() == Kind::Postgres;
        let store = if office { "postgres" } else { "sqlite" };
        let default_iterations = if office { 120 } else { 200 };
        let iterations: usize = std::env::var("KTPEL_CRASH_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(default_iterations);
        let seed: u64 = std::env::var("KTPEL_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1) | 1
        });
        println!("crash harness on {store}: {iterations} kills, KTPEL_CRASH_SEED={seed}");
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

        let desks: &'static [&'static str] = if office { &["meja-1", "meja-2", "meja-3"] } else { &["meja-1"] };
        let mut h = Harness::new(cups, feed, k, seed, desks);
        let started = Instant::now();
        for i in 1..=iterations {
            h.iteration();
            h.check(i);
        }
        // A full run must hit each phase of a print at least once. The random kills do so nearly
        // always; a phase they missed is aimed at with extra kills of its step (each checked like
        // the others), so a run proves every phase instead of failing on chance.
        let mut phases = vec!["before the attempt was written", "attempt written, job not (yet) in CUPS", "after submit, before the job id was recorded", "while following the job", "after the job's end was recorded"];
        if office {
            phases.push("killed holding the register counter, another desk waiting");
        }
        let mut extra = 0;
        if iterations >= default_iterations {
            for phase in &phases {
                // Each missed phase has its own budget: one slow phase (under load, the kill
                // delays land differently) must not use up the tries of the next.
                let mut tries = 0;
                while !h.landed.keys().any(|k| k.ends_with(phase)) && tries < 60 {
                    tries += 1;
                    extra += 1;
                    h.desk = h.desks[extra % h.desks.len()];
                    if phase.contains("register counter") { h.attack_confirm() } else { h.attack_print() }
                    h.check(iterations + extra);
                }
            }
        }

        // Afterwards: clean syncs, as the app's poll makes them, until one brings nothing new and
        // leaves nothing to send (one sync pulls at most 20 pages — 40 records of this feed — and
        // sends at most 200 messages; kills that came early can leave more than that behind).
        let mut out = h.k.run(Some(OPERATOR), &["--json", "feed", "sync"]);
        for _ in 0..40 {
            assert!(out.status.success(), "final feed sync: {}{}", text(&out.stdout), text(&out.stderr));
            let pulled = serde_json::from_slice::<serde_json::Value>(&out.stdout).ok().and_then(|r| r["imported"].as_u64()).unwrap_or(1);
            if pulled == 0 && h.number("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0 {
                break;
            }
            out = h.k.run(Some(OPERATOR), &["--json", "feed", "sync"]);
        }
        let outbox: Vec<(String, String, bool)> = h
            .rows("SELECT request_id, event_id, CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END FROM outbox ORDER BY id")
            .into_iter()
            .map(|r| (r[0].clone().unwrap_or_default(), r[1].clone().unwrap_or_default(), r[2].as_deref() == Some("1")))
            .collect();
        assert!(outbox.iter().all(|m| m.2), "every status message delivered after the final sync: {} undelivered of {}, e.g. {:?}; sync said: {}{}", outbox.iter().filter(|m| !m.2).count(), outbox.len(), outbox.iter().find(|m| !m.2), text(&out.stdout), text(&out.stderr));
        let arrived: Vec<(String, String)> = h.feed.with(|u| u.statuses.iter().map(|(r, b)| (r.clone(), b["event_id"].as_str().unwrap_or("").to_string())).collect());
        let by_request = |list: Vec<(String, String)>| {
            let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (r, e) in list {
                m.entry(r).or_default().push(e);
            }
            m
        };
        assert_eq!(by_request(arrived), by_request(outbox.into_iter().map(|(r, e, _)| (r, e)).collect()), "each request's messages arrived once, in order");
        let imported_from_feed = h.number("SELECT count(*) FROM requests WHERE request_id LIKE 'UP-%'");
        if imported_from_feed as usize != iterations * 2 {
            // What the desk made of the missing ones: refused records are counted and audited.
            let missing: Vec<String> = (1..=iterations * 2).map(|i| format!("UP-{i:04}")).filter(|id| h.number(&format!("SELECT count(*) FROM requests WHERE request_id = '{id}'")) == 0).collect();
            let state = h.rows("SELECT cursor, rejected, last_error FROM feed_state");
            panic!("every approved request from the feed arrived once: {imported_from_feed} of {}; missing {missing:?}; feed state {state:?}; last sync: {}{}", iterations * 2, text(&out.stdout), text(&out.stderr));
        }

        let mut report = format!("crash harness on {store}: {iterations} kills (+{extra} aimed at a phase the random ones missed) in {:.0?}, KTPEL_CRASH_SEED={seed}\n", started.elapsed());
        report += &format!(
            "register rows: {}, attempts: {}, captured jobs: {}, desks: {}\n",
            h.number("SELECT count(*) FROM register"),
            h.number("SELECT count(*) FROM print_attempts"),
            captured_titles(&h.cups.capture_dir).len(),
            h.rows("SELECT DISTINCT station FROM register ORDER BY station").into_iter().filter_map(|r| r[0].clone()).collect::<Vec<_>>().join(" ")
        );
        for (phase, n) in &h.landed {
            report += &format!("{n:>5}  {phase}\n");
        }
        println!("{report}");
        if let Ok(dir) = std::env::var("KTPEL_ARTIFACTS") {
            let _ = std::fs::write(Path::new(&dir).join(format!("crash-report-{store}.txt")), &report);
        }
        if iterations >= default_iterations {
            for phase in phases {
                assert!(h.landed.keys().any(|k| k.ends_with(phase)), "no kill landed {phase}: {report}");
            }
        }
    }
}
