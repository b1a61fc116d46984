//! The whole print cycle through the `ktpel` binary against a private cupsd: import, receive
//! blanks, print to the capture queue, confirm, register, hand over; and the refusals that keep a
//! blank from being printed twice.

use ktpel_tests::cupsd::{Cupsd, CAPTURE, FAIL, STOP};
use ktpel_tests::{pdf, records, station_with_users, text, Ktpel, OPERATOR, SUPERVISOR};
use serde_json::Value;

fn setup(cups: &Cupsd, dir: &std::path::Path, count: usize) -> Ktpel {
    let k = station_with_users(dir, Some(cups.server()));
    let file = dir.join("approved.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(count, "REQ-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-2026-11", "--range", "KT000001..KT000020"]);
    k
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn cycle_prints_registers_and_hands_over() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 3);

    // Print REQ-0002 (a man, service rusak) on the capture queue.
    let out = k.ok(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000001", "--printer", CAPTURE, "--json"]);
    let report = json(&out);
    assert_eq!(report["job_state"], "completed", "{out}");
    assert!(report["job_id"].as_i64().unwrap() > 0);

    // The bytes that reached the printer: a one-card PDF with the person's name and NIK.
    let files = cups.wait_captured(1);
    assert_eq!(files.len(), 1, "capture queue got {files:?}; cupsd log:\n{}", cups.log());
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "captured bytes are not a PDF");
    let (w, h) = pdf::page_size_mm(&files[0]);
    assert!((w - 85.60).abs() < 0.05 && (h - 53.98).abs() < 0.05, "page is {w:.2} × {h:.2} mm");
    let words = pdf::text(&files[0]);
    assert!(words.contains("BAMBANG SUTRISNO"), "{words}");
    assert!(words.contains("3520110211780002"), "{words}");
    // The test queue's description marks it as a specimen queue.
    assert!(words.contains("SPESIMEN"), "{words}");

    // Good card: register number, ready for handover.
    let row = json(&k.ok(Some(OPERATOR), &["confirm", "REQ-0002", "--ok", "--json"]));
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(row["register_number"].as_str().unwrap().starts_with("00001/3520/KTP-EL/"), "{row}");
    assert!(row["register_number"].as_str().unwrap().ends_with(&year));
    assert_eq!(row["blanko_serial"], "KT000001");
    assert_eq!(row["operator"], OPERATOR.0);
    assert_eq!(row["approver"], "kasi.pendaftaran");

    // The next card gets the next number.
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000002", "--printer", CAPTURE]);
    let row2 = json(&k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok", "--json"]));
    assert!(row2["register_number"].as_str().unwrap().starts_with("00002/"), "{row2}");

    let register = json(&k.ok(None, &["register", "list", "--json"]));
    let numbers: Vec<i64> = register.as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(numbers, vec![1, 2]);
    assert_eq!(register[0]["nama"], "BAMBANG SUTRISNO");

    // Rusak: the old card must be withdrawn before handover.
    let refused = k.run(Some(OPERATOR), &["handover", "REQ-0002", "--recipient", "Bambang Sutrisno"]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("--old-card-withdrawn"), "{}", text(&refused.stderr));
    k.ok(Some(OPERATOR), &["handover", "REQ-0002", "--recipient", "Bambang Sutrisno", "--old-card-withdrawn"]);
    // Baru, handed to a representative.
    k.ok(Some(OPERATOR), &["handover", "REQ-0001", "--recipient", "Sutarmi", "--representative", "ibu"]);

    let stock = json(&k.ok(None, &["blanko", "stock", "--json"]));
    assert_eq!((stock["printed"].as_i64(), stock["in_stock"].as_i64(), stock["received"].as_i64()), (Some(2), Some(18), Some(20)));
    // The queue now holds only the request not yet printed.
    let queue = json(&k.ok(None, &["queue", "--json"]));
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["request_id"], "REQ-0003");
    k.ok(None, &["audit", "verify"]);
}

#[test]
fn double_prints_are_refused() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 2);
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);

    // The same request again, even on another blank: refused while its attempt is open.
    let again = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000002", "--printer", CAPTURE]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("cetak ganda ditolak"), "{}", text(&again.stderr));
    // The same blank for another request: refused.
    let same_blank = k.run(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000001", "--printer", CAPTURE]);
    assert!(!same_blank.status.success());
    assert!(text(&same_blank.stderr).contains("KT000001"), "{}", text(&same_blank.stderr));
    // A blank never received: refused before anything is reserved.
    let unknown = k.run(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT999999", "--printer", CAPTURE]);
    assert!(text(&unknown.stderr).contains("belum pernah diterima"), "{}", text(&unknown.stderr));

    k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);
    // Once registered, a request cannot be printed again.
    let after = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000003", "--printer", CAPTURE]);
    assert!(!after.status.success());
    assert_eq!(cups.wait_captured(1).len(), 1, "exactly one job reached the printer");
    let stock = json(&k.ok(None, &["blanko", "stock", "--json"]));
    assert_eq!((stock["printed"].as_i64(), stock["reserved"].as_i64()), (Some(1), Some(0)));
}

#[test]
fn failed_and_stopped_printers_keep_the_blank_reserved_and_the_request_recoverable() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 2);

    // A jamming printer: the job is aborted; the report says so in words; exit code 3.
    let out = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", FAIL, "--json"]);
    assert_eq!(out.status.code(), Some(3), "stderr: {}", text(&out.stderr));
    let report = json(&text(&out.stdout));
    assert_eq!(report["job_state"], "failed", "{report}");
    let blank = json(&k.ok(None, &["blanko", "show", "KT000001", "--json"]));
    assert_eq!(blank["state"], "reserved");
    // A failed job cannot be confirmed good.
    let ok = k.run(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);
    assert!(!ok.status.success());
    assert!(text(&ok.stderr).contains("--not-fed"), "{}", text(&ok.stderr));
    // No card was fed: the blank returns, the request is printable again and prints fine.
    k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--not-fed"]);
    assert_eq!(json(&k.ok(None, &["blanko", "show", "KT000001", "--json"]))["state"], "in_stock");
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
    k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);

    // A printer whose cover is open stops its queue: the job is cancelled so it cannot print
    // later, the reason is in words, the blank stays reserved.
    let out = k.run(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000002", "--printer", STOP, "--deadline", "30", "--json"]);
    assert_eq!(out.status.code(), Some(3), "stderr: {}", text(&out.stderr));
    let report = json(&text(&out.stdout));
    assert_eq!(report["job_state"], "failed", "{report}");
    let message = report["message"].as_str().unwrap();
    assert!(message.contains("penutup printer terbuka") || message.contains("berhenti"), "{message}");
    assert_eq!(json(&k.ok(None, &["blanko", "show", "KT000002", "--json"]))["state"], "reserved");
    // The spoiled card is recorded with its reason; the request waits for a supervisor.
    k.ok(Some(OPERATOR), &["confirm", "REQ-0002", "--spoiled", "gangguan_cetak", "--note", "penutup terbuka"]);
    assert_eq!(json(&k.ok(None, &["blanko", "show", "KT000002", "--json"]))["state"], "spoiled");
    // The stopped queue is now refused before any blank is reserved.
    let stopped = k.run(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000003", "--printer", STOP]);
    assert!(!stopped.status.success());
    assert_eq!(json(&k.ok(None, &["blanko", "show", "KT000003", "--json"]))["state"], "in_stock");
}

#[test]
fn a_queue_not_accepting_jobs_is_refused_before_a_blank_is_reserved() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 1);
    cups.admin("cupsreject", &[CAPTURE]);
    let out = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = json(&text(&out.stderr));
    assert_eq!(err["error"]["code"], "printer_not_accepting", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("cupsaccept"), "{err}");
    // A queue that does not exist names the fix too.
    let out = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", "TIDAK-ADA", "--json"]);
    assert_eq!(json(&text(&out.stderr))["error"]["code"], "printer_not_found");
    assert_eq!(json(&k.ok(None, &["blanko", "show", "KT000001", "--json"]))["state"], "in_stock");
    assert_eq!(json(&k.ok(None, &["queue", "--json"]))[0]["status"], "queued");
    // The printer list shows the queues of the private scheduler with their state.
    let printers = json(&k.ok(None, &["printer", "list", "--json"]));
    let capture = printers.as_array().unwrap().iter().find(|p| p["name"] == CAPTURE).expect("capture queue listed");
    assert_eq!(capture["accepting"], false);
}

#[test]
fn blanks_are_received_from_a_serials_file_all_or_nothing() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 0);
    let file = dir.path().join("serials.txt");
    std::fs::write(&file, "# berita acara 7\nkt100001\nKT100002\n\nKT100003\n").unwrap();
    let out = k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-7", "--serials", file.to_str().unwrap(), "--json"]);
    assert_eq!(json(&out)["received"], 3);
    // One serial already received: the whole file is refused, nothing of it lands.
    std::fs::write(&file, "KT100004\nKT100003\n").unwrap();
    let out = k.run(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-8", "--serials", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("KT100003"), "{}", text(&out.stderr));
    let stock = json(&k.ok(None, &["blanko", "stock", "--json"]));
    assert_eq!(stock["in_stock"], 23, "20 from setup + 3: {stock}");
}

#[test]
fn printers_are_reached_by_socket_path_and_by_ipp_uri() {
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = setup(&cups, dir.path(), 3);
    // CUPS_SERVER as a domain socket, as on a desktop (/run/cups/cups.sock).
    let by_socket = Ktpel { db: k.db.clone(), cups_server: Some(cups.socket.display().to_string()) };
    let report = json(&by_socket.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE, "--json"]));
    assert_eq!(report["job_state"], "completed", "{report}");
    // A full ipp:// URI, whatever CUPS_SERVER says.
    let uri = format!("ipp://127.0.0.1:{}/printers/{CAPTURE}", cups.port);
    let by_uri = Ktpel { db: k.db.clone(), cups_server: Some("/nonexistent.sock".into()) };
    let report = json(&by_uri.ok(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000002", "--printer", &uri, "--json"]));
    assert_eq!(report["job_state"], "completed", "{report}");
    assert_eq!(report["printer"], uri.as_str());
    let files = cups.wait_captured(2);
    assert_eq!(files.len(), 2);
    assert!(pdf::text(&files[1]).contains("BAMBANG SUTRISNO"));
    // A socket where no scheduler listens: refused in words, nothing reserved.
    let out = by_uri.run(Some(OPERATOR), &["print", "REQ-0003", "--blanko", "KT000003", "--printer", CAPTURE]);
    assert!(text(&out.stderr).contains("tidak dapat dihubungi"), "{}", text(&out.stderr));
}
