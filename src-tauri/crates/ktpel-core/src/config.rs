//! The station's settings: which keys exist, their defaults (this office's own figures from
//! shared/domain.md) and the check each value must pass before it is stored.

use crate::store::Db;
use serde::Serialize;

use crate::card::CardTemplate;
use crate::error::{CoreError, Result};
use crate::register_number::{RegisterFormat, DEFAULT_FORMAT};
use crate::serial::{SerialPattern, DEFAULT_PATTERN};

/// Every settable key with its default and what it means.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("office.provinsi", "JAWA TIMUR", "provinsi kantor"),
    ("office.kabupaten", "MAGETAN", "kabupaten kantor (tempat terbit di kartu)"),
    ("office.kode_wilayah", "3520", "kode wilayah kantor (di nomor register)"),
    ("office.timezone", "WIB", "zona waktu kantor: WIB (UTC+7), WITA (UTC+8) atau WIT (UTC+9); batas hari, tanggal dan nomor register, laporan dan semua jam yang ditampilkan"),
    ("register.format", DEFAULT_FORMAT, "format nomor register"),
    ("blanko.serial_pattern", DEFAULT_PATTERN, "pola nomor seri blanko (regex)"),
    ("service.minutes_in_office", "15", "standar layanan di kantor, menit (dari disetujui sampai diserahkan)"),
    ("service.minutes_print", "5", "standar langkah cetak, menit (dari mulai cetak sampai kartu tercetak)"),
    ("service.minutes_register", "1", "standar langkah register, menit (dari kartu tercetak sampai tercatat di register)"),
    ("service.minutes_handover", "1", "standar langkah penyerahan, menit (dari tercatat di register sampai diserahkan)"),
    ("office.holidays", crate::holidays::PREFILLED, "hari libur nasional dan cuti bersama (bukan hari kerja), satu per baris: TANGGAL NAMA, mis. 2026-12-25 Hari Raya Natal atau Jumat, 25 Desember 2026 Hari Raya Natal (baris SKB boleh ditempel apa adanya); perbarui tiap terbit SKB 3 Menteri"),
    ("print.deadline_seconds", "120", "batas waktu satu pekerjaan cetak, detik"),
    ("blanko.low_stock", "50", "peringatan bila stok blanko di bawah angka ini"),
    ("ribbon.capacity", "500", "jumlah kartu (panel) satu pita printer baru, bila tidak disebut saat mengganti pita"),
    ("ribbon.warn_remaining", "50", "peringatan di bilah status bila sisa pita printer terpilih di bawah angka ini"),
    ("card.template", "", "templat tata letak kartu (JSON); kosong = bawaan"),
    ("session.idle_lock_minutes", "5", "layar terkunci setelah sekian menit tanpa aktivitas"),
    ("backup.keep_daily", "7", "cadangan harian (folder cadangan/ di samping basis data) disimpan untuk sekian hari terakhir"),
    ("backup.keep_weekly", "4", "ditambah cadangan terakhir tiap minggu, untuk sekian minggu terakhir"),
    ("backup.keep_monthly", "12", "ditambah cadangan terakhir tiap bulan, untuk sekian bulan terakhir"),
    ("backup.copy_to", "", "folder kedua untuk salinan cadangan di perangkat lain (diska lain, flashdisk, folder jaringan); kosong = tidak ada"),
    ("log.level", "info", "rincian log aplikasi: error, warn, info atau debug (letak berkas log: layar Tentang); tanpa NIK, nama atau foto"),
    ("data.photo_retention_days", "30", "foto dan tanda tangan permohonan yang sudah diserahkan, ditolak atau dibatalkan dihapus setelah sekian hari (paling sedikit 1)"),
];

/// One setting as the settings screen shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SettingItem {
    pub key: String,
    pub value: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub provinsi: String,
    pub kabupaten: String,
    pub kode_wilayah: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub office: Office,
    /// The office's time zone: its days, dates and the times it shows.
    pub zone: crate::time::Zone,
    pub register_format: RegisterFormat,
    pub serial_pattern: SerialPattern,
    pub minutes_in_office: u32,
    /// The standard of each step, in minutes.
    pub step_minutes: crate::service_standard::StepMinutes,
    /// National holidays and cuti bersama: not working days.
    pub holidays: crate::holidays::Holidays,
    pub print_deadline_seconds: u32,
    pub low_stock: u32,
    /// A new ribbon's panels when the change does not say.
    pub ribbon_capacity: u32,
    /// The status bar warns when the chosen printer's ribbon has fewer prints left.
    pub ribbon_warn_remaining: u32,
    pub idle_lock_minutes: u32,
    pub backup_rotation: crate::store::backup_rotation::Rotation,
    /// A second place for each backup, on another device (None: not set).
    pub backup_copy_to: Option<std::path::PathBuf>,
    pub photo_retention_days: u32,
    /// How much the app's log file says.
    pub log_level: log::LevelFilter,
    pub template: CardTemplate,
}

fn default_of(key: &str) -> &'static str {
    KEYS.iter().find(|(k, _, _)| *k == key).map(|(_, d, _)| *d).unwrap_or("")
}

fn number(key: &str, value: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| CoreError::Setting { key: key.into(), reason: format!("harus angka {} sampai {}", range.start(), range.end()) })
}

/// Checks one value for one key and returns it as it will be stored.
pub fn validate(key: &str, value: &str) -> Result<String> {
    let v = value.trim();
    match key {
        "office.provinsi" | "office.kabupaten" => {
            if v.is_empty() || v.len() > 60 {
                return Err(CoreError::Setting { key: key.into(), reason: "wajib diisi, paling panjang 60 karakter".into() });
            }
            Ok(v.to_uppercase())
        }
        "office.timezone" => crate::time::Zone::parse(v)
            .map(|z| z.label().to_string())
            .ok_or_else(|| CoreError::Setting { key: key.into(), reason: "isi WIB (UTC+7), WITA (UTC+8) atau WIT (UTC+9)".into() }),
        "office.kode_wilayah" => {
            if !(2..=10).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return Err(CoreError::Setting { key: key.into(), reason: "hanya angka (dan titik), mis. 3520".into() });
            }
            Ok(v.to_string())
        }
        "register.format" => RegisterFormat::parse(v).map(|f| f.source().to_string()),
        "blanko.serial_pattern" => SerialPattern::new(v).map(|p| p.source().to_string()),
        "service.minutes_in_office" => number(key, v, 1..=480).map(|n| n.to_string()),
        "service.minutes_print" | "service.minutes_register" | "service.minutes_handover" => number(key, v, 1..=480).map(|n| n.to_string()),
        "office.holidays" => crate::holidays::Holidays::parse(value).map(|h| h.to_text()),
        "print.deadline_seconds" => number(key, v, 5..=3600).map(|n| n.to_string()),
        "blanko.low_stock" => number(key, v, 0..=100_000).map(|n| n.to_string()),
        "ribbon.capacity" => number(key, v, 1..=100_000).map(|n| n.to_string()),
        "ribbon.warn_remaining" => number(key, v, 0..=100_000).map(|n| n.to_string()),
        "session.idle_lock_minutes" => number(key, v, 1..=120).map(|n| n.to_string()),
        "backup.keep_daily" => number(key, v, 1..=366).map(|n| n.to_string()),
        "backup.keep_weekly" => number(key, v, 0..=520).map(|n| n.to_string()),
        "backup.keep_monthly" => number(key, v, 0..=240).map(|n| n.to_string()),
        "backup.copy_to" => {
            if !v.is_empty() && !std::path::Path::new(v).is_absolute() {
                return Err(CoreError::Setting { key: key.into(), reason: "tulis lokasi folder lengkap, mis. /media/usb/cadangan atau E:\\cadangan; kosongkan untuk tidak menyalin".into() });
            }
            Ok(v.to_string())
        }
        "data.photo_retention_days" => number(key, v, 1..=3650).map(|n| n.to_string()),
        "log.level" => log_level(v).map(|_| v.trim().to_ascii_lowercase()),
        "card.template" => {
            if !v.is_empty() {
                CardTemplate::from_json(v)?;
            }
            Ok(v.to_string())
        }
        other => Err(CoreError::Setting {
            key: other.into(),
            reason: format!("kunci tidak dikenal; yang ada: {}", KEYS.iter().map(|k| k.0).collect::<Vec<_>>().join(", ")),
        }),
    }
}

/// A `log.level` value: the four levels an office needs (trace is for developers, off hides
/// what an incident needs).
fn log_level(v: &str) -> Result<log::LevelFilter> {
    match v.trim().to_ascii_lowercase().as_str() {
        "error" => Ok(log::LevelFilter::Error),
        "warn" => Ok(log::LevelFilter::Warn),
        "info" => Ok(log::LevelFilter::Info),
        "debug" => Ok(log::LevelFilter::Debug),
        _ => Err(CoreError::Setting { key: "log.level".into(), reason: "pilih error, warn, info atau debug".into() }),
    }
}

pub fn get_raw(conn: &dyn Db, key: &str) -> Result<String> {
    Ok(conn.settings_get(key)?.unwrap_or_else(|| default_of(key).to_string()))
}

/// The office's zone alone (read on every date the station works out, without the whole config).
pub fn zone_of(conn: &dyn Db) -> Result<crate::time::Zone> {
    zone(&get_raw(conn, "office.timezone")?)
}

/// The office's holidays alone (the service clock reads them on every queue).
pub fn holidays_of(conn: &dyn Db) -> Result<crate::holidays::Holidays> {
    crate::holidays::Holidays::parse(&get_raw(conn, "office.holidays")?)
}

fn zone(stored: &str) -> Result<crate::time::Zone> {
    crate::time::Zone::parse(stored).ok_or_else(|| CoreError::Setting { key: "office.timezone".into(), reason: format!("{stored:?} bukan WIB, WITA atau WIT") })
}

pub fn load(conn: &dyn Db) -> Result<Config> {
    let get = |k: &str| get_raw(conn, k);
    let template_json = get("card.template")?;
    Ok(Config {
        office: Office { provinsi: get("office.provinsi")?, kabupaten: get("office.kabupaten")?, kode_wilayah: get("office.kode_wilayah")? },
        zone: zone(&get("office.timezone")?)?,
        register_format: RegisterFormat::parse(&get("register.format")?)?,
        serial_pattern: SerialPattern::new(&get("blanko.serial_pattern")?)?,
        minutes_in_office: number("service.minutes_in_office", &get("service.minutes_in_office")?, 1..=480)?,
        step_minutes: crate::service_standard::StepMinutes {
            print: number("service.minutes_print", &get("service.minutes_print")?, 1..=480)?,
            register: number("service.minutes_register", &get("service.minutes_register")?, 1..=480)?,
            handover: number("service.minutes_handover", &get("service.minutes_handover")?, 1..=480)?,
        },
        holidays: holidays_of(conn)?,
        print_deadline_seconds: number("print.deadline_seconds", &get("print.deadline_seconds")?, 5..=3600)?,
        low_stock: number("blanko.low_stock", &get("blanko.low_stock")?, 0..=100_000)?,
        ribbon_capacity: number("ribbon.capacity", &get("ribbon.capacity")?, 1..=100_000)?,
        ribbon_warn_remaining: number("ribbon.warn_remaining", &get("ribbon.warn_remaining")?, 0..=100_000)?,
        idle_lock_minutes: number("session.idle_lock_minutes", &get("session.idle_lock_minutes")?, 1..=120)?,
        backup_rotation: crate::store::backup_rotation::Rotation {
            daily: number("backup.keep_daily", &get("backup.keep_daily")?, 1..=366)?,
            weekly: number("backup.keep_weekly", &get("backup.keep_weekly")?, 0..=520)?,
            monthly: number("backup.keep_monthly", &get("backup.keep_monthly")?, 0..=240)?,
        },
        backup_copy_to: Some(get("backup.copy_to")?.trim().to_string()).filter(|p| !p.is_empty()).map(std::path::PathBuf::from),
        photo_retention_days: number("data.photo_retention_days", &get("data.photo_retention_days")?, 1..=3650)?,
        log_level: log_level(&get("log.level")?)?,
        template: if template_json.trim().is_empty() { CardTemplate::builtin()? } else { CardTemplate::from_json(&template_json)? },
    })
}
