//! The printers' ribbons: an officer records each ribbon change (the printer, the new ribbon's
//! capacity); the desk counts what was printed on it since, warns on the status bar before it
//! runs out, and the day's report lists the ribbons used.

use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::ribbons::RibbonChange;
use crate::time;

/// One printer's ribbon now.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RibbonStatus {
    pub printer: String,
    #[ts(type = "number")]
    pub capacity: i64,
    /// Cards and calibration prints since the change.
    #[ts(type = "number")]
    pub used: i64,
    /// capacity − used; below zero when the ribbon printed past its stated capacity.
    #[ts(type = "number")]
    pub remaining: i64,
    /// Under the warning threshold (setting `ribbon.warn_remaining`).
    pub low: bool,
    pub changed_at: String,
    pub changed_by: String,
}

impl RibbonStatus {
    /// The status bar's words when the ribbon is low or spent; None when it is not.
    pub fn warning(&self) -> Option<String> {
        if self.remaining <= 0 {
            Some(format!("pita printer {} sudah terpakai {} dari {} cetakan: ganti pita lalu catat penggantiannya", self.printer, self.used, self.capacity))
        } else if self.low {
            Some(format!("pita printer {} tinggal {} cetakan: siapkan pita baru", self.printer, self.remaining))
        } else {
            None
        }
    }
}

impl Station {
    /// Records a new ribbon in `printer` (capacity in panels; the setting `ribbon.capacity` when
    /// None). The count of prints on it starts now.
    pub fn change_ribbon(&mut self, actor: &Actor, printer: &str, capacity: Option<u32>) -> Result<RibbonChange> {
        actor.require(Action::ChangeRibbon)?;
        let printer = printer.trim();
        if printer.is_empty() || printer.chars().count() > 200 {
            return Err(CoreError::invalid("printer", "sebutkan nama antrean printer yang pitanya diganti (seperti pada pilihan printer)"));
        }
        let capacity = match capacity {
            Some(n) if !(1..=100_000).contains(&n) => {
                return Err(CoreError::invalid("kapasitas", format!("{n} di luar 1–100000; isi jumlah kartu (panel) yang tertera pada kemasan pita")))
            }
            Some(n) => n,
            None => self.config()?.ribbon_capacity,
        };
        let at = time::stamp(time::now());
        let change = self.store.write(|tx| {
            let change = tx.ribbon_record(printer, capacity as i64, &actor.username, &actor.desk, &at)?;
            audit(tx, actor, "printer.ribbon_change", &format!("printer:{printer}"), json!({ "capacity": capacity, "ribbon": change.id }))?;
            Ok(change)
        })?;
        log::info!("pita printer {printer} diganti (kapasitas {capacity})");
        Ok(change)
    }

    /// Every printer with a recorded ribbon, by name.
    pub fn ribbon_status(&self) -> Result<Vec<RibbonStatus>> {
        let warn = self.config()?.ribbon_warn_remaining as i64;
        self.store.read(|db| db.ribbon_current()?.into_iter().map(|c| status_of(db, c, warn)).collect())
    }

    /// `printer`'s ribbon now, or None when no change was ever recorded for it.
    pub fn ribbon_of(&self, printer: &str) -> Result<Option<RibbonStatus>> {
        let warn = self.config()?.ribbon_warn_remaining as i64;
        self.store.read(|db| db.ribbon_last(printer.trim())?.map(|c| status_of(db, c, warn)).transpose())
    }

    /// The status bar's ribbon warning for the printer this desk prints on.
    pub(crate) fn ribbon_warnings(&self) -> Result<Vec<String>> {
        let Some(printer) = self.chosen_printer()? else { return Ok(Vec::new()) };
        Ok(self.ribbon_of(&printer)?.and_then(|r| r.warning()).into_iter().collect())
    }
}

fn status_of(db: &dyn crate::store::Db, c: RibbonChange, warn: i64) -> Result<RibbonStatus> {
    let used = db.ribbon_used_since(&c.printer, &c.changed_at)?;
    let remaining = c.capacity - used;
    Ok(RibbonStatus { low: remaining < warn, printer: c.printer, capacity: c.capacity, used, remaining, changed_at: c.changed_at, changed_by: c.changed_by })
}
