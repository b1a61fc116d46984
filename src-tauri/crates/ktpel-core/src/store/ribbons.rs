//! Ribbon changes per printer: a card printer's ribbon (with its retransfer film) lasts a known
//! number of panels, and running out mid-day stops the service. Each change is recorded (who,
//! when, the new ribbon's capacity); the prints since then are counted from the print attempts
//! sent to that printer and the calibration cards printed on it. Never changed afterwards.

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// One ribbon put into one printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RibbonChange {
    #[ts(type = "number")]
    pub id: i64,
    pub printer: String,
    /// Panels (cards) the new ribbon prints.
    #[ts(type = "number")]
    pub capacity: i64,
    pub changed_by: String,
    pub station: String,
    pub changed_at: String,
}

/// The ribbon operations every storage backend provides.
pub trait RibbonsStore {
    fn ribbon_record(&self, printer: &str, capacity: i64, by: &str, station: &str, at: &str) -> Result<RibbonChange>;
    /// The ribbon in `printer` now: its last change.
    fn ribbon_last(&self, printer: &str) -> Result<Option<RibbonChange>>;
    /// The last change of every printer that has one, by printer name.
    fn ribbon_current(&self) -> Result<Vec<RibbonChange>>;
    /// Changes made in `[from, to)` (stamps), oldest first (the usage report).
    fn ribbon_changes_between(&self, from: &str, to: &str) -> Result<Vec<RibbonChange>>;
    /// Cards sent to `printer` since `since` (a stamp) that took a panel — every job the spooler
    /// took, except a blank the printer did not feed — and calibration cards printed on it.
    fn ribbon_used_since(&self, printer: &str, since: &str) -> Result<i64>;
}
