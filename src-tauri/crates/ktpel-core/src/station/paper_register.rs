//! An office that adopts the station in the middle of a year has its register on paper up to some
//! number: a supervisor records once where the book ended, and the year's numbers in the station
//! continue after it. Recorded before the year's first card in the station, never changed.

use chrono::Datelike;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::register_carryover::RegisterCarryover;
use crate::time;

/// The largest number a paper book could have reached (a register of a kabupaten runs to tens
/// of thousands a year; anything past this is a typing slip).
pub const LAST_SEQ_MAX: i64 = 999_999;

impl Station {
    /// Records that the paper register of `year` ended at `last_seq` (book `reference`); the
    /// station's first card of that year takes the next number.
    pub fn continue_register_from(&mut self, actor: &Actor, year: i64, last_seq: i64, reference: &str) -> Result<RegisterCarryover> {
        actor.require(Action::ContinueRegister)?;
        let this_year = self.today()?.year() as i64;
        // The current year, or the next one prepared in its last days; a past year has no new
        // cards to number.
        if year != this_year && year != this_year + 1 {
            return Err(CoreError::invalid("tahun", format!("{year} bukan tahun berjalan; isi {this_year} (atau {} menjelang pergantian tahun)", this_year + 1)));
        }
        if !(1..=LAST_SEQ_MAX).contains(&last_seq) {
            return Err(CoreError::invalid("nomor terakhir", format!("{last_seq} di luar 1–{LAST_SEQ_MAX}; isi nomor urut terakhir yang tertulis di buku register kertas")));
        }
        let reference = reference.trim();
        if reference.is_empty() || reference.chars().count() > 200 {
            return Err(CoreError::invalid(
                "rujukan buku",
                "isi judul atau nomor arsip buku register kertas (paling banyak 200 huruf), agar pemeriksa dapat menemukannya",
            ));
        }
        let row = RegisterCarryover {
            year,
            last_seq,
            reference: reference.to_string(),
            recorded_by: actor.username.clone(),
            station: actor.desk.clone(),
            recorded_at: time::stamp(time::now()),
        };
        self.store.write(|tx| {
            tx.carryover_record(&row)?;
            audit(tx, actor, "register.continue_from", &format!("register:{year}"), json!({ "last_seq": last_seq, "reference": row.reference }))
        })?;
        log::info!("register {year}: lanjutan buku kertas dicatat, nomor pertama stasiun {}", last_seq + 1);
        Ok(row)
    }

    /// Every year's paper book end, oldest year first.
    pub fn register_carryovers(&self) -> Result<Vec<RegisterCarryover>> {
        self.store.read(|db| db.carryovers())
    }
}
