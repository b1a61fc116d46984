//! The report on A4 paper: heading, the summary table, the lists of blanks, the requests past the
//! standard, and a signature block for the operator and the Kasi/Kabid. Long lists flow onto
//! further pages; every page carries its number.

use super::csv::{blank_lines, summary};
use super::paper::{cell, place, Paper, LEFT};
use super::UsageReport;
use crate::error::Result;

pub fn to_pdf(r: &UsageReport, operator: &str, supervisor_title: &str) -> Result<Vec<u8>> {
    let mut p = Paper::new("Laporan pemakaian blanko KTP-el")?;

    p.line(13.0, true, "LAPORAN PEMAKAIAN BLANKO KTP-EL HARIAN");
    p.line(10.0, false, &format!("Dinas Kependudukan dan Pencatatan Sipil {}", r.office));
    p.line(10.0, false, &format!("Periode: {}", r.period_words()));
    p.rule();
    p.row(10.0, true, &[(LEFT, "Uraian".into()), (160.0, "Jumlah".into())]);
    for l in summary(r) {
        let bold = matches!(l.key.as_str(), "opening_stock" | "closing_stock");
        p.row(10.0, bold, &[(LEFT, l.label.clone()), (160.0, crate::time::thousands(l.value))]);
    }
    p.rule();
    p.line(9.0, false, if r.balanced {
        "Stok awal + diterima − tercetak baik − rusak ± penyesuaian = stok akhir: seimbang."
    } else {
        "PERINGATAN: stok tidak seimbang dengan buku blanko; periksa riwayat blanko sebelum menandatangani."
    });

    let blanks = blank_lines(r);
    if !blanks.is_empty() {
        p.gap(3.0);
        p.line(11.0, true, "Blanko rusak, tidak terambil, dan penyesuaian");
        let cols = [LEFT, 42.0, 84.0, 110.0, 152.0];
        p.row(8.5, true, &[(cols[0], "Nomor seri".into()), (cols[1], "Kejadian".into()), (cols[2], "Permohonan".into()), (cols[3], "Alasan".into()), (cols[4], "Oleh / waktu".into())]);
        for (_, l) in blanks {
            let reason = match (&l.reason, &l.refers_to) {
                (Some(x), Some(d)) => format!("{x} (koreksi {d})"),
                (Some(x), None) => x.clone(),
                (None, Some(d)) => format!("koreksi {d}"),
                (None, None) => String::new(),
            };
            p.row(8.5, false, &[
                (cols[0], l.serial.clone()),
                (cols[1], cell(&l.what, 30)),
                (cols[2], cell(l.request_id.as_deref().unwrap_or("-"), 18)),
                (cols[3], cell(&reason, 28)),
                (cols[4], format!("{} {}", cell(&l.by, 10), r.zone.time_words(&l.at))),
            ]);
            // The blank's chip under its serial, where one was recorded.
            if let Some(chip) = &l.chip {
                p.row(6.5, false, &[(cols[0], format!("chip {chip}"))]);
            }
        }
    }
    if !r.past_standard.is_empty() {
        p.gap(3.0);
        p.line(11.0, true, "Permohonan melewati standar layanan");
        for l in &r.past_standard {
            let ready = l.ready_at.as_deref().map(|t| r.zone.time_words(t)).unwrap_or_else(|| "belum siap".into());
            p.row(8.5, false, &[(LEFT, l.request_id.clone()), (60.0, l.channel.clone()), (90.0, format!("batas {}", r.zone.time_words(&l.due_at))), (140.0, format!("siap {ready}"))]);
        }
    }

    // The signature block stays on one page.
    p.room(45.0);
    p.gap(8.0);
    let date = crate::time::long_date(r.zone.date(crate::time::now()));
    p.block(120.0, 10.0, false, &format!("{}, {}", place(&r.office), date));
    p.row(10.0, false, &[(LEFT, "Petugas cetak dan register".into()), (120.0, supervisor_title.to_string())]);
    p.gap(20.0);
    let signer = r.signature.as_ref().map(|s| s.signed_by.clone()).unwrap_or_else(|| "(.............................)".into());
    let operator = if operator.trim().is_empty() { "(.............................)".to_string() } else { format!("({})", operator.trim()) };
    p.names_under(&[operator, signer]);
    if let Some(s) = &r.signature {
        p.row(7.5, false, &[(120.0, format!("Disahkan {} · SHA-256 {}", r.zone.time_words(&s.signed_at), cell(&s.report_sha256, 16)))]);
    }

    Ok(p.finish(|page, total| format!("Laporan pemakaian blanko {} – {} · halaman {page} dari {total}", r.from, r.to)))
}
