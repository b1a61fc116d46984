//! The desktop shell: Tauri commands that only adapt (arguments in, a call into
//! `ktpel_core::Station`, the error mapped to `UiError`). All logic lives in the core.

mod error;

use std::sync::Mutex;

use ktpel_core::auth::Actor;
use ktpel_core::station::{QueueItem, RequestDetail, StationStatus};
use ktpel_core::{time, CoreError, Station};

pub use error::UiError;

/// The station opened at start (or why it could not be), and who is logged in at the desk.
struct AppState {
    station: Result<Mutex<Station>, UiError>,
    user: Mutex<Option<Actor>>,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Station) -> Result<T, CoreError>) -> Result<T, UiError> {
        let station = self.station.as_ref().map_err(Clone::clone)?;
        let mut guard = station.lock().map_err(|_| error::internal("status aplikasi rusak; tutup dan buka kembali"))?;
        f(&mut guard).map_err(UiError::from)
    }

    fn actor(&self) -> Result<Actor, UiError> {
        self.user.lock().map_err(|_| error::internal("sesi rusak"))?.clone().ok_or_else(error::not_logged_in)
    }
}

#[tauri::command(async)]
fn masuk(state: tauri::State<'_, AppState>, username: String, password: String) -> Result<Actor, UiError> {
    let actor = state.with(|s| s.login(&username, &password))?;
    *state.user.lock().map_err(|_| error::internal("sesi rusak"))? = Some(actor.clone());
    Ok(actor)
}

#[tauri::command(async)]
fn keluar(state: tauri::State<'_, AppState>) -> Result<(), UiError> {
    *state.user.lock().map_err(|_| error::internal("sesi rusak"))? = None;
    Ok(())
}

#[tauri::command(async)]
fn antrian(state: tauri::State<'_, AppState>, cari: Option<String>) -> Result<Vec<QueueItem>, UiError> {
    state.actor()?;
    state.with(|s| s.queue_search(time::now(), cari.as_deref().unwrap_or("")))
}

#[tauri::command(async)]
fn detail(state: tauri::State<'_, AppState>, request_id: String) -> Result<RequestDetail, UiError> {
    state.actor()?;
    state.with(|s| s.request_detail(&request_id))
}

#[tauri::command(async)]
fn status(state: tauri::State<'_, AppState>) -> Result<StationStatus, UiError> {
    state.with(|s| s.status())
}

pub fn run() {
    env_logger::Builder::from_env(env_logger::Env::default().filter_or("KTPEL_LOG", "info")).init();
    let path = ktpel_core::paths::default_db_path();
    let station = Station::open(&path).map(Mutex::new).map_err(UiError::from);
    if let Err(e) = &station {
        log::error!("station database: {}", e.message);
    }
    let state = AppState { station, user: Mutex::new(None) };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![masuk, keluar, antrian, detail, status])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        log::error!("window: {e}");
        std::process::exit(1);
    }
}
