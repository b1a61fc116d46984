//! Demo data for a station started without real data: approved requests of made-up Magetan
//! residents (valid NIKs, drawn photos) and a range of demo blanks. Demo requests are stored with
//! the demo flag, so every card printed from them carries SPESIMEN.

use base64::Engine;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use image::{Rgb, RgbImage};
use serde_json::{json, Value};

use crate::time;

struct Resident {
    nama: &'static str,
    female: bool,
    birth: (i32, u32, u32),
    kecamatan: (&'static str, &'static str),
    desa: &'static str,
    service: &'static str,
    channel: &'static str,
}

const RESIDENTS: [Resident; 8] = [
    Resident { nama: "SITI NURHALIZA RAHMAWATI", female: true, birth: (1992, 3, 14), kecamatan: ("06", "MAGETAN"), desa: "SELOSARI", service: "baru", channel: "loket" },
    Resident { nama: "BAMBANG SUTRISNO", female: false, birth: (1978, 11, 2), kecamatan: ("11", "MAOSPATI"), desa: "PANDEYAN", service: "rusak", channel: "loket" },
    Resident { nama: "DWI ASTUTI", female: true, birth: (2001, 7, 30), kecamatan: ("07", "PLAOSAN"), desa: "SARANGAN", service: "hilang", channel: "paktuwa" },
    Resident { nama: "RADEN MAS MUHAMMAD ABDURRAHMAN WAHYU KUSUMANINGRAT", female: false, birth: (1985, 1, 9), kecamatan: ("12", "BARAT"), desa: "BLARAN", service: "perubahan_data", channel: "loket" },
    Resident { nama: "SUPARMI", female: true, birth: (1950, 5, 21), kecamatan: ("01", "PONCOL"), desa: "GONGGANG", service: "rusak", channel: "online" },
    Resident { nama: "AGUS PRASETYO", female: false, birth: (1999, 12, 1), kecamatan: ("08", "PANEKAN"), desa: "TAPEN", service: "baru", channel: "loket" },
    Resident { nama: "ENDANG WAHYUNINGSIH", female: true, birth: (1988, 8, 17), kecamatan: ("09", "SUKOMORO"), desa: "KEPUHREJO", service: "hilang", channel: "loket" },
    Resident { nama: "YOHANES KRISTIANTO", female: false, birth: (1975, 4, 4), kecamatan: ("13", "KARANGREJO"), desa: "PRAMBATAN", service: "perubahan_data", channel: "paktuwa" },
];

/// A drawn head-and-shoulders portrait (no real person), `seed` varies the colours.
pub fn photo_jpeg(seed: u32) -> Vec<u8> {
    let (w, h) = (300u32, 400u32);
    let bg = [Rgb([200, 40, 40]), Rgb([30, 70, 160])][(seed % 2) as usize];
    let skin = Rgb([(180 + seed * 7 % 50) as u8, (140 + seed * 5 % 40) as u8, (110 + seed * 3 % 30) as u8]);
    let shirt = Rgb([30, 30, (60 + seed * 11 % 120) as u8]);
    let img = RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 - 150.0, y as f32);
        let head = (fx / 70.0).powi(2) + ((fy - 150.0) / 90.0).powi(2) <= 1.0;
        let body = fy > 250.0 && (fx / 140.0).powi(2) + ((fy - 400.0) / 150.0).powi(2) <= 1.0;
        if head {
            skin
        } else if body {
            shirt
        } else {
            bg
        }
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    // Encoding an in-memory RGB image cannot fail for lack of space; an empty photo is refused on import anyway.
    let _ = img.write_with_encoder(encoder);
    out
}

fn nik(region: &str, birth: NaiveDate, female: bool, seq: u32) -> String {
    use chrono::Datelike;
    let day = birth.day() + if female { 40 } else { 0 };
    format!("{region}{day:02}{:02}{:02}{seq:04}", birth.month(), birth.year() % 100)
}

/// `count` approved requests (cycling through the residents), submitted just before `now`.
pub fn requests(count: usize, now: DateTime<Utc>, id_prefix: &str) -> Vec<Value> {
    let b64 = base64::engine::general_purpose::STANDARD;
    (0..count)
        .map(|i| {
            let r = &RESIDENTS[i % RESIDENTS.len()];
            let birth = NaiveDate::from_ymd_opt(r.birth.0, r.birth.1, r.birth.2).unwrap_or_default();
            let submitted = now - Duration::minutes(((count - i) * 3) as i64);
            let approved = submitted + Duration::minutes(2);
            let withdraws = matches!(r.service, "rusak" | "perubahan_data");
            json!({
                "request_id": format!("{id_prefix}{:04}", i + 1),
                "service": r.service,
                "channel": r.channel,
                "submitted_at": time::stamp(submitted),
                "approved_at": time::stamp(approved),
                "approved_by": "kasi.pendaftaran",
                "requirements": {
                    "kk": true,
                    "ktp_lama": withdraws,
                    "surat_kehilangan": r.service == "hilang",
                    "surat_keterangan_perubahan": r.service == "perubahan_data",
                    "izin_tinggal_tetap": false
                },
                "person": {
                    "nik": nik(&format!("3520{}", r.kecamatan.0), birth, r.female, 1 + (i as u32 % 9000)),
                    "nama": r.nama,
                    "tempat_lahir": "MAGETAN",
                    "tanggal_lahir": birth.format("%Y-%m-%d").to_string(),
                    "jenis_kelamin": if r.female { "PEREMPUAN" } else { "LAKI-LAKI" },
                    "golongan_darah": (["A", "B+", "O", "-", "AB"][i % 5]),
                    "alamat": format!("JL. RAYA {} NO. {}", r.desa, 10 + i),
                    "rt": format!("{:03}", 1 + i % 7),
                    "rw": format!("{:03}", 1 + i % 4),
                    "kel_desa": r.desa,
                    "kecamatan": r.kecamatan.1,
                    "kabupaten": "MAGETAN",
                    "provinsi": "JAWA TIMUR",
                    "agama": (["ISLAM", "KRISTEN", "ISLAM", "KATHOLIK"][i % 4]),
                    "status_perkawinan": if r.birth.0 > 1995 { "BELUM KAWIN" } else { "KAWIN" },
                    "pekerjaan": (["KARYAWAN SWASTA", "PETANI/PEKEBUN", "PELAJAR/MAHASISWA", "WIRASWASTA"][i % 4]),
                    "kewarganegaraan": "WNI",
                    "berlaku_hingga": "SEUMUR HIDUP"
                },
                "photo_jpeg_base64": b64.encode(photo_jpeg(i as u32))
            })
        })
        .collect()
}

/// First and last serial of the demo blanks (the default serial pattern accepts them).
pub const DEMO_BLANKO_RANGE: (&str, &str) = ("DEMO000001", "DEMO000100");
