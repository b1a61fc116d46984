//! Receiving blank cards into stock, and handing them to the desks of an office.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::blanko::{self, StockCount};
use crate::time;

impl Station {
    /// Receives a batch of serials (already expanded) in one transaction: all or none.
    pub fn receive_blanko(&mut self, actor: &Actor, batch: &str, serials: &[String]) -> Result<usize> {
        let none = vec![None; serials.len()];
        self.receive_blanko_with_chips(actor, batch, serials, &none)
    }

    /// As `receive_blanko`, with the chip UID of each blank where the batch's list gives it (the
    /// same position in `chips`); each is recorded with its blank, all or none.
    pub fn receive_blanko_with_chips(&mut self, actor: &Actor, batch: &str, serials: &[String], chips: &[Option<String>]) -> Result<usize> {
        actor.require(Action::ReceiveBlanko)?;
        if chips.len() != serials.len() {
            return Err(CoreError::invalid("chip", "setiap nomor seri berpasangan dengan satu UID chip (atau tanpa chip)"));
        }
        let chips: Vec<Option<String>> = chips.iter().map(|c| c.as_deref().map(|u| crate::chip::normalize("chip", u)).transpose()).collect::<Result<_>>()?;
        let mut seen_chips = std::collections::HashSet::new();
        if let Some(dup) = chips.iter().flatten().find(|c| !seen_chips.insert(c.as_str())) {
            return Err(CoreError::invalid("chip", format!("UID {dup} tercantum dua kali dalam penerimaan ini")));
        }
        let batch = batch.trim();
        if batch.is_empty() || batch.len() > 80 {
            return Err(CoreError::invalid("--batch", "nomor berita acara/batch penerimaan wajib diisi (paling panjang 80)"));
        }
        if serials.is_empty() {
            return Err(CoreError::invalid("nomor seri", "tidak ada nomor seri yang diterima"));
        }
        let pattern = self.config()?.serial_pattern;
        let checked: Vec<String> = serials.iter().map(|s| pattern.check("nomor seri", s)).collect::<Result<_>>()?;
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = checked.iter().find(|s| !seen.insert(s.as_str())) {
            return Err(CoreError::invalid("nomor seri", format!("{dup} tercantum dua kali dalam penerimaan ini")));
        }
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            for (serial, chip) in checked.iter().zip(&chips) {
                tx.blanko_receive(serial, batch, &at, &actor.username)?;
                if let Some(uid) = chip {
                    if let Some(other) = tx.chip_by_uid(uid)? {
                        return Err(crate::store::chips::used_elsewhere(uid, &other));
                    }
                    tx.chip_record(serial, uid, "receipt", &at, &actor.username)?;
                }
            }
            let first = checked.first().cloned().unwrap_or_default();
            let last = checked.last().cloned().unwrap_or_default();
            audit(tx, actor, "blanko.receive", &format!("batch:{batch}"), json!({ "count": checked.len(), "first": first, "last": last, "chips": chips.iter().flatten().count() }))?;
            Ok(checked.len())
        })
    }

    pub fn receive_blanko_range(&mut self, actor: &Actor, batch: &str, from: &str, to: &str) -> Result<usize> {
        actor.require(Action::ReceiveBlanko)?;
        let serials = self.config()?.serial_pattern.expand_range(from, to)?;
        self.receive_blanko(actor, batch, &serials)
    }

    /// The one line the office announces each day: "Stok blanko KTP-el Disdukcapil Kabupaten
    /// Magetan hari ini, Sabtu, 21 November 2026: 1.234 keping." Blanks reserved by a print in
    /// progress are not counted as available.
    pub fn public_stock_line(&self, now: chrono::DateTime<chrono::Utc>) -> Result<String> {
        let cfg = self.config()?;
        let stock = self.stock()?;
        Ok(format!(
            "Stok blanko KTP-el Disdukcapil Kabupaten {} hari ini, {}: {} keping.",
            crate::words::title_case(&cfg.office.kabupaten),
            crate::time::long_date(cfg.zone.date(now)),
            crate::time::thousands(stock.in_stock)
        ))
    }

    /// Hands unused blanks to a desk (its box), all or none; `desk` '' takes them back to the
    /// central stock. Audited.
    pub fn hand_out_blanko(&mut self, actor: &Actor, desk: &str, serials: &[String]) -> Result<usize> {
        actor.require(Action::ReceiveBlanko)?;
        let desk = if desk.trim().is_empty() { String::new() } else { super::desk_name::check(desk)? };
        if serials.is_empty() {
            return Err(CoreError::invalid("nomor seri", "tidak ada blanko yang diserahkan"));
        }
        let pattern = self.config()?.serial_pattern;
        let checked: Vec<String> = serials.iter().map(|s| pattern.check("nomor seri", s)).collect::<Result<_>>()?;
        self.store.write(|tx| {
            for serial in &checked {
                tx.blanko_hand_out(serial, &desk)?;
            }
            let first = checked.first().cloned().unwrap_or_default();
            let last = checked.last().cloned().unwrap_or_default();
            audit(tx, actor, "blanko.hand_out", &format!("desk:{}", if desk.is_empty() { "pusat" } else { &desk }), json!({ "count": checked.len(), "first": first, "last": last }))
        })?;
        Ok(checked.len())
    }

    /// `hand_out_blanko` for a range of serials.
    pub fn hand_out_blanko_range(&mut self, actor: &Actor, desk: &str, from: &str, to: &str) -> Result<usize> {
        actor.require(Action::ReceiveBlanko)?;
        let serials = self.config()?.serial_pattern.expand_range(from, to)?;
        self.hand_out_blanko(actor, desk, &serials)
    }

    /// Unused blanks by the desk holding them ('' = the central stock).
    pub fn stock_by_desk(&self) -> Result<Vec<(String, i64)>> {
        self.store.read(|c| c.blanko_in_stock_by_desk())
    }

    pub fn stock(&self) -> Result<StockCount> {
        self.store.read(|c| c.blanko_stock())
    }

    pub fn blanko(&self, serial: &str) -> Result<Option<blanko::BlankoRow>> {
        self.store.read(|c| c.blanko_get(serial.trim().to_uppercase().as_str()))
    }

    /// The next serials in stock, for the officer to take from the box in order.
    pub fn blanko_in_stock(&self, limit: i64) -> Result<Vec<String>> {
        self.store.read(|c| c.blanko_in_stock(limit))
    }
}
