//! Photos and signatures are stored as the card prints them: the template's boxes at 300 dpi, not
//! the upload. A fresh import stores them so; an older database is converted by its migration,
//! and its cards lay out exactly as before.

use base64::Engine;
use ktpel_core::card::{photo, CardInput, CardTemplate};
use ktpel_tests::{core_station, records};
use rusqlite::Connection;

/// A camera-sized photo (1200 × 1600, fine detail, as a studio upload): hundreds of KB.
fn upload_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1200, 1600, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104729)).wrapping_mul(2654435761) >> 27;
        image::Rgb([(x / 5 % 256) as u8 ^ n as u8, (y / 7 % 256) as u8, ((x + y) / 9 % 256) as u8])
    });
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)).unwrap();
    out
}

fn size_of_jpeg(bytes: &[u8]) -> (u32, u32) {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).map(|i| (i.width(), i.height())).unwrap()
}

ktpel_tests::on_both_stores! {
    fn an_imported_photo_is_stored_at_the_cards_print_size() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let upload = upload_photo();
        assert!(upload.len() > 300_000, "a real upload's size: {}", upload.len());
        let mut record = records::good(1, "REQ-").remove(0);
        record["photo_jpeg_base64"] = serde_json::json!(base64::engine::general_purpose::STANDARD.encode(&upload));
        let summary = st.import_text(&a.operator, &record.to_string(), false).unwrap();
        assert_eq!(summary.imported, 1, "{summary:?}");
        let request = st.request("REQ-0001").unwrap();
        let stored = st.store().read(|c| c.requests_images(request.id)).unwrap();
        let t = CardTemplate::builtin().unwrap();
        assert_eq!(size_of_jpeg(&stored.photo_jpeg), (photo::pixels_for(t.photo.width_mm), photo::pixels_for(t.photo.height_mm)), "the photo box at 300 dpi");
        assert!(stored.photo_jpeg.len() < upload.len() / 3, "stored {} bytes of a {}-byte upload", stored.photo_jpeg.len(), upload.len());
        // The card uses the stored bytes as they are: no resampling at print time.
        let layout = st.card_layout(&request, None, false, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
        let placed = layout.items.iter().find_map(|i| match i {
            ktpel_core::card::layout::Item::Image { png: false, bytes, .. } => Some(bytes.clone()),
            _ => None,
        });
        assert_eq!(placed.as_deref(), Some(stored.photo_jpeg.as_slice()));
    }
}

fn image_items(layout: &ktpel_core::card::CardLayout) -> Vec<(Vec<u8>, (u32, u32))> {
    layout
        .items
        .iter()
        .filter_map(|i| match i {
            ktpel_core::card::layout::Item::Image { bytes, px, .. } => Some((bytes.clone(), *px)),
            _ => None,
        })
        .collect()
}

/// A station's v6 database whose requests hold their photos as uploaded opens in the new
/// station: each photo and signature is fitted once, by the migration, and the card laid out
/// from it is the card the old station laid out from the upload — the same image bytes.
#[test]
fn a_v6_database_gets_print_ready_photos_and_its_cards_are_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite");
    let record = records::good(1, "REQ-").remove(0);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let req = ktpel_core::domain::ApprovedRequest::parse(&record, today).unwrap();
    let upload = upload_photo();
    let signature = {
        let img = image::RgbaImage::from_fn(900, 300, |x, y| image::Rgba([0, 0, 0, if (x / 3 + y / 2) % 17 < 3 { 255 } else { 0 }]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    {
        let mut c = Connection::open(&path).unwrap();
        ktpel_core::store::migrations().to_version(&mut c, 6).unwrap();
        c.execute(
            "INSERT INTO requests (request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
                 person_json, nik, nama, photo_jpeg, signature_png, payload_sha256, status, imported_at, imported_by)
             VALUES ('REQ-0001', 'baru', 'loket', '2026-11-02T01:00:00Z', '2026-11-02T01:05:00Z', 'kasi', ?6, ?1,
                 ?2, ?3, ?4, ?5, 'abc', 'queued', '2026-11-02T01:06:00Z', 'ani')",
            rusqlite::params![serde_json::to_string(&req.person).unwrap(), req.person.nik, req.person.nama, upload, signature, serde_json::to_string(&req.requirements).unwrap()],
        )
        .unwrap();
    }
    // The old station laid the card out from the upload (the layout fits what is not yet fitted).
    let t = CardTemplate::builtin().unwrap();
    let input = CardInput { person: &req.person, photo_jpeg: &upload, signature_png: Some(&signature), issue_place: "MAGETAN", issue_date: today, specimen: false, calibration: Default::default() };
    let before = image_items(&ktpel_core::card::layout::layout(&t, &input).unwrap());

    let st = ktpel_core::Station::open(&path).unwrap();
    let request = st.request("REQ-0001").unwrap();
    let stored = st.store().read(|c| c.requests_images(request.id)).unwrap();
    assert_eq!(size_of_jpeg(&stored.photo_jpeg), (photo::pixels_for(t.photo.width_mm), photo::pixels_for(t.photo.height_mm)));
    assert!(stored.photo_jpeg.len() < upload.len() / 3, "stored {} bytes of a {}-byte upload", stored.photo_jpeg.len(), upload.len());
    let sig = image::load_from_memory_with_format(stored.signature_png.as_deref().unwrap(), image::ImageFormat::Png).unwrap();
    let (bw, bh) = (photo::pixels_for(t.signature.width_mm), photo::pixels_for(t.signature.height_mm));
    assert!(sig.width() <= bw && sig.height() <= bh && (sig.width() == bw || sig.height() == bh), "the signature fits its box at 300 dpi: {}×{}", sig.width(), sig.height());
    let after = image_items(&st.card_layout(&request, None, false, today).unwrap());
    assert_eq!(before.len(), 2, "photo and signature on the card");
    assert!(before == after, "the card's images are byte for byte what the old station printed");
    // Opened again, nothing more to do: the fitted images are kept as they are.
    drop(st);
    let again = ktpel_core::Station::open(&path).unwrap();
    assert_eq!(again.store().read(|c| c.requests_images(request.id)).unwrap().photo_jpeg, stored.photo_jpeg);
}
