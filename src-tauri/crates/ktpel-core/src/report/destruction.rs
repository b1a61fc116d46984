//! The berita acara pemusnahan on A4: the record's number and day in words, what was destroyed
//! (each blank's serial, its chip where known, why it was spoiled), the witnesses, and signature
//! blocks for the supervisor who carried it out, each witness, and the head of the office who
//! acknowledges it. The station reads the record back from the store, so the paper can be printed
//! again at any later time with the same content.

use chrono::NaiveDate;
use serde::Serialize;

use super::paper::{cell, place, Paper, LEFT};
use crate::error::Result;
use crate::store::adjustments::DestructionRecord;
use crate::time::{self, Zone};
use crate::words::terbilang;

/// One destroyed blank as the paper lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DestroyedBlank {
    pub serial: String,
    pub chip: Option<String>,
    /// How it left service: "rusak saat cetak: macet", "rusak di stok: …".
    pub why: String,
}

/// Everything the berita acara shows.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DestructionPaper {
    pub record: DestructionRecord,
    /// "KABUPATEN MAGETAN"
    pub office: String,
    pub blanks: Vec<DestroyedBlank>,
    pub zone: Zone,
}

const SIGN: &str = "(.............................)";

pub fn to_pdf(d: &DestructionPaper) -> Result<Vec<u8>> {
    let r = &d.record;
    let mut p = Paper::new(&format!("Berita acara pemusnahan {}", r.record_no))?;
    let day = NaiveDate::parse_from_str(&r.destroyed_on, "%Y-%m-%d").ok();
    let day_words = day.map(time::long_date).unwrap_or_else(|| r.destroyed_on.clone());
    let n = d.blanks.len() as u64;

    p.centred(10.0, true, &format!("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL {}", d.office));
    p.rule();
    p.gap(2.0);
    p.centred(13.0, true, "BERITA ACARA PEMUSNAHAN BLANKO KTP-EL RUSAK");
    p.centred(10.0, false, &format!("Nomor: {}", r.record_no));
    p.gap(4.0);
    p.paragraph(
        10.0,
        &format!(
            "Pada hari ini, {day_words}, bertempat di Dinas Kependudukan dan Pencatatan Sipil {}, telah dilakukan pemusnahan \
             blanko KTP-el rusak sebanyak {n} ({}) keping, yang sebelumnya telah dinonaktifkan dengan memotong sudutnya, \
             dengan rincian sebagai berikut:",
            place_words(&d.office),
            terbilang(n)
        ),
    );
    p.gap(2.0);
    let cols = [LEFT, 30.0, 68.0, 108.0];
    p.row(9.0, true, &[(cols[0], "No".into()), (cols[1], "Nomor seri".into()), (cols[2], "UID chip".into()), (cols[3], "Keterangan".into())]);
    for (i, b) in d.blanks.iter().enumerate() {
        p.row(9.0, false, &[
            (cols[0], (i + 1).to_string()),
            (cols[1], b.serial.clone()),
            (cols[2], b.chip.clone().unwrap_or_else(|| "-".into())),
            (cols[3], cell(&b.why, 48)),
        ]);
    }
    p.rule();
    p.row(9.0, true, &[(cols[0], format!("Jumlah: {n} ({}) keping", terbilang(n)))]);
    p.gap(3.0);
    p.paragraph(10.0, "Pemusnahan disaksikan oleh:");
    for (i, w) in r.witnesses.iter().enumerate() {
        p.row(10.0, false, &[(LEFT + 4.0, format!("{}. {w}", i + 1))]);
    }
    p.gap(2.0);
    p.paragraph(10.0, "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya, dan dilaporkan kepada Bupati dan Gubernur.");

    // Signatures: the one who carried it out beside the head of office, then the witnesses two
    // to a row; each block kept whole on its page.
    p.room(40.0);
    p.gap(6.0);
    let place_date = format!("{}, {}", place(&d.office), day.map(time::long_date).unwrap_or_else(|| r.destroyed_on.clone()));
    p.block(120.0, 10.0, false, &place_date);
    p.row(10.0, false, &[(LEFT, "Mengetahui,".into()), (120.0, "Yang melaksanakan pemusnahan,".into())]);
    p.row(10.0, false, &[(LEFT, "Kepala Dinas".into()), (120.0, "Kasi/Kabid Pendaftaran Penduduk".into())]);
    p.gap(18.0);
    p.names_under(&[SIGN.to_string(), format!("({})", r.signed_by)]);
    for pair in r.witnesses.chunks(2) {
        p.room(32.0);
        p.gap(6.0);
        let heads: Vec<(f32, String)> = pair.iter().enumerate().map(|(i, _)| (if i == 0 { LEFT } else { 120.0 }, "Saksi,".to_string())).collect();
        p.row(10.0, false, &heads);
        p.gap(18.0);
        p.names_under(&pair.iter().map(|w| format!("({w})")).collect::<Vec<_>>());
    }
    p.gap(4.0);
    p.row(7.5, false, &[(LEFT, format!("Dicatat di stasiun cetak oleh {} pada {}", r.signed_by, d.zone.time_words(&r.recorded_at)))]);
    Ok(p.finish(|page, total| format!("Berita acara pemusnahan {} · halaman {page} dari {total}", r.record_no)))
}

/// "KABUPATEN MAGETAN" → "Kabupaten Magetan" for running text.
fn place_words(office: &str) -> String {
    crate::words::title_case(office)
}
