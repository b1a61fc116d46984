//! Printer and job states in plain words for the officer. CUPS reports keywords such as
//! `media-empty-error`; the desk needs "kartu blanko habis: isi ulang tempat kartu".

use super::ipp_ops::{job_state, printer_state};

/// Severity suffixes are stripped: `media-empty-error` and `media-empty-report` both mean media-empty.
pub fn base_keyword(reason: &str) -> &str {
    reason.trim_end_matches("-error").trim_end_matches("-warning").trim_end_matches("-report")
}

pub fn is_error(reason: &str) -> bool {
    reason.ends_with("-error")
}

/// A paused queue is resumed where the platform's spooler is run.
#[cfg(windows)]
const PAUSED_WORDS: &str = "antrean printer dijeda (paused): lanjutkan di Pengaturan Windows > Printer & pemindai";
#[cfg(not(windows))]
const PAUSED_WORDS: &str = "antrean printer dihentikan (paused): aktifkan kembali dengan cupsenable";

/// How a stopped printer is set going again, where the platform's spooler is run.
pub fn resume_words(queue: &str) -> String {
    if cfg!(windows) {
        format!("lanjutkan printer '{queue}' di Pengaturan Windows > Printer & pemindai")
    } else {
        format!("aktifkan dengan cupsenable {queue}")
    }
}

/// One printer-state-reason in words; unknown keywords are shown as they are.
pub fn reason_words(reason: &str) -> String {
    let words = match base_keyword(reason) {
        "media-empty" | "media-needed" => "kartu blanko habis di printer: isi tempat kartu",
        "media-jam" => "kartu macet di printer: buka dan keluarkan kartu",
        "cover-open" | "door-open" | "interlock-open" => "penutup printer terbuka: tutup penutupnya",
        "marker-supply-empty" | "toner-empty" => "pita (ribbon) habis: ganti pita",
        "marker-supply-low" | "toner-low" => "pita (ribbon) hampir habis",
        "offline" | "connecting-to-device" => "printer tidak terhubung: periksa kabel dan daya printer",
        "paused" => PAUSED_WORDS,
        "shutdown" => "printer mati",
        "timed-out" => "printer tidak menjawab",
        "other" => "printer melaporkan kesalahan",
        _ => return reason.to_string(),
    };
    words.to_string()
}

pub fn printer_state_words(state: i32) -> &'static str {
    match state {
        printer_state::IDLE => "siap",
        printer_state::PROCESSING => "sedang mencetak",
        printer_state::STOPPED => "berhenti",
        _ => "tidak diketahui",
    }
}

pub fn job_state_words(state: i32) -> &'static str {
    match state {
        job_state::PENDING => "menunggu di antrean",
        job_state::PENDING_HELD => "ditahan di antrean",
        job_state::PROCESSING => "sedang dicetak",
        job_state::PROCESSING_STOPPED => "terhenti",
        job_state::CANCELED => "dibatalkan",
        job_state::ABORTED => "digagalkan oleh sistem cetak",
        job_state::COMPLETED => "selesai dikirim ke printer",
        _ => "tidak diketahui",
    }
}

/// All reasons joined for one line of display, most useful first (errors before reports).
pub fn summary(reasons: &[String]) -> String {
    let mut sorted: Vec<&String> = reasons.iter().filter(|r| r.as_str() != "none").collect();
    sorted.sort_by_key(|r| !is_error(r));
    sorted.iter().map(|r| reason_words(r)).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_words() {
        assert!(reason_words("media-empty-error").contains("blanko habis"));
        assert!(reason_words("marker-supply-empty-warning").contains("pita"));
        assert_eq!(reason_words("x-vendor-thing"), "x-vendor-thing");
        let s = summary(&["paused".into(), "cover-open-error".into()]);
        assert!(s.starts_with("penutup"), "{s}");
    }
}
