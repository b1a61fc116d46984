//! The report on A4 paper: heading, the summary table, the lists of blanks, the requests past the
//! standard, and a signature block for the operator and the Kasi/Kabid. Long lists flow onto
//! further pages; every page carries its number.

use printpdf::{Color, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem};

use super::csv::{blank_lines, summary};
use super::UsageReport;
use crate::card::pdf::{BOLD, REGULAR};
use crate::error::{CoreError, Result};

const W: f32 = 210.0;
const H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;
const BOTTOM: f32 = 22.0;

/// Writes lines top-down, starting a new page when one is full.
struct Paper {
    pages: Vec<Vec<Op>>,
    y: f32,
    regular: printpdf::FontId,
    bold: printpdf::FontId,
}

impl Paper {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn room(&mut self, mm: f32) {
        if self.pages.is_empty() || self.y - mm < BOTTOM {
            self.pages.push(Vec::new());
            self.y = H - 20.0;
        }
    }

    fn text_at(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { self.bold.clone() } else { self.regular.clone() };
        let y = self.y;
        self.ops().extend([
            Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) },
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Mm(x).into(), y: Mm(y).into() } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
    }

    fn line(&mut self, size: f32, bold: bool, text: &str) {
        let step = size * 0.3528 * 1.45;
        self.room(step);
        self.y -= step;
        self.text_at(LEFT, size, bold, text);
    }

    /// A row of cells at the given x positions.
    fn row(&mut self, size: f32, bold: bool, cells: &[(f32, String)]) {
        let step = size * 0.3528 * 1.45;
        self.room(step);
        self.y -= step;
        for (x, text) in cells {
            self.text_at(*x, size, bold, text);
        }
    }

    fn rule(&mut self) {
        self.room(3.0);
        self.y -= 1.5;
        let y = self.y;
        let at = |x: f32| LinePoint { p: Point { x: Mm(x).into(), y: Mm(y).into() }, bezier: false };
        self.ops().extend([
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine { line: PdfLine { points: vec![at(LEFT), at(RIGHT)], is_closed: false } },
        ]);
        self.y -= 1.5;
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }
}

/// Cuts a text to `n` characters for a table cell (the CSV and workbook keep it whole).
fn cell(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n.saturating_sub(1)).collect::<String>())
    }
}

pub fn to_pdf(r: &UsageReport, operator: &str, supervisor_title: &str) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new("Laporan pemakaian blanko KTP-el");
    let mut warnings = Vec::new();
    let mut font = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| CoreError::Layout("huruf bawaan tidak terbaca".into()));
    let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
    let mut p = Paper { pages: Vec::new(), y: H - 20.0, regular: doc.add_font(&regular), bold: doc.add_font(&bold) };
    p.room(0.0);

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
    p.row(10.0, false, &[(120.0, format!("{}, {}", title(&r.office), date))]);
    p.row(10.0, false, &[(LEFT, "Petugas cetak dan register".into()), (120.0, supervisor_title.to_string())]);
    p.gap(20.0);
    let signer = r.signature.as_ref().map(|s| s.signed_by.clone()).unwrap_or_else(|| "(.............................)".into());
    let operator = if operator.trim().is_empty() { "(.............................)".to_string() } else { format!("({})", operator.trim()) };
    p.row(10.0, true, &[(LEFT, operator), (120.0, signer)]);
    if let Some(s) = &r.signature {
        p.row(7.5, false, &[(120.0, format!("Disahkan {} · SHA-256 {}", r.zone.time_words(&s.signed_at), cell(&s.report_sha256, 16)))]);
    }

    let total = p.pages.len();
    let pages = std::mem::take(&mut p.pages);
    let pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut ops)| {
            let mut foot = Paper { pages: vec![], y: 12.0, regular: p.regular.clone(), bold: p.bold.clone() };
            foot.pages.push(Vec::new());
            foot.text_at(LEFT, 8.0, false, &format!("Laporan pemakaian blanko {} – {} · halaman {} dari {total}", r.from, r.to, i + 1));
            ops.extend(foot.pages.remove(0));
            PdfPage::new(Mm(W), Mm(H), ops)
        })
        .collect();
    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    Ok(doc.with_pages(pages).save(&opts, &mut Vec::new()))
}

/// "KABUPATEN MAGETAN" → "Magetan" for the place line above the signatures.
fn title(office: &str) -> String {
    crate::words::title_case(office.trim_start_matches("KABUPATEN ").trim_start_matches("KOTA "))
}
