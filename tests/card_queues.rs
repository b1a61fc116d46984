//! Real card printers' queues run a driver: a PPD and Debian's cups-filters (pdftopdf) before the
//! printer. A job that names no media is laid on the queue's default page (an A4 page with the
//! card in its middle). The station's Print-Job names the queue's ID-1 size, no scaling and the
//! card's orientation, so what the printer receives is the card page with every word where the
//! layout and the calibration put it — on a queue that declares ID-1 landscape, one that declares
//! it portrait, and one whose default page is A4. A queue without ID-1 is flagged in the printer
//! list and refused before a blank is reserved.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ktpel_core::card::Calibration;
use ktpel_core::spool::{FollowPolicy, PrinterTarget};
use ktpel_core::station::{printers, Exclusive};
use ktpel_core::store::attempts::JobState;
use ktpel_core::store::blanko::BlankoState;
use ktpel_core::Station;
use ktpel_tests::cupsd::Cupsd;
use ktpel_tests::{block, core_station, pdf, stocked, Actors};

const LANDSCAPE: &str = "kartu-lanskap";
const PORTRAIT: &str = "kartu-potret";
const A4_DEFAULT: &str = "kartu-a4-bawaan";
const PAPER_ONLY: &str = "printer-kertas";

const POLICY: FollowPolicy = FollowPolicy { deadline: Duration::from_secs(60), poll: Duration::from_millis(200), grace: Duration::from_secs(5) };
/// The card's calibration on every queue here, in millimetres (right, down).
const OFFSET: (f32, f32) = (1.5, -1.0);
/// What a person could tell apart on a card: 0.3 mm.
const TOLERANCE_PT: f64 = 0.3 * 72.0 / 25.4;
const CARD_PT: (f64, f64) = (85.60 * 72.0 / 25.4, 53.98 * 72.0 / 25.4);

fn with_driver_queues() -> Cupsd {
    let cups = Cupsd::start();
    cups.add_driver_queue(LANDSCAPE, "kartu-id1-lanskap.ppd", "Uji kartu ID-1 lanskap");
    cups.add_driver_queue(PORTRAIT, "kartu-id1-potret.ppd", "Uji kartu ID-1 potret");
    cups.add_driver_queue(A4_DEFAULT, "kartu-a4-bawaan.ppd", "Uji kartu, halaman bawaan A4");
    cups.add_driver_queue(PAPER_ONLY, "tanpa-id1.ppd", "Uji printer kertas tanpa ukuran kartu");
    cups
}

fn calibrated(st: &mut Station, a: &Actors, queue: &str) {
    st.set_printer(&a.admin, queue, Calibration::new(OFFSET.0, OFFSET.1).unwrap(), true).unwrap();
}

fn wait_for(path: &Path) -> PathBuf {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(30), "{} never reached the printer", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
    path.to_path_buf()
}

/// Word boxes of `path` in the card's own frame (points from its top-left corner, landscape):
/// a page the filters turned to a portrait size is turned back as its PPD declares
/// (`*LandscapeOrientation: Plus90`: the card's left edge runs up the page's bottom).
fn words_on_card(path: &Path) -> Vec<(String, [f64; 4])> {
    let (w, h) = pdf::page_view_pt(path);
    let boxes = pdf::boxes(path);
    if w >= h {
        return boxes;
    }
    boxes.into_iter().map(|(word, b)| (word, [h - b[3], b[0], h - b[1], b[2]])).collect()
}

/// Each word of `expected` that occurs once there is found in `got` within the tolerance, after
/// moving `expected` by `shift_mm`; returns how many words were compared.
fn same_places(expected: &[(String, [f64; 4])], got: &[(String, [f64; 4])], shift_mm: (f32, f32), what: &str) -> usize {
    let (dx, dy) = (shift_mm.0 as f64 * 72.0 / 25.4, shift_mm.1 as f64 * 72.0 / 25.4);
    let mut compared = 0;
    for (word, b) in expected.iter().filter(|(w, _)| w.len() >= 3 && expected.iter().filter(|(o, _)| o == w).count() == 1) {
        let best = got
            .iter()
            .filter(|(g, _)| g == word)
            .map(|(_, g)| ((g[0] - (b[0] + dx)).abs()).max((g[1] - (b[1] + dy)).abs()))
            .fold(f64::INFINITY, f64::min);
        assert!(best <= TOLERANCE_PT, "{what}: '{word}' is {:.2} mm from where the layout put it", best * 25.4 / 72.0);
        compared += 1;
    }
    assert!(compared >= 10, "{what}: only {compared} words compared");
    compared
}

#[test]
fn through_a_driver_the_card_page_is_the_card_with_every_word_in_place() {
    let cups = with_driver_queues();
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    stocked(&mut st, &a, 3, 3);
    for (n, queue) in [LANDSCAPE, PORTRAIT, A4_DEFAULT].into_iter().enumerate() {
        let (request, serial) = (format!("REQ-{:04}", n + 1), format!("KT{:06}", n + 1));
        calibrated(&mut st, &a, queue);
        let target = PrinterTarget::parse(queue, Some(&cups.server())).unwrap();
        let report = block(st.print(&a.operator, &request, &serial, target, POLICY, |_| {})).unwrap();
        assert_eq!(report.job_state, JobState::Completed, "{queue}: {report:?}");
        let captured = wait_for(&cups.capture_dir.join(format!("job-{}.pdf", report.job_id.unwrap())));

        // The page the printer gets is the card, in either orientation, never A4 and never scaled.
        let (w, h) = pdf::page_view_pt(&captured);
        let (long, short) = if w >= h { (w, h) } else { (h, w) };
        assert!((long - CARD_PT.0).abs() <= TOLERANCE_PT && (short - CARD_PT.1).abs() <= TOLERANCE_PT, "{queue}: page {w:.2} × {h:.2} pt");
        if queue == PORTRAIT {
            assert!(w < h, "{queue}: the card is turned onto the size as the driver declares it");
        }

        // Every word where the layout put it, shifted by the calibration, and nowhere else.
        let got = words_on_card(&captured);
        let ours = dir.path().join(format!("{queue}.pdf"));
        std::fs::write(&ours, st.preview(&request, Some(queue)).unwrap()).unwrap();
        same_places(&pdf::boxes(&ours), &got, (0.0, 0.0), queue);
        let plain = dir.path().join(format!("{queue}-tanpa-kalibrasi.pdf"));
        std::fs::write(&plain, st.preview(&request, None).unwrap()).unwrap();
        same_places(&pdf::boxes(&plain), &got, OFFSET, &format!("{queue} (calibration)"));
        let text = pdf::text(&captured);
        assert!(text.contains(&st.request(&request).unwrap().person.nik), "{queue}: the NIK is on the card");
    }
}

#[test]
fn a_queue_without_the_card_size_is_flagged_and_refused_before_a_blank_is_reserved() {
    let cups = with_driver_queues();
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    stocked(&mut st, &a, 1, 1);
    std::env::set_var("CUPS_SERVER", cups.server());
    let views = block(printers::printer_views(&Exclusive::new(&mut st))).unwrap();
    let paper = views.iter().find(|v| v.name == PAPER_ONLY).expect("listed");
    assert!(!paper.ready && paper.card_size_problem.contains("ID-1"), "{paper:?}");
    for card in [LANDSCAPE, PORTRAIT, A4_DEFAULT, ktpel_tests::cupsd::CAPTURE] {
        let v = views.iter().find(|v| v.name == card).expect("listed");
        assert!(v.card_size_problem.is_empty() && v.ready, "{v:?}");
    }

    let target = PrinterTarget::parse(PAPER_ONLY, Some(&cups.server())).unwrap();
    let err = block(st.print(&a.operator, "REQ-0001", "KT000001", target, POLICY, |_| {})).unwrap_err();
    assert_eq!(err.code(), "printer_no_card_size");
    let words = err.to_string();
    assert!(words.contains(PAPER_ONLY) && words.contains("85,60 × 53,98 mm") && words.contains("pasang driver"), "{words}");
    assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, BlankoState::InStock, "no blank reserved");
    assert!(st.open_attempts().unwrap().is_empty());
    assert_eq!(st.request("REQ-0001").unwrap().status.as_str(), "queued");

    // The calibration card goes the same way: refused there, the card's page on a card queue.
    let err = block(printers::print_calibration_card(&Exclusive::new(&mut st), &a.admin, PAPER_ONLY)).unwrap_err();
    assert_eq!(err.code(), "printer_no_card_size");
    calibrated(&mut st, &a, PORTRAIT);
    let job = block(printers::print_calibration_card(&Exclusive::new(&mut st), &a.admin, PORTRAIT)).unwrap();
    let captured = wait_for(&cups.capture_dir.join(format!("job-{job}.pdf")));
    let (w, h) = pdf::page_view_pt(&captured);
    assert!((h - CARD_PT.0).abs() <= TOLERANCE_PT && (w - CARD_PT.1).abs() <= TOLERANCE_PT, "calibration card page {w:.2} × {h:.2} pt");
}
