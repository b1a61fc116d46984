//! ktpel-core: everything the KTP-el print station does, with no Tauri dependency. The desktop
//! shell, the `ktpel` CLI and the tests all drive the same `Station`.

pub mod about;
pub mod auth;
pub mod card;
pub mod chip;
pub mod config;
pub mod csv_out;
pub mod demo;
pub mod disk;
pub mod domain;
pub mod error;
pub mod feed;
pub mod holidays;
pub mod keys;
pub mod paths;
pub mod register_number;
pub mod report;
pub mod serial;
pub mod service_standard;
pub mod session;
pub mod spool;
pub mod station;
pub mod store;
pub mod time;
pub mod words;

pub use error::{CoreError, Result};
pub use station::Station;
