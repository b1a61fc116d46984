//! End-to-end: the built app in a real window (Xvfb + tauri-driver + WebKitWebDriver), printing
//! through a private cupsd, on a real SQLite file. Each test is one day-at-the-desk story and
//! saves screenshots of the screens it passes through (into test-artifacts/ or $KTPEL_ARTIFACTS).
//! The stories run one at a time: each starts its own X server, cupsd and app.

mod about_and_log;
mod chip;
mod data_place;
mod desk_name;
mod feed;
mod office_papers;
mod handover_and_register;
mod paper_register;
mod print_faults;
mod ribbon;
mod recovery;
mod roles;
mod single_instance;
mod time_zone;
mod supervision;

use std::sync::Mutex;

/// One window at a time: two WebKit windows on a 2-core CI machine only slow each other down.
pub static ONE_WINDOW: Mutex<()> = Mutex::new(());

pub fn one_window() -> std::sync::MutexGuard<'static, ()> {
    ONE_WINDOW.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
