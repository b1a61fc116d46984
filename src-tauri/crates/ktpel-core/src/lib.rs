//! ktpel-core: everything the KTP-el print station does, with no Tauri dependency. The desktop
//! shell, the `ktpel` CLI and the tests all drive the same `Station`.

pub mod card;
pub mod domain;
pub mod error;
pub mod spool;
pub mod time;

pub use error::{CoreError, Result};
