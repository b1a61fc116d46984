//! The report as flat rows: the summary lines every renderer and the screen share (so the PDF, the
//! CSV, the workbook and the window cannot disagree), and the CSV file itself.

use super::{BlankLine, UsageReport};
use crate::error::Result;
use crate::time;

/// One summary line: its stable key (CSV/JSON readers), its words, its figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(rename = "SummaryLine")]
pub struct Line {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub value: i64,
}

fn line(key: &str, label: &str, value: i64) -> Line {
    Line { key: key.into(), label: label.into(), value }
}

/// A line per desk under `key` (`spoiled.desk.meja-2`), as the good cards have: in an office each
/// desk answers for its own printer's blanks. Nothing when no line came from a named desk.
fn by_desk(out: &mut Vec<Line>, key: &str, lines: &[BlankLine]) {
    let mut desks: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for l in lines {
        if let Some(desk) = l.desk.as_deref() {
            *desks.entry(desk).or_default() += 1;
        }
    }
    if desks.keys().all(|d| d.is_empty()) {
        return;
    }
    for (desk, n) in desks {
        let label = if desk.is_empty() { "(tanpa nama meja)" } else { desk };
        out.push(line(&format!("{key}.desk.{desk}"), &format!("  meja {label}"), n));
    }
}

/// The summary in the order of the paper form.
pub fn summary(r: &UsageReport) -> Vec<Line> {
    let mut out = vec![line("opening_stock", "Stok awal", r.opening_stock), line("received", "Diterima", r.received)];
    out.push(line("printed_good", "Tercetak baik", r.printed_good));
    for s in &r.printed_by_service {
        out.push(line(&format!("printed_good.service.{}", s.key), &format!("  layanan {}", s.label), s.count));
    }
    for o in &r.printed_by_operator {
        out.push(line(&format!("printed_good.operator.{}", o.key), &format!("  petugas {}", o.label), o.count));
    }
    for d in &r.printed_by_desk {
        out.push(line(&format!("printed_good.desk.{}", d.key), &format!("  meja {}", d.label), d.count));
    }
    out.push(line("spoiled", "Rusak", r.spoiled_count()));
    by_desk(&mut out, "spoiled", &r.spoiled);
    out.extend([
        line("adjustment_net", "Penyesuaian (bersih)", r.adjustment_net()),
        line("closing_stock", "Stok akhir", r.closing_stock),
        line("closing_reserved", "  di antaranya sedang dipakai cetak", r.closing_reserved),
        line("not_fed", "Tidak terambil printer (kembali ke stok)", r.not_fed.len() as i64),
    ]);
    by_desk(&mut out, "not_fed", &r.not_fed);
    out.extend([
        line("disabled", "Blanko rusak dipotong sudutnya", r.disabled),
        line("destroyed", "Blanko rusak dimusnahkan", r.destroyed),
        line("handed_over", "KTP-el diserahkan", r.handed_over),
        line("past_standard", "Permohonan melewati standar layanan", r.past_standard.len() as i64),
        line("reprints_approved", "Cetak ulang disetujui", r.reprints_approved),
        line("reprints_refused", "Cetak ulang ditolak", r.reprints_refused),
    ]);
    if !r.ribbons_changed.is_empty() {
        out.push(line("ribbons_changed", "Pita printer diganti", r.ribbons_changed.len() as i64));
        let mut by_printer: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
        for c in &r.ribbons_changed {
            *by_printer.entry(c.printer.as_str()).or_default() += 1;
        }
        for (printer, n) in by_printer {
            out.push(line(&format!("ribbons_changed.printer.{printer}"), &format!("  printer {printer}"), n));
        }
    }
    if let Some(p) = &r.paper_register {
        // The year's numbers up to here are in the paper book, not in the station's register.
        out.push(line("paper_register.last_seq", &format!("Register kertas {} (buku \"{}\"): nomor terakhir", p.year, p.reference), p.last_seq));
    }
    out
}


/// A stored instant as the office's clock, "21-11-2026 08:02" (the column's name says the zone).
fn local(r: &UsageReport, stamp: &str) -> String {
    time::parse_stamp(stamp).map(|t| r.zone.local(t).format("%d-%m-%Y %H:%M").to_string()).unwrap_or_else(|| stamp.to_string())
}

/// The blank lists of the report, each line tagged with its section.
pub fn blank_lines(r: &UsageReport) -> Vec<(&'static str, &BlankLine)> {
    let mut out: Vec<(&'static str, &BlankLine)> = Vec::new();
    out.extend(r.spoiled.iter().map(|l| ("rusak", l)));
    out.extend(r.not_fed.iter().map(|l| ("tidak_terambil", l)));
    out.extend(r.adjustments.iter().map(|l| ("penyesuaian", l)));
    out
}

pub fn to_csv(r: &UsageReport) -> Result<String> {
    // Reasons and desk names are typed by people: `csv_out` keeps them from running as formulas.
    let mut w = crate::csv_out::CsvOut::new();
    let time_column = format!("waktu_{}", r.zone.label().to_lowercase());
    w.row(["bagian", "uraian", "jumlah", "nomor_seri", "permohonan", "alasan", "merujuk_tanggal", "oleh", &time_column])?;
    let period = format!("{} s.d. {}", r.from, r.to);
    w.row(["periode", &period, "", "", "", "", "", "", ""])?;
    for l in summary(r) {
        w.row(["ringkasan", &l.key, &l.value.to_string(), "", "", "", "", "", ""])?;
    }
    for (section, l) in blank_lines(r) {
        w.row([
            section,
            &l.event,
            "1",
            &l.serial,
            l.request_id.as_deref().unwrap_or(""),
            l.reason.as_deref().unwrap_or(""),
            l.refers_to.as_deref().unwrap_or(""),
            &l.by,
            &local(r, &l.at),
        ])?;
    }
    for l in &r.past_standard {
        w.row(["melewati_standar", &l.channel, "1", "", &l.request_id, "", "", "", &local(r, &l.due_at)])?;
    }
    if let Some(s) = &r.signature {
        w.row(["ditandatangani", &s.report_sha256, "", "", "", "", "", &s.signed_by, &local(r, &s.signed_at)])?;
    }
    w.finish()
}
