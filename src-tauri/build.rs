//! Tauri's build step: embeds the config, the capabilities and the front end.
fn main() {
    tauri_build::build()
}
