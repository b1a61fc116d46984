//! The monthly report upward (to the bupati and the governor): the month's blank usage (the same
//! summary lines as the daily report, over the month), a line per day, the spoiled cards by
//! reason, and the destructions carried out (each berita acara's number, day, count, witnesses).
//! Rendered as an A4 PDF and an Excel workbook.

use std::collections::BTreeMap;

use serde::Serialize;

use super::csv::{summary, Line};
use super::paper::{place, Paper, LEFT};
use super::UsageReport;
use crate::error::{CoreError, Result};
use crate::store::adjustments::DestructionRecord;
use crate::words::terbilang;

/// One office day of the month.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MonthDay {
    pub date: String,
    #[ts(type = "number")]
    pub received: i64,
    #[ts(type = "number")]
    pub printed_good: i64,
    #[ts(type = "number")]
    pub spoiled: i64,
    #[ts(type = "number")]
    pub closing_stock: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MonthlyReport {
    /// "2026-11"
    pub month: String,
    /// "November 2026"
    pub month_words: String,
    pub provinsi: String,
    pub usage: UsageReport,
    pub summary: Vec<Line>,
    pub days: Vec<MonthDay>,
    /// Spoiled cards of the month by reason (words), most first.
    pub spoiled_by_reason: Vec<super::Count>,
    pub destructions: Vec<DestructionRecord>,
}

impl MonthlyReport {
    pub fn new(month: String, month_words: String, provinsi: String, usage: UsageReport, days: Vec<MonthDay>, destructions: Vec<DestructionRecord>) -> MonthlyReport {
        let mut reasons: BTreeMap<String, i64> = BTreeMap::new();
        for l in &usage.spoiled {
            let why = l.reason.as_deref().map(crate::station::SpoilReason::ledger_words).unwrap_or_else(|| "tanpa alasan".into());
            // The reason's kind, without the officer's note.
            let kind = why.split(':').next().unwrap_or_default().trim().to_string();
            *reasons.entry(kind).or_default() += 1;
        }
        let mut spoiled_by_reason: Vec<super::Count> = reasons.into_iter().map(|(k, n)| super::Count { key: k.clone(), label: k, count: n }).collect();
        spoiled_by_reason.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        MonthlyReport { month, month_words, provinsi, summary: summary(&usage), usage, days, spoiled_by_reason, destructions }
    }

    pub fn destroyed_count(&self) -> usize {
        self.destructions.iter().map(|d| d.serials.len()).sum()
    }
}

pub fn to_pdf(m: &MonthlyReport) -> Result<Vec<u8>> {
    let u = &m.usage;
    let mut p = Paper::new(&format!("Laporan bulanan blanko KTP-el {}", m.month))?;
    p.line(10.0, false, "Kepada Yth.:");
    p.line(10.0, false, &format!("1. Bupati {}", place(&u.office)));
    p.line(10.0, false, &format!("2. Gubernur {} c.q. Dinas Kependudukan dan Pencatatan Sipil Provinsi", crate::words::title_case(&m.provinsi)));
    p.gap(3.0);
    p.centred(12.0, true, "LAPORAN BULANAN PEMAKAIAN DAN PEMUSNAHAN BLANKO KTP-EL");
    p.centred(10.0, false, &format!("Dinas Kependudukan dan Pencatatan Sipil {} · Bulan {}", u.office, m.month_words));
    p.rule();
    p.row(10.0, true, &[(LEFT, "Uraian".into()), (160.0, "Jumlah".into())]);
    for l in &m.summary {
        let bold = matches!(l.key.as_str(), "opening_stock" | "closing_stock");
        p.row(9.5, bold, &[(LEFT, l.label.clone()), (160.0, crate::time::thousands(l.value))]);
    }
    p.row(9.5, true, &[(LEFT, "Dimusnahkan (berita acara bulan ini)".into()), (160.0, m.destroyed_count().to_string())]);
    p.rule();
    p.line(9.0, false, if u.balanced { "Stok awal + diterima − tercetak baik − rusak ± penyesuaian = stok akhir: seimbang." } else { "PERINGATAN: stok tidak seimbang dengan buku blanko." });

    if !m.spoiled_by_reason.is_empty() {
        p.gap(3.0);
        p.line(11.0, true, "Blanko rusak menurut alasan");
        for c in &m.spoiled_by_reason {
            p.row(9.0, false, &[(LEFT, c.label.clone()), (160.0, c.count.to_string())]);
        }
    }

    p.gap(3.0);
    p.line(11.0, true, "Rincian harian");
    let cols = [LEFT, 60.0, 95.0, 125.0, 155.0];
    p.row(9.0, true, &[(cols[0], "Tanggal".into()), (cols[1], "Diterima".into()), (cols[2], "Tercetak baik".into()), (cols[3], "Rusak".into()), (cols[4], "Stok akhir".into())]);
    for d in &m.days {
        p.row(9.0, false, &[(cols[0], d.date.clone()), (cols[1], d.received.to_string()), (cols[2], d.printed_good.to_string()), (cols[3], d.spoiled.to_string()), (cols[4], d.closing_stock.to_string())]);
    }

    p.gap(3.0);
    p.line(11.0, true, "Pemusnahan blanko rusak");
    if m.destructions.is_empty() {
        p.line(9.0, false, "Tidak ada pemusnahan pada bulan ini.");
    }
    for d in &m.destructions {
        let n = d.serials.len() as u64;
        p.row(9.0, true, &[(LEFT, format!("Berita acara {} · {}", d.record_no, d.destroyed_on)), (140.0, format!("{n} ({}) keping", terbilang(n)))]);
        p.paragraph(8.5, &format!("Saksi: {}. Nomor seri: {}.", d.witnesses.join(", "), d.serials.join(", ")));
    }

    p.room(40.0);
    p.gap(8.0);
    let today = crate::time::long_date(u.zone.date(crate::time::now()));
    p.block(120.0, 10.0, false, &format!("{}, {today}", place(&u.office)));
    p.block(120.0, 10.0, false, &format!("Kepala Dinas Kependudukan dan Pencatatan Sipil {}", crate::words::title_case(&u.office)));
    p.gap(18.0);
    p.row(10.0, true, &[(120.0, "(.............................)".into())]);
    Ok(p.finish(|page, total| format!("Laporan bulanan blanko {} · halaman {page} dari {total}", m.month)))
}

pub fn to_xlsx(m: &MonthlyReport) -> Result<Vec<u8>> {
    build(m).map_err(|e| CoreError::Layout(format!("Excel: {e}")))
}

fn build(m: &MonthlyReport) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let s = book.add_worksheet();
    s.set_name("Ringkasan")?;
    s.write_string_with_format(0, 0, "LAPORAN BULANAN PEMAKAIAN DAN PEMUSNAHAN BLANKO KTP-EL", &bold)?;
    s.write_string(1, 0, format!("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL {}", m.usage.office))?;
    s.write_string(2, 0, format!("Bulan: {}", m.month_words))?;
    let mut row = 4;
    for l in &m.summary {
        s.write_string(row, 0, &l.label)?;
        s.write_number(row, 1, l.value as f64)?;
        row += 1;
    }
    s.write_string(row, 0, "Dimusnahkan (berita acara bulan ini)")?;
    s.write_number(row, 1, m.destroyed_count() as f64)?;
    row += 2;
    s.write_string_with_format(row, 0, "Blanko rusak menurut alasan", &bold)?;
    for c in &m.spoiled_by_reason {
        row += 1;
        s.write_string(row, 0, &c.label)?;
        s.write_number(row, 1, c.count as f64)?;
    }
    s.set_column_width(0, 48)?;

    let d = book.add_worksheet();
    d.set_name("Harian")?;
    for (col, h) in ["Tanggal", "Diterima", "Tercetak baik", "Rusak", "Stok akhir"].into_iter().enumerate() {
        d.write_string_with_format(0, col as u16, h, &bold)?;
        d.set_column_width(col as u16, 16)?;
    }
    for (i, day) in m.days.iter().enumerate() {
        let r = i as u32 + 1;
        d.write_string(r, 0, &day.date)?;
        for (col, n) in [day.received, day.printed_good, day.spoiled, day.closing_stock].into_iter().enumerate() {
            d.write_number(r, col as u16 + 1, n as f64)?;
        }
    }

    let x = book.add_worksheet();
    x.set_name("Pemusnahan")?;
    for (col, h) in ["Berita acara", "Tanggal", "Nomor seri", "Saksi", "Dicatat oleh"].into_iter().enumerate() {
        x.write_string_with_format(0, col as u16, h, &bold)?;
        x.set_column_width(col as u16, 20)?;
    }
    let mut r = 1;
    for rec in &m.destructions {
        for serial in &rec.serials {
            x.write_string(r, 0, &rec.record_no)?;
            x.write_string(r, 1, &rec.destroyed_on)?;
            x.write_string(r, 2, serial)?;
            x.write_string(r, 3, rec.witnesses.join(", "))?;
            x.write_string(r, 4, &rec.signed_by)?;
            r += 1;
        }
    }
    book.save_to_buffer()
}
