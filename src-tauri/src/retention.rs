//! Photos past their retention period erased while the window is open: checked at start and every
//! hour (the core decides what is due; erasing twice is impossible); a failure is logged and tried
//! again the next hour.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(3600);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Ok(station) = app.state::<AppState>().shared() {
                if let Err(e) = station.lock().await.purge_images_scheduled() {
                    log::error!("retention: {e}");
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
