//! The app: cold start and memory, set against a bare Tauri window built by the same crate with
//! the same profile (src-tauri/examples/bare-window.rs) — the floor. Both are started the way the
//! window tests start the app (tauri-driver, WebKitWebDriver, Xvfb). Start time is from the
//! process's own start (the kernel's clock, /proc) to the moment its first screen is found in the
//! page; memory is the proportional set size (PSS) of the app and its WebKit processes together.
//! Then a simulated shift through the window: card after card opened from the queue, printed to
//! the capture queue and judged good, memory sampled as it goes. Measured twice: the development
//! build (the start command's) against the bare window in the dev profile, and the installed
//! release (the package, /usr/bin/stasiun-cetak) against the bare window in the release profile;
//! with the package's and the programs' sizes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ktpel_tests::webdriver::Session;
use ktpel_tests::window::Desk;

use crate::measure::{ms, of, Results};

const STARTS: usize = 5;

fn shift_cards() -> usize {
    std::env::var("KTPEL_BENCH_SHIFT").ok().and_then(|s| s.parse().ok()).unwrap_or(250)
}

/// The newest process running `bin`.
fn pid_of(bin: &Path) -> Option<u32> {
    let want = std::fs::canonicalize(bin).ok()?;
    let mut best: Option<(u64, u32)> = None;
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        if std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_deref() != Some(want.as_path()) {
            continue;
        }
        let start = start_ticks(pid).unwrap_or(0);
        if best.is_none_or(|(s, _)| start > s) {
            best = Some((start, pid));
        }
    }
    best.map(|(_, p)| p)
}

fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.parse().ok()
}

/// When process `pid` started, in ms since the epoch (to the kernel's 10 ms tick).
fn started_ms(pid: u32) -> Option<f64> {
    let boot: f64 = std::fs::read_to_string("/proc/stat").ok()?.lines().find_map(|l| l.strip_prefix("btime ")).and_then(|v| v.trim().parse().ok())?;
    // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK)); the precision is one tick.
    Some((boot + start_ticks(pid)? as f64 / 100.0) * 1000.0)
}

fn now_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            let list = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
            out.extend(list.split_whitespace().filter_map(|c| c.parse::<u32>().ok()));
        }
    }
    out
}

/// PSS of `pid` and all its descendants, in MB.
fn tree_pss_mb(pid: u32) -> f64 {
    let mut total_kb = 0.0;
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        let rollup = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).unwrap_or_default();
        total_kb += rollup.lines().find_map(|l| l.strip_prefix("Pss:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok()).unwrap_or(0.0);
        todo.extend(children(p));
    }
    total_kb / 1024.0
}

/// Starts `bin`, waits for `css`; returns (start to screen ms, session start to screen ms, PSS MB, the session).
fn start(desk: &Desk, bin: &Path, css: &str) -> (f64, f64, f64, Session, u32) {
    let t = Instant::now();
    let s = Session::start(&desk.driver_url(), bin);
    s.find(css);
    let (shown, wall) = (now_ms(), t.elapsed().as_secs_f64() * 1000.0);
    let pid = pid_of(bin).expect("the started process");
    let from_process = started_ms(pid).map(|p| shown - p).unwrap_or(f64::NAN);
    // Let it settle (fonts, first layout) before its memory is read.
    std::thread::sleep(Duration::from_millis(1500));
    (from_process, wall, tree_pss_mb(pid), s, pid)
}

fn built(profile: &str, name: &str) -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target").join(profile).join(name);
    assert!(bin.exists(), "{} missing: the bench command builds it (bash src-tauri/scripts/bench.sh app)", bin.display());
    bin
}

/// The release as an office has it: the package installed by the bench command.
fn installed_app() -> PathBuf {
    let bin = PathBuf::from("/usr/bin/stasiun-cetak");
    let out = std::process::Command::new("dpkg-query").args(["-W", "-f=${Version}", "stasiun-cetak-ktp-el"]).output().ok();
    let version = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    assert!(bin.exists() && version == ktpel_core::about::VERSION, "the package {} is not installed (found {version:?}): the bench command installs it (bash src-tauri/scripts/bench.sh app)", ktpel_core::about::VERSION);
    bin
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

pub fn run_section(res: &mut Results, _work: &Path) {
    // The development build the start command runs, then the installed release, each against a
    // bare window built the same way (profile, strip).
    compare(res, "The app (development build)", &built("debug", "stasiun-cetak"), &built("debug", "examples/bare-window"));
    let (app, bare) = (installed_app(), built("release", "examples/bare-window"));
    compare(res, "The app (installed release)", &app, &bare);
    let deb = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/bundle/deb"))
        .ok()
        .and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.to_string_lossy().ends_with(&format!("_{}_amd64.deb", ktpel_core::about::VERSION))));
    let deb_size = deb.as_deref().map(size).unwrap_or(0);
    res.row("The app (installed release)", "package (.deb) and the installed programs", mb(deb_size), format!("app {}, ktpel {}; bare window {}", mb(size(&app)), mb(size(Path::new("/usr/bin/ktpel"))), mb(size(&bare))), "", None);
}

fn compare(res: &mut Results, section: &'static str, app: &Path, bare: &Path) {
    let cards = shift_cards();
    let desk = Desk::start(cards + 1, cards as u32 + 1);
    let (app, bare) = (app.to_path_buf(), bare.to_path_buf());
    let (mut bare_start, mut app_start, mut bare_mem, mut app_mem, mut queue_after_login) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..STARTS {
        let (t, _, m, s, _) = start(&desk, &bare, "#bare");
        bare_start.push(t);
        bare_mem.push(m);
        drop(s);
        let (t, _, m, s, _) = start(&desk, &app, "#username");
        app_start.push(t);
        app_mem.push(m);
        let t = Instant::now();
        desk.login(&s, ktpel_tests::OPERATOR);
        s.find("#antrian tr[data-request]");
        queue_after_login.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(s);
    }
    let (bs, a_s, bm, am, ql) = (of(&mut bare_start), of(&mut app_start), of(&mut bare_mem), of(&mut app_mem), of(&mut queue_after_login));
    let start_ratio = a_s.median_ms / bs.median_ms;
    res.row(section, format!("cold start to the first screen (log-in), median of {STARTS}"), ms(a_s.median_ms), format!("bare window: {}", ms(bs.median_ms)), "≤ ×1.5 of bare", Some(start_ratio <= 1.5));
    res.row(section, "log-in to the queue on screen (typing, Argon2 check, queue)", ms(ql.median_ms), "", "", None);
    res.row(section, "memory at the first screen (PSS, app + WebKit processes)", format!("{:.0} MB", am.median_ms), format!("bare window: {:.0} MB", bm.median_ms), "≤ ×1.5 of bare", Some(am.median_ms / bm.median_ms <= 1.5));

    // The shift.
    let (_, _, _, s, pid) = start(&desk, &app, "#username");
    desk.login(&s, ktpel_tests::OPERATOR);
    s.find("#antrian tr[data-request]");
    let mut samples = vec![(0usize, tree_pss_mb(pid))];
    let mut per_card = Vec::new();
    for i in 1..=cards {
        let t = Instant::now();
        s.click("#nav-antrian");
        desk.print_to_capture(&s, &format!("REQ-{i:04}"), &format!("KT{i:06}"));
        s.click("[data-verdict] .baik");
        s.wait_text("#hasil-akhir", "Nomor register");
        per_card.push(t.elapsed().as_secs_f64() * 1000.0);
        if i % 25 == 0 {
            samples.push((i, tree_pss_mb(pid)));
        }
    }
    let st = desk.station();
    assert_eq!(st.register_all().expect("register").len(), cards, "every card of the shift is in the register");
    let per = of(&mut per_card);
    let at = |n: usize| samples.iter().rev().find(|(i, _)| *i <= n).map(|(_, m)| *m).unwrap_or(f64::NAN);
    // Growth is judged after the first cards (WebKit and the page warm up), between the means of
    // the first and the second half of the rest, so one sample's garbage-collection timing does
    // not decide it.
    let warm: Vec<f64> = samples.iter().filter(|(i, _)| *i >= cards / 10).map(|(_, m)| *m).collect();
    let half = warm.len() / 2;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (first, second) = (mean(&warm[..half]), mean(&warm[half..]));
    let growth = (second - first) / first;
    let end = at(cards);
    res.row(
        section,
        format!("memory over a shift of {cards} cards through the window (PSS at 0/{}/{cards}; halves after warm-up)", cards / 2),
        format!("{:.0} / {:.0} / {:.0} MB; {:+.1} %", at(0), at(cards / 2), end, growth * 100.0),
        format!("bare window: {:.0} MB", bm.median_ms),
        "≤ ×1.5 of bare, growth ≤ 5 %",
        Some(end / bm.median_ms <= 1.5 && growth <= 0.05),
    );
    res.row(section, "one card through the window: open, print, wait for the job, judge (median)", ms(per.median_ms), format!("p95 {}", ms(per.p95_ms)), "", None);
    res.note(format!("memory samples every 25 cards (MB): {}", samples.iter().map(|(i, m)| format!("{i}: {m:.0}")).collect::<Vec<_>>().join(", ")));
    drop(s);
}
