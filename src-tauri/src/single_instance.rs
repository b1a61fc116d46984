//! A second launch of the app on the same desk: the first window is brought to the front and
//! told (the `instans-kedua` event, shown as a notice), and the second process exits.

use tauri::{AppHandle, Emitter, Manager};

/// The event the window shows as "already open".
pub const EVENT: &str = "instans-kedua";

pub fn second_launch(app: &AppHandle) {
    log::info!("second launch: focusing the open window");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Err(e) = app.emit(EVENT, ()) {
        log::warn!("second launch: {e}");
    }
}

/// On Linux the plugin reaches the session bus through DBUS_SESSION_BUS_ADDRESS or the user's
/// runtime folder; without either it would fail at start. On Windows it uses a named mutex and
/// needs nothing.
#[cfg(not(target_os = "linux"))]
pub fn bus_available() -> bool {
    true
}

#[cfg(target_os = "linux")]
pub fn bus_available() -> bool {
    if std::env::var("DBUS_SESSION_BUS_ADDRESS").is_ok_and(|a| !a.trim().is_empty() && a.trim() != "disabled:") {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| std::path::Path::new(&d).join("bus").exists())
}
