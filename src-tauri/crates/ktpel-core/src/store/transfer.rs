//! A station's whole history, table by table, to bring a single station's SQLite file into an
//! office's server (`ktpel office import-station`), as Synapse's `synapse_port_db` moves a
//! homeserver from SQLite to PostgreSQL: the source reads its rows generically, the target
//! writes them with its own SQL, its own types and its own guards.

use serde::Serialize;

/// One value as the source holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A table's rows, in its key's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// The tables a station's history is made of, in an order that keeps every reference to a row
/// already there, each with the column it is read in order of. Settings, printers' calibration,
/// print-server logins and the feed's state are the office's own and are not brought.
pub const TABLES: [(&str, &str); 15] = [
    ("users", "id"),
    ("requests", "id"),
    ("blanko", "serial"),
    ("blanko_chips", "serial"),
    ("print_attempts", "id"),
    ("blanko_ledger", "id"),
    ("register_carryover", "year"),
    ("register", "year, seq"),
    ("handovers", "id"),
    ("reprint_decisions", "id"),
    ("stock_adjustments", "id"),
    ("destruction_records", "id"),
    ("day_signoffs", "report_date"),
    ("outbox", "id"),
    ("audit_log", "id"),
];

/// What an import brought, table by table, and the users the office already had.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Absorbed {
    pub desk: String,
    pub tables: Vec<(String, u32)>,
    pub users_already_there: Vec<String>,
    /// The last hash of the station's own audit chain, verified before the import and recorded
    /// in the office's chain.
    pub station_chain_tip: String,
}
