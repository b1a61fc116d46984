//! The first start: where this desk's data is (the office server, or a station file here).

use ktpel_core::station::{opening, DataPlace};
use ktpel_core::CoreError;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

/// What the commands answer until the first start has said where the data is.
pub fn unknown() -> UiError {
    UiError { code: "data_place_unknown".into(), message: "tempat data meja ini belum dipilih; isi di layar pertama".into() }
}

#[tauri::command]
pub fn tempat_data() -> DataPlace {
    DataPlace::now()
}

/// Opens the place given and keeps it; only while nobody has chosen (afterwards `KTPEL_DB` or
/// the admin's setup decide, not a click at the desk).
#[tauri::command]
pub async fn tempat_data_simpan(state: State<'_, AppState>, lokasi: String) -> Result<DataPlace, UiError> {
    if state.is_open() || !DataPlace::now().unknown {
        return Err(CoreError::Conflict("tempat data meja ini sudah dipilih".into()).into());
    }
    let station = opening::choose_place(&lokasi, std::env::var("KTPEL_STATION").ok().as_deref())?;
    state.opened(station, lokasi.trim().into())?;
    Ok(DataPlace::now())
}
