//! The service standard at the station (*Kinerja*): the report for a day or a month and its
//! files. Read-only, open to every logged-in role (the officers see their own times too).

use chrono::{Datelike, NaiveDate};

use super::Station;
use crate::error::{CoreError, Result};
use crate::report::monthly::{self, MonthDay, MonthlyReport};
use crate::report::service::{self, ServiceReport, Standard};
use super::report_ops::ReportFormat;
use crate::time;

/// A span of the service report: one office day, or a calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl Span {
    /// `YYYY-MM` as the month's span, or the field named with the form expected.
    pub fn month(text: &str) -> Result<Span> {
        let bad = || CoreError::invalid("--month", "tulis TAHUN-BULAN, mis. 2026-12");
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        Ok(Span::Month { year, month })
    }

    /// First and last office day.
    pub fn days(self) -> Result<(NaiveDate, NaiveDate)> {
        match self {
            Span::Day(d) => Ok((d, d)),
            Span::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| CoreError::invalid("--month", "bulan 1 sampai 12"))?;
                let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
                let last = next.and_then(|n| n.pred_opt()).ok_or_else(|| CoreError::invalid("--month", "bulan di luar kalender"))?;
                Ok((first, last))
            }
        }
    }

    /// "2026-12" or "2026-12-02", for file names.
    pub fn label(self) -> String {
        match self {
            Span::Day(d) => d.to_string(),
            Span::Month { year, month } => format!("{year}-{month:02}"),
        }
    }

    /// The month of an office day.
    pub fn month_of(d: NaiveDate) -> Span {
        Span::Month { year: d.year(), month: d.month() }
    }
}

impl Station {
    /// Step times and shares on time for the requests approved in `span`.
    pub fn service_report(&self, span: Span) -> Result<ServiceReport> {
        let (from, to) = span.days()?;
        let cfg = self.config()?;
        let office = format!("KABUPATEN {}", cfg.office.kabupaten);
        let std = Standard { zone: cfg.zone, holidays: &cfg.holidays, minutes_in_office: cfg.minutes_in_office, steps: cfg.step_minutes };
        self.store.read(|c| service::compute(c, &office, &std, from, to, time::now()))
    }

    /// The month's usage and destructions for the bupati and the governor.
    pub fn monthly_report(&self, span: Span) -> Result<MonthlyReport> {
        let (from, to) = span.days()?;
        let usage = self.usage_report(from, to)?;
        let mut days = Vec::new();
        for d in from.iter_days().take_while(|d| *d <= to) {
            let r = self.usage_report(d, d)?;
            days.push(MonthDay { date: d.to_string(), received: r.received, printed_good: r.printed_good, spoiled: r.spoiled_count(), closing_stock: r.closing_stock });
        }
        let destructions = self.destructions_between(from, to)?;
        let cfg = self.config()?;
        let words = time::month_words(from);
        Ok(MonthlyReport::new(span.label(), words, cfg.office.provinsi, usage, days, destructions))
    }

    /// The monthly report as a PDF or a workbook.
    pub fn monthly_report_file(&self, span: Span, format: ReportFormat) -> Result<Vec<u8>> {
        let m = self.monthly_report(span)?;
        match format {
            ReportFormat::Pdf => monthly::to_pdf(&m),
            ReportFormat::Xlsx => monthly::to_xlsx(&m),
            ReportFormat::Json => serde_json::to_vec_pretty(&m).map_err(|e| CoreError::Layout(format!("JSON: {e}"))),
            ReportFormat::Csv => Err(CoreError::invalid("--format", "laporan bulanan: pdf, xlsx atau json")),
        }
    }

    /// The service report as an A4 PDF.
    pub fn service_report_pdf(&self, span: Span) -> Result<Vec<u8>> {
        crate::report::service_pdf::to_pdf(&self.service_report(span)?)
    }
}
