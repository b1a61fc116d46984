//! The feed in the background: while the window is open, one synchronisation round with the
//! approval system every `poll_seconds` (when a feed is configured). It takes the station only for
//! database steps, so the desk never waits on the network; its state shows in the status bar.

use std::time::Duration;

use ktpel_core::feed::sync::sync_once;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// Checked this often while no feed is configured (it may be configured at any time).
const IDLE_CHECK: Duration = Duration::from_secs(30);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let wait = round(&app).await;
            tokio::time::sleep(wait).await;
        }
    });
}

/// One round if configured; returns how long to wait before the next.
async fn round(app: &AppHandle) -> Duration {
    let state = app.state::<AppState>();
    let Ok(station) = state.shared() else { return IDLE_CHECK };
    let configured = station.lock().await.feed_state();
    match configured {
        Ok(f) if f.base_url.is_some() => {
            match sync_once(&*station).await {
                Ok(r) if r.imported + r.sent + r.cancelled > 0 || r.error.is_some() => {
                    log::info!("feed: {} new, {} cancelled, {} sent, problem: {}", r.imported, r.cancelled, r.sent, r.error.as_deref().unwrap_or("-"));
                }
                Ok(_) => {}
                Err(e) => log::warn!("feed: {e}"),
            }
            Duration::from_secs(u64::from(f.poll_seconds.max(5)))
        }
        Ok(_) => IDLE_CHECK,
        Err(e) => {
            log::warn!("feed state: {e}");
            IDLE_CHECK
        }
    }
}
