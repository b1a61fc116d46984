//! The *Tentang* (about) box: this build's version, the schema versions it writes, the database
//! this desk opens and the log file a supervisor looks at after an incident. Shown to anyone at
//! the desk, logged in or not (an office server's URL never carries its password).

use ktpel_core::about::About;
use tauri::State;

use crate::state::AppState;
use crate::UiError;

#[tauri::command]
pub async fn tentang(state: State<'_, AppState>) -> Result<About, UiError> {
    // An open station also tells which versions opened its database; one that did not open
    // (a damaged file, the first start) still shows the build and the place.
    if state.is_open() {
        return state.with(|s| s.about()).await;
    }
    Ok(ktpel_core::about::about(&state.location().to_string_lossy()))
}
