//! Where the paper register book ended, for an office that starts the station in the middle of a
//! year: the station's numbers of that year continue after the book's last one instead of
//! starting again at 00001 and duplicating numbers. One row per year, recorded by a supervisor
//! before the year's first card in the station; never changed, and refused once a card of that
//! year is registered (by the backend itself, not only by the station).

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// The paper book's end for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RegisterCarryover {
    #[ts(type = "number")]
    pub year: i64,
    /// The last number written in the paper book; the station's first card takes the next.
    #[ts(type = "number")]
    pub last_seq: i64,
    /// The book's reference (its title or archive number), so an auditor can find it.
    pub reference: String,
    pub recorded_by: String,
    pub station: String,
    pub recorded_at: String,
}

/// The carry-over operations every storage backend provides.
pub trait RegisterCarryoverStore {
    /// Records the year's carry-over; the backend refuses it (a constraint error) when the year
    /// already has one or already has a registered card.
    fn carryover_record(&self, row: &RegisterCarryover) -> Result<()>;
    fn carryover_of(&self, year: i64) -> Result<Option<RegisterCarryover>>;
    /// Every year's, oldest year first.
    fn carryovers(&self) -> Result<Vec<RegisterCarryover>>;
}

/// The refusal when the year's register already holds cards (every backend words it alike).
pub fn refused_cards(year: i64, last: i64) -> crate::error::CoreError {
    crate::error::CoreError::Conflict(format!(
        "register tahun {year} sudah berisi kartu (nomor terakhir {last}); titik lanjut buku kertas hanya dapat dicatat sebelum kartu pertama tahun itu"
    ))
}

/// The refusal when the year's carry-over was recorded already.
pub fn refused_twice(had: &RegisterCarryover) -> crate::error::CoreError {
    crate::error::CoreError::Conflict(format!(
        "lanjutan buku register kertas tahun {} sudah dicatat (nomor terakhir {}, buku \"{}\", oleh {} pada {}); catatan ini tidak dapat diubah",
        had.year, had.last_seq, had.reference, had.recorded_by, had.recorded_at
    ))
}
