//! The steps the harness attacks, and the uninterrupted steps that bring the desk to where each
//! can be taken. Each attacked step notes where its kill landed.

use std::time::{Duration, Instant};

use ktpel_tests::cupsd::{CAPTURE, FAIL};
use ktpel_tests::{OPERATOR, SUPERVISOR};

use crate::harness::{Bystander, Harness};
use crate::Kill;

impl Harness {
    /// One iteration: choose the desk and the step to attack, bring the desk to where that step
    /// can be taken (running the steps before it to their end), then run it and kill it.
    pub fn iteration(&mut self) {
        self.desk = *self.rng.pick(self.desks);
        let roll = self.rng.below(100);
        match roll {
            0..=49 => self.attack_print(),
            50..=64 => self.attack_confirm(),
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

    /// A print, killed at one of its points.
    pub fn attack_print(&mut self) {
        self.resolve_open();
        let queued = self.queued();
        self.print(&queued);
    }

    /// A confirm of an open attempt (printed first when there is none), killed.
    pub fn attack_confirm(&mut self) {
        if self.open_attempts().is_empty() {
            self.print_normally();
        }
        self.confirm();
    }

    fn queued(&mut self) -> Vec<String> {
        let mut queued = self.requests_in("queued");
        if queued.len() < 2 {
            self.ok(OPERATOR, &["feed", "sync"]);
            queued = self.requests_in("queued");
        }
        assert!(!queued.is_empty(), "no request left to print");
        queued
    }

    fn next_serial(&mut self) -> String {
        self.next_blank += 1;
        format!("KT{:06}", self.next_blank - 1)
    }

    /// Another desk than the step's, when the office has several.
    fn other_desk(&mut self) -> Option<&'static str> {
        let others: Vec<&'static str> = self.desks.iter().copied().filter(|d| *d != self.desk).collect();
        (!others.is_empty()).then(|| *self.rng.pick(&others))
    }

    /// Prints a queued request on the capture queue without a kill.
    fn print_normally(&mut self) {
        let queued = self.queued();
        let request = self.rng.pick(&queued).clone();
        let serial = self.next_serial();
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
            self.ok(OPERATOR, &["confirm", &request, verdict_for(&state)]);
        }
    }

    fn print(&mut self, queued: &[String]) {
        let request = self.rng.pick(queued).clone();
        let serial = self.next_serial();
        let queue = if self.rng.chance(85) { CAPTURE } else { FAIL };
        let args: Vec<String> = ["print", &request, "--blanko", &serial, "--printer", queue, "--deadline", "20"].iter().map(|s| s.to_string()).collect();
        let before = self.number("SELECT COALESCE(MAX(id), 0) FROM print_attempts");
        let desk = self.desk;
        let new_attempt = |cond: &str| format!("SELECT EXISTS (SELECT 1 FROM print_attempts WHERE id > {before} AND station = '{desk}' {cond})");
        let kill = match self.rng.below(7) {
            0 => Kill::After(self.delay("print")),
            1 => Kill::After(Duration::from_micros(self.rng.below(150_000))),
            2 => Kill::When { sql: new_attempt(""), then: Duration::ZERO },
            3 => Kill::When { sql: new_attempt(""), then: Duration::from_micros(self.rng.below(40_000)) },
            4 => Kill::When { sql: new_attempt("AND job_id IS NOT NULL"), then: Duration::from_micros(self.rng.below(400_000)) },
            // Stopped the moment its attempt is there and its job id is not: around its submit.
            5 => Kill::Frozen { sql: new_attempt("AND job_id IS NULL"), waiter: None },
            _ => Kill::When { sql: new_attempt("AND job_state NOT IN ('reserved', 'submitted')"), then: Duration::from_micros(self.rng.below(2_000)) },
        };
        // In an office another desk prints another request meanwhile, on the next blank.
        let bystander = match (self.other_desk(), queued.iter().find(|r| **r != request)) {
            (Some(other), Some(r2)) => {
                let serial2 = self.next_serial();
                Some(Bystander::start(self, other, &["print", r2, "--blanko", &serial2, "--printer", CAPTURE, "--deadline", "20"]))
            }
            _ => None,
        };
        let finished = self.run_and_kill("print", OPERATOR, &args, kill);
        if let Some(b) = bystander {
            b.finish();
        }
        let attempt = self.rows(&format!("SELECT job_name, job_id, job_state FROM print_attempts WHERE id > {before} AND station = '{desk}'")).into_iter().next();
        let phase = match (&attempt, finished) {
            (_, true) => "ended by itself".to_string(),
            (None, _) => "before the attempt was written".to_string(),
            (Some(row), _) if row[1].is_none() => {
                let name = row[0].clone().unwrap_or_default();
                if self.cups_jobs(queue).iter().any(|n| *n == name) {
                    "after submit, before the job id was recorded".to_string()
                } else {
                    "attempt written, job not (yet) in CUPS".to_string()
                }
            }
            (Some(row), _) if row[2].as_deref() == Some("submitted") => "while following the job".to_string(),
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
        // In an office: a good card takes the year's register number. Freeze the desk while it
        // holds the year's counter, have another desk confirm another card behind it, and kill it.
        let other = self.other_desk();
        let second = open.iter().find(|(r, s)| *r != request && s != "submitted").cloned();
        if let (Some(other), Some((r2, s2)), ["--ok"]) = (other, &second, verdict) {
            if self.rng.chance(60) {
                let sql = format!(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.relation = 'register_years'::regclass AND l.granted AND a.application_name = 'ktpel {}')",
                    self.desk
                );
                let waiter = ["confirm", r2.as_str(), verdict_for(s2)].iter().map(|s| s.to_string()).collect();
                let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
                let finished = self.run_and_kill("confirm", OPERATOR, &args, Kill::Frozen { sql, waiter: Some((other, waiter)) });
                let phase = match (finished, self.caught_holding) {
                    (true, _) => "ended by itself (the counter not caught held)".to_string(),
                    (false, Some(took)) => {
                        assert!(took < Duration::from_secs(15), "the desk waiting behind a killed one took {took:?}");
                        "killed holding the register counter, another desk waiting".to_string()
                    }
                    (false, None) => "frozen after the counter was let go".to_string(),
                };
                return self.note("confirm", &phase);
            }
        }
        self.simple("confirm", OPERATOR, &args, &request, "SELECT NOT EXISTS (SELECT 1 FROM print_attempts a JOIN requests r ON r.id = a.request_ref WHERE r.request_id = ?1 AND a.outcome IS NULL)");
    }

    /// Runs a one-transaction command with a kill over its usual time; `done_sql` tells whether
    /// its transaction committed.
    fn simple(&mut self, step: &'static str, user: (&str, &str), args: &[&str], request: &str, done_sql: &str) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let done_sql = done_sql.replace("?1", &format!("'{request}'"));
        // Now and then just after the step commits (before the process ends), else a delay.
        let kill = if self.rng.chance(30) { Kill::When { sql: done_sql.clone(), then: Duration::from_micros(self.rng.below(1_000)) } } else { Kill::After(self.delay(step)) };
        let finished = self.run_and_kill(step, user, &args, kill);
        let committed = self.truth(&done_sql);
        let phase = match (finished, committed) {
            (true, _) => "ended by itself",
            (false, true) => "after commit",
            (false, false) => "before commit",
        };
        self.note(step, phase);
    }

    fn feed_sync(&mut self) {
        let args = vec!["feed".to_string(), "sync".to_string()];
        let total = "SELECT count(*) FROM requests";
        let before = self.number(total);
        let kill = Kill::After(self.delay("feed"));
        let finished = self.run_and_kill("feed", OPERATOR, &args, kill);
        let after = self.number(total);
        let phase = match (finished, after > before) {
            (true, _) => "ended by itself",
            (false, true) => "after some pages were imported",
            (false, false) => "before a page was imported",
        };
        self.note("feed sync", phase);
    }
}

/// The verdict an open attempt's job calls for.
fn verdict_for(state: &str) -> &'static str {
    if state == "completed" {
        "--ok"
    } else {
        "--not-fed"
    }
}
