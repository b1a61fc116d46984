//! Printing and its result: printers, the blanko check, the print itself with its progress pushed
//! to the window as `cetak` events, and the officer's verdict.

use ktpel_core::spool::{target, PrinterTarget};
use ktpel_core::station::{cancel, print_run, printers, CancelReport, OpenAttempt, PrintEvent, PrintReport, PrinterView, SpoilReason};
use ktpel_core::store::register::RegisterRow;
use ktpel_core::CoreError;
use tauri::{AppHandle, Emitter, State};

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub async fn printer_daftar(state: State<'_, AppState>) -> Result<Vec<PrinterView>, UiError> {
    state.reader()?;
    Ok(printers::printer_views(&*state.shared()?).await?)
}

#[tauri::command]
pub async fn printer_pilih(state: State<'_, AppState>, nama: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.choose_printer(&actor, &nama)).await
}

/// The serial as it will be recorded, if the blank is in stock.
#[tauri::command]
pub async fn cek_blanko(state: State<'_, AppState>, serial: String) -> Result<String, UiError> {
    state.reader()?;
    state.with(|s| s.check_blanko(&serial)).await
}

#[tauri::command]
pub async fn cetak(app: AppHandle, state: State<'_, AppState>, request_id: String, serial: String, printer: String, chip: Option<String>) -> Result<PrintReport, UiError> {
    let actor = state.actor()?;

    let target = PrinterTarget::parse(&printer, target::server_from_env().as_deref()).map_err(CoreError::from)?;
    let emit = |e: &PrintEvent| {
        if let Err(err) = app.emit("cetak", e) {
            log::warn!("print: progress not delivered to the window: {err}");
        }
    };
    Ok(print_run::run_at_desk(&*state.shared()?, &actor, &request_id, &serial, chip.as_deref(), target, None, emit).await?)
}

/// *Batalkan*: cancels the job of a print still moving; the running `cetak` then reports it.
#[tauri::command]
pub async fn batalkan_cetak(state: State<'_, AppState>, request_id: String) -> Result<CancelReport, UiError> {
    let actor = state.actor()?;
    Ok(cancel::cancel(&*state.shared()?, &actor, &request_id).await?)
}

/// Attempts waiting for a verdict; at the first call of a run, those an earlier run left moving
/// are first tied to what the spooler knows.
#[tauri::command]
pub async fn hasil_terbuka(state: State<'_, AppState>) -> Result<Vec<OpenAttempt>, UiError> {
    let actor = state.actor()?;
    if actor.role.desk() && state.first_reconcile() {
        return Ok(state.shared()?.lock().await.reconcile(&actor).await?);
    }
    state.with(|s| s.open_attempts()).await
}

#[tauri::command]
pub async fn hasil_baik(state: State<'_, AppState>, request_id: String) -> Result<RegisterRow, UiError> {
    let actor = state.actor()?;
    state.with(|s| s.confirm_ok(&actor, &request_id)).await
}

#[tauri::command]
pub async fn hasil_rusak(state: State<'_, AppState>, request_id: String, alasan: SpoilReason, catatan: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.confirm_spoiled(&actor, &request_id, alasan, &catatan)).await
}

#[tauri::command]
pub async fn hasil_tidak_terambil(state: State<'_, AppState>, request_id: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.confirm_not_fed(&actor, &request_id)).await
}

/// The ribbon in `printer` now (None when no change was recorded), shown before printing.
#[tauri::command]
pub async fn pita(state: State<'_, AppState>, printer: String) -> Result<Option<ktpel_core::station::ribbons::RibbonStatus>, UiError> {
    state.reader()?;
    state.with(|s| s.ribbon_of(&printer)).await
}

/// Records a new ribbon in `printer` (capacity: the setting's when not given).
#[tauri::command]
pub async fn pita_ganti(state: State<'_, AppState>, printer: String, kapasitas: Option<u32>) -> Result<ktpel_core::store::ribbons::RibbonChange, UiError> {
    let actor = state.actor()?;
    state.with(|s| s.change_ribbon(&actor, &printer, kapasitas)).await
}

/// The blank on the chip reader now, for the print panel: its UID, "no card" or "no reader".
#[tauri::command]
pub async fn chip_baca(state: State<'_, AppState>) -> Result<ktpel_core::chip::reader::ChipTap, UiError> {
    state.reader()?;
    Ok(match ktpel_core::chip::reader::tap()? {
        ktpel_core::chip::reader::Tap::NoReader => ktpel_core::chip::reader::ChipTap { reader: None, uid: None },
        ktpel_core::chip::reader::Tap::NoCard { reader } => ktpel_core::chip::reader::ChipTap { reader: Some(reader), uid: None },
        ktpel_core::chip::reader::Tap::Uid { reader, uid } => ktpel_core::chip::reader::ChipTap { reader: Some(reader), uid: Some(uid) },
    })
}
