//! What the desk needs around the print cycle: the printer this station prints to, the blanko
//! check before anything is sent, the follow policy from the settings, the ready list for
//! handover, and the register of a day, searched and exported as CSV.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::domain::Service;
use crate::error::{CoreError, Result};
use crate::spool::FollowPolicy;
use crate::store::blanko::BlankoState;
use crate::store::register::RegisterRow;

/// The settings key of the printer this station last printed to (one database per station today).
const CHOSEN_PRINTER: &str = "station.printer";

/// A card ready to be handed over.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReadyItem {
    pub request_id: String,
    pub service: Service,
    pub nik: String,
    pub nama: String,
    pub register_number: Option<String>,
    pub ready_at: Option<String>,
    /// Perubahan data and rusak: the old card must be withdrawn first.
    pub old_card_required: bool,
    /// Approved reprints of this request.
    #[ts(type = "number")]
    pub reprints: i64,
}

impl Station {
    pub fn chosen_printer(&self) -> Result<Option<String>> {
        self.store.read(|c| c.settings_get(CHOSEN_PRINTER))
    }

    /// Remembers the printer the officer chose, for the next print and the next start.
    pub fn choose_printer(&mut self, actor: &Actor, name: &str) -> Result<()> {
        actor.require(Action::Print)?;
        let name = name.trim();
        if name.is_empty() || name.len() > 127 || name.chars().any(|c| c.is_control() || c == '/' || c == ' ') {
            return Err(CoreError::invalid("printer", "pilih salah satu antrean printer dari daftar"));
        }
        self.store.write(|tx| {
            let before = tx.settings_get(CHOSEN_PRINTER)?;
            tx.settings_set(CHOSEN_PRINTER, name)?;
            audit(tx, actor, "printer.choose", &format!("printer:{name}"), json!({ "before": before }))
        })
    }

    /// The serial as stored, if it matches the pattern and the blank is in stock; otherwise why not.
    pub fn check_blanko(&self, serial: &str) -> Result<String> {
        let serial = self.config()?.serial_pattern.check("blanko", serial)?;
        match self.blanko(&serial)? {
            None => Err(CoreError::invalid("blanko", format!("{serial} belum pernah diterima ke stok; periksa nomor atau catat penerimaannya"))),
            Some(b) if b.state != BlankoState::InStock => Err(CoreError::Conflict(format!("blanko {serial} {}; ambil blanko lain dari stok", b.state.words()))),
            Some(_) => Ok(serial),
        }
    }

    /// Following a job: the deadline from the settings, the rest as the spooler module advises.
    pub fn follow_policy(&self) -> Result<FollowPolicy> {
        let deadline = self.config()?.print_deadline_seconds;
        Ok(FollowPolicy { deadline: std::time::Duration::from_secs(deadline as u64), ..FollowPolicy::default() })
    }

    /// Cards waiting for their owner, oldest first.
    pub fn ready_list(&self) -> Result<Vec<ReadyItem>> {
        let rows = self.ready_for_handover()?;
        let reprints = self.store.read(|c| c.reprints_approved_counts(&rows.iter().map(|r| r.id).collect::<Vec<_>>()))?;
        rows.into_iter()
            .map(|r| {
                Ok(ReadyItem {
                    reprints: reprints.get(&r.id).copied().unwrap_or(0),
                    register_number: self.register_of(&r.request_id)?.map(|g| g.register_number),
                    old_card_required: r.service.withdraws_old_card(),
                    request_id: r.request_id,
                    service: r.service,
                    nik: r.person.nik,
                    nama: r.person.nama,
                    ready_at: r.ready_at,
                })
            })
            .collect()
    }

    /// The register of an office date narrowed to rows whose number, NIK, name, blanko or request id
    /// contains `query` (any case).
    pub fn register_search(&self, date: NaiveDate, query: &str) -> Result<Vec<RegisterRow>> {
        let q = query.trim().to_uppercase();
        let rows = self.register_on(date)?;
        Ok(rows
            .into_iter()
            .filter(|r| {
                q.is_empty()
                    || [&r.register_number, &r.nik, &r.nama, &r.blanko_serial, &r.request_id].iter().any(|f| f.to_uppercase().contains(&q))
            })
            .collect())
    }

    /// Writes the register rows of a date (narrowed as in `register_search`) as CSV into `dir`
    /// and records who exported personal data. Returns the file written.
    pub fn export_register_csv(&mut self, actor: &Actor, date: NaiveDate, query: &str, dir: &Path) -> Result<PathBuf> {
        let rows = self.register_search(date, query)?;
        let text = register_csv(&rows)?;
        let path = super::export_folder::write_into(dir, &format!("register-{}.csv", date.format("%Y-%m-%d")), text.as_bytes())?;
        self.store.write(|tx| audit(tx, actor, "register.export", &format!("register:{date}"), json!({ "rows": rows.len(), "query": query.trim(), "file": path.display().to_string() })))?;
        Ok(path)
    }
}

/// The register as CSV with Indonesian headers (see `csv_out`: no cell runs as a formula).
pub fn register_csv(rows: &[RegisterRow]) -> Result<String> {
    let mut w = crate::csv_out::CsvOut::new();
    w.row(["nomor_register", "waktu", "nik", "nama", "alamat", "rt", "rw", "kel_desa", "kecamatan", "layanan", "blanko", "petugas", "penyetuju", "permohonan", "chip"])?;
    for r in rows {
        w.row([
            &r.register_number, &r.registered_at, &r.nik, &r.nama, &r.alamat, &r.rt, &r.rw, &r.kel_desa, &r.kecamatan, &r.service, &r.blanko_serial,
            &r.operator, &r.approver, &r.request_id, &r.chip_uid,
        ])?;
    }
    w.finish()
}
