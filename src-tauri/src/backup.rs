//! The daily backup while the window is open: checked at start and every hour, made once per office
//! day (the core decides); a failure is logged and tried again the next hour.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(3600);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            // The backup reads its own connection to the station file (a consistent snapshot in
            // WAL mode), so the desk keeps printing while it is written: the station's lock is
            // held only to learn where the data is.
            let location = match app.state::<AppState>().shared() {
                Ok(station) => Some(station.lock().await.store().location()).filter(|l| !ktpel_core::store::postgres::is_office(l)),
                Err(_) => None,
            };
            if let Some(location) = location {
                let made = tauri::async_runtime::spawn_blocking(move || ktpel_core::Station::open_location(&location).and_then(|s| s.backup_if_due())).await;
                match made {
                    Ok(Ok(Some(made))) => log::info!("backup made: {}{}", made.path, made.copy.map(|c| format!(", copied to {c}")).unwrap_or_default()),
                    Ok(Ok(None)) => {}
                    Ok(Err(e)) => log::error!("backup: {e}"),
                    Err(e) => log::error!("backup: {e}"),
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
