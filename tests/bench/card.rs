//! Card layout: one card PDF (photo, subset font) from our release build, cold and warm, and a
//! batch of 500; the same card drawn by ReportLab and printed by headless Chromium from HTML. The
//! peers draw the very items our layout placed (text, size, position, photo box), exported as
//! JSON, so the three PDFs carry the same card and differ only in the tool.

use std::path::Path;
use std::process::Command;

use ktpel_core::card::{self, layout::Item, CardInput};
use ktpel_core::domain::ApprovedRequest;

use crate::measure::{ms, of, once, time, Results};

pub const BATCH: usize = 500;
const PRINTER_SECONDS_PER_CARD: f64 = 25.0;

fn input_parts() -> (ApprovedRequest, card::CardTemplate) {
    let now = ktpel_core::time::now();
    let record = ktpel_core::demo::requests(1, now, "BENCH-").remove(0);
    let req = ApprovedRequest::parse(&record, ktpel_core::time::Zone::Wib.date(now)).expect("the demo record is valid");
    (req, card::CardTemplate::builtin().expect("built-in template"))
}

fn input(req: &ApprovedRequest) -> CardInput<'_> {
    CardInput {
        person: &req.person,
        photo_jpeg: &req.photo_jpeg,
        signature_png: req.signature_png.as_deref(),
        issue_place: "MAGETAN",
        issue_date: ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()),
        specimen: true,
        calibration: Default::default(),
    }
}

/// Writes the laid-out card for the peers: items as JSON, images as files beside it.
fn export_for_peers(dir: &Path, req: &ApprovedRequest, t: &card::CardTemplate) -> std::path::PathBuf {
    let l = card::layout::layout(t, &input(req)).expect("layout");
    let mut items = Vec::new();
    for (n, item) in l.items.iter().enumerate() {
        let mut v = serde_json::to_value(item).expect("item json");
        if let Item::Image { bytes, png, .. } = item {
            let file = dir.join(format!("image-{n}.{}", if *png { "png" } else { "jpg" }));
            std::fs::write(&file, bytes).expect("write image");
            v["file"] = file.display().to_string().into();
        }
        items.push(v);
    }
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/ktpel-core/assets/fonts");
    let job = serde_json::json!({
        "width_mm": l.width_mm,
        "height_mm": l.height_mm,
        "items": items,
        "font_regular": fonts.join("DejaVuSansCondensed.ttf"),
        "font_bold": fonts.join("DejaVuSansCondensed-Bold.ttf"),
    });
    let path = dir.join("card-items.json");
    std::fs::write(&path, serde_json::to_string_pretty(&job).expect("json")).expect("write items");
    path
}

fn peer_script(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/peers").join(name)
}

/// Runs a peer command, returning its stdout; panics with its stderr when it fails.
fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub struct Peers<'a> {
    pub python: Option<&'a Path>,
    pub chromium: Option<&'a Path>,
}

pub fn run_section(res: &mut Results, dir: &Path, peers: &Peers) {
    let (mut req, t) = input_parts();
    // The card as the station prints it: from the photo and signature as stored at import (fitted
    // to the template's boxes at 300 dpi), so nothing is resampled or encoded at print time.
    // Before, each print fitted the upload; that figure is kept as a row of its own.
    let as_uploaded = req.clone();
    let (photo, signature) = card::photo::print_ready(&t, &req.photo_jpeg, req.signature_png.as_deref()).expect("fit the demo photo");
    (req.photo_jpeg, req.signature_png) = (photo, signature);
    let from_upload = time(3, 30, || card::render(&t, &input(&as_uploaded)).expect("render"));
    // Ours: the first card in a fresh process (fonts parsed, everything cold), then warm cards.
    let (first, cold) = once(|| card::render(&t, &input(&req)).expect("render"));
    std::fs::write(dir.join("card-ours.pdf"), &first.pdf).expect("write our card");
    let warm = time(3, 30, || card::render(&t, &input(&req)).expect("render"));
    let (_, batch) = once(|| {
        for _ in 0..BATCH {
            std::hint::black_box(card::render(&t, &input(&req)).expect("render"));
        }
    });
    let ours_per_card = batch / BATCH as f64;
    // The part the peers are given the same input for: the PDF drawn from a laid-out card (its
    // text placed, its photo already fitted), without our layout's text fitting and resampling.
    let laid_out = card::layout::layout(&t, &input(&req)).expect("layout");
    let pdf_only = time(3, 30, || card::pdf::to_pdf(&laid_out).expect("pdf"));
    let layout_only = time(3, 30, || card::layout::layout(&t, &input(&req)).expect("layout"));
    crate::check_card_pdf(&dir.join("card-ours.pdf"));

    let items = export_for_peers(dir, &req, &t);
    let mut peer_rows = Vec::new();
    if let Some(python) = peers.python {
        let out = run(Command::new(python).arg(peer_script("card_reportlab.py")).arg(&items).arg(dir).arg(BATCH.to_string()));
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("reportlab timings");
        crate::check_card_pdf(&dir.join("card-reportlab.pdf"));
        let (cold_ms, warm_ms, batch_ms) = (v["cold_ms"].as_f64().unwrap_or(f64::NAN), v["warm_ms"].as_f64().unwrap_or(f64::NAN), v["batch_ms"].as_f64().unwrap_or(f64::NAN));
        let version = v["version"].as_str().unwrap_or("?").to_string();
        peer_rows.push((format!("ReportLab {version}"), cold_ms, warm_ms, batch_ms / BATCH as f64));
    }
    if let Some(chromium) = peers.chromium {
        let html = run(Command::new(peers.python.unwrap_or(Path::new("python3"))).arg(peer_script("card_html.py")).arg(&items).arg(dir).arg(BATCH.to_string()));
        let (single_html, batch_html) = (dir.join("card.html"), dir.join(format!("cards-{BATCH}.html")));
        assert!(html.contains("ok"), "card_html.py: {html}");
        let profile = tempfile::tempdir().expect("chromium profile");
        let print = |src: &Path, out: &Path| {
            let mut cmd = Command::new(chromium);
            cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"])
                .args(["--disable-component-update", "--disable-sync", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"])
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg(format!("--print-to-pdf={}", out.display()))
                .arg(format!("file://{}", src.display()));
            let _ = std::fs::remove_file(out);
            run(&mut cmd);
            assert!(out.exists(), "chromium wrote no PDF");
        };
        let mut singles: Vec<f64> = (0..5).map(|_| once(|| print(&single_html, &dir.join("card-chromium.pdf"))).1).collect();
        crate::check_card_pdf(&dir.join("card-chromium.pdf"));
        let single = of(&mut singles);
        let (_, batch_ms) = once(|| print(&batch_html, &dir.join("cards-chromium-500.pdf")));
        let version = run(Command::new(chromium).arg("--version")).trim().to_string();
        peer_rows.push((version.clone(), single.min_ms, single.median_ms, batch_ms / BATCH as f64));
    }

    res.row("Card layout", "one card, first in a fresh process (fonts parsed)", ms(cold), "", "", None);
    res.row("Card layout", "one card, warm (median of 30)", ms(warm.median_ms), "", format!("< 1% of {PRINTER_SECONDS_PER_CARD:.0} s = 250 ms"), Some(warm.median_ms < PRINTER_SECONDS_PER_CARD * 10.0));
    res.row("Card layout", format!("batch of {BATCH} card PDFs, per card"), ms(ours_per_card), format!("total {}", ms(batch)), "", None);
    res.row("Card layout", "(before issue 16: one card, warm, fitting the photo as uploaded at print time)", ms(from_upload.median_ms), format!("{:.1} ms saved per card", from_upload.median_ms - warm.median_ms), "", None);
    res.row("Card layout", "of which: layout (text fitting; the stored photo placed as it is)", ms(layout_only.median_ms), "", "", None);
    res.row("Card layout", "of which: PDF from the laid-out card (the part the peers do)", ms(pdf_only.median_ms), "", "", None);
    for (name, cold_ms, warm_ms, per_card) in &peer_rows {
        res.row("Card layout", format!("peer {name}: first / warm / per card in a batch"), "", format!("{} / {} / {}", ms(*cold_ms), ms(*warm_ms), ms(*per_card)), "", None);
    }
    // Each figure against the peer that is faster at it.
    let fastest = |key: fn(&(String, f64, f64, f64)) -> f64| peer_rows.iter().min_by(|a, b| key(a).total_cmp(&key(b)));
    match (fastest(|r| r.2), fastest(|r| r.3)) {
        (Some(single), Some(in_batch)) => {
            let (x1, x2) = (single.2 / warm.median_ms, in_batch.3 / ours_per_card);
            let x3 = single.2 / pdf_only.median_ms;
            res.row("Card layout", format!("single card: faster peer ({}) ÷ ours", single.0), format!("×{x1:.1}"), "", "≥ ×20", Some(x1 >= 20.0));
            res.row("Card layout", format!("batch of {BATCH}: faster peer ({}) ÷ ours", in_batch.0), format!("×{x2:.1}"), "", "≥ ×20", Some(x2 >= 20.0));
            res.row("Card layout", format!("same input (laid-out card): faster peer ({}) ÷ our PDF step", single.0), format!("×{x3:.1}"), "", "", None);
        }
        _ => res.note("no peer ran (python with reportlab and chromium missing): run through the bench command, which installs them"),
    }
}
