//! The OS print spooler, behind one interface (`spooler::PrintSpooler`): CUPS spoken to over
//! IPP, or on Windows the Windows spooler (`winspool`, its status read by the platform-neutral
//! `winspool_rules`). For IPP: where a printer is (`target`), how bytes get there
//! (`transport`: TCP or the CUPS Unix socket), the IPP operations we use (`ipp_ops`), following a
//! job to its end (`follow`), and the printer's reasons in plain words (`reasons`). Who the
//! station is to the spooler (`identity`) and how it proves it (`auth`); the card's page as the
//! queue understands it (`media`); TLS to a print server (`tls`).

pub mod auth;
pub mod follow;
pub mod identity;
pub mod ipp_ops;
pub mod media;
pub mod reasons;
pub mod spooler;
pub mod target;
pub mod tls;
pub mod transport;
#[cfg(windows)]
pub mod winspool;
pub mod winspool_rules;

pub use follow::{FollowOutcome, FollowPolicy, JobProgress};
pub use identity::SpoolIdentity;
pub use media::{JobTemplate, MediaSupport};
pub use ipp_ops::{JobInfo, Marker, PrinterInfo, Spooler};
pub use spooler::{CardJob, PrintSpooler};
pub use target::PrinterTarget;

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("printer '{target}' tidak sah: {reason}")]
    BadTarget { target: String, reason: String },

    #[error("penjadwal cetak (CUPS) di {server} tidak dapat dihubungi: {reason}; pastikan layanan CUPS berjalan dan alamatnya benar")]
    Unreachable { server: String, reason: String },

    #[error("antrean printer '{queue}' tidak ada di CUPS; pilih printer yang terdaftar (lpstat -p)")]
    QueueNotFound { queue: String },

    #[error("printer '{queue}' tidak menerima pekerjaan{message}; aktifkan dengan cupsaccept atau pilih printer lain")]
    NotAccepting { queue: String, message: String },

    #[error("CUPS menolak permintaan ini dari akun sistem '{user}'{message}: hanya pemilik pekerjaan atau admin CUPS yang boleh; jalankan stasiun dengan akun yang mengirim pekerjaan itu, atau minta admin CUPS membatalkannya")]
    NotAllowed { user: String, message: String },

    #[error("server cetak {server} meminta akun sistem '{user}' membuktikan dirinya ({asked}) dan stasiun tidak dapat memenuhinya; untuk server cetak jarak jauh simpan nama pengguna dan kata sandinya di Pengaturan atau dengan `ktpel printer login {server}`; untuk pekerjaan akun lain, jalankan stasiun dengan akun yang mengirimnya")]
    AuthRequired { server: String, user: String, asked: String },

    #[error("printer '{queue}' tidak dapat mencetak kartu: {problem}")]
    NoCardSize { queue: String, problem: String },

    #[error("sertifikat TLS server cetak {server} tidak dipercaya ({reason}); salin sertifikat server itu (di server CUPS: /etc/cups/ssl/NAMA-HOST.crt) lalu simpan dengan `ktpel printer login {server} --ca-file BERKAS` atau di Pengaturan")]
    TlsUntrusted { server: String, reason: String },

    #[error("CUPS menolak permintaan ({status}){message}")]
    Rejected { status: String, message: String },

    #[error("spooler Windows menolak {call} (kode kesalahan Windows {code}); periksa printer dan drivernya di Pengaturan Windows > Printer & pemindai")]
    Windows { call: String, code: u32 },

    #[error("printer '{printer}' tidak terpasang di Windows ini; pilih printer yang ada di Pengaturan Windows > Printer & pemindai, atau pasang driver printernya")]
    WindowsPrinterMissing { printer: String },

    #[error("spooler Windows tidak dapat dihubungi untuk printer '{printer}' (kode kesalahan Windows {code}); pastikan layanan Print Spooler berjalan (services.msc) dan, untuk printer jaringan, komputer servernya menyala")]
    WindowsSpoolerDown { printer: String, code: u32 },

    #[error("jawaban CUPS tidak terbaca: {0}")]
    Protocol(String),

    #[error("CUPS tidak menjawab dalam {seconds} detik")]
    Timeout { seconds: u64 },
}

impl SpoolError {
    pub fn code(&self) -> &'static str {
        match self {
            SpoolError::BadTarget { .. } => "invalid_printer",
            SpoolError::Unreachable { .. } | SpoolError::WindowsSpoolerDown { .. } => "scheduler_unreachable",
            SpoolError::QueueNotFound { .. } | SpoolError::WindowsPrinterMissing { .. } => "printer_not_found",
            SpoolError::NotAccepting { .. } => "printer_not_accepting",
            SpoolError::NotAllowed { .. } => "spool_not_allowed",
            SpoolError::AuthRequired { .. } => "spool_auth_required",
            SpoolError::NoCardSize { .. } => "printer_no_card_size",
            SpoolError::TlsUntrusted { .. } => "spool_tls_untrusted",
            SpoolError::Rejected { .. } | SpoolError::Windows { .. } => "print_rejected",
            SpoolError::Protocol(_) => "spool_protocol",
            SpoolError::Timeout { .. } => "spool_timeout",
        }
    }

    /// True when the spooler says the printer itself does not exist (deleted, or never installed).
    pub fn printer_missing(&self) -> bool {
        matches!(self, SpoolError::QueueNotFound { .. } | SpoolError::WindowsPrinterMissing { .. })
    }

    /// True when the request certainly did not create a job (nothing reached the scheduler, or
    /// it answered with a refusal). A timeout is not certain: the job may exist.
    pub fn job_certainly_absent(&self) -> bool {
        match self {
            SpoolError::Timeout { .. } | SpoolError::Protocol(_) => false,
            // After StartDoc a failed EndDoc may leave the job in the spooler; a failed drawing
            // was withdrawn whole (AbortDoc).
            SpoolError::Windows { call, .. } => call != "EndDoc",
            _ => true,
        }
    }
}
