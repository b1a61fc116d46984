//! The floor of the app benchmarks (tests/bench/app.rs): a Tauri window showing one static line
//! and nothing else, built by this crate with the same Tauri, features and profile as the
//! station, so the station's start time and memory can be set against what Tauri itself costs.
//! It takes the station's context (so both are built alike) but none of its windows or front end.

use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"></head><body><h1 id=\"bare\">Jendela kosong</h1></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        // The page comes from a protocol of its own: the station's front end is not loaded at all.
        .register_uri_scheme_protocol("bare", |_ctx, _request| {
            tauri::http::Response::builder().header("Content-Type", "text/html").body(PAGE.as_bytes().to_vec()).unwrap_or_default()
        })
        .setup(|app| {
            let url = "bare://localhost/".parse().map_err(|e| format!("page: {e}"))?;
            WebviewWindowBuilder::new(app, "bare", WebviewUrl::CustomProtocol(url)).title("bare window").inner_size(1366.0, 768.0).build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("bare window: {e}");
        std::process::exit(1);
    }
}
