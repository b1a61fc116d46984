//! The lobby screen in a window of its own, for the TV in the waiting room: the desk goes on
//! working in the main window while the lobby shows the day's stock and the queue. With a second
//! monitor connected, the window opens full screen on it; with one, as an ordinary window the
//! officer can drag there. It shows counts only, from a command that needs no session, so it
//! stays up while the desk is locked, and it closes with the desk's window.

use tauri::{AppHandle, Manager, Monitor, WebviewUrl, WebviewWindowBuilder, WindowEvent};

pub const LABEL: &str = "publik";

/// Opens the lobby window, or brings it forward when it is open already; true when another
/// monitor than the desk's is there (the window opens full screen on it).
pub fn open(app: &AppHandle) -> tauri::Result<bool> {
    let other = other_monitor(app)?;
    if let Some(w) = app.get_webview_window(LABEL) {
        w.unminimize()?;
        w.set_focus()?;
        return Ok(other.is_some());
    }
    let mut builder = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html#layar-publik".into()))
        .title("Layar publik — Stasiun Cetak KTP-el")
        .inner_size(1280.0, 720.0);
    if let Some(m) = &other {
        let (p, scale) = (m.position(), m.scale_factor());
        builder = builder.position(p.x as f64 / scale, p.y as f64 / scale).fullscreen(true);
    }
    builder.build()?;
    log::info!("lobby window opened{}", if other.is_some() { " full screen on the second monitor" } else { "" });
    Ok(other.is_some())
}

/// A monitor known to be another than the desk's. When the desk's monitor cannot be told (some
/// Wayland sessions) there is none: full screen could land on the desk itself.
fn other_monitor(app: &AppHandle) -> tauri::Result<Option<Monitor>> {
    let here = app.get_webview_window("main").and_then(|w| w.current_monitor().ok().flatten()).map(|m| *m.position());
    let monitors = app.available_monitors()?;
    Ok(match here {
        Some(h) if monitors.len() > 1 => monitors.into_iter().find(|m| *m.position() != h),
        _ => None,
    })
}

pub fn toggle_full_screen(app: &AppHandle) -> tauri::Result<()> {
    match app.get_webview_window(LABEL) {
        Some(w) => w.set_fullscreen(!w.is_fullscreen()?),
        None => Ok(()),
    }
}

pub fn close(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(LABEL) {
        if let Err(e) = w.close() {
            log::warn!("lobby window not closed: {e}");
        }
    }
}

/// The desk's window gone takes the lobby with it: the app ends with its desk, not with a
/// screen in the waiting room nobody can reach. On Destroyed, not CloseRequested: a close the
/// desk refuses must not take the lobby down.
pub fn follow_the_desk(app: &AppHandle) {
    let Some(main) = app.get_webview_window("main") else { return };
    let handle = app.clone();
    main.on_window_event(move |event| {
        if matches!(event, WindowEvent::Destroyed) {
            close(&handle);
        }
    });
}
