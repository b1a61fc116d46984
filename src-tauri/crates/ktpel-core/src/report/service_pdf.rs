//! The service standard report on A4: the standards, the share on time per step, per channel and
//! per officer, two bar charts (the load by hour of day, in-office times against the standard),
//! and each request's step times, late ones marked (for a month, the late ones only).

use super::paper::{cell, Paper, LEFT};
use super::service::{Bar, ServiceReport, Share};
use crate::error::Result;

fn percent(s: &Share) -> String {
    s.share.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(|| "-".into())
}

fn shares(p: &mut Paper, title: &str, rows: &[Share], with_standard: bool) {
    p.gap(2.0);
    p.line(11.0, true, title);
    let head = if with_standard { "Standar" } else { "" };
    p.row(9.0, true, &[(LEFT, String::new()), (80.0, head.into()), (105.0, "Diukur".into()), (130.0, "Tepat waktu".into()), (165.0, "Persen".into())]);
    for s in rows {
        let std = s.standard_minutes.filter(|_| with_standard).map(|m| format!("{m} menit")).unwrap_or_default();
        p.row(9.0, false, &[(LEFT, s.label.clone()), (80.0, std), (105.0, s.measured.to_string()), (130.0, s.on_time.to_string()), (165.0, percent(s))]);
    }
}

/// Horizontal bars, the longest spanning the width; each labelled with its count.
fn chart(p: &mut Paper, title: &str, bars: &[Bar]) {
    p.gap(2.0);
    p.line(11.0, true, title);
    if bars.is_empty() {
        p.line(9.0, false, "(belum ada data)");
        return;
    }
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f32;
    for b in bars {
        p.row(9.0, false, &[(LEFT, b.label.clone())]);
        let width = 110.0 * b.count as f32 / max;
        p.bar(52.0, width.max(0.5), 3.0, 0.35);
        p.row_here(9.0, &[(52.0 + width + 2.0, b.count.to_string())]);
    }
}

fn minutes(m: Option<f64>) -> String {
    m.map(|x| format!("{x:.1}")).unwrap_or_else(|| "-".into())
}

pub fn to_pdf(r: &ServiceReport) -> Result<Vec<u8>> {
    let mut p = Paper::new("Laporan kinerja layanan KTP-el")?;
    p.line(13.0, true, "LAPORAN KINERJA LAYANAN KTP-EL (MUTU BAKU)");
    p.line(10.0, false, &format!("Dinas Kependudukan dan Pencatatan Sipil {}", r.office));
    let span = if r.from == r.to { r.from.clone() } else { format!("{} s.d. {}", r.from, r.to) };
    p.line(10.0, false, &format!("Periode: {span} ({} hari kerja) · waktu {}", r.working_days, r.zone.label()));
    p.paragraph(
        9.0,
        &format!(
            "Standar: seluruh layanan di kantor {} menit (dari pengajuan sampai diserahkan), cetak {}, register {}, penyerahan {} menit; PAKTUWA/online siap hari kerja berikutnya pukul 16.00.",
            r.minutes_in_office, r.steps_standard.print, r.steps_standard.register, r.steps_standard.handover
        ),
    );
    p.rule();
    shares(&mut p, "Tepat waktu per langkah", &r.steps, true);
    shares(&mut p, "Per jalur layanan", &r.by_channel, false);
    if !r.by_officer.is_empty() {
        shares(&mut p, "Per petugas", &r.by_officer, false);
    }
    chart(&mut p, "Beban per jam (permohonan disetujui)", &r.load_by_hour);
    chart(&mut p, &format!("Sebaran waktu layanan di kantor (standar {} menit)", r.minutes_in_office), &r.distribution);

    // A day lists every request; a month of a busy office is thousands of lines, so its paper
    // lists the late and still-running ones and counts the rest (their lines are in each day's
    // paper and in the JSON).
    let whole = r.from == r.to;
    let listed: Vec<_> = r.requests.iter().filter(|q| whole || q.on_time != Some(true)).collect();
    p.gap(3.0);
    p.line(11.0, true, if whole { "Waktu per permohonan (menit)" } else { "Permohonan terlambat atau belum selesai (menit)" });
    if !whole {
        let fine = r.requests.len() - listed.len();
        p.line(9.0, false, &format!("{fine} permohonan tepat waktu tidak dirinci di sini; rinciannya ada di laporan kinerja tiap hari."));
    }
    let cols = [LEFT, 56.0, 76.0, 96.0, 116.0, 136.0, 156.0, 174.0];
    let head = ["Permohonan", "Jalur", "Antre", "Cetak", "Register", "Serah", "Total", "Status"];
    p.row(8.5, true, &cols.iter().zip(head).map(|(x, h)| (*x, h.to_string())).collect::<Vec<_>>());
    for q in listed {
        let status = match q.on_time {
            Some(true) => "tepat",
            Some(false) => "TERLAMBAT",
            None => "berjalan",
        };
        p.row(8.5, false, &[
            (cols[0], cell(&q.request_id, 20)),
            (cols[1], q.channel.clone()),
            (cols[2], minutes(q.wait_minutes)),
            (cols[3], minutes(q.print_minutes)),
            (cols[4], minutes(q.register_minutes)),
            (cols[5], minutes(q.handover_minutes)),
            (cols[6], minutes(q.total_minutes)),
            (cols[7], status.into()),
        ]);
    }
    Ok(p.finish(|page, total| format!("Laporan kinerja layanan {span} · halaman {page} dari {total}")))
}
