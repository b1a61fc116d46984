//! What the window relies on, without a window: prints over a shared station (two at once send one
//! job; the station stays usable while a job runs), the blanko check, the register export and the
//! calibration card.

use std::time::Duration;

use ktpel_core::spool::{FollowPolicy, PrinterTarget};
use ktpel_core::station::{print_run, PrintEvent};
use ktpel_core::store::blanko::BlankoState;
use ktpel_tests::cupsd::{Cupsd, CAPTURE, SLOW};
use ktpel_tests::{core_station, pdf, station_with_users, stocked, ADMIN, OPERATOR, SUPERVISOR};
use tokio::sync::Mutex;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn quick() -> Option<FollowPolicy> {
    Some(FollowPolicy { deadline: Duration::from_secs(20), ..FollowPolicy::default() })
}

ktpel_tests::on_both_stores! {
    fn two_prints_of_one_request_at_once_send_one_job() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 2);
        let shared = Mutex::new(st);
        let target = PrinterTarget::parse(CAPTURE, Some(&cups.server())).unwrap();
        let rt = runtime();
        let (first, second) = rt.block_on(async {
            tokio::join!(
                print_run::run(&shared, &a.operator, "REQ-0001", "KT000001", target.clone(), quick(), |_| {}),
                print_run::run(&shared, &a.operator, "REQ-0001", "KT000002", target.clone(), quick(), |_| {}),
            )
        });
        let (ok, refused) = match (first, second) {
            (Ok(r), Err(e)) | (Err(e), Ok(r)) => (r, e),
            (a, b) => panic!("exactly one print must go through: {:?} / {:?}", a.map(|r| r.blanko_serial), b.map(|r| r.blanko_serial)),
        };
        assert_eq!(refused.code(), "conflict", "{refused}");
        assert!(refused.to_string().contains("cetak ganda ditolak"), "{refused}");
        assert_eq!(cups.wait_captured(1).len(), 1);
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(cups.captured().len(), 1, "one job only");
        let st = shared.into_inner();
        let loser = if ok.blanko_serial == "KT000001" { "KT000002" } else { "KT000001" };
        assert_eq!(st.blanko(loser).unwrap().unwrap().state, BlankoState::InStock, "the refused print reserved nothing");
        assert_eq!(st.blanko(&ok.blanko_serial).unwrap().unwrap().state, BlankoState::Reserved);
    }
}

ktpel_tests::on_both_stores! {
    fn the_station_answers_while_a_card_prints() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 2);
        let shared = Mutex::new(st);
        let target = PrinterTarget::parse(SLOW, Some(&cups.server())).unwrap();
        let rt = runtime();
        let (events, answered_while_printing) = rt.block_on(async {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
            let policy = Some(FollowPolicy { deadline: Duration::from_secs(6), ..FollowPolicy::default() });
            let print = print_run::run(&shared, &a.operator, "REQ-0001", "KT000001", target, policy, move |e| {
                let _ = tx.send(match e {
                    PrintEvent::CheckingPrinter { .. } => "checking".to_string(),
                    PrintEvent::Reserved { .. } => "reserved".into(),
                    PrintEvent::Submitted { .. } => "submitted".into(),
                    PrintEvent::Job(p) => format!("job {}", p.job_state),
                });
            });
            let probe = async {
                // Once the job is with the spooler, the queue must still be readable at once.
                while let Some(e) = rx.recv().await {
                    if e == "submitted" {
                        let queue = tokio::time::timeout(Duration::from_secs(2), async { shared.lock().await.queue(ktpel_core::time::now()) }).await;
                        return queue.is_ok_and(|q| q.is_ok_and(|items| items.len() == 2));
                    }
                }
                false
            };
            let (report, answered) = tokio::join!(print, probe);
            (report, answered)
        });
        assert!(answered_while_printing, "the queue was not readable while the job ran");
        let report = events.expect("the print ends in a report");
        assert_eq!(report.job_state.as_str(), "failed", "the never-finishing job is given up at the deadline: {report:?}");
    }
}

ktpel_tests::on_both_stores! {
    fn the_blanko_check_names_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 1, 2);
        assert_eq!(st.check_blanko(" kt000001 ").unwrap(), "KT000001");
        let bad = st.check_blanko("KT-1").unwrap_err();
        assert_eq!(bad.code(), "invalid_input");
        assert!(bad.to_string().starts_with("blanko"), "{bad}");
        let unknown = st.check_blanko("KT000999").unwrap_err();
        assert!(unknown.to_string().contains("belum pernah diterima"), "{unknown}");
        let target = PrinterTarget::parse("ipp://127.0.0.1:9/printers/none", None).unwrap();
        let info = ktpel_core::spool::PrinterInfo { name: "none".into(), accepting: true, state: 3, ..Default::default() };
        st.begin_print(&a.operator, "REQ-0001", "KT000002", target, &info).unwrap();
        let used = st.check_blanko("KT000002").unwrap_err();
        assert_eq!(used.code(), "conflict");
        assert!(used.to_string().contains("ambil blanko lain"), "{used}");
    }
}

ktpel_tests::on_both_stores! {
    fn the_register_of_a_day_exports_as_csv_and_the_export_is_audited() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), Some(cups.server()));
        let file = dir.path().join("r.jsonl");
        std::fs::write(&file, ktpel_tests::records::jsonl(&ktpel_tests::records::good(3, "REQ-"))).unwrap();
        k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
        k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000005"]);
        for (req, blank) in [("REQ-0001", "KT000001"), ("REQ-0003", "KT000002")] {
            k.ok(Some(OPERATOR), &["print", req, "--blanko", blank, "--printer", CAPTURE]);
            k.ok(Some(OPERATOR), &["confirm", req, "--ok"]);
        }
        let out_dir = dir.path().join("keluar");
        let answer: serde_json::Value = serde_json::from_str(&k.ok(Some(OPERATOR), &["register", "export", "--dir", out_dir.to_str().unwrap(), "--json"])).unwrap();
        let path = answer["file"].as_str().unwrap().to_string();
        let listed: serde_json::Value = serde_json::from_str(&k.ok(None, &["register", "list", "--json"])).unwrap();
        let mut csv = csv::Reader::from_path(&path).unwrap();
        let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        for (row, json) in rows.iter().zip(listed.as_array().unwrap()) {
            assert_eq!(&row[0], json["register_number"].as_str().unwrap());
            assert_eq!(&row[2], json["nik"].as_str().unwrap());
            assert_eq!(&row[3], json["nama"].as_str().unwrap());
            assert_eq!(&row[10], json["blanko_serial"].as_str().unwrap());
        }
        // Narrowed by a name fragment: one row.
        let nama = listed[1]["nama"].as_str().unwrap();
        let narrowed: serde_json::Value = serde_json::from_str(&k.ok(None, &["register", "list", "--query", &nama[..5].to_lowercase(), "--json"])).unwrap();
        assert_eq!(narrowed.as_array().unwrap().len(), 1);
        // A bad date names the option.
        let bad = k.run(Some(OPERATOR), &["register", "export", "--date", "21-11-2026"]);
        assert_eq!(bad.status.code(), Some(1));
        assert!(ktpel_tests::text(&bad.stderr).contains("--date"), "{}", ktpel_tests::text(&bad.stderr));
        let day = path.rsplit("register-").next().unwrap().trim_end_matches(".csv").to_string();
        let audit = k.ok(None, &["audit", "show", &format!("register:{day}")]);
        assert!(audit.contains("register.export") && audit.contains(OPERATOR.0), "{audit}");
    }
}

ktpel_tests::on_both_stores! {
    fn the_calibration_card_is_shifted_by_the_stored_offset_and_uses_no_blank() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), Some(cups.server()));
        k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000003"]);
        let refused = k.run(Some(OPERATOR), &["printer", "calibrate", CAPTURE]);
        assert_eq!(refused.status.code(), Some(1));
        assert!(ktpel_tests::text(&refused.stderr).contains("tidak boleh mengatur printer"));
        k.ok(Some(ADMIN), &["printer", "calibrate", CAPTURE]);
        k.ok(Some(ADMIN), &["printer", "set", CAPTURE, "--offset-x", "1.5", "--offset-y", "-0.8"]);
        k.ok(Some(ADMIN), &["printer", "calibrate", CAPTURE]);
        let mut jobs = cups.wait_captured(2);
        // The calibrated card first (its label states the offset), then the uncalibrated one.
        jobs.sort_by_key(|j| !pdf::text(j).contains("X +1.5 mm"));
        jobs.reverse();
        let (w, h) = pdf::page_size_mm(&jobs[0]);
        assert!((w - 85.60).abs() < 0.1 && (h - 53.98).abs() < 0.1, "{w} x {h}");
        let at = |path: &std::path::Path| {
            pdf::boxes(path).into_iter().find(|(word, _)| word == "KALIBRASI").map(|(_, b)| (b[0] * 25.4 / 72.0, b[1] * 25.4 / 72.0)).expect("the word KALIBRASI")
        };
        let ((x0, y0), (x1, y1)) = (at(&jobs[0]), at(&jobs[1]));
        assert!((x1 - x0 - 1.5).abs() < 0.05, "x shift {}", x1 - x0);
        assert!((y1 - y0 + 0.8).abs() < 0.05, "y shift {}", y1 - y0);
        assert!(pdf::text(&jobs[1]).contains("X +1.5 mm, Y -0.8 mm"));
        let stock: serde_json::Value = serde_json::from_str(&k.ok(None, &["blanko", "stock", "--json"])).unwrap();
        assert_eq!(stock["in_stock"], 3);
    }
}

/// Tried as a new user would: a resident's record with text that starts like a formula is
/// printed and registered, and the day's register CSV is opened in a spreadsheet. The address
/// rule keeps `= + @` out at import (tests/nasty.rs); a leading `-` is a real address character,
/// so the CSV itself writes such a cell as text. Read back, no cell would run, and every word
/// the station recorded is there.
#[test]
fn a_register_csv_opened_in_a_spreadsheet_runs_nothing() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups.server()));
    let mut record = ktpel_tests::records::good(1, "REQ-").remove(0);
    record["person"]["alamat"] = serde_json::json!("-2 JL. MERDEKA (BELAKANG PASAR)");
    record["person"]["kel_desa"] = serde_json::json!("-SELOSARI");
    let file = dir.path().join("r.jsonl");
    std::fs::write(&file, ktpel_tests::records::jsonl(&[record])).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000001"]);
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
    k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);
    let answer: serde_json::Value = serde_json::from_str(&k.ok(Some(OPERATOR), &["register", "export", "--json"])).unwrap();
    let mut csv = csv::Reader::from_path(answer["file"].as_str().unwrap()).unwrap();
    let row = csv.records().next().expect("one register row").unwrap();
    assert_eq!(&row[4], "'-2 JL. MERDEKA (BELAKANG PASAR)", "the address as text, word for word");
    assert_eq!(&row[7], "'-SELOSARI");
    for cell in row.iter() {
        let runs = cell.starts_with(['=', '+', '@', '\t', '\r']) || (cell.starts_with('-') && cell.parse::<f64>().is_err());
        assert!(!runs, "a cell a spreadsheet would run: {cell:?}");
    }
    // The register itself keeps what was recorded.
    let listed: serde_json::Value = serde_json::from_str(&k.ok(None, &["register", "list", "--json"])).unwrap();
    assert_eq!(listed[0]["alamat"], "-2 JL. MERDEKA (BELAKANG PASAR)");
}
