//! Nasty records, kept as a regression test: wrong types in every field, 10 MB strings, huge and
//! corrupt images, control characters, right-to-left overrides, SQL-looking text, emoji in names,
//! deep nesting, numbers out of range, plus the files in `fixtures/nasty/` (fuzz findings and
//! hand-made cases). Each is imported (through the import and through the feed's page parser):
//! nothing panics, a refusal names the field, what is accepted reads back exactly as sent and
//! lays out as a card, and the database stays sound.

use std::io::Cursor;

use base64::Engine;
use ktpel_core::feed::client::parse_page;
use ktpel_core::Station;
use ktpel_tests::{core_station, records};
use serde_json::{json, Value};

/// A good record with one field replaced.
fn with(base: &Value, id: &str, path: &[&str], value: Value) -> Value {
    let mut v = base.clone();
    v["request_id"] = json!(id);
    let mut cur = &mut v;
    for p in &path[..path.len() - 1] {
        cur = &mut cur[*p];
    }
    cur[path[path.len() - 1]] = value;
    v
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 200, 200]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG whose header claims 60000 × 60000 pixels (a decompression bomb's promise).
fn png_claiming_huge() -> Vec<u8> {
    let mut bytes = png(16, 16);
    // IHDR width and height sit at offsets 16 and 20; the CRC is then wrong, as in a forged file.
    bytes[16..20].copy_from_slice(&60000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&60000u32.to_be_bytes());
    bytes
}

fn b64(bytes: &[u8]) -> Value {
    json!(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// (record, the field a refusal must name; None: may be accepted).
fn nasty() -> Vec<(Value, Option<&'static str>)> {
    let base = records::good(1, "N-").remove(0);
    let ten_mb = "A".repeat(10 * 1024 * 1024);
    let jpeg = base["photo_jpeg_base64"].as_str().unwrap().to_string();
    let jpeg_bytes = base64::engine::general_purpose::STANDARD.decode(&jpeg).unwrap();
    let mut deep = json!("x");
    for _ in 0..200 {
        deep = json!([deep]);
    }
    let mut cases = vec![
        (with(&base, "N-NAMA-10MB", &["person", "nama"], json!(ten_mb.clone())), Some("person.nama")),
        (with(&base, "N-ALAMAT-10MB", &["person", "alamat"], json!(ten_mb.clone())), Some("person.alamat")),
        (with(&base, "N-FOTO-10MB", &["photo_jpeg_base64"], json!(ten_mb.clone())), Some("photo_jpeg_base64")),
        (with(&base, &"X".repeat(100), &["service"], json!("baru")), Some("request_id")),
        (with(&base, "N-FOTO-BESAR", &["photo_jpeg_base64"], b64(&png_claiming_huge())), Some("photo_jpeg_base64")),
        (with(&base, "N-FOTO-TERPOTONG", &["photo_jpeg_base64"], b64(&jpeg_bytes[..jpeg_bytes.len() / 3])), Some("photo_jpeg_base64")),
        (with(&base, "N-FOTO-PNG", &["photo_jpeg_base64"], b64(&png(400, 500))), Some("photo_jpeg_base64")),
        (with(&base, "N-TTD-BESAR", &["signature_png_base64"], b64(&png_claiming_huge())), Some("signature_png_base64")),
        (with(&base, "N-NUL", &["person", "nama"], json!("SITI\u{0000}AMINAH")), Some("person.nama")),
        (with(&base, "N-BEL", &["person", "alamat"], json!("JL. MAWAR\u{0007} 1")), Some("person.alamat")),
        (with(&base, "N-NEWLINE", &["person", "nama"], json!("SITI\nAMINAH")), Some("person.nama")),
        (with(&base, "N-RTL", &["person", "nama"], json!("\u{202E}HANIMA ITIS")), Some("person.nama")),
        (with(&base, "N-EMOJI", &["person", "nama"], json!("👩‍👩‍👧 SITI")), Some("person.nama")),
        (with(&base, "N-SQL-NAMA", &["person", "nama"], json!("O'NEIL' OR 'A'-'A'--")), None),
        (with(&base, "N-SQL-ALAMAT", &["person", "alamat"], json!("JL. ' OR '1' - '1' --")), None),
        // Spreadsheet formulas (CSV injection): an address holds none of = + @ * | !
        (with(&base, "N-CSV-PLUS", &["person", "alamat"], json!("+SUM(1+1)*cmd|' /C calc'!A0")), Some("person.alamat")),
        (with(&base, "N-CSV-EQ", &["person", "alamat"], json!("=1+1")), Some("person.alamat")),
        (with(&base, "N-CSV-MINUS", &["person", "alamat"], json!("-2+3")), Some("person.alamat")),
        (with(&base, "N-CSV-AT", &["person", "kel_desa"], json!("@SUM(1)")), Some("person.kel_desa")),
        (with(&base, "N-ARRAY", &["person", "nama"], json!(["SITI"])), Some("person.nama")),
        (with(&base, "N-OBJECT", &["person"], json!("SITI")), Some("person")),
        (with(&base, "N-NULL", &["service"], Value::Null), Some("service")),
        (with(&base, "N-NUMBER", &["person", "nik"], json!(3520014101900001u64)), Some("person.nik")),
        (with(&base, "N-FLOAT", &["person", "rt"], json!(1e300)), Some("person.rt")),
        (with(&base, "N-BOOL", &["requirements"], json!(true)), Some("requirements")),
        (with(&base, "N-DEEP", &["person", "agama"], deep), Some("person.agama")),
        (with(&base, "N-TANGGAL", &["person", "tanggal_lahir"], json!("1990-02-30")), Some("person.tanggal_lahir")),
        (with(&base, "N-TAHUN", &["approved_at"], json!("+275760-09-13T00:00:00Z")), Some("approved_at")),
        (json!([1, 2, 3]), Some("(record)")),
        (json!("teks"), Some("(record)")),
    ];
    // Files kept from fuzzing and by hand: each one line of JSON, refused or accepted.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/nasty");
    let mut files: Vec<_> = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            cases.push((v, None));
        }
    }
    cases
}

fn import_one(st: &mut Station, actor: &ktpel_core::auth::Actor, record: &Value) -> ktpel_core::station::ImportSummary {
    st.import_values(actor, vec![(1, Ok(record.clone()))], false).expect("an import never fails as a whole for one bad record")
}

ktpel_tests::on_both_stores! {
    fn nasty_records_are_refused_by_field_or_kept_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let cases = nasty();
        assert!(cases.len() >= 26);
        for (record, field) in &cases {
            let id = record.get("request_id").and_then(Value::as_str).unwrap_or("(none)").chars().take(24).collect::<String>();
            let summary = import_one(&mut st, &a.operator, record);
            match (field, summary.imported) {
                (Some(field), 0) => {
                    let reason = summary.rejected.first().map(|r| r.reason.clone()).unwrap_or_default();
                    assert!(reason.contains(field), "{id}: refusal must name {field}: {reason}");
                    assert!(reason.len() < 2000, "{id}: the reason does not echo the 10 MB value");
                }
                (Some(field), _) => panic!("{id}: accepted, but {field} is wrong"),
                (None, 1) => {
                    // Stored exactly as sent, and it lays out as a card.
                    let stored = st.request(record["request_id"].as_str().unwrap()).unwrap();
                    // (Texts are stored in capitals, as printed.)
                    assert_eq!(stored.person.nama, record["person"]["nama"].as_str().unwrap().to_uppercase(), "{id}");
                    assert_eq!(stored.person.alamat, record["person"]["alamat"].as_str().unwrap().to_uppercase(), "{id}");
                    let pdf = st.preview(&stored.request_id, None).unwrap();
                    assert!(pdf.starts_with(b"%PDF-"), "{id}");
                }
                (None, _) => {
                    let reason = summary.rejected.first().map(|r| r.reason.clone()).unwrap_or_default();
                    assert!(!reason.is_empty() && reason.len() < 2000, "{id}: a refusal says why: {reason}");
                }
            }
        }
        // The SQL-looking texts did nothing but be stored.
        assert_eq!(st.request("N-SQL-NAMA").unwrap().person.nama, "O'NEIL' OR 'A'-'A'--");
        assert_eq!(st.request("N-SQL-ALAMAT").unwrap().person.alamat, "JL. ' OR '1' - '1' --");
        ktpel_tests::invariants::all(&st).unwrap();
    }
}

#[test]
fn nasty_files_and_feed_pages_are_refused_whole_or_by_line() {
    // Import files: bad lines are errors for that line; a broken array is one clear error.
    for (text, expect) in [
        ("\u{feff}[{\"request_id\": 1}]", Ok(1)),
        ("{\"a\":1}\n\u{0000}\n[\n", Ok(3)),
        ("[{\"request_id\": \"X\"}", Err("berkas")),
        (&*format!("{}x", "[".repeat(10_000)), Err("berkas")),
    ] {
        match (ktpel_core::station::import_records(text), expect) {
            (Ok(r), Ok(n)) => assert_eq!(r.len(), n, "{text:.40}"),
            (Err(e), Err(field)) => assert!(e.to_string().contains(field), "{e}"),
            (got, want) => panic!("{text:.40}: {got:?} vs {want:?}"),
        }
    }
    // Feed pages: anything but {"requests": [...], "next": text|null} is refused in words.
    let good = json!({ "requests": records::good(1, "F-"), "next": "1" }).to_string();
    assert_eq!(parse_page(good.as_bytes()).unwrap().records.len(), 1);
    for body in [&b"{"[..], b"null", b"[]", b"{\"requests\": {}}", b"{\"requests\": [], \"next\": 5}", &[0xff, 0xfe, 0x00][..]] {
        let err = parse_page(body).unwrap_err();
        assert_eq!(err.code(), "feed", "{err}");
    }
    let long_cursor = json!({ "requests": [], "next": "9".repeat(5000) }).to_string();
    assert!(parse_page(long_cursor.as_bytes()).unwrap_err().to_string().contains("next"));
}
