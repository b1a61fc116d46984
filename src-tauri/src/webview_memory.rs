//! The window's web engine kept lean over a working day.
//!
//! Linux: WebKitGTK's default cache model keeps decoded images and whole pages in memory, as a
//! browser does for its back button; a desk that shows one request after another (each preview
//! with its own photo) only grew with it (measured: tests/BENCHMARKS.md, section "The app"). The
//! document-viewer model keeps no memory or page cache.
//!
//! Windows: WebView2 has no cache model; it has a memory target. While the window is minimized
//! (the officer is in another program, or gone for the day with the station left open) the
//! target is low, so WebView2 trims its processes' working sets and caches; when the window is
//! shown again it is normal, so the desk's screens are not slowed while in use. Minimizing alone
//! already hides the web view (wry), which lets the low target take effect.

use tauri::AppHandle;

/// The memory WebView2 should aim for with the window in this state.
#[cfg_attr(not(windows), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Normal,
    Low,
}

#[cfg_attr(not(windows), allow(dead_code))]
fn target_for(minimized: bool) -> Target {
    if minimized {
        Target::Low
    } else {
        Target::Normal
    }
}

pub fn lean(app: &AppHandle) {
    let Some(window) = tauri::Manager::get_webview_window(app, "main") else { return };
    #[cfg(target_os = "linux")]
    {
        let set = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(e) = set {
            log::warn!("web cache model not set: {e}");
        }
    }
    #[cfg(windows)]
    {
        let watched = window.clone();
        let last = std::sync::Mutex::new(Target::Normal);
        window.on_window_event(move |event| {
            if !matches!(event, tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Focused(_)) {
                return;
            }
            let target = target_for(watched.is_minimized().unwrap_or(false));
            let Ok(mut last) = last.lock() else { return };
            if *last != target {
                *last = target;
                set_target(&watched, target);
            }
        });
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    let _ = window;
}

/// Tells WebView2 (ICoreWebView2_19, runtime 114 and later) its memory target; an older runtime
/// has no target to set, which is logged once and changes nothing else.
#[cfg(windows)]
fn set_target(window: &tauri::WebviewWindow, target: Target) {
    use webview2_com::Microsoft::Web::WebView2::Win32::{ICoreWebView2_19, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL};
    use windows_core::Interface;
    let level = match target {
        Target::Normal => COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
        Target::Low => COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW,
    };
    let set = window.with_webview(move |webview| {
        // SAFETY: COM calls on the live controller, on the thread wry runs it on.
        let done = unsafe { webview.controller().CoreWebView2().and_then(|core| core.cast::<ICoreWebView2_19>()).and_then(|core| core.SetMemoryUsageTargetLevel(level)) };
        if let Err(e) = done {
            log::warn!("WebView2 memory target not set ({target:?}): {e}");
        }
    });
    if let Err(e) = set {
        log::warn!("WebView2 memory target not set: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_target_is_low_only_while_the_window_is_minimized() {
        assert_eq!(target_for(true), Target::Low);
        assert_eq!(target_for(false), Target::Normal);
    }
}
