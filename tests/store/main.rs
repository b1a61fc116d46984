//! The database's own guarantees, one file per table: what the store itself refuses (SQLite's
//! triggers, the office server's), whatever the code above it does. Raw SQL plays the careless
//! or hostile writer; every test runs on both stores.

mod app_versions;
mod attempts;
mod audit;
mod blanko;
mod migrations;
mod outbox;
mod photos;
mod register;
mod search;

pub use ktpel_tests::stores::raw;
