//! The approved request: what the Kasi/Kabid released for printing, as it arrives from a file or
//! the upstream feed. `ApprovedRequest::parse` is the only way to make one, and it checks every
//! field (README "Approved request contract").

use base64::Engine;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::codes::{self, Channel, Service};
use super::fields::{FieldError, Fields};
use super::nik;

/// Largest photo or signature accepted, decoded. A card photo at 300 dpi is well under 200 KB.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
const MAX_IMAGE_SIDE: u32 = 6000;
/// KTP-el is issued from 17 years of age, or earlier to someone who is or has been married.
const MIN_AGE: i32 = 17;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Requirements {
    pub kk: bool,
    pub ktp_lama: bool,
    pub surat_kehilangan: bool,
    pub surat_keterangan_perubahan: bool,
    pub izin_tinggal_tetap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    pub nik: String,
    pub nama: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: NaiveDate,
    pub jenis_kelamin: String,
    pub golongan_darah: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kel_desa: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub provinsi: String,
    pub agama: String,
    pub status_perkawinan: String,
    pub pekerjaan: String,
    pub kewarganegaraan: String,
    pub berlaku_hingga: String,
}

impl Person {
    pub fn is_female(&self) -> bool {
        self.jenis_kelamin == "PEREMPUAN"
    }
    pub fn is_foreigner(&self) -> bool {
        self.kewarganegaraan == "WNA"
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedRequest {
    pub request_id: String,
    pub service: Service,
    pub channel: Channel,
    pub submitted_at: DateTime<Utc>,
    pub approved_at: DateTime<Utc>,
    pub approved_by: String,
    pub requirements: Requirements,
    pub person: Person,
    pub photo_jpeg: Vec<u8>,
    pub signature_png: Option<Vec<u8>>,
}

impl ApprovedRequest {
    /// Validates one record. `today` (the office's) bounds birth dates and validity dates.
    pub fn parse(value: &Value, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![FieldError { field: "(record)".into(), reason: "harus berupa objek JSON".into() }]);
        };
        let mut f = Fields::new(obj, "");
        let request_id = f.text("request_id");
        if !request_id.is_empty()
            && (request_id.len() > 64
                || !request_id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/".contains(c)))
        {
            f.fail("request_id", "hanya huruf, angka dan - _ . : / (paling panjang 64)");
        }
        let service_text = f.text("service");
        let service = Service::parse(&service_text);
        if service.is_none() && !service_text.is_empty() {
            f.fail("service", "harus perubahan_data, hilang, rusak atau baru");
        }
        let channel_text = f.text("channel");
        let channel = Channel::parse(&channel_text);
        if channel.is_none() && !channel_text.is_empty() {
            f.fail("channel", "harus loket, paktuwa atau online");
        }
        let submitted_at = instant(&mut f, "submitted_at");
        let approved_at = instant(&mut f, "approved_at");
        if let (Some(s), Some(a)) = (submitted_at, approved_at) {
            if a < s {
                f.fail("approved_at", "lebih awal dari submitted_at");
            }
        }
        let approved_by = f.text("approved_by");

        let requirements = match f.object("requirements") {
            Some(r) => {
                let mut rf = Fields::new(r, "requirements.");
                let req = Requirements {
                    kk: rf.boolean("kk"),
                    ktp_lama: rf.boolean("ktp_lama"),
                    surat_kehilangan: rf.boolean("surat_kehilangan"),
                    surat_keterangan_perubahan: rf.boolean("surat_keterangan_perubahan"),
                    izin_tinggal_tetap: rf.boolean("izin_tinggal_tetap"),
                };
                f.absorb(rf.errors);
                Some(req)
            }
            None => None,
        };
        let person = f.object("person").map(|p| {
            let mut pf = Fields::new(p, "person.");
            let person = parse_person(&mut pf, today);
            f.absorb(pf.errors);
            person
        });
        if let (Some(svc), Some(req), Some(p)) = (service, &requirements, &person) {
            for missing in missing_documents(svc, req, p) {
                f.fail(&format!("requirements.{missing}"), format!("wajib true untuk layanan {}", svc.as_str()));
            }
        }
        if let (Some(p), Some(a)) = (&person, approved_at) {
            let age = age_on(p.tanggal_lahir, a.date_naive());
            if age < MIN_AGE && p.status_perkawinan == "BELUM KAWIN" {
                f.fail("person.tanggal_lahir", format!("umur {age} tahun: KTP-el hanya untuk 17 tahun ke atas atau yang sudah/pernah kawin"));
            }
        }
        let photo_jpeg = image_field(&mut f, "photo_jpeg_base64", image::ImageFormat::Jpeg, true);
        let signature_png = image_field(&mut f, "signature_png_base64", image::ImageFormat::Png, false);

        match (service, channel, submitted_at, approved_at, requirements, person, photo_jpeg) {
            (Some(service), Some(channel), Some(submitted_at), Some(approved_at), Some(requirements), Some(person), Some(photo_jpeg))
                if f.errors.is_empty() =>
            {
                Ok(ApprovedRequest {
                    request_id,
                    service,
                    channel,
                    submitted_at,
                    approved_at,
                    approved_by,
                    requirements,
                    person,
                    photo_jpeg,
                    signature_png,
                })
            }
            _ => Err(f.errors),
        }
    }
}

fn instant(f: &mut Fields, name: &str) -> Option<DateTime<Utc>> {
    let text = f.text(name);
    if text.is_empty() {
        return None;
    }
    match DateTime::parse_from_rfc3339(&text) {
        Ok(t) => Some(t.with_timezone(&Utc)),
        Err(_) => {
            f.fail(name, "harus waktu RFC 3339, mis. 2026-11-21T08:15:00+07:00");
            None
        }
    }
}

fn parse_person(f: &mut Fields, today: NaiveDate) -> Person {
    let nik = f.text("nik");
    let nama = f.text("nama").to_uppercase();
    let tempat_lahir = f.text("tempat_lahir").to_uppercase();
    let birth_text = f.text("tanggal_lahir");
    let tanggal_lahir = match NaiveDate::parse_from_str(&birth_text, "%Y-%m-%d") {
        Ok(d) if d > today => {
            f.fail("tanggal_lahir", "tidak boleh di masa depan");
            d
        }
        Ok(d) if d.year() < 1900 => {
            f.fail("tanggal_lahir", "sebelum tahun 1900: periksa tahunnya");
            d
        }
        Ok(d) => d,
        Err(_) => {
            if !birth_text.is_empty() {
                f.fail("tanggal_lahir", "harus berformat YYYY-MM-DD, mis. 1990-08-17");
            }
            NaiveDate::MIN
        }
    };
    let jenis_kelamin = coded(f, "jenis_kelamin", &codes::JENIS_KELAMIN);
    let gd_text = f.text("golongan_darah");
    let golongan_darah = codes::golongan_darah(&gd_text).unwrap_or_else(|| {
        if !gd_text.is_empty() {
            f.fail("golongan_darah", "harus A, B, AB, O (boleh diikuti + atau −) atau - bila tidak diketahui");
        }
        String::new()
    });
    let alamat = f.text("alamat").to_uppercase();
    let rt = neighbourhood(f, "rt");
    let rw = neighbourhood(f, "rw");
    let kel_desa = f.text("kel_desa").to_uppercase();
    let kecamatan = f.text("kecamatan").to_uppercase();
    let kabupaten = f.text("kabupaten").to_uppercase();
    let provinsi = f.text("provinsi").to_uppercase();
    let agama = coded(f, "agama", &codes::AGAMA);
    let status_perkawinan = coded(f, "status_perkawinan", &codes::STATUS_PERKAWINAN);
    let pekerjaan = f.text("pekerjaan").to_uppercase();
    let kewarganegaraan = coded(f, "kewarganegaraan", &codes::KEWARGANEGARAAN);
    let berlaku_text = f.text("berlaku_hingga").to_uppercase();
    let berlaku_hingga = validity(f, &berlaku_text, &kewarganegaraan, today);

    // Names are letters with . , ' - (as SIAK writes them); addresses and occupations also digits
    // and / ( ) & — what they contain. Anything else (emoji, symbols, `= + @ * | !`) cannot be on a
    // state document, and would run as a formula in the spreadsheet a CSV export is opened in.
    let name_char = |c: char| c.is_alphabetic() || c == ' ' || ".,'-".contains(c);
    let address_char = |c: char| c.is_alphanumeric() || c == ' ' || ".,'-/()&".contains(c);
    const ADDRESS_RULE: &str = "hanya huruf, angka, spasi dan tanda . , ' - / ( ) &";
    for (name, value, allowed, rule) in [
        ("nama", &nama, &name_char as &dyn Fn(char) -> bool, "hanya huruf, spasi dan tanda . , ' -"),
        ("tempat_lahir", &tempat_lahir, &name_char, "hanya huruf, spasi dan tanda . , ' -"),
        ("alamat", &alamat, &address_char, ADDRESS_RULE),
        ("kel_desa", &kel_desa, &address_char, ADDRESS_RULE),
        ("kecamatan", &kecamatan, &address_char, ADDRESS_RULE),
        ("kabupaten", &kabupaten, &address_char, ADDRESS_RULE),
        ("provinsi", &provinsi, &address_char, ADDRESS_RULE),
        ("pekerjaan", &pekerjaan, &address_char, ADDRESS_RULE),
    ] {
        let bad: String = value.chars().filter(|c| !allowed(*c) || !crate::card::printable(&c.to_string())).take(5).collect();
        if !bad.is_empty() {
            f.fail(name, format!("karakter '{bad}' tidak boleh dicetak di kartu: {rule}; perbaiki data di sistem asal"));
        }
    }
    if !nik.is_empty() && tanggal_lahir != NaiveDate::MIN && !jenis_kelamin.is_empty() {
        if let Err(reason) = nik::check(&nik, tanggal_lahir, jenis_kelamin == "PEREMPUAN") {
            f.fail("nik", reason);
        }
    }
    Person {
        nik,
        nama,
        tempat_lahir,
        tanggal_lahir,
        jenis_kelamin,
        golongan_darah,
        alamat,
        rt,
        rw,
        kel_desa,
        kecamatan,
        kabupaten,
        provinsi,
        agama,
        status_perkawinan,
        pekerjaan,
        kewarganegaraan,
        berlaku_hingga,
    }
}

fn coded(f: &mut Fields, name: &str, list: &'static [&'static str]) -> String {
    let text = f.text(name);
    match codes::listed(&text, list) {
        Some(v) => v.to_string(),
        None => {
            if !text.is_empty() {
                f.fail(name, format!("harus salah satu dari: {}", list.join(", ")));
            }
            String::new()
        }
    }
}

/// RT and RW are printed as three digits ("002"); upstream sends "2", "02" or "002".
fn neighbourhood(f: &mut Fields, name: &str) -> String {
    let text = f.text(name);
    if text.is_empty() {
        return text;
    }
    match text.parse::<u16>() {
        Ok(n) if text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) => format!("{n:03}"),
        _ => {
            f.fail(name, "harus angka 1 sampai 3 digit, mis. 002");
            text
        }
    }
}

/// Citizens' cards are valid for life; a foreigner's until the stay permit ends (a date).
fn validity(f: &mut Fields, text: &str, citizenship: &str, today: NaiveDate) -> String {
    if text.is_empty() {
        return String::new();
    }
    match citizenship {
        "WNI" if text != codes::SEUMUR_HIDUP => {
            f.fail("berlaku_hingga", "untuk WNI harus SEUMUR HIDUP");
            text.to_string()
        }
        "WNA" => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if d <= today => {
                f.fail("berlaku_hingga", "izin tinggal sudah berakhir; tidak dapat dicetak");
                text.to_string()
            }
            Ok(d) => d.format("%d-%m-%Y").to_string(),
            Err(_) => {
                f.fail("berlaku_hingga", "untuk WNA harus tanggal akhir izin tinggal, YYYY-MM-DD");
                text.to_string()
            }
        },
        _ => text.to_string(),
    }
}

/// The documents (requirement keys) a service requires for this person (shared/domain.md).
pub fn required_documents(service: Service, person: &Person) -> Vec<&'static str> {
    let mut needed = vec!["kk"];
    match service {
        Service::PerubahanData => {
            needed.extend(["ktp_lama", "surat_keterangan_perubahan"]);
            if person.is_foreigner() {
                needed.push("izin_tinggal_tetap");
            }
        }
        Service::Hilang => needed.push("surat_kehilangan"),
        Service::Rusak => needed.push("ktp_lama"),
        Service::Baru => {}
    }
    needed
}

/// Which required documents (by requirement key) were not checked for this service.
pub fn missing_documents(service: Service, req: &Requirements, person: &Person) -> Vec<&'static str> {
    let checked = |key: &str| match key {
        "kk" => req.kk,
        "ktp_lama" => req.ktp_lama,
        "surat_kehilangan" => req.surat_kehilangan,
        "surat_keterangan_perubahan" => req.surat_keterangan_perubahan,
        "izin_tinggal_tetap" => req.izin_tinggal_tetap,
        _ => false,
    };
    required_documents(service, person).into_iter().filter(|k| !checked(k)).collect()
}

fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Decodes a base64 image field and checks the picture really decodes in the expected format.
/// A whole JPEG ends its (last) scan with an end-of-image marker. An EXIF thumbnail carries its
/// own markers earlier in the file, so the last end marker must follow the last start of scan.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w[0] == 0xFF && w[1] == marker);
    matches!((last(0xDA), last(0xD9)), (Some(sos), Some(eoi)) if eoi > sos)
}

fn image_field(f: &mut Fields, name: &str, format: image::ImageFormat, required: bool) -> Option<Vec<u8>> {
    let text = match f.raw(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) | None => {
            if required {
                f.fail(name, "wajib diisi (foto JPEG dalam base64)");
            }
            return None;
        }
        Some(_) => {
            f.fail(name, "harus teks base64");
            return None;
        }
    };
    if text.len() > MAX_IMAGE_BYTES / 3 * 4 + 4096 {
        f.fail(name, format!("terlalu besar (lebih dari {} MB)", MAX_IMAGE_BYTES / 1024 / 1024));
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(b) => b,
        Err(_) => {
            f.fail(name, "bukan base64 yang sah");
            return None;
        }
    };
    let label = if format == image::ImageFormat::Jpeg { "JPEG" } else { "PNG" };
    if image::guess_format(&bytes).ok() != Some(format) {
        f.fail(name, format!("bukan gambar {label}"));
        return None;
    }
    // The JPEG decoder quietly fills a cut-off file with grey; such a photo must not reach a card.
    if format == image::ImageFormat::Jpeg && !jpeg_is_whole(&bytes) {
        f.fail(name, "gambar JPEG terpotong (tidak ada penanda akhir setelah data gambar); minta foto ulang dari sistem persetujuan");
        return None;
    }
    match crate::card::photo::decode_checked(&bytes, format, MAX_IMAGE_SIDE) {
        Ok(_) => Some(bytes),
        Err(reason) => {
            f.fail(name, format!("gambar {label} tidak dapat dibaca: {reason}"));
            None
        }
    }
}
