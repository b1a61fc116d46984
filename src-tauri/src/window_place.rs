//! The window comes back where and as large as the officer left it (tauri-plugin-window-state).
//! The plugin writes its file when the app ends normally; a desk PC is often switched off with
//! the app open, so the place is also written a second after the officer stops moving or
//! resizing the window.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

const QUIET: Duration = Duration::from_secs(1);

pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_window_state::Builder::default().build()
}

/// Saves the window's place once it has been still for a second after a move or resize.
pub fn follow(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else { return };
    let moves = Arc::new(AtomicU64::new(0));
    let handle = app.clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let this = moves.fetch_add(1, Ordering::SeqCst) + 1;
        let (moves, handle) = (moves.clone(), handle.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(QUIET).await;
            if moves.load(Ordering::SeqCst) == this {
                if let Err(e) = handle.save_window_state(StateFlags::all()) {
                    log::warn!("window place not saved: {e}");
                }
            }
        });
    });
}
