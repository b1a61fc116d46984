//! The benchmark command's binary: measures the station against its peers and its limits in one
//! run and writes the table into tests/BENCHMARKS.md (between its markers). Run it through
//! `bash src-tauri/scripts/bench.sh`, which installs the peers and builds in release.
//!
//! Arguments: the sections to run (card, submit, data, cycle, app, office; default all), `--sizes
//! 50000,500000` for the data and office sections, `--no-write` to leave the document alone.

mod app;
mod card;
mod cycle;
mod data;
mod generate;
mod measure;
mod office;
mod submit;

use std::path::{Path, PathBuf};

use measure::Results;

const SECTIONS: [&str; 6] = ["card", "submit", "data", "cycle", "app", "office"];

/// A card PDF as the printer gets it: one ID-1 page with the applicant's name on it.
pub fn check_card_pdf(path: &Path) {
    let (w, h) = ktpel_tests::pdf::page_size_mm(path);
    assert!((w - 85.6).abs() < 0.3 && (h - 53.98).abs() < 0.3, "{}: page {w:.2} × {h:.2} mm", path.display());
    let text = ktpel_tests::pdf::text(path);
    assert!(text.contains("NIK") && text.contains("SPESIMEN"), "{}: the card text is missing:\n{text}", path.display());
}

pub fn invariants_hold(st: &ktpel_core::Station) {
    if let Err(e) = ktpel_tests::invariants::all(st) {
        panic!("the generated database breaks an invariant: {e}");
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).map(PathBuf::from).filter(|p| p.exists())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut sizes = vec![50_000, 500_000];
    let mut write = true;
    let mut sections = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => sizes = it.next().map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or(sizes),
            "--no-write" => write = false,
            s if SECTIONS.contains(&s) => sections.push(s.to_string()),
            other => panic!("unknown argument {other}; sections: {SECTIONS:?}, --sizes N,N, --no-write"),
        }
    }
    if sections.is_empty() {
        sections = SECTIONS.iter().map(|s| s.to_string()).collect();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).expect("target/bench");
    // The generated stations are encrypted like any other; their keys are kept beside them so a
    // later run reopens them (the bench never touches the desktop's key store).
    if std::env::var_os("KTPEL_KEY_DIR").is_none() {
        std::env::set_var("KTPEL_KEY_DIR", work.join("data/kunci"));
    }
    let started = std::time::Instant::now();
    let mut res = Results::default();
    let python = env_path("KTPEL_BENCH_PYTHON");
    let chromium = env_path("KTPEL_BENCH_CHROMIUM");
    let wants = |s: &str| sections.iter().any(|x| x == s);
    let cups = (wants("submit") || wants("cycle")).then(ktpel_tests::cupsd::Cupsd::start);
    if wants("card") || wants("submit") {
        println!("== card layout");
        card::run_section(&mut res, &work, &card::Peers { python: python.as_deref(), chromium: chromium.as_deref() });
    }
    if let (true, Some(c)) = (wants("submit"), &cups) {
        println!("== submit");
        submit::run_section(&mut res, &work, c);
    }
    if wants("data") {
        println!("== data at scale");
        data::run(&mut res, &work.join("data"), &sizes);
    }
    if let (true, Some(c)) = (wants("cycle"), &cups) {
        println!("== whole cycle");
        cycle::run_section(&mut res, c);
    }
    if wants("office") {
        println!("== the office (PostgreSQL)");
        office::run(&mut res, &sizes);
    }
    if wants("app") {
        println!("== the app");
        app::run_section(&mut res, &work);
    }
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("== done in {minutes:.1} min");
    if write {
        let doc = root.join("tests/BENCHMARKS.md");
        let run = format!(
            "Run {} on {} ({} cores), commit {}, sections {}: {:.1} min.",
            ktpel_core::time::stamp(ktpel_core::time::now()),
            cpu_model(),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            git_commit(&root),
            sections.join(" "),
            minutes
        );
        write_sections(&doc, &res.sections(&run));
        println!("table written to {}", doc.display());
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|m| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into())
}

fn git_commit(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["-C"])
        .arg(root)
        .args(["describe", "--always", "--dirty"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

const BEGIN: &str = "<!-- bench:begin (written by the bench command; do not edit by hand) -->";
const END: &str = "<!-- bench:end -->";

/// Writes this run's sections between the markers: a section measured now replaces its block,
/// the others keep theirs (each block names the run that measured it), new ones go last.
fn write_sections(doc: &Path, fresh: &[(String, String)]) {
    let text = std::fs::read_to_string(doc).unwrap_or_else(|_| format!("# Benchmarks\n\n{BEGIN}\n{END}\n"));
    let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{} lacks the markers {BEGIN} … {END}", doc.display());
    };
    let inside = &text[a + BEGIN.len()..b];
    let mut blocks: Vec<(String, String)> = inside
        .split("\n### ")
        .skip(1)
        .map(|block| {
            let name = block.lines().next().unwrap_or("").trim().to_string();
            (name, format!("### {}\n", block.trim_end()))
        })
        .collect();
    for (name, block) in fresh {
        match blocks.iter_mut().find(|(n, _)| n == name) {
            Some(kept) => kept.1 = block.clone(),
            None => blocks.push((name.clone(), block.clone())),
        }
    }
    let body: String = blocks.iter().map(|(_, b)| format!("\n{b}")).collect();
    let out = format!("{}{BEGIN}\n{body}\n{}", &text[..a], &text[b..]);
    std::fs::write(doc, out).expect("write the document");
}
