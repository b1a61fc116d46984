//! Data at scale: the desk's reads on a database of 50,000 and of 500,000 printed cards (five
//! years of a busy kabupaten) with their attempts, ledger, handovers and audit rows. Each read is
//! the station's own call; the generated files are kept under target/ and reused while the
//! schema and the generator are unchanged.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use ktpel_core::station::performance::Span;
use ktpel_core::station::ReportFormat;
use ktpel_core::Station;

use crate::generate;
use crate::measure::{ms, time, Results, Stats};

/// Bump when the generator writes different data, so old files are not reused.
const GENERATOR: u32 = 4;
const GOAL_MS: f64 = 50.0;

fn file(dir: &Path, cards: usize) -> PathBuf {
    dir.join(format!("scale-{cards}-s{}-g{GENERATOR}.sqlite", ktpel_core::store::SCHEMA_VERSION))
}

pub struct Reads {
    pub open: f64,
    pub rows: Vec<(&'static str, Stats)>,
}

fn reads(path: &Path, today: NaiveDate) -> Reads {
    reads_at(&path.to_string_lossy(), today)
}

/// The desk's reads on the store `location` names (a file, or an office server's database).
pub fn reads_at(location: &str, today: NaiveDate) -> Reads {
    let (st, open) = crate::measure::once(|| Station::open_location(location).expect("open the scale database"));
    let now = generate::now_on(today);
    let nik = generate::nik(12_345);
    let nik_prefix = &nik[..8];
    let last_month_end = today.with_day(1).expect("first of month") - Duration::days(1);
    let last_month = (last_month_end.with_day(1).expect("first"), last_month_end);
    let (warm, runs) = (2, 15);
    let mut rows = Vec::new();
    let queue = st.queue(now).expect("queue");
    assert_eq!(queue.len(), generate::QUEUE_WAITING, "the generated queue");
    rows.push(("queue (40 waiting)", time(warm, runs, || st.queue(now).expect("queue"))));
    let found = st.find_requests(&nik).expect("find by NIK");
    assert!(!found.is_empty() && found.iter().all(|f| f.nik == nik), "search by NIK finds that resident");
    rows.push(("search by whole NIK", time(warm, runs, || st.find_requests(&nik).expect("nik"))));
    rows.push(("search by first 8 NIK digits", time(warm, runs, || st.find_requests(nik_prefix).expect("prefix"))));
    let found = st.find_requests("santo").expect("find by name");
    assert!(!found.is_empty() && found.iter().all(|f| f.nama.contains("SANTO")), "search by a name fragment");
    rows.push(("search by name fragment \"santo\"", time(warm, runs, || st.find_requests("santo").expect("name"))));
    rows.push(("search by name fragment \"wahyu\"", time(warm, runs, || st.find_requests("wahyu").expect("name"))));
    let register = st.register_on(today).expect("register");
    assert!(!register.is_empty(), "today's register has rows");
    rows.push(("today's register", time(warm, runs, || st.register_on(today).expect("register"))));
    rows.push(("status bar (stock counts, open attempts)", time(warm, runs, || st.status().expect("status"))));
    let daily = st.usage_report(today, today).expect("daily");
    assert!(daily.balanced && daily.printed_good > 0, "the daily report balances: {} printed", daily.printed_good);
    rows.push(("daily report (today)", time(warm, runs, || st.usage_report(today, today).expect("daily"))));
    let monthly = st.usage_report(last_month.0, last_month.1).expect("monthly");
    assert!(monthly.balanced && monthly.printed_good > 0, "the monthly report balances");
    rows.push(("monthly report (last calendar month)", time(warm, runs, || st.usage_report(last_month.0, last_month.1).expect("monthly"))));
    // The office's papers over the same month: the Kinerja screen's figures (every request's
    // step stamps, the month's days for the working-day count) and the report upward as PDF.
    let month = Span::Month { year: last_month.0.year(), month: last_month.0.month() };
    let service = st.service_report(month).expect("service");
    assert!(!service.requests.is_empty() && service.steps[0].measured > 0, "the month's requests are measured");
    rows.push(("Kinerja: service report of the last calendar month", time(warm, runs, || st.service_report(month).expect("service"))));
    let upward = st.monthly_report_file(month, ReportFormat::Pdf).expect("monthly pdf");
    assert!(upward.starts_with(b"%PDF"), "the monthly report upward is a PDF");
    rows.push(("monthly report upward as PDF (last calendar month)", time(1, 5, || st.monthly_report_file(month, ReportFormat::Pdf).expect("monthly pdf"))));
    // What the name search would cost without its index: the plain LIKE over every request.
    if st.store().engine::<ktpel_core::store::sqlite::SqliteStore>().is_none() {
        return Reads { open, rows };
    }
    rows.push((
        "(without the trigram index: LIKE '%SANTO%' over requests)",
        time(1, 5, || {
            ktpel_tests::sqlite_read(&st, |c| Ok(c.query_row("SELECT count(*) FROM requests WHERE nama LIKE '%SANTO%'", [], |r| r.get::<_, i64>(0))?))
                .expect("like")
        }),
    ));
    Reads { open, rows }
}

/// Whether a kept file has the schema a new station gets (it changes while a version is unreleased).
fn same_schema(path: &Path) -> bool {
    let schema = |c: &rusqlite::Connection| -> Option<String> {
        c.query_row("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)", [], |r| r.get(0)).ok()
    };
    let fresh = Station::open_in_memory().ok().and_then(|st| ktpel_tests::sqlite_read(&st, |c| Ok(schema(c))).ok().flatten());
    let kept = Station::open(path).ok().and_then(|st| ktpel_tests::sqlite_read(&st, |c| Ok(schema(c))).ok().flatten());
    fresh.is_some() && fresh == kept
}

const GB: f64 = 1e9;
const DISK_GOAL_GB: f64 = 25.0;

/// What five years take on the desk's disk: the (encrypted) station file as generated — photos
/// fitted and kept only for the retention period — and every backup the rotation keeps. One
/// backup is made for real (the station's own `backup now`: the compressed, encrypted archive)
/// and timed, and rebuilt into a station file as a restore does; the kept copies are counted at
/// its size (older ones hold less). Beside it, what the same years took before this issue (every
/// upload kept as sent, 30 daily full copies), computed from the same counts.
fn disk_use(res: &mut Results, path: &Path, cards: usize) {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let st = Station::open(path).expect("open");
    let db = size(path) + size(&PathBuf::from(format!("{}-wal", path.display())));
    // The generated rows repeat more than an office's (few names, one address pattern), so they
    // compress better than real ones will: the bound below counts the rows' text at a third of
    // its size (what zstd gives on varied text) and the photos, which do not compress, whole.
    let (table_bytes, image_bytes) = ktpel_tests::sqlite_read(&st, |c| {
        let tables: i64 = c.query_row("SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE type = 'table')", [], |r| r.get(0))?;
        let images: i64 = c.query_row("SELECT sum(length(photo_jpeg) + ifnull(length(signature_png), 0)) FROM requests", [], |r| r.get(0))?;
        Ok((tables as f64, images as f64))
    })
    .expect("dbstat");
    let bound = image_bytes + (table_bytes - image_bytes) / 3.0;
    let (made, backup_ms) = crate::measure::once(|| st.backup_now().expect("backup"));
    drop(st);
    let archive = PathBuf::from(&made.path);
    let one = size(&archive);
    let key = ktpel_core::keys::for_database(path).expect("key store");
    let rebuilt = path.with_extension("pemulihan");
    let (_, restore_ms) = crate::measure::once(|| ktpel_core::store::backup::unpack(&archive, key.as_ref(), &rebuilt).expect("rebuild"));
    let _ = std::fs::remove_file(&rebuilt);
    let copies = 7 + 4 + 12;
    let together = db as f64 + one as f64 * copies as f64;
    let fitted = ktpel_core::card::photo::print_ready(&ktpel_core::card::CardTemplate::builtin().expect("template"), &generate::upload_jpeg(), None).expect("fit").0.len();
    let upload = generate::upload_jpeg().len();
    let kept_photos = cards as f64 * generate::RETENTION_DAYS as f64 / (5.0 * 261.0);
    let text = db as f64 - kept_photos * fitted as f64;
    let before = (text + cards as f64 * upload as f64) * 31.0;
    let label = format!("{cards} cards, 5 years");
    let gb = |b: f64| format!("{:.2} GB", b / GB);
    res.row("Data on the disk", format!("station file (encrypted; photos {fitted} B fitted from {upload} B uploads, kept {} days), {label}", generate::RETENTION_DAYS), gb(db as f64), "", "", None);
    res.row("Data on the disk", format!("one backup (compressed archive, encrypted), {label}"), gb(one as f64), format!("{:.0} % of the file; made in {:.1} s, rebuilt into a station file in {:.1} s", 100.0 * one as f64 / db as f64, backup_ms / 1000.0, restore_ms / 1000.0), "", None);
    res.row(
        "Data on the disk",
        format!("station file + every kept backup (7 daily + 4 weekly + 12 monthly), {label}"),
        format!("{:.1} GB", together / GB),
        format!("{copies} backups counted at today's size"),
        format!("< {DISK_GOAL_GB:.0} GB"),
        Some(together / GB < DISK_GOAL_GB),
    );
    let bounded = db as f64 + bound * copies as f64;
    res.row(
        "Data on the disk",
        format!("the same with office-like text (rows compressed 3×, photos not at all), {label}"),
        format!("{:.1} GB", bounded / GB),
        format!("{copies} backups of {} each, computed from the tables' size", gb(bound)),
        format!("< {DISK_GOAL_GB:.0} GB"),
        Some(bounded / GB < DISK_GOAL_GB),
    );
    res.row("Data on the disk", format!("(before this issue: every upload kept as sent, file + 30 daily full copies), {label}"), format!("{:.0} GB", before / GB), "computed from the same counts", "", None);
}

/// Where the file's bytes go, per card (dbstat): what to shrink first when the disk figure grows.
fn largest_tables(path: &Path, cards: usize) -> String {
    let st = Station::open(path).expect("open");
    let rows = ktpel_tests::sqlite_read(&st, |c| {
        let mut q = c.prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8")?;
        let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    })
    .expect("dbstat");
    let parts: Vec<String> = rows.iter().map(|(n, b)| format!("{n} {:.0} B", *b as f64 / cards as f64)).collect();
    format!("{cards} cards, bytes per card by table or index (dbstat): {}", parts.join(", "))
}

pub fn run(res: &mut Results, dir: &Path, sizes: &[usize]) {
    std::fs::create_dir_all(dir).expect("bench data dir");
    let mut all = Vec::new();
    for &cards in sizes {
        let path = file(dir, cards);
        // The generated "today" (its last day) is kept beside it, so a file made on an earlier day
        // is reused as it is: its queue, register and reports are those of its own last day.
        let day_file = path.with_extension("today");
        let known = std::fs::read_to_string(&day_file).ok().and_then(|d| d.trim().parse::<NaiveDate>().ok());
        let today = match known {
            Some(d) if path.exists() && same_schema(&path) => d,
            _ => {
                let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
                let g = generate::generate(&path, cards, today);
                res.note(format!(
                    "generated {} cards in {:.0} s ({} MB) with the store's own inserts; kept in {} for later runs",
                    g.cards,
                    g.seconds,
                    g.bytes / 1_000_000,
                    dir.display()
                ));
                let st = Station::open(&path).expect("open");
                crate::invariants_hold(&st);
                std::fs::write(&day_file, today.to_string()).expect("write the day file");
                today
            }
        };
        all.push((cards, reads(&path, today)));
        disk_use(res, &path, cards);
        res.note(largest_tables(&path, cards));
    }
    let goal = format!("< {GOAL_MS:.0} ms");
    for (cards, r) in &all {
        res.row("Data at scale", format!("open the station, {cards} cards"), ms(r.open), "", "", None);
    }
    let names: Vec<&str> = all[0].1.rows.iter().map(|(n, _)| *n).collect();
    for (i, name) in names.iter().enumerate() {
        let figures: Vec<String> = all.iter().map(|(c, r)| format!("{}k: {}", c / 1000, ms(r.rows[i].1.median_ms))).collect();
        let largest = all.last().map(|(_, r)| r.rows[i].1).expect("a size");
        let growth = if all.len() > 1 { format!("×{:.1}", largest.median_ms / all[0].1.rows[i].1.median_ms) } else { String::new() };
        let is_reference = name.starts_with('(');
        res.row(
            "Data at scale",
            format!("{name} — median (p95 at the largest: {})", ms(largest.p95_ms)),
            figures.join(", "),
            if all.len() > 1 { format!("growth {growth} for ×{}", all.last().map(|(c, _)| c).unwrap_or(&1) / all[0].0) } else { String::new() },
            if is_reference { String::new() } else { goal.clone() },
            if is_reference { None } else { Some(largest.median_ms < GOAL_MS) },
        );
    }
}
