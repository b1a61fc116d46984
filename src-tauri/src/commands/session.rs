//! Log-in, log-out, activity, and the status bar.

use std::time::Instant;

use ktpel_core::session::SessionInfo;
use ktpel_core::station::desk_name;
use ktpel_core::station::{printers, DeskName, DeskStatus};
use tauri::State;

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub async fn masuk(state: State<'_, AppState>, username: String, password: String) -> Result<SessionInfo, UiError> {
    let (actor, minutes) = state.with(|s| Ok((s.login(&username, &password)?, s.config()?.idle_lock_minutes))).await?;
    state.session()?.start(actor.clone(), minutes, Instant::now());
    log::info!("session: {} ({}) logged in", actor.username, actor.role.as_str());
    Ok(SessionInfo { actor, idle_lock_minutes: minutes })
}

#[tauri::command]
pub fn keluar(state: State<'_, AppState>) -> Result<(), UiError> {
    state.session()?.end();
    Ok(())
}

/// The officer is at the desk (keys, mouse): keeps the session from locking.
#[tauri::command]
pub fn aktif(state: State<'_, AppState>) -> Result<(), UiError> {
    state.actor().map(|_| ())
}

/// This desk's name, and whether anyone gave it one (the window asks at the first start).
#[tauri::command]
pub async fn meja(state: State<'_, AppState>) -> Result<DeskName, UiError> {
    state.with(|s| Ok(s.desk_name())).await
}

/// Names this desk: before anyone logs in at the first start, afterwards by an admin.
#[tauri::command]
pub async fn meja_simpan(state: State<'_, AppState>, nama: String) -> Result<DeskName, UiError> {
    let actor = state.actor().ok();
    let file = desk_name::file_for(&state.location());
    state.with(|s| s.name_desk(actor.as_ref(), &file, &nama)).await
}

#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> Result<DeskStatus, UiError> {
    Ok(printers::desk_status(&*state.shared()?).await?)
}
