//! The whole cycle at the desk: log in, find a request by NIK as a scanner types it, preview,
//! print to the capture queue with live progress, confirm good, see the register number, hand
//! the card to a representative with the old card withdrawn, find it in the register, export CSV.

use ktpel_tests::window::Desk;
use ktpel_tests::{cupsd, pdf, OPERATOR};

#[test]
fn operator_prints_confirms_hands_over_and_exports_the_register() {
    let _one = crate::one_window();
    let desk = Desk::start(4, 20);
    let nik = desk.station().request("REQ-0002").expect("REQ-0002").person.nik;
    let s = desk.open();
    desk.shot(&s, "01-masuk");
    desk.login(&s, OPERATOR);

    // The queue: four requests waiting, with the time left against the service standard.
    s.wait("four queue rows", || Some(()).filter(|_| s.all("#antrian tbody tr").len() == 4));
    let queue = s.text("#antrian");
    assert!(queue.contains("REQ-0002") && queue.contains("Rusak") && queue.contains("menit"), "queue: {queue}");
    desk.shot(&s, "02-antrian");

    // A barcode scanner types the NIK and Enter: the request opens.
    s.type_into("#cari", &format!("{nik}\u{E007}"));
    s.wait_text("#judul", "REQ-0002");
    let data = s.text(".data");
    assert!(data.contains(&nik) && data.contains("BAMBANG SUTRISNO"), "detail: {data}");
    assert!(s.text("#dokumen").contains("KTP-el lama"), "the rusak checklist names the old card");
    s.find("#pratinjau svg image");
    assert!(s.text("#pratinjau").contains("BAMBANG SUTRISNO"), "the preview shows the name");
    desk.shot(&s, "03-detail");

    // Print: the capture queue, a serial that is not in stock first, then a good one by "scanner".
    s.choose("#printer", cupsd::CAPTURE);
    s.type_into("#blanko", "KT999999\u{E007}");
    assert!(s.wait_text("#blanko-salah", "belum pernah diterima").contains("KT999999"));
    assert!(desk.cups.captured().is_empty(), "nothing is sent for a blank not in stock");
    s.clear("#blanko");
    s.type_into("#blanko", "KT000003\u{E007}");
    let done = s.wait_text("#cetak-selesai", "selesai dikirim ke printer");
    assert!(done.contains(cupsd::CAPTURE), "{done}");
    let progress = s.text("#progres");
    assert!(progress.contains("Blanko KT000003 dicatat terpakai") && progress.contains("diterima antrean cetak"), "live progress: {progress}");
    desk.shot(&s, "04-cetak-selesai");

    // What reached the printer: one card-size PDF with this applicant on it.
    let jobs = desk.cups.wait_captured(1);
    assert_eq!(jobs.len(), 1);
    let (w, h) = pdf::page_size_mm(&jobs[0]);
    assert!((w - 85.60).abs() < 0.1 && (h - 53.98).abs() < 0.1, "page {w} x {h} mm");
    let text = pdf::text(&jobs[0]);
    assert!(text.contains(&nik) && text.contains("BAMBANG"), "card text: {text}");

    // The button is gone once printed: no second print of this request from this screen.
    assert!(s.all("#cetak").is_empty(), "the print button must not remain after the print");

    // Verdict: good. The register number appears.
    s.click("[data-verdict] .baik");
    let result = s.wait_text("#hasil-akhir", "Nomor register");
    s.wait_text("#status-permohonan", "Siap diserahkan");
    let register = desk.station().register_of("REQ-0002").expect("read register").expect("a register row");
    assert!(result.contains(&register.register_number), "{result} vs {}", register.register_number);
    assert_eq!(register.blanko_serial, "KT000003");
    assert_eq!(register.operator, OPERATOR.0);
    desk.shot(&s, "05-hasil-baik");

    // Handover to a representative; the old card must be withdrawn first (rusak).
    s.click("#nav-penyerahan");
    s.click("#siap tr[data-request='REQ-0002'] td");
    s.click("#wakil");
    s.type_into("#penerima", "Sri Rahayu");
    s.type_into("#hubungan", "anak");
    assert!(!s.enabled("#serahkan"), "handover must wait for the old card");
    s.click("#kartu-lama");
    desk.shot(&s, "06-penyerahan");
    s.click("#serahkan");
    let handed = s.wait_text("#serah-hasil", "diserahkan");
    assert!(handed.contains("SRI RAHAYU") && handed.contains("ANAK"), "{handed}");
    let request = desk.station().request("REQ-0002").expect("request");
    assert_eq!(request.status.as_str(), "handed_over");

    // The register of today: searchable, and its CSV export holds the row.
    s.click("#nav-register");
    s.wait_text("#register", &register.register_number);
    s.type_into("#cari-register", "tidak-ada-yang-cocok");
    s.find("#register-kosong");
    s.clear("#cari-register");
    s.type_into("#cari-register", &nik[..8]);
    s.wait_text("#register", "BAMBANG SUTRISNO");
    s.click("#ekspor");
    let note = s.wait_text("#ekspor-hasil", "Disimpan");
    desk.shot(&s, "07-register");
    let path = note.trim_start_matches("Disimpan: ").split(" (").next().expect("path").to_string();
    let mut rows = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let headers = rows.headers().expect("headers").clone();
    assert_eq!(&headers[0], "nomor_register");
    let all: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("csv row")).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(&all[0][0], register.register_number.as_str());
    assert_eq!(&all[0][2], nik.as_str());
    assert!(path.starts_with(desk.export_dir.to_str().expect("utf-8")), "{path}");
}
