//! Blank cards (blanko): one row per physical blank with its current state, and the append-only
//! ledger of everything that happened to it. The state column is a projection of the ledger kept
//! in the same transaction; the ledger is the record.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::{CoreError, Result};

pub const SCHEMA_V1: &str = concat!(
    "
CREATE TABLE blanko (
    serial      TEXT PRIMARY KEY,
    batch_ref   TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('in_stock', 'reserved', 'printed', 'spoiled'))
) STRICT;
CREATE INDEX blanko_state ON blanko (state);
CREATE TRIGGER blanko_identity_fixed BEFORE UPDATE OF serial, batch_ref, received_at, received_by ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko receipt is fixed'); END;
CREATE TRIGGER blanko_no_delete BEFORE DELETE ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko is never deleted'); END;
-- A printed or spoiled blank never goes back.
CREATE TRIGGER blanko_final_states BEFORE UPDATE OF state ON blanko WHEN OLD.state IN ('printed', 'spoiled')
BEGIN SELECT RAISE(ABORT, 'printed or spoiled blanko cannot change state'); END;

CREATE TABLE blanko_ledger (
    id         INTEGER PRIMARY KEY,
    serial     TEXT NOT NULL REFERENCES blanko (serial),
    event      TEXT NOT NULL CHECK (event IN ('received', 'reserved', 'printed', 'spoiled', 'returned')),
    attempt_id INTEGER,
    reason     TEXT,
    at         TEXT NOT NULL,
    by_user    TEXT NOT NULL
) STRICT;
CREATE INDEX blanko_ledger_serial ON blanko_ledger (serial);
CREATE INDEX blanko_ledger_at ON blanko_ledger (at);
",
    crate::append_only!("blanko_ledger")
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BlankoState {
    InStock,
    Reserved,
    Printed,
    Spoiled,
}

impl BlankoState {
    pub fn as_str(self) -> &'static str {
        match self {
            BlankoState::InStock => "in_stock",
            BlankoState::Reserved => "reserved",
            BlankoState::Printed => "printed",
            BlankoState::Spoiled => "spoiled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::InStock, Self::Reserved, Self::Printed, Self::Spoiled].into_iter().find(|v| v.as_str() == s)
    }
    pub fn words(self) -> &'static str {
        match self {
            BlankoState::InStock => "tersedia di stok",
            BlankoState::Reserved => "sedang dipakai untuk cetak",
            BlankoState::Printed => "sudah tercetak",
            BlankoState::Spoiled => "rusak",
        }
    }
}

/// Ledger events; `Returned` is a blank that the printer never took, back in stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerEvent {
    Received,
    Reserved,
    Printed,
    Spoiled,
    Returned,
}

impl LedgerEvent {
    fn as_str(self) -> &'static str {
        match self {
            LedgerEvent::Received => "received",
            LedgerEvent::Reserved => "reserved",
            LedgerEvent::Printed => "printed",
            LedgerEvent::Spoiled => "spoiled",
            LedgerEvent::Returned => "returned",
        }
    }

    /// The blank's state after this event.
    fn state_after(self) -> BlankoState {
        match self {
            LedgerEvent::Received | LedgerEvent::Returned => BlankoState::InStock,
            LedgerEvent::Reserved => BlankoState::Reserved,
            LedgerEvent::Printed => BlankoState::Printed,
            LedgerEvent::Spoiled => BlankoState::Spoiled,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct BlankoRow {
    pub serial: String,
    pub batch_ref: String,
    pub received_at: String,
    pub received_by: String,
    pub state: BlankoState,
}

impl BlankoRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let state: String = r.get("state")?;
        Ok(BlankoRow {
            serial: r.get("serial")?,
            batch_ref: r.get("batch_ref")?,
            received_at: r.get("received_at")?,
            received_by: r.get("received_by")?,
            state: BlankoState::parse(&state).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, format!("blanko state {state}").into())
            })?,
        })
    }
}

pub fn get(conn: &Connection, serial: &str) -> Result<Option<BlankoRow>> {
    Ok(conn.query_row("SELECT * FROM blanko WHERE serial = ?1", [serial], BlankoRow::from_row).optional()?)
}

/// Records a received blank; a serial can never be received twice.
pub fn receive(conn: &Connection, serial: &str, batch: &str, at: &str, by: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO blanko (serial, batch_ref, received_at, received_by, state) VALUES (?1, ?2, ?3, ?4, 'in_stock')",
        params![serial, batch, at, by],
    )
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("blanko {serial} sudah pernah diterima; nomor seri tidak boleh diterima dua kali"))
        } else {
            e.into()
        }
    })?;
    append(conn, serial, LedgerEvent::Received, None, None, at, by)
}

/// Appends a ledger event and moves the blank to the state that follows it, if it is in `from`.
pub fn record(conn: &Connection, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE blanko SET state = ?3 WHERE serial = ?1 AND state = ?2",
        params![serial, from.as_str(), event.state_after().as_str()],
    )?;
    if n != 1 {
        let now = get(conn, serial)?.map(|b| b.state.words()).unwrap_or("tidak terdaftar");
        return Err(CoreError::Conflict(format!("blanko {serial} {now}; tidak dapat dipakai untuk langkah ini")));
    }
    append(conn, serial, event, attempt, reason, at, by)
}

fn append(conn: &Connection, serial: &str, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO blanko_ledger (serial, event, attempt_id, reason, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![serial, event.as_str(), attempt, reason, at, by],
    )?;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct StockCount {
    #[ts(type = "number")]
    pub received: i64,
    #[ts(type = "number")]
    pub in_stock: i64,
    #[ts(type = "number")]
    pub reserved: i64,
    #[ts(type = "number")]
    pub printed: i64,
    #[ts(type = "number")]
    pub spoiled: i64,
}

pub fn stock(conn: &Connection) -> Result<StockCount> {
    let mut c = StockCount::default();
    let mut stmt = conn.prepare("SELECT state, count(*) FROM blanko GROUP BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, n) = row?;
        match BlankoState::parse(&state) {
            Some(BlankoState::InStock) => c.in_stock = n,
            Some(BlankoState::Reserved) => c.reserved = n,
            Some(BlankoState::Printed) => c.printed = n,
            Some(BlankoState::Spoiled) => c.spoiled = n,
            None => return Err(CoreError::corrupt("blanko.state", state)),
        }
    }
    c.received = c.in_stock + c.reserved + c.printed + c.spoiled;
    Ok(c)
}

/// Serials in stock, in order, at most `limit` (for the officer to pick the next blank).
pub fn in_stock(conn: &Connection, limit: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT serial FROM blanko WHERE state = 'in_stock' ORDER BY serial LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
