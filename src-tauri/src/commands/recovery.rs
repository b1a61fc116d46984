//! When the database did not open because it is damaged: the newest backup beside it, and its
//! restore by an admin of that backup. Only then: a station that is open is never replaced under
//! its own feet.

use ktpel_core::station::backup_ops::{self, RestoreReport};
use ktpel_core::store::backup::BackupFile;
use ktpel_core::CoreError;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub fn cadangan_terakhir(state: State<'_, AppState>) -> Result<Option<BackupFile>, UiError> {
    Ok(backup_ops::backups_of(&state.location())?.into_iter().next())
}

#[tauri::command]
pub fn pulihkan_cadangan(state: State<'_, AppState>, username: String, password: String) -> Result<RestoreReport, UiError> {
    if state.is_open() {
        return Err(CoreError::Conflict("basis data terbuka dan tidak rusak; pemulihan cadangan hanya untuk basis data yang rusak".into()).into());
    }
    let report = backup_ops::restore_latest(&state.location(), &username, &password)?;
    log::warn!("database restored from {} (damaged file kept as {:?})", report.restored_from, report.damaged_kept_as);
    Ok(report)
}
