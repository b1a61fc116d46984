//! The supervisor's screens at the desk: reprint decisions (the supervisor's own password while
//! the officer stays logged in), the daily usage report with its files and sign-off, and the
//! history of a request or a blank, and finding a request by NIK or name.

use ktpel_core::report::{ReportView, Signature};
use ktpel_core::station::{BlankoHistory, HistoryEntry, ReportFormat, ReprintCase};
use ktpel_core::store::reprints::{Decision, ReprintDecision};
use ktpel_core::store::request_search::FoundRequest;
use ktpel_core::CoreError;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

fn date(field: &str, text: &str) -> Result<chrono::NaiveDate, UiError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CoreError::invalid(field, "pilih tanggal yang sah (TTTT-BB-HH)").into())
}

#[tauri::command]
pub async fn cetak_ulang_daftar(state: State<'_, AppState>) -> Result<Vec<ReprintCase>, UiError> {
    state.reader()?;
    state.with(|s| s.pending_reprints()).await
}

/// The supervisor's decision, proven by their password; the desk's user stays logged in.
#[tauri::command]
pub async fn cetak_ulang_putuskan(
    state: State<'_, AppState>,
    request_id: String,
    pengguna: String,
    sandi: String,
    setuju: bool,
    catatan: String,
) -> Result<ReprintDecision, UiError> {
    let desk = state.actor()?;
    let decision = if setuju { Decision::Approved } else { Decision::Refused };
    state.with(|s| s.decide_reprint_at_desk(&desk, &pengguna, &sandi, &request_id, decision, &catatan)).await
}

#[tauri::command]
pub async fn laporan(state: State<'_, AppState>, dari: String, sampai: String) -> Result<ReportView, UiError> {
    state.reader()?;
    let (from, to) = (date("dari tanggal", &dari)?, date("sampai tanggal", &sampai)?);
    state.with(|s| s.usage_report(from, to)).await.map(ReportView::from)
}

/// Writes the report as pdf, csv or xlsx into the export folder; returns the file's path.
#[tauri::command]
pub async fn laporan_ekspor(state: State<'_, AppState>, dari: String, sampai: String, format: ReportFormat) -> Result<String, UiError> {
    let actor = state.actor()?;
    let (from, to) = (date("dari tanggal", &dari)?, date("sampai tanggal", &sampai)?);
    let dir = state.export_dir();
    state.with(|s| s.export_usage_report(&actor, from, to, format, &dir)).await.map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn laporan_tandatangani(state: State<'_, AppState>, tanggal: String) -> Result<Signature, UiError> {
    let actor = state.actor()?;
    let day = date("tanggal", &tanggal)?;
    state.with(|s| s.sign_day(&actor, day)).await
}

#[tauri::command]
pub async fn riwayat_permohonan(state: State<'_, AppState>, request_id: String) -> Result<Vec<HistoryEntry>, UiError> {
    state.reader()?;
    state.with(|s| s.request_history(&request_id)).await
}

/// Requests in the whole history by NIK (or its first digits), a name fragment or the request id.
#[tauri::command]
pub async fn cari_permohonan(state: State<'_, AppState>, query: String) -> Result<Vec<FoundRequest>, UiError> {
    state.reader()?;
    state.with(|s| s.find_requests(&query)).await
}

#[tauri::command]
pub async fn riwayat_blanko(state: State<'_, AppState>, serial: String) -> Result<BlankoHistory, UiError> {
    state.reader()?;
    state.with(|s| s.blanko_history(&serial)).await
}
