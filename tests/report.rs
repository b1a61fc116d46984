//! The daily usage report against a scenario worked out by hand: two office days in WIB, with a
//! reprint, a not-fed return, adjustments, a print half an hour after midnight WIB (still the
//! previous day in UTC), a sign-off and a later correction referring back. The figures are
//! checked in the report, the A4 PDF (pdftotext), the CSV and the Excel workbook (read back).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ktpel_core::report::UsageReport;
use ktpel_core::station::{ReportFormat, SpoilReason};
use ktpel_core::store::adjustments::AdjustmentKind;
use ktpel_core::store::reprints::Decision;
use ktpel_core::time::set_thread_clock;
use ktpel_core::Station;
use ktpel_tests::{core_station, Actors};

const DAY1: &str = "2026-11-02";
const DAY2: &str = "2026-11-03";

/// A WIB wall-clock time on a day, as the station's clock.
fn at(day: &str, hh: u32, mm: u32) -> DateTime<Utc> {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    wib.from_local_datetime(&d.and_hms_opt(hh, mm, 0).unwrap()).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn print(st: &mut Station, who: &ktpel_core::auth::Actor, request: &str, serial: &str, completed: bool) {
    ktpel_tests::print_answered(st, who, request, serial, completed);
}

/// Walks the two days; returns the station and its users.
fn scenario(dir: &std::path::Path) -> (Station, Actors) {
    set_thread_clock(Some(at(DAY1, 7, 0)));
    let (mut st, a) = core_station(dir);
    // Day 1 (Monday).
    set_thread_clock(Some(at(DAY1, 7, 30)));
    st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000010").unwrap();
    set_thread_clock(Some(at(DAY1, 7, 45)));
    // REQ-0001 baru/loket 07:33, REQ-0002 rusak/loket 07:36, REQ-0003 hilang/paktuwa 07:39,
    // REQ-0004 perubahan data/loket 07:42; counter requests are due 15 minutes later.
    let text = ktpel_tests::records::jsonl(&ktpel_core::demo::requests(4, at(DAY1, 7, 45), "REQ-"));
    assert_eq!(st.import_text(&a.operator, &text, false).unwrap().imported, 4);
    set_thread_clock(Some(at(DAY1, 7, 46)));
    print(&mut st, &a.operator, "REQ-0001", "KT000001", true);
    st.confirm_ok(&a.operator, "REQ-0001").unwrap(); // on time (due 07:48)
    set_thread_clock(Some(at(DAY1, 7, 50)));
    print(&mut st, &a.operator, "REQ-0002", "KT000002", true);
    st.confirm_spoiled(&a.operator, "REQ-0002", SpoilReason::LaminasiMengelupas, "").unwrap();
    set_thread_clock(Some(at(DAY1, 8, 0)));
    print(&mut st, &a.operator, "REQ-0003", "KT000003", false);
    st.confirm_not_fed(&a.operator, "REQ-0003").unwrap();
    set_thread_clock(Some(at(DAY1, 8, 5)));
    st.decide_reprint(&a.supervisor, "REQ-0002", Decision::Approved, "laminasi terkelupas, suhu sudah diperbaiki").unwrap();
    set_thread_clock(Some(at(DAY1, 8, 10)));
    print(&mut st, &a.operator, "REQ-0002", "KT000004", true);
    st.confirm_ok(&a.operator, "REQ-0002").unwrap(); // late (due 07:51)
    set_thread_clock(Some(at(DAY1, 8, 20)));
    print(&mut st, &a.operator, "REQ-0003", "KT000003", true);
    st.confirm_ok(&a.operator, "REQ-0003").unwrap(); // PAKTUWA: due next working day, on time
    set_thread_clock(Some(at(DAY1, 9, 0)));
    st.adjust_stock(&a.supervisor, AdjustmentKind::WrittenOff, &["KT000010".into()], "tergores di dalam kotak", None).unwrap();
    set_thread_clock(Some(at(DAY1, 10, 0)));
    st.handover(&a.operator, "REQ-0001", "SITI NURHALIZA RAHMAWATI", None, false).unwrap();
    // Day 2 (Tuesday), half an hour after midnight WIB: 17:30 UTC, still Monday in UTC.
    set_thread_clock(Some(at(DAY2, 0, 30)));
    assert_eq!(ktpel_core::time::now().to_rfc3339(), "2026-11-02T17:30:00+00:00");
    print(&mut st, &a.supervisor, "REQ-0004", "KT000005", true);
    st.confirm_ok(&a.supervisor, "REQ-0004").unwrap(); // late (due Day 1 07:57)
    set_thread_clock(Some(at(DAY2, 8, 0)));
    st.receive_blanko_range(&a.supervisor, "BA-2", "KT000011", "KT000015").unwrap();
    st.adjust_stock(&a.supervisor, AdjustmentKind::Lost, &["KT000006".into()], "tidak ada saat hitung pagi", None).unwrap();
    (st, a)
}

fn count(list: &[ktpel_core::report::Count], key: &str) -> i64 {
    list.iter().find(|c| c.key == key).map(|c| c.count).unwrap_or(0)
}

fn check_day1(r: &UsageReport) {
    assert_eq!((r.from.as_str(), r.to.as_str()), (DAY1, DAY1));
    assert_eq!(r.opening_stock, 0);
    assert_eq!(r.received, 10);
    assert_eq!(r.printed_good, 3, "REQ-0001, the reprint of REQ-0002, REQ-0003; not REQ-0004 (after midnight WIB)");
    assert_eq!((count(&r.printed_by_service, "baru"), count(&r.printed_by_service, "rusak"), count(&r.printed_by_service, "hilang"), count(&r.printed_by_service, "perubahan_data")), (1, 1, 1, 0));
    assert_eq!(r.printed_by_operator.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(), vec![("ani", 3)]);
    assert_eq!(r.spoiled.len(), 1);
    assert_eq!((r.spoiled[0].serial.as_str(), r.spoiled[0].request_id.as_deref()), ("KT000002", Some("REQ-0002")));
    assert!(r.spoiled[0].reason.as_deref().unwrap().contains("laminasi_mengelupas"));
    assert_eq!(r.not_fed.iter().map(|l| l.serial.as_str()).collect::<Vec<_>>(), vec!["KT000003"]);
    assert_eq!(r.adjustments.iter().map(|l| (l.serial.as_str(), l.event.as_str())).collect::<Vec<_>>(), vec![("KT000010", "written_off")]);
    assert_eq!(r.closing_stock, 5, "KT000005..KT000009");
    assert_eq!(r.closing_reserved, 0);
    assert_eq!(r.handed_over, 1);
    assert_eq!(r.reprints_approved, 1);
    assert_eq!(r.past_standard.iter().map(|l| l.request_id.as_str()).collect::<Vec<_>>(), vec!["REQ-0002", "REQ-0004"]);
    assert!(r.balanced);
}

ktpel_tests::on_both_stores! {
    fn report_figures_match_the_hand_computed_days() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = scenario(dir.path());
        set_thread_clock(Some(at(DAY2, 8, 30)));
        let day1 = st.usage_report(date(DAY1), date(DAY1)).unwrap();
        check_day1(&day1);
        assert!(day1.signature.is_none());

        // Today cannot be signed; an operator cannot sign; the supervisor signs Day 1.
        assert_eq!(st.sign_day(&a.supervisor, date(DAY2)).unwrap_err().code(), "invalid_input");
        assert_eq!(st.sign_day(&a.operator, date(DAY1)).unwrap_err().code(), "forbidden");
        set_thread_clock(Some(at(DAY2, 9, 0)));
        let sig = st.sign_day(&a.supervisor, date(DAY1)).unwrap();
        assert_eq!(st.sign_day(&a.supervisor, date(DAY1)).unwrap_err().code(), "conflict");

        // A correction found on Day 2 about Day 1: dated Day 2, naming Day 1; Day 1 stays as signed.
        set_thread_clock(Some(at(DAY2, 9, 30)));
        st.adjust_stock(&a.supervisor, AdjustmentKind::WrittenOff, &["KT000007".into()], "retak, seharusnya dicatat kemarin", Some(date(DAY1))).unwrap();
        let signed = st.usage_report(date(DAY1), date(DAY1)).unwrap();
        check_day1(&signed);
        assert_eq!(signed.generated_at, sig.signed_at, "the signed report reads back as it was signed, not recomputed");
        let mut same = signed.clone();
        (same.generated_at, same.signature) = (day1.generated_at.clone(), None);
        assert_eq!(same, day1, "the figures signed are the figures of the day");
        assert_eq!(signed.signature.as_ref().map(|s| (s.signed_by.as_str(), s.report_sha256.as_str())), Some(("budi", sig.report_sha256.as_str())));

        set_thread_clock(Some(at(DAY2, 10, 0)));
        let day2 = st.usage_report(date(DAY2), date(DAY2)).unwrap();
        assert_eq!(day2.opening_stock, 5);
        assert_eq!(day2.received, 5);
        assert_eq!(day2.printed_good, 1);
        assert_eq!(day2.printed_by_operator.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(), vec![("budi", 1)]);
        assert_eq!(count(&day2.printed_by_service, "perubahan_data"), 1);
        let adj: Vec<_> = day2.adjustments.iter().map(|l| (l.serial.as_str(), l.event.as_str(), l.refers_to.as_deref())).collect();
        assert_eq!(adj, vec![("KT000006", "lost", None), ("KT000007", "written_off", Some(DAY1))]);
        assert_eq!(day2.closing_stock, 7, "5 + 5 − 1 printed − 1 lost − 1 written off");
        assert!(day2.past_standard.is_empty(), "REQ-0003 was due on Day 2 and ready on Day 1");
        assert!(day2.balanced);

        let both = st.usage_report(date(DAY1), date(DAY2)).unwrap();
        assert_eq!((both.opening_stock, both.received, both.printed_good, both.spoiled.len(), both.adjustment_net(), both.closing_stock), (0, 15, 4, 1, -3, 7));
        assert!(both.balanced);
        assert_eq!(st.stock().unwrap().in_stock, 7);
        assert_eq!(st.verify_audit().unwrap(), None);
        set_thread_clock(None);
    }
}

ktpel_tests::on_both_stores! {
    fn the_pdf_csv_and_workbook_carry_the_same_figures() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = scenario(dir.path());
        set_thread_clock(Some(at(DAY2, 9, 0)));
        st.sign_day(&a.supervisor, date(DAY1)).unwrap();

        // PDF: A4, the figures on their lines, the blank lists, the signature block.
        let pdf = dir.path().join("laporan.pdf");
        std::fs::write(&pdf, st.usage_report_file(date(DAY1), date(DAY1), ReportFormat::Pdf, "ani").unwrap()).unwrap();
        let (w, h) = ktpel_tests::pdf::page_size_mm(&pdf);
        assert!((w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5, "A4: {w} × {h}");
        let text = ktpel_tests::pdf::text(&pdf);
        let figure = |label: &str| -> String {
            let line = text.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or_else(|| panic!("no line {label:?} in\n{text}"));
            line.split_whitespace().last().unwrap().to_string()
        };
        assert_eq!(figure("Stok awal"), "0");
        assert_eq!(figure("Diterima"), "10");
        assert_eq!(figure("Tercetak baik"), "3");
        assert_eq!(figure("Rusak"), "1");
        assert_eq!(figure("Penyesuaian (bersih)"), "-1");
        assert_eq!(figure("Stok akhir"), "5");
        assert_eq!(figure("KTP-el diserahkan"), "1");
        assert_eq!(figure("Permohonan melewati standar layanan"), "2");
        assert!(text.contains("Senin, 2 November 2026"), "{text}");
        for needed in ["KT000002", "laminasi_mengelupas", "KT000003", "KT000010", "REQ-0004", "Petugas cetak dan register", "Kasi/Kabid Pendaftaran Penduduk", "(ani)", "budi", "seimbang"] {
            assert!(text.contains(needed), "{needed:?} missing in\n{text}");
        }

        // CSV: the summary keys with their figures, one row per blank listed.
        let csv_text = String::from_utf8(st.usage_report_file(date(DAY1), date(DAY1), ReportFormat::Csv, "ani").unwrap()).unwrap();
        let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        let summary: HashMap<String, String> = rows.iter().filter(|r| &r[0] == "ringkasan").map(|r| (r[1].to_string(), r[2].to_string())).collect();
        assert_eq!(summary["closing_stock"], "5");
        assert_eq!(summary["printed_good.service.rusak"], "1");
        assert_eq!(summary["printed_good.operator.ani"], "3");
        let spoiled: Vec<_> = rows.iter().filter(|r| &r[0] == "rusak").map(|r| (r[3].to_string(), r[4].to_string())).collect();
        assert_eq!(spoiled, vec![("KT000002".to_string(), "REQ-0002".to_string())]);
        assert!(rows.iter().any(|r| &r[0] == "ditandatangani" && &r[7] == "budi"));

        // Excel: read back with a spreadsheet reader.
        let bytes = st.usage_report_file(date(DAY1), date(DAY2), ReportFormat::Xlsx, "ani").unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Ringkasan", "Blanko", "Melewati standar"]);
        let sheet = book.worksheet_range("Ringkasan").unwrap();
        let value = |label: &str| -> f64 {
            sheet
                .rows()
                .find(|r| matches!(&r[0], Data::String(s) if s == label))
                .and_then(|r| match r[1] { Data::Float(f) => Some(f), Data::Int(i) => Some(i as f64), _ => None })
                .unwrap_or_else(|| panic!("no {label} in workbook"))
        };
        assert_eq!((value("Stok awal"), value("Diterima"), value("Tercetak baik"), value("Rusak"), value("Stok akhir")), (0.0, 15.0, 4.0, 1.0, 8.0));
        let blanks = book.worksheet_range("Blanko").unwrap();
        let serials: Vec<String> = blanks.rows().skip(1).map(|r| r[2].to_string()).collect();
        assert_eq!(serials, vec!["KT000002", "KT000003", "KT000010", "KT000006"]);

        // JSON is the report itself.
        let json: UsageReport = serde_json::from_slice(&st.usage_report_file(date(DAY2), date(DAY2), ReportFormat::Json, "ani").unwrap()).unwrap();
        assert_eq!((json.opening_stock, json.closing_stock), (5, 8));
        set_thread_clock(None);
    }
}
