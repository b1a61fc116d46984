//! Each blank's chip: one UID per blank and one blank per UID, recorded at receipt (when the
//! batch's UIDs are known) or at the blank's first print, and never changed — so a chip seen on
//! a second blank, or a blank showing another chip than the one recorded, is caught.

use serde::{Deserialize, Serialize};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BlankChip {
    pub serial: String,
    pub chip_uid: String,
    /// "receipt" or "print": when the UID was first recorded.
    pub step: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// The chip operations every storage backend provides.
pub trait ChipsStore {
    fn chip_record(&self, serial: &str, uid: &str, step: &str, at: &str, by: &str) -> Result<()>;
    fn chip_of_serial(&self, serial: &str) -> Result<Option<BlankChip>>;
    fn chip_by_uid(&self, uid: &str) -> Result<Option<BlankChip>>;
}

/// The refusals every backend and the station word alike.
pub fn used_elsewhere(uid: &str, other: &BlankChip) -> crate::error::CoreError {
    crate::error::CoreError::Conflict(format!(
        "chip {uid} sudah tercatat pada blanko {} ({} {}); satu chip hanya untuk satu blanko: sisihkan blanko ini dan laporkan ke supervisor",
        other.serial,
        if other.step == "receipt" { "saat penerimaan" } else { "saat cetak" },
        other.recorded_at
    ))
}

pub fn pair_differs(serial: &str, uid: &str, had: &BlankChip) -> crate::error::CoreError {
    crate::error::CoreError::Conflict(format!(
        "blanko {serial} tercatat dengan chip {} ({}), bukan chip {uid} yang terbaca; periksa apakah blanko yang ditempelkan sama dengan nomor seri yang diketik",
        had.chip_uid,
        if had.step == "receipt" { "saat penerimaan" } else { "saat cetak" }
    ))
}
