//! The card as positioned items: every text with its fitted size and place, every image with its
//! box, in mm from the card's top-left corner with the printer's calibration applied. The PDF for
//! the printer and the SVG for the on-screen preview are both drawn from this one model, so what
//! the officer previews is what prints.

use serde::Serialize;

use super::fit::{fit, Metrics};
use super::pdf::{BOLD, REGULAR};
use super::photo;
use super::template::{CardTemplate, TextLine};
use super::CardInput;
use crate::domain::Person;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardLayout {
    pub width_mm: f32,
    pub height_mm: f32,
    pub template_version: u32,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ink {
    Black,
    /// The SPESIMEN mark.
    Red,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// `y_mm` is the baseline; `angle_deg` turns the text anticlockwise around its start.
    Text { x_mm: f32, y_mm: f32, size_pt: f32, bold: bool, ink: Ink, angle_deg: f32, text: String },
    /// `y_mm` is the top edge; `bytes` are JPEG (photo) or PNG (signature) at 300 dpi.
    Image { x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32, px: (u32, u32), png: bool, #[serde(skip)] bytes: Vec<u8> },
    /// A straight black line (the calibration card's grid and crosshair).
    Line { x1_mm: f32, y1_mm: f32, x2_mm: f32, y2_mm: f32, width_mm: f32 },
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

const PT_PER_MM: f32 = 72.0 / 25.4;

struct Builder {
    items: Vec<Item>,
    dx: f32,
    dy: f32,
}

impl Builder {
    fn text(&mut self, x_mm: f32, y_mm: f32, size_pt: f32, bold: bool, text: &str) {
        self.items.push(Item::Text { x_mm: x_mm + self.dx, y_mm: y_mm + self.dy, size_pt, bold, ink: Ink::Black, angle_deg: 0.0, text: text.to_string() });
    }
}

/// Lays out one card: fits every text (shrink, then wrap, else an error naming the field) and
/// resamples the images for their boxes.
pub fn layout(t: &CardTemplate, input: &CardInput) -> Result<CardLayout> {
    let unreadable = || CoreError::Layout("huruf bawaan tidak terbaca".into());
    let regular = Metrics::new(REGULAR).ok_or_else(unreadable)?;
    let bold = Metrics::new(BOLD).ok_or_else(unreadable)?;
    let pick = |is_bold: bool| if is_bold { &bold } else { &regular };
    let mut b = Builder { items: Vec::new(), dx: input.calibration.offset_x_mm, dy: input.calibration.offset_y_mm };
    let p = input.person;

    // Header and issue lines, each centred in its width. Under the photo the kabupaten is the
    // issuing office's, not the holder's.
    let issue_lines: Vec<TextLine> = t.issue.iter().map(|l| TextLine { text: l.text.replace("{kabupaten}", "{tempat_terbit}"), ..l.clone() }).collect();
    for line in t.header.iter().chain(&issue_lines) {
        let text = fill_placeholders(&line.text, p, input);
        let m = pick(line.bold);
        let f = fit(m, &text, line.width_mm * PT_PER_MM, line.size_pt, line.min_size_pt, 1)
            .ok_or_else(|| CoreError::Layout(format!("'{text}' terlalu panjang untuk kartu")))?;
        let w_mm = m.width_pt(&f.lines[0], f.size_pt) / PT_PER_MM;
        b.text(line.x_mm - w_mm / 2.0, line.y_mm, f.size_pt, line.bold, &f.lines[0]);
    }

    // The data rows flow downwards; a wrapped value pushes the rows below it.
    let rows = &t.rows;
    let english = p.is_foreigner();
    let mut y = rows.first_baseline_mm;
    for row in &rows.items {
        let value = field_value(&row.field, p)?;
        let m = pick(row.bold);
        if !m.covers(&value) {
            return Err(CoreError::Layout(format!("{}: ada karakter yang tidak dapat dicetak pada kartu", row.field)));
        }
        let label = if english { &row.label_en } else { &row.label };
        b.text(rows.label_x_mm + row.indent_mm, y, rows.label_size_pt, false, label);
        b.text(rows.colon_x_mm, y, rows.label_size_pt, false, ":");
        let right = row.inline.as_ref().map(|i| i.x_mm - 0.5).unwrap_or(rows.value_right_mm);
        let f = fit(m, &value, (right - rows.value_x_mm) * PT_PER_MM, row.size_pt, row.min_size_pt, row.max_lines).ok_or_else(|| {
            CoreError::Layout(format!("{}: terlalu panjang untuk kartu, bahkan setelah diperkecil dan dibagi {} baris", row.field, row.max_lines))
        })?;
        for (i, line) in f.lines.iter().enumerate() {
            b.text(rows.value_x_mm, y + i as f32 * rows.line_step_mm, f.size_pt, row.bold, line);
        }
        if let Some(inline) = &row.inline {
            let v = field_value(&inline.field, p)?;
            let label = if english { &inline.label_en } else { &inline.label };
            b.text(inline.x_mm, y, rows.label_size_pt, false, label);
            b.text(inline.value_x_mm - 1.0, y, rows.label_size_pt, false, ":");
            b.text(inline.value_x_mm, y, row.size_pt, row.bold, &v);
        }
        y += row.step_mm.unwrap_or(rows.line_step_mm) + (f.lines.len() as f32 - 1.0) * rows.line_step_mm;
    }
    if y - rows.line_step_mm > t.card.height_mm - 1.5 {
        return Err(CoreError::Layout("data tidak muat di kartu".into()));
    }

    // Photo and signature at 300 dpi for their boxes: stored so at import, used as they are.
    let err = |what: &str, e: String| CoreError::Layout(format!("{what}: {e}"));
    let ph = t.photo;
    let jpeg = photo::ready_photo(input.photo_jpeg, ph.width_mm, ph.height_mm).map_err(|e| err("foto", e))?.into_owned();
    let px = (photo::pixels_for(ph.width_mm), photo::pixels_for(ph.height_mm));
    b.items.push(Item::Image { x_mm: ph.x_mm + b.dx, y_mm: ph.y_mm + b.dy, width_mm: ph.width_mm, height_mm: ph.height_mm, px, png: false, bytes: jpeg });
    if let Some(sig) = input.signature_png {
        let s = t.signature;
        let (png, px) = photo::ready_signature(sig, s.width_mm, s.height_mm).map_err(|e| err("tanda tangan", e))?;
        let png = png.into_owned();
        // Keep the aspect: the scaled signature is centred in its box.
        let (w, h) = (px.0 as f32 / photo::PRINT_DPI * 25.4, px.1 as f32 / photo::PRINT_DPI * 25.4);
        b.items.push(Item::Image { x_mm: s.x_mm + (s.width_mm - w) / 2.0 + b.dx, y_mm: s.y_mm + (s.height_mm - h) / 2.0 + b.dy, width_mm: w, height_mm: h, px, png: true, bytes: png });
    }

    if input.specimen {
        // A large diagonal word centred on the card, and a note along the bottom edge: a demo or
        // test card can never pass for a real document. Not shifted: it marks the card, not the print.
        let s = &t.specimen;
        let w_mm = bold.width_pt(&s.text, s.size_pt) / PT_PER_MM;
        let rad = s.angle_deg.to_radians();
        let (cx, cy) = (t.card.width_mm / 2.0, t.card.height_mm / 2.0);
        let lift = s.size_pt / PT_PER_MM / 3.0;
        let x = cx - (w_mm / 2.0) * rad.cos() + lift * rad.sin();
        let y = cy + (w_mm / 2.0) * rad.sin() + lift * rad.cos();
        b.items.push(Item::Text { x_mm: x, y_mm: y, size_pt: s.size_pt, bold: true, ink: Ink::Red, angle_deg: s.angle_deg, text: s.text.clone() });
        let note = 4.5;
        let nw = bold.width_pt(&s.note, note) / PT_PER_MM;
        b.items.push(Item::Text { x_mm: (t.card.width_mm - nw) / 2.0, y_mm: t.card.height_mm - 1.2, size_pt: note, bold: true, ink: Ink::Red, angle_deg: 0.0, text: s.note.clone() });
    }
    Ok(CardLayout { width_mm: t.card.width_mm, height_mm: t.card.height_mm, template_version: t.version, items: b.items })
}
