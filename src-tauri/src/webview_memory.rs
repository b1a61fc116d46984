//! The window's web engine kept lean over a working day. WebKitGTK's default cache model keeps
//! decoded images and whole pages in memory, as a browser does for its back button; a desk that
//! shows one request after another (each preview with its own photo) only grew with it (measured:
//! tests/BENCHMARKS.md, section "The app"). The document-viewer model keeps no memory or page cache.

//! On Windows, WebView2 lowers its own memory when the window is in the background; there is no
//! cache model to set.

use tauri::AppHandle;

pub fn lean(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
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
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
