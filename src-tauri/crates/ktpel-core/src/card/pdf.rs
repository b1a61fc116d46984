//! One card as a PDF page of exactly ID-1 size, drawn from the template with the embedded,
//! subset DejaVu Sans Condensed (assets/fonts, Bitstream Vera licence). The same function serves
//! preview and print, so what the officer previews is what the printer receives.

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, ImageCompression, ImageOptimizationOptions, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, Rgb, TextItem, TextMatrix, XObjectTransform,
};

use super::fit::{fit, Metrics};
use super::photo::{self, PRINT_DPI};
use super::template::{Calibration, CardTemplate, TextLine};
use crate::domain::Person;
use crate::error::{CoreError, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");
pub(crate) const FONTS: [&[u8]; 2] = [REGULAR, BOLD];

/// Everything printed on one card.
pub struct CardInput<'a> {
    pub person: &'a Person,
    pub photo_jpeg: &'a [u8],
    pub signature_png: Option<&'a [u8]>,
    /// The issuing kabupaten, printed under the photo.
    pub issue_place: &'a str,
    pub issue_date: NaiveDate,
    /// Demo data and demo/test queues: the card is marked SPESIMEN.
    pub specimen: bool,
    pub calibration: Calibration,
}

pub struct RenderedCard {
    pub pdf: Vec<u8>,
    pub template_version: u32,
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

struct Fonts<'a> {
    regular: (FontId, Metrics<'a>),
    bold: (FontId, Metrics<'a>),
}

impl Fonts<'_> {
    fn pick(&self, bold: bool) -> &(FontId, Metrics<'_>) {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Draws on the page with the calibration shift and the top-left origin of the template.
struct Canvas {
    ops: Vec<Op>,
    height_mm: f32,
    dx: f32,
    dy: f32,
}

impl Canvas {
    fn text(&mut self, font: &FontId, size: f32, x_mm: f32, y_top_mm: f32, text: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font.clone()), size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: pt(x_mm + self.dx), y: pt(self.height_mm - (y_top_mm + self.dy)) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
    }

    fn image(&mut self, id: printpdf::XObjectId, x_mm: f32, y_top_mm: f32, w_mm: f32, h_mm: f32, px: (u32, u32)) {
        // At 300 dpi the image is px/300 inches; scale so it fills the box exactly.
        let natural_w = px.0 as f32 / PRINT_DPI * 72.0;
        let natural_h = px.1 as f32 / PRINT_DPI * 72.0;
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x_mm + self.dx)),
                translate_y: Some(pt(self.height_mm - (y_top_mm + self.dy + h_mm))),
                dpi: Some(PRINT_DPI),
                scale_x: Some(pt(w_mm).0 / natural_w),
                scale_y: Some(pt(h_mm).0 / natural_h),
                rotate: None,
                ..Default::default()
            },
        });
    }
}

/// The value of a template field for this card.
fn field_value(field: &str, p: &Person) -> Result<String> {
    Ok(match field {
        "nik" => p.nik.clone(),
        "nama" => p.nama.clone(),
        "tempat_tgl_lahir" => format!("{}, {}", p.tempat_lahir, p.tanggal_lahir.format("%d-%m-%Y")),
        "jenis_kelamin" => p.jenis_kelamin.clone(),
        "golongan_darah" => p.golongan_darah.clone(),
        "alamat" => p.alamat.clone(),
        "rt_rw" => format!("{}/{}", p.rt, p.rw),
        "kel_desa" => p.kel_desa.clone(),
        "kecamatan" => p.kecamatan.clone(),
        "agama" => p.agama.clone(),
        "status_perkawinan" => p.status_perkawinan.clone(),
        "pekerjaan" => p.pekerjaan.clone(),
        "kewarganegaraan" => p.kewarganegaraan.clone(),
        "berlaku_hingga" => p.berlaku_hingga.clone(),
        other => return Err(CoreError::Layout(format!("templat memakai kolom '{other}' yang tidak dikenal"))),
    })
}

fn fill_placeholders(text: &str, p: &Person, input: &CardInput) -> String {
    text.replace("{provinsi}", &p.provinsi)
        .replace("{kabupaten}", &p.kabupaten)
        .replace("{tempat_terbit}", input.issue_place)
        .replace("{tanggal_terbit}", &input.issue_date.format("%d-%m-%Y").to_string())
}

pub fn render(t: &CardTemplate, input: &CardInput) -> Result<RenderedCard> {
    let mut doc = PdfDocument::new("KTP-el");
    let mut warnings = Vec::new();
    let parse = |bytes: &[u8], warnings: &mut Vec<_>| {
        ParsedFont::from_bytes(bytes, 0, warnings).ok_or_else(|| CoreError::Layout("huruf bawaan tidak terbaca".into()))
    };
    let regular = parse(REGULAR, &mut warnings)?;
    let bold = parse(BOLD, &mut warnings)?;
    let metrics = |bytes| Metrics::new(bytes).ok_or_else(|| CoreError::Layout("huruf bawaan tidak terbaca".into()));
    let fonts = Fonts { regular: (doc.add_font(&regular), metrics(REGULAR)?), bold: (doc.add_font(&bold), metrics(BOLD)?) };
    let mut c = Canvas { ops: Vec::new(), height_mm: t.card.height_mm, dx: input.calibration.offset_x_mm, dy: input.calibration.offset_y_mm };
    c.ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
    let p = input.person;

    // Header and issue lines, each centred in its width.
    let issue_lines: Vec<TextLine> = t.issue.iter().map(|l| TextLine { text: l.text.replace("{kabupaten}", "{tempat_terbit}"), ..l.clone() }).collect();
    for line in t.header.iter().chain(&issue_lines) {
        let text = fill_placeholders(&line.text, p, input);
        let (font, m) = fonts.pick(line.bold);
        let f = fit(m, &text, pt(line.width_mm).0, line.size_pt, line.min_size_pt, 1)
            .ok_or_else(|| CoreError::Layout(format!("'{text}' terlalu panjang untuk kartu")))?;
        let w_mm = Mm::from(Pt(m.width_pt(&f.lines[0], f.size_pt))).0;
        c.text(font, f.size_pt, line.x_mm - w_mm / 2.0, line.y_mm, &f.lines[0]);
    }

    // The data rows flow downwards; a wrapped value pushes the rows below it.
    let rows = &t.rows;
    let english = p.is_foreigner();
    let mut y = rows.first_baseline_mm;
    let width_pt = pt(rows.value_right_mm - rows.value_x_mm).0;
    for row in &rows.items {
        let value = field_value(&row.field, p)?;
        let (font, m) = fonts.pick(row.bold);
        if !m.covers(&value) {
            return Err(CoreError::Layout(format!("{}: ada karakter yang tidak dapat dicetak pada kartu", row.field)));
        }
        let label = if english { &row.label_en } else { &row.label };
        c.text(&fonts.regular.0, rows.label_size_pt, rows.label_x_mm + row.indent_mm, y, label);
        c.text(&fonts.regular.0, rows.label_size_pt, rows.colon_x_mm, y, ":");
        let available = match &row.inline {
            Some(inline) => pt(inline.x_mm - rows.value_x_mm - 0.5).0,
            None => width_pt,
        };
        let f = fit(m, &value, available, row.size_pt, row.min_size_pt, row.max_lines)
            .ok_or_else(|| CoreError::Layout(format!("{}: terlalu panjang untuk kartu, bahkan setelah diperkecil dan dibagi {} baris", row.field, row.max_lines)))?;
        let step = row.step_mm.unwrap_or(rows.line_step_mm);
        for (i, line) in f.lines.iter().enumerate() {
            c.text(font, f.size_pt, rows.value_x_mm, y + i as f32 * rows.line_step_mm, line);
        }
        if let Some(inline) = &row.inline {
            let v = field_value(&inline.field, p)?;
            let label = if english { &inline.label_en } else { &inline.label };
            c.text(&fonts.regular.0, rows.label_size_pt, inline.x_mm, y, label);
            c.text(&fonts.regular.0, rows.label_size_pt, inline.value_x_mm - 1.0, y, ":");
            c.text(font, row.size_pt, inline.value_x_mm, y, &v);
        }
        y += step + (f.lines.len() as f32 - 1.0) * rows.line_step_mm;
    }
    if y - rows.line_step_mm > t.card.height_mm - 1.5 {
        return Err(CoreError::Layout("data tidak muat di kartu".into()));
    }

    // Photo and signature, resampled to 300 dpi for their boxes.
    let photo_img = photo::decode_checked(input.photo_jpeg, image::ImageFormat::Jpeg, 6000).map_err(|e| CoreError::Layout(format!("foto: {e}")))?;
    let ph = t.photo;
    let jpeg = photo::photo_for_box(&photo_img, ph.width_mm, ph.height_mm).map_err(|e| CoreError::Layout(format!("foto: {e}")))?;
    let raw = RawImage::decode_from_bytes(&jpeg, &mut Vec::new()).map_err(|e| CoreError::Layout(format!("foto: {e}")))?;
    let px = (raw.width as u32, raw.height as u32);
    let id = doc.add_image(&raw);
    c.image(id, ph.x_mm, ph.y_mm, ph.width_mm, ph.height_mm, px);
    if let Some(sig) = input.signature_png {
        let s = t.signature;
        let img = photo::decode_checked(sig, image::ImageFormat::Png, 6000).map_err(|e| CoreError::Layout(format!("tanda tangan: {e}")))?;
        let png = photo::signature_for_box(&img, s.width_mm, s.height_mm).map_err(|e| CoreError::Layout(format!("tanda tangan: {e}")))?;
        let raw = RawImage::decode_from_bytes(&png, &mut Vec::new()).map_err(|e| CoreError::Layout(format!("tanda tangan: {e}")))?;
        let px = (raw.width as u32, raw.height as u32);
        // Keep the aspect: the scaled signature is centred in its box.
        let (w_mm, h_mm) = (px.0 as f32 / PRINT_DPI * 25.4, px.1 as f32 / PRINT_DPI * 25.4);
        let id = doc.add_image(&raw);
        c.image(id, s.x_mm + (s.width_mm - w_mm) / 2.0, s.y_mm + (s.height_mm - h_mm) / 2.0, w_mm, h_mm, px);
    }

    if input.specimen {
        specimen(&mut c, t, &fonts);
    }

    let page = PdfPage::new(Mm(t.card.width_mm), Mm(t.card.height_mm), c.ops);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: Some(ImageOptimizationOptions {
            quality: Some(0.9),
            max_image_size: None,
            dither_greyscale: None,
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Auto),
        }),
    };
    let pdf = doc.with_pages(vec![page]).save(&opts, &mut Vec::new());
    Ok(RenderedCard { pdf, template_version: t.version })
}

/// A large diagonal SPESIMEN across the card and a note along the bottom edge: a demo or test
/// card can never pass for a real document.
fn specimen(c: &mut Canvas, t: &CardTemplate, fonts: &Fonts) {
    let s = &t.specimen;
    let (bold, bm) = &fonts.bold;
    let w = bm.width_pt(&s.text, s.size_pt);
    let rad = s.angle_deg.to_radians();
    let (cx, cy) = (pt(t.card.width_mm / 2.0).0, pt(t.card.height_mm / 2.0).0);
    // Start point so that the rotated word is centred on the card.
    let x = cx - (w / 2.0) * rad.cos() + (s.size_pt / 3.0) * rad.sin();
    let y = cy - (w / 2.0) * rad.sin() - (s.size_pt / 3.0) * rad.cos();
    c.ops.extend([
        Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.85, g: 0.1, b: 0.1, icc_profile: None }) },
        Op::StartTextSection,
        Op::SetFont { font: PdfFontHandle::External(bold.clone()), size: Pt(s.size_pt) },
        Op::SetTextMatrix { matrix: TextMatrix::TranslateRotate(Pt(x), Pt(y), s.angle_deg) },
        Op::ShowText { items: vec![TextItem::Text(s.text.clone())] },
        Op::EndTextSection,
    ]);
    let note_size = 4.5;
    let nw = Mm::from(Pt(bm.width_pt(&s.note, note_size))).0;
    c.text(bold, note_size, (t.card.width_mm - nw) / 2.0 - c.dx, t.card.height_mm - 1.2 - c.dy, &s.note);
}
