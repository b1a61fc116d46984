//! The one error type of the core. Every variant carries what a person needs to act: the field or
//! thing at fault and the fix. Messages are in Bahasa Indonesia because they reach the officer
//! as they are; `code()` is the stable identifier the CLI, the Tauri shell and the UI branch on.

use crate::spool::SpoolError;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A value given by a person or an upstream system is not acceptable.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },

    #[error("pengguna atau kata sandi salah (periksa nama pengguna dan kata sandi)")]
    BadCredentials,

    #[error("belum masuk; masuk dengan nama pengguna dan kata sandi")]
    NotLoggedIn,

    #[error("layar terkunci karena tidak ada aktivitas selama {minutes} menit; masuk kembali dengan kata sandi")]
    SessionLocked { minutes: u32 },

    #[error("peran {role} tidak boleh {action}; minta pengguna dengan peran {needed}")]
    Forbidden { role: String, action: String, needed: String },

    #[error("{what} '{id}' tidak ditemukan; periksa penulisannya atau daftar yang ada")]
    NotFound { what: &'static str, id: String },

    /// The operation conflicts with what is recorded (already printed, already received, ...).
    #[error("{0}")]
    Conflict(String),

    /// A setting stored in the database or given by an admin is unusable.
    #[error("pengaturan {key}: {reason}")]
    Setting { key: String, reason: String },

    #[error("kartu tidak dapat disusun: {0}")]
    Layout(String),

    #[error(transparent)]
    Spool(#[from] SpoolError),

    /// The spooler would not cancel a job; the attempt stays open for the officer's verdict.
    #[error("pembatalan pekerjaan {job_id} tidak berhasil: {source}. Percobaan cetak tetap terbuka: periksa printer dan antrean cetaknya, lalu beri putusan hasil cetaknya")]
    CancelRefused { job_id: i32, source: SpoolError },

    /// The approval system's feed could not be used (network, server, or its answer).
    #[error("umpan persetujuan: {0}")]
    Feed(String),

    /// A backup was not started: the disk it goes to cannot hold it.
    #[error("ruang disk di {place} tidak cukup untuk cadangan: perlu {need}, tersisa {free}; kosongkan ruang di disk itu (atau pindahkan berkas lama) lalu coba lagi")]
    BackupSpace { place: String, need: String, free: String },

    /// An encrypted station file whose key this computer does not keep (another PC's backup).
    #[error("basis data {path} terenkripsi dan kuncinya tidak ada di komputer ini ({store}); masukkan kunci pemulihan yang dicatat saat `ktpel init`: ktpel data unlock --db {path}")]
    KeyMissing { path: String, store: String },

    /// The key kept for a station file does not open it.
    #[error("kunci basis data {path} tidak cocok dengan berkasnya (atau berkas itu rusak); masukkan kunci pemulihan: ktpel data unlock --db {path}, atau pulihkan cadangan terakhir")]
    KeyWrong { path: String },

    /// The window's first start: nobody has said yet where this desk's data is.
    #[error("tempat data meja ini belum dipilih; isi di layar pertama")]
    PlaceUnknown,

    #[error("basis data {path}: {reason}")]
    DatabaseOpen { path: String, reason: String },

    /// A database error; disk full, read-only, corrupt and busy are told apart (see `db_words`).
    #[error("{}", db_words(.0))]
    Db(#[from] rusqlite::Error),

    /// The database file is damaged: it is not used, and the last good backup is named.
    #[error("basis data {path} rusak ({reason}); berkas ini tidak dipakai agar kerusakan tidak bertambah. {}", backup_words(.backup))]
    DatabaseCorrupt { path: String, reason: String, backup: Option<String> },

    /// The office's server could not be reached at all: nothing was read or written.
    #[error("server basis data kantor {server} tidak terjangkau ({reason}): tidak ada yang disimpan; periksa jaringan dan server — meja ini tersambung lagi sendiri begitu server kembali")]
    ServerUnreachable { server: String, reason: String },

    /// An error from the office's PostgreSQL server (see `server_words`).
    #[error("{}", server_words(.0))]
    Server(#[from] tokio_postgres::Error),

    #[error("migrasi basis data gagal: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("data tersimpan rusak ({what}): {reason}")]
    Corrupt { what: String, reason: String },

    #[error("berkas {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        CoreError::Invalid { field: field.into(), reason: reason.into() }
    }

    pub fn corrupt(what: impl Into<String>, reason: impl ToString) -> Self {
        CoreError::Corrupt { what: what.into(), reason: reason.to_string() }
    }

    /// The storage failed (disk full, read-only, damaged, busy, a file), not the data given: the
    /// operation must stop rather than count the data as bad.
    pub fn is_storage_fault(&self) -> bool {
        match self {
            CoreError::Db(e) => !matches!(sqlite_code(e), Some(rusqlite::ErrorCode::ConstraintViolation)),
            CoreError::Server(e) => !server_code(e).starts_with("23"),
            CoreError::DatabaseCorrupt { .. } | CoreError::DatabaseOpen { .. } | CoreError::ServerUnreachable { .. } | CoreError::Migration(_) | CoreError::Io { .. } => true,
            _ => false,
        }
    }

    /// Stable machine-readable code; never change an existing one (the UI and scripts branch on it).
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid { .. } => "invalid_input",
            CoreError::BadCredentials => "bad_credentials",
            CoreError::NotLoggedIn => "not_logged_in",
            CoreError::SessionLocked { .. } => "session_locked",
            CoreError::Forbidden { .. } => "forbidden",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Conflict(_) => "conflict",
            CoreError::Setting { .. } => "bad_setting",
            CoreError::Layout(_) => "layout",
            CoreError::Spool(e) => e.code(),
            CoreError::CancelRefused { .. } => "cancel_refused",
            CoreError::Feed(_) => "feed",
            CoreError::PlaceUnknown => "data_place_unknown",
            CoreError::KeyMissing { .. } => "database_key_missing",
            CoreError::KeyWrong { .. } => "database_key_wrong",
            CoreError::BackupSpace { .. } => "disk_full",
            CoreError::DatabaseOpen { .. } => "database_open",
            CoreError::Db(e) => match sqlite_code(e) {
                Some(rusqlite::ErrorCode::DiskFull) => "disk_full",
                Some(rusqlite::ErrorCode::ReadOnly) => "database_read_only",
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => "database_corrupt",
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => "database_busy",
                _ => "database",
            },
            CoreError::ServerUnreachable { .. } => "database_unreachable",
            CoreError::Server(e) => match server_code(e) {
                "" => "database_unreachable",
                "53100" => "disk_full",
                c if c.starts_with("40") || c == "55P03" || c == "57014" || c == "25P03" => "database_busy",
                c if c.starts_with("08") || c.starts_with("57P") => "database_unreachable",
                "42501" => "database_read_only",
                _ => "database",
            },
            CoreError::DatabaseCorrupt { .. } => "database_corrupt",
            CoreError::Migration(_) => "database",
            CoreError::Corrupt { .. } => "corrupt_data",
            CoreError::Io { .. } => "io",
        }
    }
}

fn sqlite_code(e: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

/// The words for a database error: what happened to the change and what to do.
fn db_words(e: &rusqlite::Error) -> String {
    match sqlite_code(e) {
        Some(rusqlite::ErrorCode::DiskFull) => {
            "disk penuh: perubahan ini tidak disimpan (basis data tetap seperti sebelumnya); kosongkan ruang disk lalu ulangi".into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "basis data hanya dapat dibaca (izin berkas atau disk): tidak ada yang disimpan; minta admin memberi izin tulis pada berkas basis data dan foldernya".into()
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            format!("basis data rusak ({e}): hentikan pekerjaan di stasiun ini dan pulihkan cadangan terakhir (ktpel backup restore)")
        }
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            "basis data sedang dipakai proses lain terlalu lama: perubahan ini tidak disimpan; ulangi sebentar lagi".into()
        }
        _ => format!("kesalahan basis data: {e}"),
    }
}

/// The SQLSTATE of a server error; empty when the server never answered (connection lost).
fn server_code(e: &tokio_postgres::Error) -> &str {
    e.code().map(|c| c.code()).unwrap_or("")
}

/// The words for an office-server error: what happened to the change and what to do.
fn server_words(e: &tokio_postgres::Error) -> String {
    match server_code(e) {
        "" => "server basis data kantor tidak terjangkau: perubahan ini tidak disimpan; periksa jaringan, stasiun tersambung lagi sendiri saat server kembali".into(),
        "53100" => "disk server kantor penuh: perubahan ini tidak disimpan; minta admin mengosongkan ruang di server".into(),
        c if c.starts_with("40") || c == "55P03" || c == "57014" || c == "25P03" => {
            "server kantor sibuk (meja lain menahan data terlalu lama): perubahan ini tidak disimpan; ulangi sebentar lagi".into()
        }
        c if c.starts_with("08") || c.starts_with("57P") => {
            "sambungan ke server kantor terputus: perubahan ini tidak disimpan; stasiun tersambung lagi sendiri saat server kembali".into()
        }
        "42501" => format!(
            "akun meja ini tidak diizinkan mengubah data itu di server kantor (hak akses: {}); tidak ada yang disimpan",
            e.as_db_error().map(|d| d.message()).unwrap_or("")
        ),
        _ => match e.as_db_error() {
            Some(db) => format!("kesalahan basis data kantor: {}", db.message()),
            None => format!("kesalahan basis data kantor: {e}"),
        },
    }
}

fn backup_words(backup: &Option<String>) -> String {
    match backup {
        Some(b) => format!("Cadangan terakhir: {b}; admin memulihkannya dengan: ktpel --as ADMIN backup restore {b}"),
        None => "Tidak ada cadangan di folder cadangan/ di samping basis data; hubungi admin".into(),
    }
}

/// What the UI receives when a command fails: a stable `code` to branch on and an Indonesian
/// `message` to show. The Tauri shell returns exactly this; its JSON shape is pinned by tests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ErrorReply {
    pub code: String,
    pub message: String,
}

impl From<CoreError> for ErrorReply {
    fn from(e: CoreError) -> Self {
        ErrorReply { code: e.code().to_string(), message: e.to_string() }
    }
}
