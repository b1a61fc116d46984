//! The window's commands, grouped by screen. Each only adapts: arguments in, one call into
//! `ktpel_core`, the error mapped to `UiError`.

pub mod about;
pub mod admin;
pub mod desk;
pub mod papers;
pub mod place;
pub mod print;
pub mod recovery;
pub mod session;
pub mod supervision;
