//! Stock adjustments and destruction records: the only ways a blank leaves the print cycle other
//! than printing. Both are papers a supervisor signs; each names its blanks in the ledger (`ref`),
//! and nothing here is ever edited: a correction is a new adjustment referring back.

use serde::Serialize;
use crate::error::{CoreError, Result};

/// What a stock count found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    /// A blank found damaged in the box: out of stock as spoiled (then disabled and destroyed).
    WrittenOff,
    /// A blank missing at the count.
    Lost,
    /// A blank recorded lost that turned up again.
    Found,
}

impl AdjustmentKind {
    pub const ALL: [AdjustmentKind; 3] = [Self::WrittenOff, Self::Lost, Self::Found];
    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentKind::WrittenOff => "written_off",
            AdjustmentKind::Lost => "lost",
            AdjustmentKind::Found => "found",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or_else(|| {
            CoreError::invalid("jenis penyesuaian", "harus salah satu dari: written_off (rusak di stok), lost (hilang), found (ditemukan)")
        })
    }
    pub fn words(self) -> &'static str {
        match self {
            AdjustmentKind::WrittenOff => "rusak di stok",
            AdjustmentKind::Lost => "hilang",
            AdjustmentKind::Found => "ditemukan kembali",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Adjustment {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: AdjustmentKind,
    pub serial: String,
    pub reason: String,
    /// The (signed) day this corrects, when it corrects one.
    pub refers_to: Option<String>,
    pub approved_by: String,
    pub approved_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DestructionRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub record_no: String,
    pub destroyed_on: String,
    pub witnesses: Vec<String>,
    pub signed_by: String,
    pub recorded_at: String,
    pub serials: Vec<String>,
}

/// The adjustments operations every storage backend provides.
pub trait AdjustmentsStore {
    fn adjustments_insert(&self, a: &Adjustment) -> Result<i64>;
    fn adjustments_between(&self, from: &str, to: &str) -> Result<Vec<Adjustment>>;
    fn adjustments_insert_destruction(&self, d: &DestructionRecord) -> Result<i64>;
    fn adjustments_destruction(&self, record_no: &str) -> Result<Option<DestructionRecord>>;
    /// Numbers of the destruction records of the days `from..=to` (YYYY-MM-DD), by day.
    fn adjustments_destructions_on(&self, from: &str, to: &str) -> Result<Vec<String>>;
}
