//! Timing and the results table: repeated runs summarised as median and 95th percentile, and one
//! row per figure with its goal, so the document says plainly what leads and what does not.

use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub median_ms: f64,
    pub p95_ms: f64,
    pub min_ms: f64,
}

/// Runs `f` `warmup` times unmeasured, then `runs` times; each run timed alone.
pub fn time<T>(warmup: usize, runs: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..warmup {
        std::hint::black_box(f());
    }
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    of(&mut ms)
}

/// Summary of measured times in ms.
pub fn of(ms: &mut [f64]) -> Stats {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    Stats { median_ms: at(0.5), p95_ms: at(0.95), min_ms: ms[0] }
}

/// Milliseconds of one timed call.
pub fn once<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64() * 1000.0)
}

pub fn ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 1.0 {
        format!("{v:.1} ms")
    } else {
        format!("{:.0} µs", v * 1000.0)
    }
}

/// One line of the results: what was measured, our figure, the peer's or the floor, the goal,
/// and whether it was met.
pub struct Row {
    pub section: &'static str,
    pub what: String,
    pub ours: String,
    pub peer: String,
    pub goal: String,
    pub met: Option<bool>,
}

#[derive(Default)]
pub struct Results {
    pub rows: Vec<Row>,
    /// Each note with the section it was written in (the last row's).
    pub notes: Vec<(&'static str, String)>,
}

impl Results {
    pub fn row(&mut self, section: &'static str, what: impl Into<String>, ours: impl Into<String>, peer: impl Into<String>, goal: impl Into<String>, met: Option<bool>) {
        let r = Row { section, what: what.into(), ours: ours.into(), peer: peer.into(), goal: goal.into(), met };
        println!("  {:<58} {:>14}  {:>22}  {}", r.what, r.ours, r.peer, match r.met {
            Some(true) => "met",
            Some(false) => "NOT MET",
            None => "",
        });
        self.rows.push(r);
    }

    pub fn note(&mut self, text: impl Into<String>) {
        let t = text.into();
        println!("  note: {t}");
        let section = self.rows.last().map(|r| r.section).unwrap_or("");
        self.notes.push((section, t));
    }

    /// One block per section ("### name", the run that measured it, its table, its notes), so a
    /// run of some sections replaces only theirs in the document (`main::write_sections`).
    pub fn sections(&self, run: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for r in &self.rows {
            if out.last().is_none_or(|(name, _)| name != r.section) {
                out.push((r.section.to_string(), format!("### {}\n\n{run}\n\n| measured | ours | peer / floor | goal | |\n|---|---:|---:|---|---|\n", r.section)));
            }
            let met = match r.met {
                Some(true) => "met",
                Some(false) => "**not met**",
                None => "",
            };
            if let Some((_, text)) = out.last_mut() {
                text.push_str(&format!("| {} | {} | {} | {} | {} |\n", r.what, r.ours, r.peer, r.goal, met));
            }
        }
        for (name, text) in &mut out {
            let notes: Vec<&String> = self.notes.iter().filter(|(s, _)| s == name).map(|(_, n)| n).collect();
            if !notes.is_empty() {
                text.push('\n');
                for n in notes {
                    text.push_str(&format!("- {n}\n"));
                }
            }
        }
        out
    }
}
