//! The usage report at the station: compute it for a day or a span, render it to a file format,
//! and the supervisor's sign-off, which freezes the day (its report reads back as signed; later
//! corrections are adjustments dated the day they are made, naming the day they correct).

use chrono::NaiveDate;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::report::{self, Signature, UsageReport};
use crate::store::signoffs::SignOff;
use crate::time;

/// The file formats of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Csv,
    Xlsx,
    Json,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Self::Pdf),
            "csv" => Ok(Self::Csv),
            "xlsx" => Ok(Self::Xlsx),
            "json" => Ok(Self::Json),
            _ => Err(CoreError::invalid("--format", "harus pdf, csv, xlsx atau json")),
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }
}

const SUPERVISOR_TITLE: &str = "Kasi/Kabid Pendaftaran Penduduk";

impl Station {
    /// The report for the office's days `from..=to`; a single signed day reads back exactly as signed.
    pub fn usage_report(&self, from: NaiveDate, to: NaiveDate) -> Result<UsageReport> {
        if from == to {
            if let Some(signed) = self.store.read(|c| c.signoffs_get(&from.to_string()))? {
                let mut r: UsageReport = serde_json::from_str(&signed.report_json).map_err(|e| CoreError::corrupt("day_signoffs.report_json", e))?;
                r.signature = Some(Signature { signed_by: signed.signed_by, signed_at: signed.signed_at, report_sha256: signed.report_sha256 });
                return Ok(r);
            }
        }
        let cfg = self.config()?;
        let office = format!("KABUPATEN {}", cfg.office.kabupaten);
        self.store.read(|c| report::compute(c, &office, cfg.zone, &cfg.holidays, cfg.minutes_in_office, from, to, time::now()))
    }

    /// The report as a file's bytes. `by` is the officer named under "Petugas" on the paper.
    pub fn usage_report_file(&self, from: NaiveDate, to: NaiveDate, format: ReportFormat, by: &str) -> Result<Vec<u8>> {
        let r = self.usage_report(from, to)?;
        match format {
            ReportFormat::Pdf => report::pdf::to_pdf(&r, by, SUPERVISOR_TITLE),
            ReportFormat::Csv => Ok(report::csv::to_csv(&r)?.into_bytes()),
            ReportFormat::Xlsx => report::xlsx::to_xlsx(&r),
            ReportFormat::Json => serde_json::to_vec_pretty(&r).map_err(|e| CoreError::Layout(format!("JSON: {e}"))),
        }
    }

    /// Writes the report file into `dir` (laporan-blanko-FROM[_TO].EXT), the officer named on the
    /// paper being `actor`. Written beside and renamed, so no half file ever carries the name.
    pub fn export_usage_report(&mut self, actor: &Actor, from: NaiveDate, to: NaiveDate, format: ReportFormat, dir: &std::path::Path) -> Result<std::path::PathBuf> {
        let bytes = self.usage_report_file(from, to, format, &actor.full_name)?;
        let span = if from == to { from.to_string() } else { format!("{from}_{to}") };
        let path = super::export_folder::write_into(dir, &format!("laporan-blanko-{span}.{}", format.extension()), &bytes)?;
        self.store.write(|tx| audit(tx, actor, "report.export", &format!("day:{from}"), json!({ "to": to.to_string(), "format": format.extension(), "file": path.display().to_string() })))?;
        Ok(path)
    }

    /// The supervisor signs a finished day (the office's): its report is stored with its SHA-256 and the day
    /// is frozen. Today cannot be signed while it can still change.
    pub fn sign_day(&mut self, supervisor: &Actor, date: NaiveDate) -> Result<Signature> {
        supervisor.require(Action::SignDay)?;
        let today = self.today()?;
        if date >= today {
            return Err(CoreError::invalid("tanggal", format!("{date} belum berakhir; laporan harian ditandatangani setelah harinya selesai (paling cepat besok)")));
        }
        let report = self.usage_report(date, date)?;
        if report.signature.is_some() {
            return Err(CoreError::Conflict(format!("tanggal {date} sudah ditandatangani")));
        }
        let json = serde_json::to_string(&report).map_err(|e| CoreError::Layout(format!("JSON: {e}")))?;
        let sha = hex::encode(Sha256::digest(json.as_bytes()));
        let at = time::stamp(time::now());
        self.store.write(|tx| {
            tx.signoffs_insert(&SignOff { report_date: date.to_string(), signed_at: at.clone(), signed_by: supervisor.username.clone(), report_json: json.clone(), report_sha256: sha.clone() })?;
            audit(tx, supervisor, "report.sign", &format!("day:{date}"), json!({ "sha256": sha, "closing_stock": report.closing_stock, "balanced": report.balanced }))
        })?;
        Ok(Signature { signed_by: supervisor.username.clone(), signed_at: at, report_sha256: sha })
    }
}
