//! An A4 sheet written top-down: lines, rows of cells at fixed x positions, rules, gaps and wrapped
//! paragraphs, a new page when one is full, and a footer with the page number on every page. The
//! office's papers (daily report, berita acara, monthly summary, service report) share it so they
//! look alike on the desk and in the file.

use printpdf::{Color, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem};

use crate::card::pdf::{BOLD, REGULAR};
use crate::error::{CoreError, Result};

pub const W: f32 = 210.0;
pub const H: f32 = 297.0;
pub const LEFT: f32 = 20.0;
pub const RIGHT: f32 = 190.0;
/// Where the right-hand signature block of the office's papers begins.
pub const SIGN_X: f32 = 120.0;
const BOTTOM: f32 = 22.0;
const TOP: f32 = H - 20.0;

/// Writes lines top-down, starting a new page when one is full.
pub struct Paper {
    doc: PdfDocument,
    pages: Vec<Vec<Op>>,
    y: f32,
    regular: printpdf::FontId,
    bold: printpdf::FontId,
}

impl Paper {
    pub fn new(title: &str) -> Result<Paper> {
        let mut doc = PdfDocument::new(title);
        let mut warnings = Vec::new();
        let mut font = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| CoreError::Layout("huruf bawaan tidak terbaca".into()));
        let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
        let (regular, bold) = (doc.add_font(&regular), doc.add_font(&bold));
        Ok(Paper { doc, pages: vec![Vec::new()], y: TOP, regular, bold })
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Makes sure `mm` of height is left on the page, else starts the next one.
    pub fn room(&mut self, mm: f32) {
        if self.y - mm < BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { self.bold.clone() } else { self.regular.clone() };
        self.ops().extend(text_ops(font, x, y, size, text));
    }

    pub fn line(&mut self, size: f32, bold: bool, text: &str) {
        self.row(size, bold, &[(LEFT, text.to_string())]);
    }

    /// A line centred on the sheet (headings of official papers, the poster), measured with the
    /// embedded face's own advances.
    /// A long office name ("KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO") is set smaller rather
    /// than run off the sheet.
    pub fn centred(&mut self, size: f32, bold: bool, text: &str) {
        let size = fitted(text, size, bold, RIGHT - LEFT);
        let width = text_width_mm(text, size, bold);
        let x = ((W - width) / 2.0).max(LEFT);
        self.row(size, bold, &[(x, text.to_string())]);
    }

    /// A text from `x` to the right margin, over more lines when it is longer (the place and
    /// date above a signature: "Kepulauan Siau Tagulandang Biaro, Rabu, 2 Desember 2026").
    pub fn block(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        for l in wrap_mm(text, size, bold, RIGHT - x) {
            self.row(size, bold, &[(x, l)]);
        }
    }

    /// Cells `(x, width, text)` side by side, each wrapped within its width, as many rows as the
    /// longest needs (names with their titles under signature blocks).
    pub fn columns(&mut self, size: f32, bold: bool, cells: &[(f32, f32, String)]) {
        let lines: Vec<(f32, Vec<String>)> = cells.iter().map(|(x, w, t)| (*x, wrap_mm(t, size, bold, *w))).collect();
        let depth = lines.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
        for i in 0..depth {
            let row: Vec<(f32, String)> = lines.iter().filter_map(|(x, l)| l.get(i).map(|t| (*x, t.clone()))).collect();
            self.row(size, bold, &row);
        }
    }

    /// The names under a row of signature blocks (left at the margin, right at `SIGN_X`): a long
    /// name with its titles goes on over a second line within its block instead of off the sheet.
    pub fn names_under(&mut self, names: &[String]) {
        let blocks = [(LEFT, SIGN_X - LEFT - 5.0), (SIGN_X, RIGHT - SIGN_X)];
        let cells: Vec<(f32, f32, String)> = names.iter().zip(blocks).map(|(n, (x, w))| (x, w, n.clone())).collect();
        self.columns(10.0, true, &cells);
    }

    /// A row of cells at the given x positions.
    pub fn row(&mut self, size: f32, bold: bool, cells: &[(f32, String)]) {
        let step = size * 0.3528 * 1.45;
        self.room(step);
        self.y -= step;
        let y = self.y;
        for (x, text) in cells {
            self.text_at(*x, y, size, bold, text);
        }
    }

    /// More cells on the line just written (a figure beside a bar drawn on it).
    pub fn row_here(&mut self, size: f32, cells: &[(f32, String)]) {
        let y = self.y;
        for (x, text) in cells {
            self.text_at(*x, y, size, false, text);
        }
    }

    /// A paragraph wrapped at word boundaries to the sheet's width, measured with the face.
    pub fn paragraph(&mut self, size: f32, text: &str) {
        for l in wrap_mm(text, size, false, RIGHT - LEFT) {
            self.line(size, false, &l);
        }
    }

    pub fn rule(&mut self) {
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

    /// A filled bar from (x, current line) `w` mm wide and `h` mm high: the charts of the papers.
    pub fn bar(&mut self, x: f32, w: f32, h: f32, grey: f32) {
        let y = self.y;
        let at = |x: f32, y: f32| LinePoint { p: Point { x: Mm(x).into(), y: Mm(y).into() }, bezier: false };
        self.ops().extend([
            Op::SetFillColor { col: Color::Rgb(Rgb { r: grey, g: grey, b: grey, icc_profile: None }) },
            Op::DrawPolygon {
                polygon: printpdf::Polygon {
                    rings: vec![printpdf::PolygonRing { points: vec![at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)] }],
                    mode: printpdf::PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::NonZero,
                },
            },
        ]);
    }

    pub fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    /// The pages with `footer(page, total)` at their foot, as PDF bytes.
    pub fn finish(mut self, footer: impl Fn(usize, usize) -> String) -> Vec<u8> {
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .enumerate()
            .map(|(i, mut ops)| {
                ops.extend(text_ops(self.regular.clone(), LEFT, 12.0, 8.0, &footer(i + 1, total)));
                PdfPage::new(Mm(W), Mm(H), ops)
            })
            .collect();
        let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
        self.doc.with_pages(pages).save(&opts, &mut Vec::new())
    }
}

fn text_ops(font: printpdf::FontId, x: f32, y: f32, size: f32, text: &str) -> [Op; 6] {
    [
        Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) },
        Op::StartTextSection,
        Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
        Op::SetTextCursor { pos: Point { x: Mm(x).into(), y: Mm(y).into() } },
        Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
        Op::EndTextSection,
    ]
}

/// The width of `text` set in the embedded face at `size` points, in millimetres (kerning left
/// out: the papers' headings are short).
pub fn text_width_mm(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(face) = ttf_parser::Face::parse(if bold { BOLD } else { REGULAR }, 0) else {
        return text.chars().count() as f32 * size * 0.3528 * 0.55;
    };
    let per_em = face.units_per_em() as f32;
    let units: f32 = text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0) as f32).sum();
    units / per_em * size * 0.3528
}

/// `size`, or smaller so that `text` is at most `room` mm wide.
pub fn fitted(text: &str, size: f32, bold: bool, room: f32) -> f32 {
    let w = text_width_mm(text, size, bold);
    if w > room { size * room / w } else { size }
}

/// Words into lines at most `room` mm wide at `size` (by the face's advances): names in
/// signature blocks, whose column is narrower than the sheet.
pub fn wrap_mm(text: &str, size: f32, bold: bool, room: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match lines.last_mut() {
            Some(cur) if text_width_mm(&format!("{cur} {w}"), size, bold) <= room => {
                cur.push(' ');
                cur.push_str(w);
            }
            _ => lines.push(w.to_string()),
        }
    }
    lines
}

/// Cuts a text to `n` characters for a table cell (the CSV and workbook keep it whole).
pub fn cell(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n.saturating_sub(1)).collect::<String>())
    }
}

/// Words into lines of at most `n` characters (a longer word stands alone on its line).
pub fn wrap(text: &str, n: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > n {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// "KABUPATEN MAGETAN" → "Magetan" for the place line above the signatures.
pub fn place(office: &str) -> String {
    crate::words::title_case(office.trim_start_matches("KABUPATEN ").trim_start_matches("KOTA "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_at_words() {
        assert_eq!(super::wrap("satu dua tiga empat", 9), vec!["satu dua", "tiga", "empat"]);
        assert_eq!(super::wrap("", 9), Vec::<String>::new());
    }

    #[test]
    fn long_lines_are_set_to_fit() {
        let office = "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO";
        let size = super::fitted(office, 10.0, true, 170.0);
        assert!(size < 10.0 && super::text_width_mm(office, size, true) <= 170.01, "{size}");
        assert_eq!(super::fitted("KABUPATEN MAGETAN", 10.0, true, 170.0), 10.0);
        let name = "(Drs. H. Muhammad Abdurrahman Syaifuddin Wahid, S.H., M.Si.)";
        let lines = super::wrap_mm(name, 10.0, true, 68.0);
        assert!(lines.len() == 2 && lines.iter().all(|l| super::text_width_mm(l, 10.0, true) <= 68.0), "{lines:?}");
        assert_eq!(lines.join(" "), name);
    }
}
