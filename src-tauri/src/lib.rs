//! The desktop shell: Tauri commands that only adapt (arguments in, a call into
//! `ktpel_core::Station`, the error mapped to `UiError`). All logic lives in the core.

mod error;

use std::sync::Mutex;

use ktpel_core::station::QueueItem;
use ktpel_core::store::blanko::StockCount;
use ktpel_core::{time, CoreError, Station};

pub use error::UiError;

/// The station opened at start, or why it could not be opened (shown in the window).
struct AppState {
    station: Result<Mutex<Station>, UiError>,
    db_path: String,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&Station) -> Result<T, CoreError>) -> Result<T, UiError> {
        let station = self.station.as_ref().map_err(|e| UiError { code: e.code, message: e.message.clone() })?;
        let guard = station.lock().map_err(|_| UiError { code: "internal", message: "status aplikasi rusak; tutup dan buka kembali".into() })?;
        f(&guard).map_err(UiError::from)
    }
}

#[derive(serde::Serialize)]
struct StationInfo {
    db_path: String,
    stock: StockCount,
}

#[tauri::command(async)]
fn antrian(state: tauri::State<'_, AppState>) -> Result<Vec<QueueItem>, UiError> {
    state.with(|s| s.queue(time::now()))
}

#[tauri::command(async)]
fn info(state: tauri::State<'_, AppState>) -> Result<StationInfo, UiError> {
    state.with(|s| Ok(StationInfo { db_path: state.db_path.clone(), stock: s.stock()? }))
}

pub fn run() {
    env_logger::Builder::from_env(env_logger::Env::default().filter_or("KTPEL_LOG", "info")).init();
    let path = ktpel_core::paths::default_db_path();
    let station = Station::open(&path).map(Mutex::new).map_err(UiError::from);
    if let Err(e) = &station {
        log::error!("station database: {}", e.message);
    }
    let state = AppState { station, db_path: path.display().to_string() };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![antrian, info])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        log::error!("window: {e}");
        std::process::exit(1);
    }
}
