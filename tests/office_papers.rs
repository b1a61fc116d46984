//! The office's papers read back as the people who receive them would: the berita acara
//! pemusnahan (A4, its number and day, each destroyed blank with its chip and why it was spoiled,
//! the count in figures and words, the witnesses and the signature blocks), written when the
//! destruction is recorded and again later from the record alone.

use ktpel_core::station::SpoilReason;
use ktpel_core::store::adjustments::AdjustmentKind;
/// The three users of a station the command line made, logged in through the core.
fn actors(st: &mut ktpel_core::Station) -> Actors {
    Actors { admin: st.login(ADMIN.0, ADMIN.1).unwrap(), operator: st.login(OPERATOR.0, OPERATOR.1).unwrap(), supervisor: st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap() }
}

/// Keeps a paper beside the window tests' screenshots, for a person to look at.
fn keep(path: &std::path::Path, name: &str) {
    if ktpel_tests::stores::kind() == ktpel_tests::stores::Kind::Sqlite {
        let dir = std::env::var_os("KTPEL_ARTIFACTS").map(std::path::PathBuf::from).unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts"));
        let _ = std::fs::create_dir_all(&dir).and_then(|_| std::fs::copy(path, dir.join(name)));
    }
}

use ktpel_tests::{pdf, print_answered, station_with_users, stocked, Actors, ADMIN, OPERATOR, SUPERVISOR};

ktpel_tests::on_both_stores! {
    fn the_berita_acara_lists_every_destroyed_blank_with_its_chip_and_reason_and_can_be_printed_again() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let mut st = k.station();
        let a = actors(&mut st);
        stocked(&mut st, &a, 2, 45);
        // A blank with its chip recorded at receipt, spoiled at the print (jammed).
        st.receive_blanko_with_chips(&a.supervisor, "BA-2", &["KT000100".to_string()], &[Some("04a1b2c3d4e5f6".to_string())]).unwrap();
        print_answered(&mut st, &a.operator, "REQ-0001", "KT000100", true);
        st.confirm_spoiled(&a.operator, "REQ-0001", SpoilReason::KartuMacet, "").unwrap();
        // Forty blanks found scratched in the box: enough to run the list onto a second page.
        let scratched: Vec<String> = (3..=42).map(|i| format!("KT{i:06}")).collect();
        st.adjust_stock(&a.supervisor, AdjustmentKind::WrittenOff, &scratched, "lecet di kotak", None).unwrap();
        let mut all = vec!["KT000100".to_string()];
        all.extend(scratched.iter().cloned());
        st.disable_spoiled(&a.operator, &all).unwrap();
        // An office with a long name, a witness with a long name and titles: the paper sets them
        // within the sheet.
        st.set_setting(&a.admin, "office.kabupaten", "KEPULAUAN SIAU TAGULANDANG BIARO").unwrap();
        drop(st);

        // What the next berita acara takes, as the supervisor lists it before the destruction.
        let waiting: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "blanko", "to-destroy"])).unwrap();
        let waiting: Vec<&str> = waiting["blanks"].as_array().unwrap().iter().map(|b| b["serial"].as_str().unwrap()).collect();
        assert_eq!(waiting.len(), 41);
        assert!(waiting.contains(&"KT000100") && waiting.contains(&"KT000042"));

        let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).to_string();
        let out = dir.path().join("ba.pdf");
        let mut args = vec!["--json", "blanko", "destroy", "--record", "BA-PMS/01/XII/2026", "--date", &today, "--witness", "Siti Aminah", "--witness", "Ir. Joko Santoso Wicaksono Adinegoro, S.T., M.M.", "--witness", "Rina Wati"];
        let out_s = out.to_string_lossy().to_string();
        args.extend(["--out", &out_s]);
        args.extend(all.iter().map(String::as_str));
        let said: serde_json::Value = serde_json::from_str(&k.ok(Some(SUPERVISOR), &args)).unwrap();
        assert_eq!(said["serials"].as_array().map(Vec::len), Some(41), "{said}");
        assert_eq!(said["out"].as_str(), Some(out_s.as_str()));

        keep(&out, "berita-acara-pemusnahan.pdf");
        let (w, h) = pdf::page_size_mm(&out);
        assert!((w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0, "A4, not {w}×{h}");
        let text = pdf::text(&out);
        // Wrapped lines read as one running text.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needed in [
            "BERITA ACARA PEMUSNAHAN BLANKO KTP-EL RUSAK",
            "Nomor: BA-PMS/01/XII/2026",
            "sebanyak 41 (empat puluh satu) keping",
            "Jumlah: 41 (empat puluh satu) keping",
            "KT000100",
            "04A1B2C3D4E5F6",
            "rusak saat cetak: kartu macet",
            "rusak di stok: lecet di kotak",
            "KT000042",
            "1. Siti Aminah",
            "3. Rina Wati",
            "(Rina Wati)",
            "Kepala Dinas",
            "(budi)",
            "halaman 2 dari 2",
            "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO",
            "(Ir. Joko Santoso Wicaksono Adinegoro, S.T., M.M.)",
        ] {
            assert!(flat.contains(needed), "{needed:?} missing from the berita acara:\n{text}");
        }
        // Nothing runs past the sheet's right margin (190 mm, a little slack for the face).
        let past: Vec<_> = pdf::boxes(&out).into_iter().filter(|(_, b)| b[2] > 192.0 / 25.4 * 72.0).collect();
        assert!(past.is_empty(), "past the margin: {past:?}");
        // Every destroyed serial is on the paper, once.
        for s in &all {
            assert_eq!(text.matches(s.as_str()).count(), 1, "{s} in:\n{text}");
        }

        // Nothing waits any more; the year's records name this one, for printing it again.
        assert!(k.ok(None, &["blanko", "to-destroy"]).contains("Tidak ada blanko rusak"));
        let year: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "report", "destruction"])).unwrap();
        assert_eq!(year["records"][0]["record_no"], "BA-PMS/01/XII/2026", "{year}");
        assert_eq!(year["records"][0]["serials"].as_array().map(Vec::len), Some(41));
        assert!(k.ok(None, &["report", "destruction", "--year", "2025"]).contains("Tidak ada pemusnahan tercatat pada tahun 2025"));
        let no_file = k.run(None, &["report", "destruction", "BA-PMS/01/XII/2026"]);
        assert!(!no_file.status.success() && ktpel_tests::text(&no_file.stderr).contains("--out"), "{}", ktpel_tests::text(&no_file.stderr));

        // Later, from the record alone: the same paper.
        let again = dir.path().join("ba-lagi.pdf");
        k.ok(None, &["report", "destruction", "BA-PMS/01/XII/2026", "--out", &again.to_string_lossy()]);
        assert_eq!(pdf::text(&again), text);

        // A record that does not exist is named; no file is written.
        let none = dir.path().join("tidak-ada.pdf");
        let bad = k.run(None, &["report", "destruction", "BA-TIDAK-ADA", "--out", &none.to_string_lossy()]);
        assert!(!bad.status.success());
        assert!(ktpel_tests::text(&bad.stderr).contains("BA-TIDAK-ADA"), "{}", ktpel_tests::text(&bad.stderr));
        assert!(!none.exists());
    }
}

/// A paper that cannot be written does not undo the destruction: the record stands and the
/// officer is told how to write the paper again.
#[test]
fn a_berita_acara_that_cannot_be_written_leaves_the_destruction_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let mut st = k.station();
    let a = actors(&mut st);
    stocked(&mut st, &a, 1, 3);
    st.adjust_stock(&a.supervisor, AdjustmentKind::WrittenOff, &["KT000001".to_string()], "retak", None).unwrap();
    st.disable_spoiled(&a.operator, &["KT000001".to_string()]).unwrap();
    drop(st);
    let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).to_string();
    let nowhere = dir.path().join("tidak/ada/folder/ba.pdf");
    let out = k.run(Some(SUPERVISOR), &["blanko", "destroy", "--record", "BA-7", "--date", &today, "--witness", "A", "--witness", "B", "--out", &nowhere.to_string_lossy(), "KT000001"]);
    assert!(!out.status.success());
    assert!(ktpel_tests::text(&out.stderr).contains("ktpel report destruction BA-7"), "{}", ktpel_tests::text(&out.stderr));
    let st = k.station();
    assert_eq!(st.destruction_record("BA-7").unwrap().serials, vec!["KT000001".to_string()]);
    let written = dir.path().join("ba.pdf");
    k.ok(None, &["report", "destruction", "BA-7", "--out", &written.to_string_lossy()]);
    assert!(pdf::text(&written).contains("sebanyak 1 (satu) keping"));
}

ktpel_tests::on_both_stores! {
    /// A PAKTUWA request is ready by the next working day: the holidays and cuti bersama of the
    /// office's list are not working days, and the admin's edit of the list counts at once.
    fn the_remote_service_clock_skips_the_holidays_the_admin_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = ktpel_tests::core_station(dir.path());
        let mut rec = ktpel_tests::records::good(1, "REQ-").remove(0);
        rec["channel"] = serde_json::json!("paktuwa");
        rec["submitted_at"] = serde_json::json!("2026-12-23T12:00:00Z");
        rec["approved_at"] = serde_json::json!("2026-12-23T12:30:00Z");
        st.import_text(&a.operator, &ktpel_tests::records::jsonl(&[rec]), false).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-23T13:00:00Z").unwrap().with_timezone(&chrono::Utc);
        let due = || st.queue(now).unwrap()[0].due_at.clone();
        // Wednesday 23 December, 19:00 WIB: 24 (cuti bersama Natal) and 25 (Natal), then the
        // weekend — due Monday 28 December 16:00 WIB.
        assert_eq!(due(), "2026-12-28T09:00:00.000Z");

        // The office adds a local day off on the 28th (say, the kabupaten's anniversary).
        let list = format!("{}\n2026-12-28 Hari Jadi Kabupaten", st.settings().unwrap().into_iter().find(|(k, _)| k == "office.holidays").unwrap().1);
        // A day's name that is not the date's is the admin's typo: refused, the line named.
        let bad = st.set_setting(&a.admin, "office.holidays", "2026-12-28 Hari Jadi\nSelasa, 28 Desember 2026 Hari Jadi").unwrap_err().to_string();
        assert!(bad.contains("office.holidays") && bad.contains("baris 2") && bad.contains("hari Senin, bukan Selasa"), "{bad}");
        assert_eq!(st.set_setting(&a.operator, "office.holidays", &list).unwrap_err().code(), "forbidden");
        st.set_setting(&a.admin, "office.holidays", &list).unwrap();
        let due = st.queue(now).unwrap()[0].due_at.clone();
        assert_eq!(due, "2026-12-29T09:00:00.000Z");

        // Pasted from the decree as it prints ("1. Senin, 28 Desember 2026 …", day first):
        // stored as ISO dates, the same clock.
        st.set_setting(&a.admin, "office.holidays", "1. Kamis, 24 Desember 2026 Cuti bersama Natal\r\n2.\tJumat, 25 Desember 2026\tNatal\r\n28/12/2026 Hari Jadi Kabupaten").unwrap();
        let kept = st.settings().unwrap().into_iter().find(|(k, _)| k == "office.holidays").unwrap().1;
        assert_eq!(kept, "2026-12-24 Cuti bersama Natal\n2026-12-25 Natal\n2026-12-28 Hari Jadi Kabupaten");
        assert_eq!(st.queue(now).unwrap()[0].due_at, "2026-12-29T09:00:00.000Z");

        // That list has no 2027: in December every desk's status bar says so, for the admin.
        ktpel_core::time::set_thread_clock(Some(now));
        let warned = st.status().unwrap().warnings;
        ktpel_core::time::set_thread_clock(None);
        assert!(warned.iter().any(|w| w.contains("belum memuat tahun 2027") && w.contains("Pengaturan")), "{warned:?}");
    }
}

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
}

/// One request through the desk on the test clock: print started, printed, registered, handed
/// over at the given office (WIB) times of 24 November 2026.
fn served(st: &mut ktpel_core::Station, a: &Actors, request: &str, serial: &str, times: [&str; 4], handed: bool) {
    use ktpel_core::spool::FollowOutcome;
    use ktpel_core::time::set_thread_clock;
    let t = |hm: &str| at(&format!("2026-11-24T{hm}{}+07:00", if hm.len() == 5 { ":00" } else { "" }));
    let (target, info) = ktpel_tests::answered_printer();
    set_thread_clock(Some(t(times[0])));
    let plan = st.begin_print(&a.operator, request, serial, target, &info).unwrap();
    st.record_submit(&a.operator, &plan, &Ok(100 + plan.attempt_id as i32)).unwrap();
    set_thread_clock(Some(t(times[1])));
    st.record_end(&a.operator, plan.attempt_id, request, &FollowOutcome::Completed).unwrap();
    set_thread_clock(Some(t(times[2])));
    st.confirm_ok(&a.operator, request).unwrap();
    if handed {
        set_thread_clock(Some(t(times[3])));
        st.handover(&a.operator, request, "PEMOHON", None, true).unwrap();
    }
    set_thread_clock(None);
}

ktpel_tests::on_both_stores! {
    /// The service report measures each step on the clock the desk kept and sets it against the
    /// per-step standard (5 / 1 / 1 minutes) and the whole promise (15 minutes in office; remote
    /// ready the next working day), with the shares per step, officer and channel.
    fn the_service_report_times_every_step_against_its_standard() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let mut st = k.station();
        let a = actors(&mut st);
        let mut recs = ktpel_tests::records::good(3, "REQ-");
        for (r, (channel, submitted, approved)) in recs.iter_mut().zip([
            ("loket", "08:00", "08:02"),
            ("loket", "08:00", "08:05"),
            ("paktuwa", "08:00", "09:30"),
        ]) {
            r["channel"] = serde_json::json!(channel);
            r["submitted_at"] = serde_json::json!(format!("2026-11-24T{submitted}:00+07:00"));
            r["approved_at"] = serde_json::json!(format!("2026-11-24T{approved}:00+07:00"));
        }
        st.import_text(&a.operator, &ktpel_tests::records::jsonl(&recs), false).unwrap();
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000005").unwrap();
        // On time in every step: 3 min print, 30 s register, 30 s handover, 7 min in all.
        served(&mut st, &a, "REQ-0001", "KT000001", ["08:03", "08:06", "08:06:30", "08:07"], true);
        // Late in every step: 7 min print, 3 register, 2 handover, 22 in all.
        served(&mut st, &a, "REQ-0002", "KT000002", ["08:10", "08:17", "08:20", "08:22"], true);
        // Remote: ready the same day, collected another day (not measured as a handover).
        served(&mut st, &a, "REQ-0003", "KT000003", ["10:00", "10:04", "10:05", "10:06"], false);
        drop(st);

        let json: serde_json::Value = serde_json::from_str(&k.ok(None, &["report", "service", "--date", "2026-11-24", "--format", "json"])).unwrap();
        let req = |id: &str| json["requests"].as_array().unwrap().iter().find(|r| r["request_id"] == id).cloned().unwrap();
        let r1 = req("REQ-0001");
        assert_eq!((r1["wait_minutes"].as_f64(), r1["print_minutes"].as_f64(), r1["register_minutes"].as_f64(), r1["handover_minutes"].as_f64(), r1["total_minutes"].as_f64()), (Some(1.0), Some(3.0), Some(0.5), Some(0.5), Some(7.0)), "{r1}");
        assert_eq!(r1["on_time"], true);
        let r2 = req("REQ-0002");
        assert_eq!((r2["print_minutes"].as_f64(), r2["register_minutes"].as_f64(), r2["handover_minutes"].as_f64(), r2["total_minutes"].as_f64()), (Some(7.0), Some(3.0), Some(2.0), Some(22.0)), "{r2}");
        assert_eq!(r2["on_time"], false);
        let r3 = req("REQ-0003");
        assert_eq!((r3["handover_minutes"].clone(), r3["on_time"].clone(), r3["due_at"].as_str()), (serde_json::Value::Null, serde_json::json!(true), Some("2026-11-25T09:00:00.000Z")), "{r3}");

        let step = |k: &str| json["steps"].as_array().unwrap().iter().find(|s| s["key"] == k).cloned().unwrap();
        assert_eq!((step("overall")["measured"].as_i64(), step("overall")["on_time"].as_i64()), (Some(3), Some(2)));
        assert_eq!((step("print")["measured"].as_i64(), step("print")["on_time"].as_i64(), step("print")["standard_minutes"].as_i64()), (Some(3), Some(2), Some(5)));
        assert_eq!((step("register")["measured"].as_i64(), step("register")["on_time"].as_i64()), (Some(3), Some(2)));
        assert_eq!((step("handover")["measured"].as_i64(), step("handover")["on_time"].as_i64()), (Some(2), Some(1)));
        let channel = |k: &str| json["by_channel"].as_array().unwrap().iter().find(|s| s["key"] == k).cloned().unwrap();
        assert_eq!(channel("loket")["share"].as_f64(), Some(0.5));
        assert_eq!(channel("paktuwa")["share"].as_f64(), Some(1.0));
        assert_eq!(json["by_officer"][0]["key"], "ani");
        assert_eq!(json["load_by_hour"], serde_json::json!([{ "label": "08", "count": 2 }, { "label": "09", "count": 1 }]));
        let bands: Vec<i64> = json["distribution"].as_array().unwrap().iter().map(|b| b["count"].as_i64().unwrap()).collect();
        assert_eq!(bands, [0, 1, 0, 0, 1, 0], "7 min in 5–10, 22 in 20–30");

        // A stricter print standard changes the verdicts, not the times.
        k.ok(Some(ADMIN), &["settings", "set", "service.minutes_print", "2"]);
        let strict: serde_json::Value = serde_json::from_str(&k.ok(None, &["report", "service", "--month", "2026-11"])).unwrap();
        let print = strict["steps"].as_array().unwrap().iter().find(|s| s["key"] == "print").cloned().unwrap();
        assert_eq!((print["on_time"].as_i64(), print["standard_minutes"].as_i64()), (Some(0), Some(2)));
        assert_eq!(strict["working_days"].as_i64(), Some(21), "November 2026: 21 weekdays, no holiday");

        // The paper: A4, the shares and the charts' figures.
        let out = dir.path().join("kinerja.pdf");
        k.ok(None, &["report", "service", "--date", "2026-11-24", "--format", "pdf", "--out", &out.to_string_lossy()]);
        keep(&out, "kinerja-2026-11-24.pdf");
        let text = pdf::text(&out);
        for needed in ["LAPORAN KINERJA LAYANAN KTP-EL", "Tepat waktu per langkah", "Seluruh layanan", "Beban per jam", "Sebaran waktu layanan", "REQ-0002", "TERLAMBAT", "67%"] {
            assert!(text.contains(needed), "{needed:?} missing:\n{text}");
        }
        // The month's paper lists the late request and counts the ones on time.
        let month = dir.path().join("kinerja-bulan.pdf");
        k.ok(None, &["report", "service", "--month", "2026-11", "--format", "pdf", "--out", &month.to_string_lossy()]);
        let text = pdf::text(&month).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("Permohonan terlambat atau belum selesai") && text.contains("2 permohonan tepat waktu tidak dirinci"), "{text}");
        assert!(text.contains("REQ-0002") && !text.contains("REQ-0001") && !text.contains("REQ-0003"), "{text}");
        let bad = k.run(None, &["report", "service", "--month", "2026-13"]);
        assert!(ktpel_tests::text(&bad.stderr).contains("--month"), "{}", ktpel_tests::text(&bad.stderr));
    }
}

ktpel_tests::on_both_stores! {
    /// The month's papers upward: blank usage over the month and a line per day, spoiled cards
    /// by reason, and the destructions with their serials — the PDF and the workbook agree.
    fn the_monthly_report_sums_the_month_and_lists_its_destructions() {
        use ktpel_core::time::set_thread_clock;
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let mut st = k.station();
        let a = actors(&mut st);
        let mut recs = ktpel_tests::records::good(2, "REQ-");
        for r in recs.iter_mut() {
            r["channel"] = serde_json::json!("loket");
            r["submitted_at"] = serde_json::json!("2026-11-24T07:50:00+07:00");
            r["approved_at"] = serde_json::json!("2026-11-24T07:55:00+07:00");
        }
        set_thread_clock(Some(at("2026-11-03T08:00:00+07:00")));
        st.receive_blanko_range(&a.supervisor, "BA-11", "KT000001", "KT000010").unwrap();
        st.import_text(&a.operator, &ktpel_tests::records::jsonl(&recs), false).unwrap();
        served(&mut st, &a, "REQ-0001", "KT000001", ["08:03", "08:06", "08:07", "08:08"], true);
        set_thread_clock(Some(at("2026-11-24T09:00:00+07:00")));
        print_answered(&mut st, &a.operator, "REQ-0002", "KT000002", true);
        st.confirm_spoiled(&a.operator, "REQ-0002", SpoilReason::LaminasiMengelupas, "").unwrap();
        st.disable_spoiled(&a.operator, &["KT000002".to_string()]).unwrap();
        set_thread_clock(Some(at("2026-11-25T10:00:00+07:00")));
        st.record_destruction(&a.supervisor, "BA-PMS/02/XI/2026", chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), &["Siti".into(), "Joko".into()], &["KT000002".to_string()]).unwrap();
        set_thread_clock(None);
        drop(st);

        let m: serde_json::Value = serde_json::from_str(&k.ok(None, &["report", "monthly", "--month", "2026-11", "--format", "json"])).unwrap();
        let line = |key: &str| m["summary"].as_array().unwrap().iter().find(|l| l["key"] == key).map(|l| l["value"].as_i64().unwrap());
        assert_eq!((line("opening_stock"), line("received"), line("printed_good"), line("spoiled"), line("closing_stock")), (Some(0), Some(10), Some(1), Some(1), Some(8)), "{}", m["summary"]);
        assert_eq!(m["days"].as_array().unwrap().len(), 30);
        let day = |d: &str| m["days"].as_array().unwrap().iter().find(|x| x["date"] == d).cloned().unwrap();
        assert_eq!((day("2026-11-03")["received"].as_i64(), day("2026-11-03")["closing_stock"].as_i64()), (Some(10), Some(10)));
        assert_eq!((day("2026-11-24")["printed_good"].as_i64(), day("2026-11-24")["spoiled"].as_i64(), day("2026-11-24")["closing_stock"].as_i64()), (Some(1), Some(1), Some(8)));
        assert_eq!(m["spoiled_by_reason"][0]["label"], "laminasi mengelupas (suhu salah)");
        assert_eq!(m["destructions"][0]["serials"], serde_json::json!(["KT000002"]));

        let out = dir.path().join("bulanan.pdf");
        k.ok(None, &["report", "monthly", "--month", "2026-11", "--out", &out.to_string_lossy()]);
        keep(&out, "laporan-bulanan-2026-11.pdf");
        let flat = pdf::text(&out).split_whitespace().collect::<Vec<_>>().join(" ");
        for needed in ["1. Bupati Magetan", "2. Gubernur Jawa Timur", "LAPORAN BULANAN PEMAKAIAN DAN PEMUSNAHAN BLANKO KTP-EL", "Bulan November 2026", "Dimusnahkan (berita acara bulan ini) 1", "Berita acara BA-PMS/02/XI/2026 · 2026-11-25", "1 (satu) keping", "Nomor seri: KT000002", "2026-11-24 0 1 1 8"] {
            assert!(flat.contains(needed), "{needed:?} missing:\n{flat}");
        }

        let xlsx = dir.path().join("bulanan.xlsx");
        k.ok(None, &["report", "monthly", "--month", "2026-11", "--format", "xlsx", "--out", &xlsx.to_string_lossy()]);
        use calamine::{Data, Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let days = book.worksheet_range("Harian").unwrap();
        let row = days.rows().find(|r| r[0] == Data::String("2026-11-24".into())).unwrap().to_vec();
        assert_eq!(row[2..], [Data::Float(1.0), Data::Float(1.0), Data::Float(8.0)]);
        let gone = book.worksheet_range("Pemusnahan").unwrap();
        assert_eq!(gone.rows().nth(1).map(|r| r[2].clone()), Some(Data::String("KT000002".into())));
        let bad = k.run(None, &["report", "monthly", "--month", "2026-11", "--format", "xlsx"]);
        assert!(ktpel_tests::text(&bad.stderr).contains("--out"));
    }
}

/// What a person reads on an image: Debian's tesseract OCR over the PNG.
fn ocr(path: &std::path::Path) -> String {
    let out = std::process::Command::new("tesseract").arg(path).arg("-").output().expect("tesseract (tesseract-ocr) is installed by the test command");
    ktpel_tests::text(&out.stdout)
}

/// The day's stock as posted: a square image of at least 1080 px and an A4 poster, with the
/// office's name, the day and the figure the stock has; the lobby's figures carry no person.
#[test]
fn the_public_poster_and_the_lobby_show_the_stock_and_no_person() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let mut st = k.station();
    let a = actors(&mut st);
    st.set_setting(&a.admin, "office.kabupaten", "KULON PROGO").unwrap();
    stocked(&mut st, &a, 4, 1250);
    print_answered(&mut st, &a.operator, "REQ-0001", "KT000001", true);
    st.confirm_ok(&a.operator, "REQ-0001").unwrap();
    print_answered(&mut st, &a.operator, "REQ-0002", "KT000002", true);
    drop(st);

    let png = dir.path().join("stok.png");
    let said: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "blanko", "poster", "--out", &png.to_string_lossy()])).unwrap();
    assert_eq!(said["in_stock"], 1248);
    keep(&png, "poster-stok-blanko.png");
    let img = image::open(&png).unwrap();
    assert!(img.width() >= 1080 && img.width() == img.height(), "{}×{}", img.width(), img.height());
    let read = ocr(&png);
    let today = ktpel_core::time::long_date(ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()));
    for needed in ["STOK BLANKO KTP-EL", "HARI INI", "1.248", "keping tersedia", "Kabupaten Kulon Progo", today.as_str()] {
        assert!(read.contains(needed), "{needed:?} not read from the image:\n{read}");
    }

    let a4 = dir.path().join("stok.pdf");
    k.ok(None, &["blanko", "poster", "--out", &a4.to_string_lossy()]);
    let (w, h) = pdf::page_size_mm(&a4);
    assert!((w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0, "A4, not {w}×{h}");
    let text = pdf::text(&a4);
    for needed in ["STOK BLANKO KTP-EL", "1.248", "KABUPATEN KULON PROGO", today.as_str(), "halaman"] {
        assert_eq!(text.contains(needed), needed != "halaman", "{needed:?} in:\n{text}");
    }
    let bad = k.run(None, &["blanko", "poster", "--out", &dir.path().join("stok.jpg").to_string_lossy()]);
    assert!(ktpel_tests::text(&bad.stderr).contains(".png"), "{}", ktpel_tests::text(&bad.stderr));

    // Saved from the window into the export folder: the file, and who saved it in the audit log.
    let mut st = k.station();
    let a = actors(&mut st);
    let saved = st.save_poster(&a.operator, &dir.path().join("ekspor"), ktpel_core::station::public_papers::PosterKind::Pdf).unwrap();
    assert!(saved.exists() && saved.file_name().unwrap().to_string_lossy().starts_with("stok-blanko-"), "{saved:?}");
    let logged = st.audit_of(&format!("file:{}", saved.file_name().unwrap().to_string_lossy())).unwrap();
    assert_eq!((logged.len(), logged[0].action.as_str(), logged[0].username.as_str()), (1, "blanko.poster", "ani"));
    assert_eq!(ktpel_core::station::action_words("blanko.poster"), "poster stok blanko disimpan");

    // The lobby: counts only.
    let lobby = st.lobby(ktpel_core::time::now()).unwrap();
    assert_eq!((lobby.waiting, lobby.printing, lobby.ready, lobby.handed_over_today, lobby.stock.in_stock), (2, 1, 1, 0, 1248));
    let json = serde_json::to_string(&lobby).unwrap();
    for r in ktpel_tests::records::good(4, "REQ-") {
        let (nik, nama) = (r["person"]["nik"].as_str().unwrap(), r["person"]["nama"].as_str().unwrap());
        assert!(!json.contains(nik) && !json.contains(nama), "{json}");
    }
}
