//! Blank cards (blanko): one row per physical blank with its current state, and the append-only
//! ledger of everything that happened to it. The state column is a projection of the ledger kept
//! in the same transaction; the ledger is the record.

use std::collections::HashMap;
use serde::Serialize;

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BlankoState {
    InStock,
    Reserved,
    Printed,
    Spoiled,
    /// Spoiled and made unusable (a corner cut), waiting for destruction.
    Disabled,
    /// Destroyed under a destruction record (berita acara pemusnahan).
    Destroyed,
    /// Missing at a stock count (a supervisor's adjustment); found again goes back to stock.
    Lost,
}

impl BlankoState {
    pub const ALL: [BlankoState; 7] = [
        Self::InStock,
        Self::Reserved,
        Self::Printed,
        Self::Spoiled,
        Self::Disabled,
        Self::Destroyed,
        Self::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlankoState::InStock => "in_stock",
            BlankoState::Reserved => "reserved",
            BlankoState::Printed => "printed",
            BlankoState::Spoiled => "spoiled",
            BlankoState::Disabled => "disabled",
            BlankoState::Destroyed => "destroyed",
            BlankoState::Lost => "lost",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
    pub fn words(self) -> &'static str {
        match self {
            BlankoState::InStock => "tersedia di stok",
            BlankoState::Reserved => "sedang dipakai untuk cetak",
            BlankoState::Printed => "sudah tercetak",
            BlankoState::Spoiled => "rusak, belum dipotong sudutnya",
            BlankoState::Disabled => "rusak dan sudah dipotong sudutnya, menunggu pemusnahan",
            BlankoState::Destroyed => "sudah dimusnahkan",
            BlankoState::Lost => "hilang (selisih hitung stok)",
        }
    }
}

/// Ledger events; `Returned` is a blank that the printer never took, back in stock. `WrittenOff`,
/// `Lost` and `Found` are a supervisor's stock adjustments (`ref` names the adjustment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LedgerEvent {
    Received,
    Reserved,
    Printed,
    Spoiled,
    Returned,
    WrittenOff,
    Lost,
    Found,
    Disabled,
    Destroyed,
}

impl LedgerEvent {
    pub const ALL: [LedgerEvent; 10] = [
        Self::Received,
        Self::Reserved,
        Self::Printed,
        Self::Spoiled,
        Self::Returned,
        Self::WrittenOff,
        Self::Lost,
        Self::Found,
        Self::Disabled,
        Self::Destroyed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LedgerEvent::Received => "received",
            LedgerEvent::Reserved => "reserved",
            LedgerEvent::Printed => "printed",
            LedgerEvent::Spoiled => "spoiled",
            LedgerEvent::Returned => "returned",
            LedgerEvent::WrittenOff => "written_off",
            LedgerEvent::Lost => "lost",
            LedgerEvent::Found => "found",
            LedgerEvent::Disabled => "disabled",
            LedgerEvent::Destroyed => "destroyed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The state a blank must be in for this event (None: a new blank).
    pub fn state_before(self) -> Option<BlankoState> {
        match self {
            LedgerEvent::Received => None,
            LedgerEvent::Reserved | LedgerEvent::WrittenOff | LedgerEvent::Lost => Some(BlankoState::InStock),
            LedgerEvent::Printed | LedgerEvent::Spoiled | LedgerEvent::Returned => Some(BlankoState::Reserved),
            LedgerEvent::Found => Some(BlankoState::Lost),
            LedgerEvent::Disabled => Some(BlankoState::Spoiled),
            LedgerEvent::Destroyed => Some(BlankoState::Disabled),
        }
    }

    /// The blank's state after this event.
    pub fn state_after(self) -> BlankoState {
        match self {
            LedgerEvent::Received | LedgerEvent::Returned | LedgerEvent::Found => BlankoState::InStock,
            LedgerEvent::Reserved => BlankoState::Reserved,
            LedgerEvent::Printed => BlankoState::Printed,
            LedgerEvent::Spoiled | LedgerEvent::WrittenOff => BlankoState::Spoiled,
            LedgerEvent::Lost => BlankoState::Lost,
            LedgerEvent::Disabled => BlankoState::Disabled,
            LedgerEvent::Destroyed => BlankoState::Destroyed,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            LedgerEvent::Received => "diterima",
            LedgerEvent::Reserved => "dipakai untuk cetak",
            LedgerEvent::Printed => "tercetak baik",
            LedgerEvent::Spoiled => "rusak saat cetak",
            LedgerEvent::Returned => "kembali ke stok (tidak terambil printer)",
            LedgerEvent::WrittenOff => "penyesuaian: rusak di stok",
            LedgerEvent::Lost => "penyesuaian: hilang",
            LedgerEvent::Found => "penyesuaian: ditemukan kembali",
            LedgerEvent::Disabled => "dipotong sudutnya",
            LedgerEvent::Destroyed => "dimusnahkan",
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
    /// The desk the blank was handed to ('' while it is in the office's central stock).
    pub desk: String,
}

/// One line of a blank's life, for the history screen and the report.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LedgerRow {
    #[ts(type = "number")]
    pub id: i64,
    pub serial: String,
    pub event: LedgerEvent,
    #[ts(type = "number | null")]
    pub attempt_id: Option<i64>,
    pub reason: Option<String>,
    pub at: String,
    pub by_user: String,
    pub reference: Option<String>,
}

/// Moves `n` blanks (times `sign`) along each event in `counts` (event, n): out of the state
/// before it, into the state after it. The stock after a span is the stock before it with the
/// span's event counts applied.
pub fn apply_event_counts(out: &mut HashMap<BlankoState, i64>, counts: &[(String, i64)], sign: i64) -> Result<()> {
    for (event, n) in counts {
        let event = LedgerEvent::parse(event).ok_or_else(|| CoreError::corrupt("blanko_ledger.event", event))?;
        *out.entry(event.state_after()).or_insert(0) += sign * n;
        if let Some(from) = event.state_before() {
            *out.entry(from).or_insert(0) -= sign * n;
        }
    }
    out.retain(|_, n| *n != 0);
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
    /// Every spoiled blank, whether still whole, disabled or destroyed.
    #[ts(type = "number")]
    pub spoiled: i64,
    #[ts(type = "number")]
    pub disabled: i64,
    #[ts(type = "number")]
    pub destroyed: i64,
    #[ts(type = "number")]
    pub lost: i64,
}

impl StockCount {
    /// The stock from how many blanks are in each state (`state`, n).
    pub fn from_counts(counts: &[(String, i64)]) -> Result<Self> {
        let mut c = StockCount::default();
        for (state, n) in counts {
            let n = *n;
            match BlankoState::parse(state) {
                Some(BlankoState::InStock) => c.in_stock = n,
                Some(BlankoState::Reserved) => c.reserved = n,
                Some(BlankoState::Printed) => c.printed = n,
                Some(BlankoState::Spoiled) => c.spoiled += n,
                Some(BlankoState::Disabled) => {
                    c.disabled = n;
                    c.spoiled += n;
                }
                Some(BlankoState::Destroyed) => {
                    c.destroyed = n;
                    c.spoiled += n;
                }
                Some(BlankoState::Lost) => c.lost = n,
                None => return Err(CoreError::corrupt("blanko.state", state)),
            }
        }
        c.received = c.in_stock + c.reserved + c.printed + c.spoiled + c.lost;
        Ok(c)
    }
}

/// The blanko operations every storage backend provides.
pub trait BlankoStore {
    fn blanko_get(&self, serial: &str) -> Result<Option<BlankoRow>>;
    fn blanko_receive(&self, serial: &str, batch: &str, at: &str, by: &str) -> Result<()>;
    fn blanko_record(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()>;
    fn blanko_record_ref(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()>;
    fn blanko_ledger_of(&self, serial: &str) -> Result<Vec<LedgerRow>>;
    fn blanko_ledger_between(&self, from: &str, to: &str) -> Result<Vec<LedgerRow>>;
    fn blanko_states_before(&self, at: &str) -> Result<HashMap<BlankoState, i64>>;
    fn blanko_states_before_replaying(&self, at: &str) -> Result<HashMap<BlankoState, i64>>;
    fn blanko_states_before_from_now(&self, at: &str) -> Result<HashMap<BlankoState, i64>>;
    fn blanko_stock(&self) -> Result<StockCount>;
    fn blanko_in_stock(&self, limit: i64) -> Result<Vec<String>>;
    /// Serials of the blanks whose corner was cut and that wait for destruction.
    fn blanko_disabled(&self) -> Result<Vec<String>>;
    /// Hands an unused blank to `desk` ('' takes it back to the central stock); refused
    /// (Conflict) for a blank that is not in stock.
    fn blanko_hand_out(&self, serial: &str, desk: &str) -> Result<()>;
    /// Unused blanks by the desk holding them ('' = the central stock).
    fn blanko_in_stock_by_desk(&self) -> Result<Vec<(String, i64)>>;
}
