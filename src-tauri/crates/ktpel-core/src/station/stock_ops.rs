//! What happens to blanks outside printing: a supervisor's stock adjustments after a count (damaged
//! in the box, missing, found again), cutting a spoiled card's corner, and the destruction record
//! (berita acara pemusnahan). Each is a new ledger event with a reason; nothing is ever edited.

use chrono::NaiveDate;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::adjustments::{Adjustment, AdjustmentKind, DestructionRecord};
use crate::store::blanko::{BlankoState, LedgerEvent};
use crate::report::{self, destruction::{DestroyedBlank, DestructionPaper}};
use crate::time;

const TEXT_MAX: usize = 300;

impl Station {
    /// A supervisor's adjustment of one or more blanks, all or none. `refers_to` names the earlier
    /// (possibly signed) day the correction is about; the entry itself is dated today.
    pub fn adjust_stock(&mut self, supervisor: &Actor, kind: AdjustmentKind, serials: &[String], reason: &str, refers_to: Option<NaiveDate>) -> Result<Vec<i64>> {
        supervisor.require(Action::AdjustStock)?;
        let reason = required_text("alasan", reason)?;
        let serials = self.known_serials(serials)?;
        let today = self.today()?;
        if let Some(d) = refers_to.filter(|d| *d > today) {
            return Err(CoreError::invalid("--refers-to", format!("{d} belum terjadi; sebutkan tanggal yang dikoreksi (hari ini atau sebelumnya)")));
        }
        let event = match kind {
            AdjustmentKind::WrittenOff => LedgerEvent::WrittenOff,
            AdjustmentKind::Lost => LedgerEvent::Lost,
            AdjustmentKind::Found => LedgerEvent::Found,
        };
        let from = event.state_before().unwrap_or(BlankoState::InStock);
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            let mut ids = Vec::new();
            for serial in &serials {
                let adj = Adjustment {
                    id: 0,
                    kind,
                    serial: serial.clone(),
                    reason: reason.clone(),
                    refers_to: refers_to.map(|d| d.to_string()),
                    approved_by: supervisor.username.clone(),
                    approved_at: at.clone(),
                };
                let id = tx.adjustments_insert(&adj)?;
                let reference = format!("adjustment:{id}");
                tx.blanko_record_ref(serial, from, event, None, Some(&reason), Some(&reference), &at, &supervisor.username)?;
                audit(tx, supervisor, "blanko.adjust", &format!("blanko:{serial}"), json!({
                    "adjustment": id, "kind": kind.as_str(), "reason": reason, "refers_to": adj.refers_to,
                    "before": from.as_str(), "after": event.state_after().as_str(),
                }))?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// The corners of spoiled cards were cut: they can never be used, and wait for destruction.
    pub fn disable_spoiled(&mut self, actor: &Actor, serials: &[String]) -> Result<usize> {
        actor.require(Action::DisableBlanko)?;
        let serials = self.known_serials(serials)?;
        self.store.write(|tx| {
            let at = time::stamp(time::now());
            for serial in &serials {
                tx.blanko_record(serial, BlankoState::Spoiled, LedgerEvent::Disabled, None, Some("sudut dipotong"), &at, &actor.username)
                    .map_err(|e| hint(e, "hanya blanko rusak yang belum dipotong sudutnya"))?;
                audit(tx, actor, "blanko.disable", &format!("blanko:{serial}"), json!({ "before": "spoiled", "after": "disabled" }))?;
            }
            Ok(serials.len())
        })
    }

    /// The destruction record (berita acara pemusnahan): its number, the day, at least two
    /// witnesses, the disabled blanks destroyed, signed by the supervisor recording it.
    pub fn record_destruction(&mut self, supervisor: &Actor, record_no: &str, destroyed_on: NaiveDate, witnesses: &[String], serials: &[String]) -> Result<DestructionRecord> {
        supervisor.require(Action::RecordDestruction)?;
        let record_no = required_text("nomor berita acara", record_no)?;
        let witnesses: Vec<String> = witnesses.iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
        if witnesses.len() < 2 || witnesses.iter().any(|w| w.chars().count() > 100) {
            return Err(CoreError::invalid("saksi", "paling sedikit dua saksi, nama masing-masing paling panjang 100 karakter"));
        }
        if destroyed_on > self.today()? {
            return Err(CoreError::invalid("tanggal pemusnahan", "tidak boleh setelah hari ini"));
        }
        let serials = self.known_serials(serials)?;
        let record = self.store.write(|tx| {
            let at = time::stamp(time::now());
            let mut rec = DestructionRecord {
                id: 0,
                record_no: record_no.clone(),
                destroyed_on: destroyed_on.to_string(),
                witnesses: witnesses.clone(),
                signed_by: supervisor.username.clone(),
                recorded_at: at.clone(),
                serials: serials.clone(),
            };
            rec.id = tx.adjustments_insert_destruction(&rec)?;
            let reference = format!("destruction:{}", rec.id);
            for serial in &serials {
                tx.blanko_record_ref(serial, BlankoState::Disabled, LedgerEvent::Destroyed, None, None, Some(&reference), &at, &supervisor.username)
                    .map_err(|e| hint(e, "yang dimusnahkan hanya blanko rusak yang sudah dipotong sudutnya: catat dulu dengan ktpel blanko disable"))?;
            }
            audit(tx, supervisor, "blanko.destroy", &format!("destruction:{record_no}"), json!({
                "destroyed_on": rec.destroyed_on, "witnesses": witnesses, "count": serials.len(), "serials": serials,
            }))?;
            Ok(rec)
        })?;
        Ok(record)
    }

    pub fn destruction_record(&self, record_no: &str) -> Result<DestructionRecord> {
        self.store
            .read(|c| c.adjustments_destruction(record_no.trim()))?
            .ok_or_else(|| CoreError::NotFound { what: "berita acara pemusnahan", id: record_no.to_string() })
    }

    /// What the berita acara of a destruction shows: the record, and for each blank its chip and
    /// how it came to be spoiled (the last spoiling event's words and reason in its ledger).
    pub fn destruction_paper(&self, record_no: &str) -> Result<DestructionPaper> {
        let record = self.destruction_record(record_no)?;
        let cfg = self.config()?;
        let blanks = self.store.read(|c| {
            record
                .serials
                .iter()
                .map(|serial| {
                    let ledger = c.blanko_ledger_of(serial)?;
                    let why = ledger
                        .iter()
                        .rev()
                        .find(|l| matches!(l.event, LedgerEvent::Spoiled | LedgerEvent::WrittenOff))
                        .map(|l| match (&l.event, &l.reason) {
                            (LedgerEvent::WrittenOff, Some(r)) => format!("rusak di stok: {r}"),
                            (_, Some(r)) => format!("rusak saat cetak: {}", super::SpoilReason::ledger_words(r)),
                            (e, None) => e.words().to_string(),
                        })
                        .unwrap_or_default();
                    Ok(DestroyedBlank { serial: serial.clone(), chip: c.chip_of_serial(serial)?.map(|x| x.chip_uid), why })
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(DestructionPaper { record, office: format!("KABUPATEN {}", cfg.office.kabupaten), blanks, zone: cfg.zone })
    }

    /// Blanks whose corner was cut, waiting for a destruction, each with its chip where known.
    pub fn awaiting_destruction(&self) -> Result<Vec<DestroyedBlank>> {
        self.store.read(|c| {
            c.blanko_disabled()?
                .into_iter()
                .map(|serial| Ok(DestroyedBlank { chip: c.chip_of_serial(&serial)?.map(|x| x.chip_uid), serial, why: String::new() }))
                .collect()
        })
    }

    /// The destructions recorded on the days `from..=to`, by day.
    pub fn destructions_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DestructionRecord>> {
        self.store.read(|c| {
            let numbers = c.adjustments_destructions_on(&from.to_string(), &to.to_string())?;
            numbers.iter().filter_map(|n| c.adjustments_destruction(n).transpose()).collect()
        })
    }

    /// The berita acara pemusnahan as an A4 PDF.
    pub fn destruction_pdf(&self, record_no: &str) -> Result<Vec<u8>> {
        report::destruction::to_pdf(&self.destruction_paper(record_no)?)
    }

    /// Serials as written on the blanks: trimmed, upper case, each known to the ledger, no repeats.
    fn known_serials(&self, serials: &[String]) -> Result<Vec<String>> {
        if serials.is_empty() {
            return Err(CoreError::invalid("nomor seri", "sebutkan paling sedikit satu nomor seri blanko"));
        }
        let mut out: Vec<String> = Vec::new();
        for s in serials {
            let s = s.trim().to_uppercase();
            if out.contains(&s) {
                return Err(CoreError::invalid("nomor seri", format!("{s} tercantum dua kali")));
            }
            if self.blanko(&s)?.is_none() {
                return Err(CoreError::NotFound { what: "blanko", id: s });
            }
            out.push(s);
        }
        Ok(out)
    }
}

fn required_text(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > TEXT_MAX {
        return Err(CoreError::invalid(field, format!("wajib diisi, paling panjang {TEXT_MAX} karakter")));
    }
    Ok(v.to_string())
}

fn hint(e: CoreError, what: &str) -> CoreError {
    match e {
        CoreError::Conflict(m) => CoreError::Conflict(format!("{m} ({what})")),
        other => other,
    }
}
