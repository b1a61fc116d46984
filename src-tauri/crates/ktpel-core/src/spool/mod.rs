//! The OS print spooler, spoken to over IPP: where a printer is (`target`), how bytes get there
//! (`transport`: TCP or the CUPS Unix socket), the IPP operations we use (`ipp_ops`), following a
//! job to its end (`follow`), and the printer's reasons in plain words (`reasons`).

pub mod follow;
pub mod ipp_ops;
pub mod reasons;
pub mod target;
pub mod transport;

pub use follow::{FollowOutcome, FollowPolicy, JobProgress};
pub use ipp_ops::{JobInfo, PrinterInfo, Spooler};
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

    #[error("CUPS menolak permintaan ({status}){message}")]
    Rejected { status: String, message: String },

    #[error("jawaban CUPS tidak terbaca: {0}")]
    Protocol(String),

    #[error("CUPS tidak menjawab dalam {seconds} detik")]
    Timeout { seconds: u64 },
}

impl SpoolError {
    pub fn code(&self) -> &'static str {
        match self {
            SpoolError::BadTarget { .. } => "invalid_printer",
            SpoolError::Unreachable { .. } => "scheduler_unreachable",
            SpoolError::QueueNotFound { .. } => "printer_not_found",
            SpoolError::NotAccepting { .. } => "printer_not_accepting",
            SpoolError::Rejected { .. } => "print_rejected",
            SpoolError::Protocol(_) => "spool_protocol",
            SpoolError::Timeout { .. } => "spool_timeout",
        }
    }

    /// True when the request certainly did not create a job (nothing reached the scheduler, or
    /// it answered with a refusal). A timeout is not certain: the job may exist.
    pub fn job_certainly_absent(&self) -> bool {
        !matches!(self, SpoolError::Timeout { .. } | SpoolError::Protocol(_))
    }
}
