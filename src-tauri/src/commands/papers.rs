//! The office's papers in the window: the service standard (*Kinerja*), destructions and their
//! berita acara (*Pemusnahan*), the monthly report upward, the public stock poster, and the lobby
//! screen (*Layar publik*). Files go to the export folder; each command is one core call.

use ktpel_core::report::destruction::DestroyedBlank;
use ktpel_core::report::service::ServiceReport;
use ktpel_core::station::performance::Span;
use ktpel_core::station::public_papers::{LobbyView, PosterKind};
use ktpel_core::station::ReportFormat;
use ktpel_core::store::adjustments::DestructionRecord;
use ktpel_core::CoreError;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

fn date(field: &str, text: &str) -> Result<chrono::NaiveDate, UiError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CoreError::invalid(field, "pilih tanggal yang sah (TTTT-BB-HH)").into())
}

/// A day (`tanggal`) or, when given, a month (`bulan`, TTTT-BB).
fn span(tanggal: &str, bulan: &str) -> Result<Span, UiError> {
    if bulan.trim().is_empty() {
        Ok(Span::Day(date("tanggal", tanggal)?))
    } else {
        Span::month(bulan).map_err(|_| CoreError::invalid("bulan", "pilih bulan yang sah (TTTT-BB)").into())
    }
}

#[tauri::command]
pub async fn kinerja(state: State<'_, AppState>, tanggal: String, bulan: String) -> Result<ServiceReport, UiError> {
    state.reader()?;
    let span = span(&tanggal, &bulan)?;
    state.with(|s| s.service_report(span)).await
}

#[tauri::command]
pub async fn kinerja_ekspor(state: State<'_, AppState>, tanggal: String, bulan: String) -> Result<String, UiError> {
    let actor = state.actor()?;
    let span = span(&tanggal, &bulan)?;
    let dir = state.export_dir();
    state.with(|s| s.save_service_report(&actor, span, &dir)).await.map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn pemusnahan_menunggu(state: State<'_, AppState>) -> Result<Vec<DestroyedBlank>, UiError> {
    state.reader()?;
    state.with(|s| s.awaiting_destruction()).await
}

/// The destructions of a year, by day.
#[tauri::command]
pub async fn pemusnahan_daftar(state: State<'_, AppState>, tahun: i32) -> Result<Vec<DestructionRecord>, UiError> {
    state.reader()?;
    state.with(|s| s.destructions_of_year(tahun)).await
}

/// Records a destruction (supervisor) and saves its berita acara; returns the file's path.
#[tauri::command]
pub async fn pemusnahan_catat(state: State<'_, AppState>, nomor: String, tanggal: String, saksi: Vec<String>, seri: Vec<String>) -> Result<String, UiError> {
    let actor = state.actor()?;
    let day = date("tanggal pemusnahan", &tanggal)?;
    let dir = state.export_dir();
    state.with(|s| s.record_destruction_with_paper(&actor, &nomor, day, &saksi, &seri, &dir)).await.map(|p| p.display().to_string())
}

/// The berita acara of a recorded destruction, saved again.
#[tauri::command]
pub async fn pemusnahan_cetak(state: State<'_, AppState>, nomor: String) -> Result<String, UiError> {
    let actor = state.actor()?;
    let dir = state.export_dir();
    state.with(|s| s.save_destruction_paper(&actor, &nomor, &dir)).await.map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn laporan_bulanan_ekspor(state: State<'_, AppState>, bulan: String, format: ReportFormat) -> Result<String, UiError> {
    let actor = state.actor()?;
    let span = Span::month(&bulan).map_err(|_| UiError::from(CoreError::invalid("bulan", "pilih bulan yang sah (TTTT-BB)")))?;
    let dir = state.export_dir();
    state.with(|s| s.save_monthly_report(&actor, span, format, &dir)).await.map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn poster_simpan(state: State<'_, AppState>, jenis: PosterKind) -> Result<String, UiError> {
    let actor = state.actor()?;
    let dir = state.export_dir();
    state.with(|s| s.save_poster(&actor, &dir, jenis)).await.map(|p| p.display().to_string())
}

/// The lobby screen's figures; read by the screen itself every few seconds. Counts only, no
/// person: so it needs no session, and keeps showing while the desk is locked behind it.
#[tauri::command]
pub async fn layar_publik(state: State<'_, AppState>) -> Result<LobbyView, UiError> {
    state.with(|s| s.lobby(ktpel_core::time::now())).await
}

/// The lobby screen in its own window (full screen on a second monitor when there is one);
/// true when it went to the second monitor. No session: it shows counts only, as `layar_publik`.
/// Async: a window built inside a synchronous command can deadlock on Windows.
#[tauri::command]
pub async fn layar_publik_jendela(app: tauri::AppHandle) -> Result<bool, UiError> {
    crate::lobby_window::open(&app).map_err(|e| crate::error::internal(&format!("layar publik tidak dapat dibuka: {e}")))
}

/// Closes the lobby's own window (its Tutup button and Esc).
#[tauri::command]
pub async fn layar_publik_tutup(app: tauri::AppHandle) -> Result<(), UiError> {
    crate::lobby_window::close(&app);
    Ok(())
}

/// Full screen on or off for the lobby's own window, where the officer dragged it (F11 or a
/// double click in it).
#[tauri::command]
pub async fn layar_publik_penuh(app: tauri::AppHandle) -> Result<(), UiError> {
    crate::lobby_window::toggle_full_screen(&app).map_err(|e| crate::error::internal(&format!("layar penuh: {e}")))
}
