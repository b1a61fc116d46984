//! The history of a request and of a blank, as the officer reads it: every audited action on the
//! request (import, prints, verdicts, reprint decisions, handover) and every ledger event of the
//! blank with the audit rows about it, in order, in words.

use serde::Serialize;

use super::Station;
use crate::error::{CoreError, Result};
use crate::store::audit::AuditRow;
use crate::store::blanko::{BlankoRow, LedgerRow};

/// One line of a history.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HistoryEntry {
    pub at: String,
    pub username: String,
    pub role: String,
    pub action: String,
    pub words: String,
    /// The audit row's JSON detail (no NIK or photo is ever put there).
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BlankoHistory {
    pub blanko: BlankoRow,
    /// The blank's chip, once recorded (at receipt or at its first print with a reader).
    pub chip: Option<crate::store::chips::BlankChip>,
    pub ledger: Vec<LedgerRow>,
    pub audit: Vec<HistoryEntry>,
}

/// Words for an audited action.
pub fn action_words(action: &str) -> &'static str {
    match action {
        "request.import" => "permohonan diimpor",
        "request.cancel" => "dibatalkan oleh sistem persetujuan",
        "print.reserve" => "blanko dipakai, cetak disiapkan",
        "print.submitted" => "dikirim ke antrean cetak",
        "print.submit_failed" => "gagal dikirim ke antrean cetak",
        "print.job_end" => "pekerjaan cetak berakhir",
        "print.reconcile" => "cetakan terputus dicocokkan",
        "print.confirm_ok" => "kartu baik, nomor register diberikan",
        "print.confirm_spoiled" => "kartu rusak",
        "print.confirm_not_fed" => "kartu tidak terambil printer",
        "reprint.approve" => "cetak ulang disetujui",
        "reprint.refuse" => "cetak ulang ditolak",
        "request.handover" => "KTP-el diserahkan",
        "blanko.receive" => "blanko diterima",
        "blanko.adjust" => "penyesuaian stok",
        "blanko.disable" => "sudut blanko rusak dipotong",
        "blanko.destroy" => "blanko dimusnahkan",
        "report.sign" => "laporan harian ditandatangani",
        "report.export" => "laporan harian disimpan ke berkas",
        "blanko.hand_out" => "blanko diserahkan ke meja",
        "blanko.poster" => "poster stok blanko disimpan",
        "report.destruction" => "berita acara pemusnahan disimpan",
        "report.monthly" => "laporan bulanan disimpan",
        "report.service" => "laporan kinerja disimpan",
        "register.export" => "register disimpan ke berkas",
        "register.continue_from" => "buku register kertas dicatat",
        "printer.ribbon_change" => "pita printer diganti",
        "print.cancel" => "pekerjaan cetak dibatalkan",
        "print.cancel_refused" => "pembatalan ditolak CUPS",
        _ => "tindakan lain",
    }
}

fn entry(a: AuditRow) -> HistoryEntry {
    HistoryEntry { words: action_words(&a.action).to_string(), at: a.at, username: a.username, role: a.role, action: a.action, detail: a.detail }
}

impl Station {
    pub fn request_history(&self, request_id: &str) -> Result<Vec<HistoryEntry>> {
        let request = self.request(request_id)?;
        let rows = self.store.read(|c| c.audit_for_subject(&format!("request:{}", request.request_id)))?;
        Ok(rows.into_iter().map(entry).collect())
    }

    pub fn blanko_history(&self, serial: &str) -> Result<BlankoHistory> {
        let serial = serial.trim().to_uppercase();
        let row = self.blanko(&serial)?.ok_or_else(|| CoreError::NotFound { what: "blanko", id: serial.clone() })?;
        self.store.read(|c| {
            let ledger = c.blanko_ledger_of(&serial)?;
            let mut audit_rows = c.audit_for_subject(&format!("blanko:{serial}"))?;
            // The print steps are audited on the request: bring in those that used this blank.
            let mut requests: Vec<String> = Vec::new();
            for l in &ledger {
                if let Some(a) = l.attempt_id {
                    let attempt = c.attempts_get(a)?;
                    let (request_id, _) = c.requests_id_and_name(attempt.request_ref)?;
                    if !requests.contains(&request_id) {
                        requests.push(request_id);
                    }
                }
            }
            for r in requests {
                audit_rows.extend(c.audit_for_subject(&format!("request:{r}"))?.into_iter().filter(|a| a.detail.contains(&format!("\"{serial}\""))));
            }
            audit_rows.sort_by_key(|a| a.id);
            Ok(BlankoHistory { blanko: row, chip: c.chip_of_serial(&serial)?, ledger, audit: audit_rows.into_iter().map(entry).collect() })
        })
    }
}
