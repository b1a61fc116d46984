//! The desk's screens apart from printing: queue, detail, handover and register.

use ktpel_core::station::{QueueItem, ReadyItem, RequestDetail};
use ktpel_core::store::handovers::HandoverRow;
use ktpel_core::store::register::RegisterRow;
use ktpel_core::store::register_carryover::RegisterCarryover;
use ktpel_core::{time, CoreError};
use tauri::State;

use crate::state::AppState;
use crate::UiError;

fn date(text: &str) -> Result<chrono::NaiveDate, UiError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CoreError::invalid("tanggal", "pilih tanggal yang sah (TTTT-BB-HH)").into())
}

#[tauri::command]
pub async fn antrian(state: State<'_, AppState>, cari: String) -> Result<Vec<QueueItem>, UiError> {
    state.reader()?;
    state.with(|s| s.queue_search(time::now(), &cari)).await
}

#[tauri::command]
pub async fn detail(state: State<'_, AppState>, request_id: String) -> Result<RequestDetail, UiError> {
    state.reader()?;
    state.with(|s| s.request_detail(&request_id)).await
}

#[tauri::command]
pub async fn siap_serah(state: State<'_, AppState>) -> Result<Vec<ReadyItem>, UiError> {
    state.reader()?;
    state.with(|s| s.ready_list()).await
}

#[tauri::command]
pub async fn serahkan(state: State<'_, AppState>, request_id: String, penerima: String, wakil: Option<String>, kartu_lama_ditarik: bool) -> Result<HandoverRow, UiError> {
    let actor = state.actor()?;
    state.with(|s| s.handover(&actor, &request_id, &penerima, wakil.as_deref(), kartu_lama_ditarik)).await
}

#[tauri::command]
pub async fn register(state: State<'_, AppState>, tanggal: String, cari: String) -> Result<Vec<RegisterRow>, UiError> {
    state.reader()?;
    let day = date(&tanggal)?;
    state.with(|s| s.register_search(day, &cari)).await
}

/// Writes the register of the day as CSV into the export folder; returns the file's path.
#[tauri::command]
pub async fn register_ekspor(state: State<'_, AppState>, tanggal: String, cari: String) -> Result<String, UiError> {
    let actor = state.actor()?;
    let day = date(&tanggal)?;
    let dir = state.export_dir();
    state.with(|s| s.export_register_csv(&actor, day, &cari, &dir)).await.map(|p| p.display().to_string())
}

/// Where the paper register books ended, per year (the Register screen's "Buku kertas" part).
#[tauri::command]
pub async fn register_buku_kertas(state: State<'_, AppState>) -> Result<Vec<RegisterCarryover>, UiError> {
    state.reader()?;
    state.with(|s| s.register_carryovers()).await
}

/// Records where the year's paper register book ended (supervisor; once, before the year's first card).
#[tauri::command]
pub async fn register_lanjutkan(state: State<'_, AppState>, tahun: i64, nomor: i64, rujukan: String) -> Result<RegisterCarryover, UiError> {
    let actor = state.actor()?;
    state.with(|s| s.continue_register_from(&actor, tahun, nomor, &rujukan)).await
}
