//! The office's papers read back as the people who receive them would: the berita acara
//! pemusnahan (A4, its number and day, each destroyed blank with its chip and why it was spoiled,
//! the count in figures and words, the witnesses and the signature blocks), written when the
//! destruction is recorded and again later from the record alone.

use ktpel_core::station::SpoilReason;
use ktpel_core::store::adjustments::AdjustmentKind;
use ktpel_tests::{pdf, print_answered, station_with_users, stocked, Actors, ADMIN, OPERATOR, SUPERVISOR};

ktpel_tests::on_both_stores! {
    fn the_berita_acara_lists_every_destroyed_blank_with_its_chip_and_reason_and_can_be_printed_again() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let mut st = k.station();
        let a = Actors { admin: st.login(ADMIN.0, ADMIN.1).unwrap(), operator: st.login(OPERATOR.0, OPERATOR.1).unwrap(), supervisor: st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap() };
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
        drop(st);

        let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).to_string();
        let out = dir.path().join("ba.pdf");
        let mut args = vec!["--json", "blanko", "destroy", "--record", "BA-PMS/01/XII/2026", "--date", &today, "--witness", "Siti Aminah", "--witness", "Joko Santoso", "--witness", "Rina Wati"];
        let out_s = out.to_string_lossy().to_string();
        args.extend(["--out", &out_s]);
        args.extend(all.iter().map(String::as_str));
        let said: serde_json::Value = serde_json::from_str(&k.ok(Some(SUPERVISOR), &args)).unwrap();
        assert_eq!(said["serials"].as_array().map(Vec::len), Some(41), "{said}");
        assert_eq!(said["out"].as_str(), Some(out_s.as_str()));

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
        ] {
            assert!(flat.contains(needed), "{needed:?} missing from the berita acara:\n{text}");
        }
        // Every destroyed serial is on the paper, once.
        for s in &all {
            assert_eq!(text.matches(s.as_str()).count(), 1, "{s} in:\n{text}");
        }

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
    let a = Actors { admin: st.login(ADMIN.0, ADMIN.1).unwrap(), operator: st.login(OPERATOR.0, OPERATOR.1).unwrap(), supervisor: st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap() };
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
