//! The database's own guarantees, one file per table: what SQLite itself refuses, whatever the
//! code above it does. Raw SQL plays the careless or hostile writer.

mod attempts;
mod audit;
mod blanko;
mod migrations;
mod outbox;
mod register;
mod search;

use rusqlite::Connection;

/// Runs raw SQL on the station's connection and returns SQLite's answer.
pub fn raw(st: &ktpel_core::Station, sql: &str) -> Result<usize, String> {
    ktpel_tests::sqlite_read(&st, |c: &Connection| Ok(c.execute(sql, []).map_err(|e| e.to_string()))).unwrap()
}
