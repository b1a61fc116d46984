//! A station database the size of years of a busy kabupaten, written through the store's own
//! insert and transition functions (the same SQL the station runs, triggers and all), one WIB
//! working day per transaction: each card is imported, reserved on a blank, submitted, completed,
//! judged good (register number), and handed over, with its ledger and audit rows; one card in
//! forty is spoiled first and reprinted after a supervisor's approval. Today ends with a queue of
//! approved requests waiting. Photos are a small real JPEG (the queries measured never read them).

use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use ktpel_core::domain::{ApprovedRequest, Channel, Person, Requirements, Service};
use ktpel_core::store::attempts::{JobState, NewAttempt, Outcome};
use ktpel_core::store::blanko::{BlankoState, LedgerEvent};
use ktpel_core::store::handovers::{HandoverRow};
use ktpel_core::store::register::{RegisterRow};
use ktpel_core::store::reprints::{Decision, ReprintDecision};
use ktpel_core::store::requests::{RequestStatus};
use ktpel_core::store::Store;
use ktpel_core::{time, Station};
use serde_json::json;

const FIRST: [&str; 40] = [
    "SITI", "BUDI", "AGUS", "SRI", "DWI", "EKO", "TRI", "NUR", "ANI", "RINA", "YULI", "HENDRA", "JOKO", "SUSANTO", "WAHYU", "DEWI",
    "INDAH", "RUDI", "ARIF", "FITRI", "LESTARI", "BAMBANG", "SUPRIYADI", "ENDANG", "PUJI", "RAHMAT", "SLAMET", "WULAN", "YANTI", "HARYANTO",
    "KURNIA", "PRATIWI", "ANDI", "DIAN", "GILANG", "NOVI", "PUTRI", "RIZKY", "TEGUH", "UMI",
];
const MIDDLE: [&str; 20] = [
    "", "NUR", "AYU", "DWI", "SRI", "EKA", "ADI", "BAYU", "CAHYO", "DANI", "FAJAR", "GALIH", "HADI", "IKA", "JATI", "KARTIKA", "LINTANG", "MEGA",
    "NANDA", "OKTA",
];
const LAST: [&str; 40] = [
    "SANTOSO", "WIJAYA", "PURNOMO", "HANDAYANI", "SETIAWAN", "RAHAYU", "KURNIAWAN", "LESTARI", "SUSILO", "HIDAYAT", "PRASETYO", "WIBOWO",
    "SAPUTRA", "NINGSIH", "UTOMO", "SURYANI", "MULYADI", "FAUZI", "HARTONO", "SUGIARTO", "WAHYUNI", "ASTUTI", "NUGROHO", "PERMANA",
    "RAMADHAN", "SARI", "TRIYONO", "YULIANTO", "ZULKARNAEN", "IRAWAN", "KUSUMA", "MAHARANI", "NURHAYATI", "PAMUNGKAS", "RAHMAWATI",
    "SUBAGYO", "TANJUNG", "WIDODO", "YUSUF", "ANGGRAENI",
];
const KECAMATAN: [(&str, &str); 6] =
    [("01", "POCOT"), ("02", "MAGETAN"), ("03", "MAOSPATI"), ("04", "PLAOSAN"), ("05", "KAWEDANAN"), ("06", "PANEKAN")];
pub const QUEUE_WAITING: usize = 40;

/// The "now" of the generated day: 13:00 WIB on `today`.
pub fn now_on(today: NaiveDate) -> chrono::DateTime<Utc> {
    at(today, 300)
}

/// The name of person `i` (three parts, ~32,000 combinations, so a fragment narrows, as in life).
pub fn name(i: usize) -> String {
    let (f, m, l) = (FIRST[i % 40], MIDDLE[(i / 40) % 20], LAST[(i / 800) % 40]);
    if m.is_empty() { format!("{f} {l}") } else { format!("{f} {m} {l}") }
}

/// The NIK of person `i`: region, birth date (women +40), and a running number.
pub fn nik(i: usize) -> String {
    let (kec, _) = KECAMATAN[i % KECAMATAN.len()];
    let day = 1 + (i % 28) + if i % 2 == 1 { 40 } else { 0 };
    format!("3520{kec}{day:02}{:02}{:02}{:04}", 1 + (i / 28) % 12, 60 + (i / 336) % 40, 1 + (i / 13_440) % 9999)
}

fn person(i: usize) -> Person {
    let (_, kecamatan) = KECAMATAN[i % KECAMATAN.len()];
    Person {
        nik: nik(i),
        nama: name(i),
        tempat_lahir: "MAGETAN".into(),
        tanggal_lahir: NaiveDate::from_ymd_opt(1960 + (i / 336 % 40) as i32, 1 + (i / 28 % 12) as u32, 1 + (i % 28) as u32).unwrap_or_default(),
        jenis_kelamin: if i % 2 == 1 { "PEREMPUAN" } else { "LAKI-LAKI" }.into(),
        golongan_darah: ["A", "B", "O", "AB", "-"][i % 5].into(),
        alamat: format!("JL. RAYA {kecamatan} NO. {}", 1 + i % 200),
        rt: format!("{:03}", 1 + i % 9),
        rw: format!("{:03}", 1 + i % 5),
        kel_desa: format!("DESA {}", 1 + i % 30),
        kecamatan: kecamatan.into(),
        kabupaten: "MAGETAN".into(),
        provinsi: "JAWA TIMUR".into(),
        agama: ["ISLAM", "ISLAM", "KRISTEN", "KATHOLIK"][i % 4].into(),
        status_perkawinan: "KAWIN".into(),
        pekerjaan: ["PETANI/PEKEBUN", "WIRASWASTA", "KARYAWAN SWASTA", "PELAJAR/MAHASISWA"][i % 4].into(),
        kewarganegaraan: "WNI".into(),
        berlaku_hingga: "SEUMUR HIDUP".into(),
    }
}

/// A studio upload as the approval system sends it: 1200 × 1600, JPEG quality 90 (hundreds of
/// KB), with detail a few pixels across (hair, skin, fabric) that survives fitting to the card's
/// photo box, so the stored photo has a real photo's size (tens of KB), not a flat image's.
pub fn upload_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1200, 1600, |x, y| {
        let (cx, cy) = (x / 3, y / 3);
        let n = ((cx.wrapping_mul(7919) ^ cy.wrapping_mul(104729)).wrapping_mul(2654435761) >> 26) as u8;
        let (fx, fy) = (x as f32 - 600.0, y as f32 - 650.0);
        let face = (fx / 330.0).powi(2) + (fy / 420.0).powi(2) <= 1.0;
        let shade = ((x + y) / 12 % 32) as u8;
        let base = if face { [190u8, 150, 120] } else { [30u8, 60, 150] };
        image::Rgb([base[0].wrapping_add(n / 2).wrapping_add(shade), base[1].wrapping_add(n / 3), base[2].wrapping_add(n / 4)])
    });
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)).expect("encode the upload");
    out
}

/// Days a closed request keeps its photo (`data.photo_retention_days`' default).
pub const RETENTION_DAYS: i64 = 30;


fn request(i: usize, id: &str, submitted: chrono::DateTime<Utc>, photo: &[u8]) -> ApprovedRequest {
    let service = [Service::Baru, Service::Hilang, Service::Rusak, Service::PerubahanData][i % 4];
    ApprovedRequest {
        request_id: id.into(),
        service,
        channel: [Channel::Loket, Channel::Loket, Channel::Paktuwa, Channel::Online][i % 4],
        submitted_at: submitted,
        approved_at: submitted + Duration::minutes(2),
        approved_by: "kasi.pendaftaran".into(),
        requirements: Requirements {
            kk: true,
            ktp_lama: matches!(service, Service::Rusak | Service::PerubahanData),
            surat_kehilangan: service == Service::Hilang,
            surat_keterangan_perubahan: service == Service::PerubahanData,
            izin_tinggal_tetap: false,
        },
        person: person(i),
        photo_jpeg: photo.to_vec(),
        signature_png: None,
    }
}

/// Working days (Mon–Fri) from `years` before `today` up to and including `today`.
fn working_days(today: NaiveDate, years: i32) -> Vec<NaiveDate> {
    let mut d = today.with_year(today.year() - years).unwrap_or(today);
    let mut out = Vec::new();
    while d <= today {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || d == today {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

/// 08:00 WIB on `d` plus `minutes`.
fn at(d: NaiveDate, minutes: i64) -> chrono::DateTime<Utc> {
    let (start, _) = time::Zone::Wib.day_bounds(d);
    start + Duration::hours(8) + Duration::minutes(minutes)
}

fn stamp(t: chrono::DateTime<Utc>) -> String {
    time::stamp(t)
}

pub struct Generated {
    pub cards: usize,
    pub seconds: f64,
    pub bytes: u64,
}

/// Writes `cards` printed and handed-over cards over five years ending `today`, then the queue.
pub fn generate(path: &Path, cards: usize, today: NaiveDate) -> Generated {
    let _ = std::fs::remove_file(path);
    let mut g = generate_at(&path.to_string_lossy(), cards, today);
    g.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    g
}

/// `generate` into any store `--db` can name (an office server's empty database too).
pub fn generate_at(location: &str, cards: usize, today: NaiveDate) -> Generated {
    let started = Instant::now();
    let cfg = {
        let mut st = Station::open_location(location).expect("new station database");
        st.init("admin", "Admin", "admin-rahasia-1").expect("init");
        st.config().expect("config")
    };
    let mut st = Store::open_location(location).expect("open the store");
    // Recent work holds its photo as the station stores it (an upload fitted to the card); older
    // closed work has had it erased by retention, as five years of a station leave it.
    let upload = upload_jpeg();
    let (photo, _) = ktpel_core::card::photo::print_ready(&cfg.template, &upload, None).expect("fit the upload");
    let erased: Vec<u8> = Vec::new();
    let days = working_days(today, 5);
    let mut serial_next = 1usize;
    let mut in_stock: Vec<String> = Vec::new();
    let mut card = 0usize;
    let mut batch = 0usize;
    let ops = ["ani", "rahmat", "dewi"];
    for (n, day) in days.iter().enumerate() {
        // Spread evenly, so every day (today included) has its share.
        let todays = (n + 1) * cards / days.len() - n * cards / days.len();
        st.write(|tx| {
            if in_stock.len() < todays * 2 + 10 {
                batch += 1;
                let received = stamp(at(*day, 0) - Duration::minutes(30));
                for _ in 0..2000 {
                    let serial = format!("KT{serial_next:08}");
                    serial_next += 1;
                    tx.blanko_receive(&serial, &format!("BA-{batch:04}"), &received, "budi")?;
                    in_stock.push(serial);
                }
                in_stock.reverse();
                tx.audit_append(&received, "budi", "supervisor", "meja-1", "blanko.receive", &format!("batch:BA-{batch:04}"), &json!({ "count": 2000 }))?;
            }
            for k in 0..todays {
                let i = card;
                card += 1;
                let op = ops[i % 3];
                let submitted = at(*day, (k * 420 / todays.max(1)) as i64);
                let id = format!("REQ-{i:07}");
                let kept = (today - *day).num_days() < RETENTION_DAYS;
                let r = request(i, &id, submitted, if kept { &photo } else { &erased });
                let t = |m: i64| stamp(submitted + Duration::minutes(m));
                let rref = tx.requests_insert(&r, "0", false, &t(3), op)?;
                if !kept {
                    tx.requests_erase_images(rref, &stamp(submitted + Duration::days(RETENTION_DAYS)))?;
                }
                tx.audit_append(&t(3), op, "operator", "meja-1", "request.import", &format!("request:{id}"), &json!({ "file": "feed" }))?;
                let mut reprint_of = None;
                let spoiled_first = i % 40 == 7;
                for round in 0..(1 + spoiled_first as usize) {
                    let serial = in_stock.pop().ok_or_else(|| ktpel_core::CoreError::Conflict("stock".into()))?;
                    let m = 4 + round as i64 * 3;
                    let a = tx.attempts_insert(&NewAttempt {
                        request_ref: rref,
                        blanko_serial: &serial,
                        printer: "KARTU-1",
                        spool_server: "/run/cups/cups.sock",
                        printer_path: "/printers/KARTU-1",
                        station: "meja-1",
                        template_version: 1,
                        specimen: false,
                        reprint_of,
                        at: &t(m),
                        by: op,
                    })?;
                    tx.blanko_record(&serial, BlankoState::InStock, LedgerEvent::Reserved, Some(a), None, &t(m), op)?;
                    tx.requests_transition(rref, RequestStatus::Queued, RequestStatus::Printing, &t(m))?;
                    tx.audit_append(&t(m), op, "operator", "meja-1", "print.submit", &format!("request:{id}"), &json!({ "attempt": a, "blanko": serial }))?;
                    tx.attempts_record_job_id(a, a, &t(m))?;
                    tx.attempts_record_job_end(a, JobState::Completed, "", "", &t(m + 1))?;
                    if spoiled_first && round == 0 {
                        tx.attempts_resolve(a, Outcome::Spoiled, Some("cetakan buram"), &t(m + 1), op)?;
                        tx.blanko_record(&serial, BlankoState::Reserved, LedgerEvent::Spoiled, Some(a), Some("cetakan buram"), &t(m + 1), op)?;
                        tx.requests_transition(rref, RequestStatus::Printing, RequestStatus::HeldForReprint, &t(m + 1))?;
                        tx.audit_append(&t(m + 1), op, "operator", "meja-1", "print.confirm_spoiled", &format!("request:{id}"), &json!({ "attempt": a }))?;
                        tx.reprints_insert(&ReprintDecision {
                            id: 0,
                            request_ref: rref,
                            spoiled_attempt: a,
                            decision: Decision::Approved,
                            note: "cetak ulang".into(),
                            decided_by: "budi".into(),
                            decided_at: t(m + 2),
                            desk_user: Some(op.into()),
                        })?;
                        tx.requests_transition(rref, RequestStatus::HeldForReprint, RequestStatus::Queued, &t(m + 2))?;
                        tx.audit_append(&t(m + 2), "budi", "supervisor", "meja-1", "reprint.approve", &format!("request:{id}"), &json!({ "attempt": a }))?;
                        reprint_of = Some(a);
                        continue;
                    }
                    tx.attempts_resolve(a, Outcome::Ok, None, &t(m + 1), op)?;
                    tx.blanko_record(&serial, BlankoState::Reserved, LedgerEvent::Printed, Some(a), None, &t(m + 1), op)?;
                    let year = day.year() as i64;
                    let seq = tx.register_next_seq(year)?;
                    let p = &r.person;
                    let number = cfg.register_format.format(seq, &cfg.office.kode_wilayah, *day);
                    tx.register_insert(&RegisterRow {
                        year,
                        seq,
                        register_number: number.clone(),
                        registered_at: t(m + 1),
                        register_date: day.format("%Y-%m-%d").to_string(),
                        nik: p.nik.clone(),
                        nama: p.nama.clone(),
                        alamat: p.alamat.clone(),
                        rt: p.rt.clone(),
                        rw: p.rw.clone(),
                        kel_desa: p.kel_desa.clone(),
                        kecamatan: p.kecamatan.clone(),
                        service: r.service.as_str().into(),
                        blanko_serial: serial.clone(),
                        chip_uid: String::new(),
                        operator: op.into(),
                        station: "meja-1".into(),
                        approver: r.approved_by.clone(),
                        request_id: id.clone(),
                        attempt_id: a,
                    })?;
                    tx.requests_transition(rref, RequestStatus::Printing, RequestStatus::Ready, &t(m + 1))?;
                    tx.audit_append(&t(m + 1), op, "operator", "meja-1", "print.confirm_ok", &format!("request:{id}"), &json!({ "attempt": a, "register_number": number }))?;
                    tx.handovers_insert(&HandoverRow {
                        request_ref: rref,
                        recipient_name: r.person.nama.clone(),
                        representative_relation: None,
                        old_card_withdrawn: r.service.withdraws_old_card(),
                        handed_at: t(m + 20),
                        handed_by: op.into(),
                    })?;
                    tx.requests_transition(rref, RequestStatus::Ready, RequestStatus::HandedOver, &t(m + 20))?;
                    tx.audit_append(&t(m + 20), op, "operator", "meja-1", "handover.record", &format!("request:{id}"), &json!({}))?;
                }
            }
            Ok(())
        })
        .expect("write a day");
    }
    // Today's queue: approved requests waiting for the desk.
    let now = now_on(today);
    st.write(|tx| {
        for k in 0..QUEUE_WAITING {
            let i = cards + k;
            let id = format!("REQ-{i:07}");
            let r = request(i, &id, now - Duration::minutes((QUEUE_WAITING - k) as i64 * 4), &photo);
            tx.requests_insert(&r, "0", false, &stamp(now), "ani")?;
        }
        Ok(())
    })
    .expect("queue");
    drop(st);
    Generated { cards, seconds: started.elapsed().as_secs_f64(), bytes: 0 }
}
