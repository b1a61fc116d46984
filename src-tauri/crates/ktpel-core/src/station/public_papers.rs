//! What the office shows the public and files away: the day's blank stock as a poster (square
//! PNG for social media, A4 PDF for the notice board), the lobby screen's figures (stock and the
//! queue's progress, counts only, never a name or NIK), and the office's papers saved into the
//! export folder from the window (each written beside and renamed, and audited).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::performance::Span;
use super::{audit, ReportFormat, Station};
use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::report::poster::{self, PublicStock};
use crate::time;

/// The lobby screen (*Layar publik*): today's stock and where the queue stands.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LobbyView {
    pub stock: PublicStock,
    /// Approved and waiting for the print (a spoiled card awaiting its reprint included).
    #[ts(type = "number")]
    pub waiting: i64,
    #[ts(type = "number")]
    pub printing: i64,
    /// Printed and registered, waiting to be collected.
    #[ts(type = "number")]
    pub ready: i64,
    /// Handed over today.
    #[ts(type = "number")]
    pub handed_over_today: i64,
    /// When these figures were read (office time, "08.15 WIB").
    pub updated_at: String,
}

/// A poster's two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PosterKind {
    Png,
    Pdf,
}

impl PosterKind {
    /// By a file's extension (`stok.png`, `poster.pdf`).
    pub fn of_path(path: &Path) -> Result<PosterKind> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("png") => Ok(PosterKind::Png),
            Some("pdf") => Ok(PosterKind::Pdf),
            _ => Err(CoreError::invalid("--out", "akhiri nama berkas dengan .png (gambar persegi untuk media sosial) atau .pdf (poster A4)")),
        }
    }
    fn extension(self) -> &'static str {
        match self {
            PosterKind::Png => "png",
            PosterKind::Pdf => "pdf",
        }
    }
}

impl Station {
    /// Today's stock as the public sees it.
    pub fn public_stock(&self, now: DateTime<Utc>) -> Result<PublicStock> {
        let cfg = self.config()?;
        let stock = self.stock()?;
        let local = cfg.zone.local(now);
        Ok(PublicStock {
            office: format!("Kabupaten {}", crate::words::title_case(&cfg.office.kabupaten)),
            date_words: time::long_date(cfg.zone.date(now)),
            in_stock: stock.in_stock,
            in_stock_words: time::thousands(stock.in_stock),
            counted_at: format!("{} {}", local.format("%H.%M"), cfg.zone.label()),
        })
    }

    pub fn poster(&self, now: DateTime<Utc>, kind: PosterKind) -> Result<Vec<u8>> {
        let s = self.public_stock(now)?;
        match kind {
            PosterKind::Png => poster::to_png(&s),
            PosterKind::Pdf => poster::to_pdf(&s),
        }
    }

    /// The lobby's figures: counts by status and today's handovers, nothing about a person.
    pub fn lobby(&self, now: DateTime<Utc>) -> Result<LobbyView> {
        let stock = self.public_stock(now)?;
        let zone = self.zone()?;
        let (start, end) = zone.day_bounds(zone.date(now));
        let (counts, handed) = self.store.read(|c| Ok((c.requests_status_counts()?, c.usage_handed_over(&time::stamp(start), &time::stamp(end))?)))?;
        let n = |names: &[&str]| counts.iter().filter(|(s, _)| names.contains(&s.as_str())).map(|(_, n)| n).sum::<i64>();
        Ok(LobbyView {
            updated_at: stock.counted_at.clone(),
            stock,
            waiting: n(&["queued", "held_for_reprint"]),
            printing: n(&["printing"]),
            ready: n(&["ready"]),
            handed_over_today: handed,
        })
    }

    /// Saves today's poster into `dir` (stok-blanko-DAY.png|pdf).
    pub fn save_poster(&mut self, actor: &Actor, dir: &Path, kind: PosterKind) -> Result<PathBuf> {
        let now = time::now();
        let bytes = self.poster(now, kind)?;
        let name = format!("stok-blanko-{}.{}", self.zone()?.date(now), kind.extension());
        self.save_paper(actor, dir, &name, &bytes, "blanko.poster")
    }

    /// Saves the berita acara of a destruction into `dir`.
    pub fn save_destruction_paper(&mut self, actor: &Actor, record_no: &str, dir: &Path) -> Result<PathBuf> {
        let bytes = self.destruction_pdf(record_no)?;
        let name = format!("berita-acara-pemusnahan-{}.pdf", file_safe(record_no));
        self.save_paper(actor, dir, &name, &bytes, "report.destruction")
    }

    /// Records a destruction (supervisor) and saves its berita acara into `dir`: the window's
    /// one step. The record stands even if the paper cannot be written (saved again later).
    pub fn record_destruction_with_paper(&mut self, supervisor: &Actor, record_no: &str, destroyed_on: chrono::NaiveDate, witnesses: &[String], serials: &[String], dir: &Path) -> Result<PathBuf> {
        let rec = self.record_destruction(supervisor, record_no, destroyed_on, witnesses, serials)?;
        self.save_destruction_paper(supervisor, &rec.record_no, dir)
    }

    /// The destructions recorded in `year`, by day.
    pub fn destructions_of_year(&self, year: i32) -> Result<Vec<crate::store::adjustments::DestructionRecord>> {
        let bad = || CoreError::invalid("tahun", "tahun 2000 sampai 2100");
        let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).filter(|_| (2000..=2100).contains(&year)).ok_or_else(bad)?;
        let to = chrono::NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
        self.destructions_between(from, to)
    }

    /// Saves the monthly report (pdf or xlsx) into `dir`.
    pub fn save_monthly_report(&mut self, actor: &Actor, span: Span, format: ReportFormat, dir: &Path) -> Result<PathBuf> {
        let bytes = self.monthly_report_file(span, format)?;
        let name = format!("laporan-bulanan-blanko-{}.{}", span.label(), format.extension());
        self.save_paper(actor, dir, &name, &bytes, "report.monthly")
    }

    /// Saves the service standard report (PDF) into `dir`.
    pub fn save_service_report(&mut self, actor: &Actor, span: Span, dir: &Path) -> Result<PathBuf> {
        let bytes = self.service_report_pdf(span)?;
        let name = format!("laporan-kinerja-{}.pdf", span.label());
        self.save_paper(actor, dir, &name, &bytes, "report.service")
    }

    fn save_paper(&mut self, actor: &Actor, dir: &Path, name: &str, bytes: &[u8], action: &str) -> Result<PathBuf> {
        let path = super::export_folder::write_into(dir, name, bytes)?;
        self.store.write(|tx| audit(tx, actor, action, &format!("file:{name}"), json!({ "file": path.display().to_string(), "bytes": bytes.len() })))?;
        Ok(path)
    }
}

/// A record number as part of a file name: "BA/01/XII/2026" → "BA-01-XII-2026".
fn file_safe(s: &str) -> String {
    s.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}
