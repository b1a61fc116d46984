//! The report as an Excel workbook: a summary sheet (same lines as the paper) and a sheet per
//! list, so the office can file it or forward it upward as it is.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::csv::{blank_lines, summary};
use super::UsageReport;
use crate::error::{CoreError, Result};

pub fn to_xlsx(r: &UsageReport) -> Result<Vec<u8>> {
    build(r).map_err(|e| CoreError::Layout(format!("Excel: {e}")))
}

fn build(r: &UsageReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Ringkasan")?;
    sheet.write_string_with_format(0, 0, "LAPORAN PEMAKAIAN BLANKO KTP-EL", &bold)?;
    sheet.write_string(1, 0, format!("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL {}", r.office))?;
    sheet.write_string(2, 0, format!("Periode: {}", r.period_words()))?;
    sheet.write_string_with_format(4, 0, "Uraian", &bold)?;
    sheet.write_string_with_format(4, 1, "Jumlah", &bold)?;
    let mut row = 5;
    for l in summary(r) {
        sheet.write_string(row, 0, &l.label)?;
        sheet.write_number(row, 1, l.value as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string(row, 0, if r.balanced { "Stok seimbang dengan buku blanko" } else { "PERINGATAN: stok tidak seimbang dengan buku blanko" })?;
    if let Some(s) = &r.signature {
        sheet.write_string(row + 1, 0, format!("Ditandatangani {} pada {} (SHA-256 {})", s.signed_by, r.zone.time_words(&s.signed_at), s.report_sha256))?;
    }
    sheet.set_column_width(0, 48)?;
    sheet.set_column_width(1, 12)?;

    let blanks = book.add_worksheet();
    blanks.set_name("Blanko")?;
    header(blanks, &bold, &["Bagian", "Kejadian", "Nomor seri", "Permohonan", "Alasan", "Merujuk tanggal", "Oleh", &format!("Waktu ({})", r.zone.label()), "Chip"])?;
    for (i, (section, l)) in blank_lines(r).into_iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in [section, &l.what, &l.serial, l.request_id.as_deref().unwrap_or(""), l.reason.as_deref().unwrap_or(""), l.refers_to.as_deref().unwrap_or(""), &l.by, &r.zone.time_words(&l.at), l.chip.as_deref().unwrap_or("")]
            .into_iter()
            .enumerate()
        {
            blanks.write_string(row, col as u16, text)?;
        }
    }

    let late = book.add_worksheet();
    late.set_name("Melewati standar")?;
    header(late, &bold, &["Permohonan", "Kanal", &format!("Batas waktu ({})", r.zone.label()), &format!("Siap ({})", r.zone.label())])?;
    for (i, l) in r.past_standard.iter().enumerate() {
        let row = i as u32 + 1;
        late.write_string(row, 0, &l.request_id)?;
        late.write_string(row, 1, &l.channel)?;
        late.write_string(row, 2, r.zone.time_words(&l.due_at))?;
        late.write_string(row, 3, l.ready_at.as_deref().map(|t| r.zone.time_words(t)).unwrap_or_else(|| "belum".into()))?;
    }
    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, bold: &Format, names: &[&str]) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, bold)?;
        sheet.set_column_width(col as u16, 18)?;
    }
    Ok(())
}
