//! The card PDF as the printer and the officer see it: exact ID-1 size, embedded subset fonts,
//! every word of a long name or address present (never clipped), calibration shifting the print,
//! SPESIMEN only where it belongs, English labels for foreigners.

use ktpel_tests::{core_station, pdf, records, Actors};
use serde_json::json;

fn import(st: &mut ktpel_core::Station, a: &Actors, record: serde_json::Value, demo: bool) {
    let s = st.import_text(&a.operator, &record.to_string(), demo).unwrap();
    assert_eq!(s.imported, 1, "{s:?}");
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn card_is_id1_with_subset_fonts_and_all_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    import(&mut st, &a, records::good(1, "C-").remove(0), false);
    let path = write(dir.path(), "c.pdf", &st.preview("C-0001", None).unwrap());
    let (w, h) = pdf::page_size_mm(&path);
    assert!((w - 85.60).abs() < 0.02 && (h - 53.98).abs() < 0.02, "{w} × {h}");
    let fonts = pdf::fonts(&path);
    assert!(!fonts.is_empty() && fonts.iter().all(|(_, emb, sub)| *emb && *sub), "{fonts:?}");
    let text = pdf::text(&path);
    for expected in [
        "PROVINSI JAWA TIMUR", "KABUPATEN MAGETAN", "NIK", "3520065403920001", "SITI NURHALIZA RAHMAWATI", "Tempat/Tgl Lahir",
        "MAGETAN, 14-03-1992", "PEREMPUAN", "Gol. Darah", "Alamat", "RT/RW", "001/001", "Kel/Desa", "SELOSARI", "Kecamatan",
        "Agama", "ISLAM", "Status Perkawinan", "KAWIN", "Pekerjaan", "Kewarganegaraan", "WNI", "Berlaku Hingga", "SEUMUR HIDUP",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Not a demo request, no specimen printer: no SPESIMEN mark.
    assert!(!text.contains("SPESIMEN"), "{text}");
    // The photo is embedded at print resolution (300 dpi for its 19.5 × 24.5 mm box), not the upload's.
    let images = pdf::images(&path);
    assert_eq!(images.len(), 1, "{images:?}");
    let (w, h, ppi) = images[0];
    assert_eq!((w, h), (230, 289), "photo pixels");
    assert!((ppi - 300.0).abs() < 2.0, "photo at {ppi} ppi");
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
}

#[test]
fn long_name_and_address_wrap_or_shrink_never_clip() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let mut r = records::good(1, "L-").remove(0);
    let name = "SRI RATU AYU KUSUMA WARDHANI PUSPITANINGRUM HADININGRAT SOSRODIPURO";
    let address = "DUSUN KRAJAN KIDUL JALAN RAYA SARANGAN GANG MELATI PUTIH NOMOR 117 BELAKANG PASAR";
    r["person"]["nama"] = json!(name);
    r["person"]["alamat"] = json!(address);
    import(&mut st, &a, r, false);
    let path = write(dir.path(), "l.pdf", &st.preview("L-0001", None).unwrap());
    let words: Vec<String> = pdf::words(&path).into_iter().map(|w| w.0).collect();
    for word in name.split_whitespace().chain(address.split_whitespace()) {
        assert!(words.iter().any(|w| w == word), "{word} clipped; words: {words:?}");
    }
    // Every word lies inside the card.
    for (word, x, y) in pdf::words(&path) {
        assert!(x >= 0.0 && x < 242.6 && y >= 0.0 && y < 153.0, "{word} at {x},{y} is off the card");
    }
}

#[test]
fn no_two_words_overlap_on_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    // Every demo resident (short, long and two-line names, each blood group and service), plus the
    // widest values of each code list.
    let mut all = records::good(8, "O-");
    let mut wide = records::good(1, "O-W").remove(0);
    wide["person"]["golongan_darah"] = json!("AB+");
    wide["person"]["agama"] = json!("KEPERCAYAAN TERHADAP TUHAN YME");
    wide["person"]["status_perkawinan"] = json!("CERAI HIDUP");
    wide["person"]["pekerjaan"] = json!("PEGAWAI NEGERI SIPIL (PNS) DAN ANGGOTA BADAN PERMUSYAWARATAN DESA");
    all.push(wide);
    let mut foreigner = records::good(1, "O-F").remove(0);
    foreigner["person"]["kewarganegaraan"] = json!("WNA");
    foreigner["person"]["berlaku_hingga"] = json!("2031-05-01");
    all.push(foreigner);
    for r in all {
        let id = r["request_id"].as_str().unwrap().to_string();
        import(&mut st, &a, r, false);
        let path = write(dir.path(), "o.pdf", &st.preview(&id, None).unwrap());
        let boxes = pdf::boxes(&path);
        for (i, (wa, a)) in boxes.iter().enumerate() {
            for (wb, b) in &boxes[i + 1..] {
                // Overlap by more than a hair (0.3 pt) in both directions.
                let overlap = a[0] < b[2] - 0.3 && b[0] < a[2] - 0.3 && a[1] < b[3] - 0.3 && b[1] < a[3] - 0.3;
                assert!(!overlap, "{id}: '{wa}' {a:?} overlaps '{wb}' {b:?}");
            }
        }
    }
}

#[test]
fn a_name_that_cannot_fit_is_an_error_not_a_clipped_card() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let mut r = records::good(1, "W-").remove(0);
    r["person"]["nama"] = json!("W".repeat(150));
    import(&mut st, &a, r, false);
    let err = st.preview("W-0001", None).unwrap_err();
    assert_eq!(err.code(), "layout");
    assert!(err.to_string().contains("nama"), "{err}");
}

#[test]
fn calibration_offset_shifts_everything_and_specimen_printers_mark_cards() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    import(&mut st, &a, records::good(1, "K-").remove(0), false);
    let plain = write(dir.path(), "p.pdf", &st.preview("K-0001", None).unwrap());
    st.set_printer(&a.admin, "KARTU-1", ktpel_core::card::Calibration::new(1.5, -0.8).unwrap(), true).unwrap();
    let shifted = write(dir.path(), "s.pdf", &st.preview("K-0001", Some("KARTU-1")).unwrap());
    let nik = |p: &std::path::Path| pdf::words(p).into_iter().find(|w| w.0 == "3520065403920001").unwrap();
    let (a0, b0) = (nik(&plain), nik(&shifted));
    let mm = |pt: f64| pt * 25.4 / 72.0;
    assert!((mm(b0.1 - a0.1) - 1.5).abs() < 0.05, "x shift {}", mm(b0.1 - a0.1));
    assert!((mm(b0.2 - a0.2) + 0.8).abs() < 0.05, "y shift {}", mm(b0.2 - a0.2));
    assert!(pdf::text(&shifted).contains("SPESIMEN"));
    assert!(ktpel_core::card::Calibration::new(9.0, 0.0).is_err());
}

#[test]
fn demo_requests_are_specimens_and_foreigners_get_english_labels() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let mut r = records::good(1, "F-").remove(0);
    r["person"]["kewarganegaraan"] = json!("WNA");
    r["person"]["berlaku_hingga"] = json!("2031-05-01");
    import(&mut st, &a, r, true);
    let path = write(dir.path(), "f.pdf", &st.preview("F-0001", None).unwrap());
    let text = pdf::text(&path);
    for expected in ["Name", "Place/Date of Birth", "Nationality", "Valid Until", "01-05-2031", "SPESIMEN"] {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
}

#[test]
fn the_screen_preview_is_drawn_from_the_same_layout_as_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let mut r = records::good(1, "S-").remove(0);
    r["person"]["nama"] = json!("SRI RATU AYU KUSUMA WARDHANI PUSPITANINGRUM HADININGRAT");
    import(&mut st, &a, r, true);
    let request = st.request("S-0001").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let layout = st.card_layout(&request, None, false, today).unwrap();
    let svg = ktpel_core::card::svg::to_svg(&layout);
    let path = write(dir.path(), "s.pdf", &st.card_pdf(&request, None, false, today).unwrap().pdf);
    let pdf_words = pdf::boxes(&path);
    let mut checked = 0;
    for item in &layout.items {
        if let ktpel_core::card::layout::Item::Text { x_mm, text, angle_deg, .. } = item {
            // Each line of text is in the SVG at the layout's position…
            assert!(svg.contains(&format!("x=\"{x_mm}\"")), "{text} not placed at {x_mm} in the SVG");
            assert!(svg.contains(&text.replace('&', "&amp;")), "{text} missing from the SVG");
            // …and its first word starts at the same place in the PDF.
            let first = text.split_whitespace().next().unwrap();
            if *angle_deg == 0.0 && first != ":" {
                let x_pt = *x_mm as f64 * 72.0 / 25.4;
                assert!(
                    pdf_words.iter().any(|(w, b)| w == first && (b[0] - x_pt).abs() < 0.6),
                    "{first} not at {x_pt:.1} pt in the PDF"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 25, "only {checked} texts compared");
    // The name was wrapped to two lines in both.
    assert!(svg.contains(">SRI RATU AYU KUSUMA WARDHANI<") || svg.matches("HADININGRAT").count() == 1);
    assert_eq!(svg.matches("<image").count(), 1, "the photo is in the preview");
    assert!(svg.contains("SPESIMEN"), "demo request: the preview shows the mark too");
    // The API the app uses gives the same drawing.
    assert!(st.preview_svg("S-0001", None).unwrap().starts_with("<svg"));
}
