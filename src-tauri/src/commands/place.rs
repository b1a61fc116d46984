//! The first start: where this desk's data is (the office server, or a station file here).

use ktpel_core::station::{opening, DataPlace};
use tauri::State;

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub fn tempat_data() -> DataPlace {
    DataPlace::now()
}

/// Opens the place given and keeps it (once: the core refuses a second choice).
#[tauri::command]
pub async fn tempat_data_simpan(state: State<'_, AppState>, lokasi: String) -> Result<DataPlace, UiError> {
    let station = opening::choose_place(&lokasi, std::env::var("KTPEL_STATION").ok().as_deref())?;
    state.opened(station, lokasi.trim().into())?;
    Ok(DataPlace::now())
}
