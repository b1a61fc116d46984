//! The daily backup while the window is open: checked at start and every hour, made once per WIB
//! day (the core decides); a failure is logged and tried again the next hour.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(3600);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Ok(station) = app.state::<AppState>().shared() {
                match station.lock().await.backup_if_due() {
                    Ok(Some(made)) => log::info!("backup made: {}{}", made.path, made.copy.map(|c| format!(", copied to {c}")).unwrap_or_default()),
                    Ok(None) => {}
                    Err(e) => log::error!("backup: {e}"),
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
