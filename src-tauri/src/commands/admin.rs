//! The admin's settings screen: settings, printers and their calibration, users.


use ktpel_core::auth::Role;
use ktpel_core::card::Calibration;
use ktpel_core::station::{printers, SpoolLogin};
use ktpel_core::store::users::UserRow;
use ktpel_core::config::SettingItem;
use ktpel_core::CoreError;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub async fn pengaturan(state: State<'_, AppState>) -> Result<Vec<SettingItem>, UiError> {
    state.reader()?;
    state.with(|s| s.settings_described()).await
}

#[tauri::command]
pub async fn pengaturan_ubah(state: State<'_, AppState>, key: String, value: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    let cfg = state.with(|s| s.set_setting(&actor, &key, &value).and_then(|_| s.config())).await?;
    state.session()?.set_idle_minutes(cfg.idle_lock_minutes);
    crate::logging::apply_level(cfg.log_level);
    Ok(())
}

#[tauri::command]
pub async fn printer_atur(state: State<'_, AppState>, nama: String, offset_x_mm: f32, offset_y_mm: f32, spesimen: bool) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.set_printer(&actor, &nama, Calibration::new(offset_x_mm, offset_y_mm)?, spesimen)).await
}

/// Sends the calibration card (mm grid and crosshair) to the printer; returns the job id.
#[tauri::command]
pub async fn kartu_kalibrasi(state: State<'_, AppState>, nama: String) -> Result<i32, UiError> {
    let actor = state.actor()?;
    Ok(printers::print_calibration_card(&*state.shared()?, &actor, &nama).await?)
}

/// Print servers that ask for a password: their stored logins (never the passwords).
#[tauri::command]
pub async fn server_cetak(state: State<'_, AppState>) -> Result<Vec<SpoolLogin>, UiError> {
    state.reader()?;
    state.with(|s| s.spool_logins()).await
}

#[tauri::command]
pub async fn server_cetak_simpan(state: State<'_, AppState>, server: String, pengguna: String, kata_sandi: String, berkas_ca: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.set_spool_login(&actor, &server, Some(&pengguna), Some(&kata_sandi), Some(std::path::Path::new(&berkas_ca)))).await
}

#[tauri::command]
pub async fn server_cetak_hapus(state: State<'_, AppState>, server: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    state.with(|s| s.remove_spool_login(&actor, &server)).await
}

#[tauri::command]
pub async fn pengguna(state: State<'_, AppState>) -> Result<Vec<UserRow>, UiError> {
    state.reader()?;
    state.with(|s| s.users()).await
}

#[tauri::command]
pub async fn pengguna_tambah(state: State<'_, AppState>, username: String, nama_lengkap: String, peran: String, kata_sandi: String) -> Result<(), UiError> {
    let actor = state.actor()?;
    let role = Role::parse(&peran).ok_or_else(|| CoreError::invalid("peran", "pilih operator, supervisor atau admin"))?;
    state.with(|s| s.add_user(&actor, &username, &nama_lengkap, role, &kata_sandi)).await
}
