//! The card layout as data: a versioned template of positions (mm from the card's top-left corner)
//! and font sizes, plus the per-printer calibration offset that shifts everything. Changing the
//! look of the card is editing this JSON, not the code.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

const DEFAULT_TEMPLATE: &str = include_str!("../../assets/card-template-v1.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardTemplate {
    pub version: u32,
    pub name: String,
    pub card: CardSize,
    pub header: Vec<TextLine>,
    pub rows: Rows,
    pub photo: Rect,
    pub issue: Vec<TextLine>,
    pub signature: Rect,
    pub specimen: Specimen,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardSize {
    pub width_mm: f32,
    pub height_mm: f32,
}

/// A line centred on `x_mm` within `width_mm`, baseline at `y_mm`; `{placeholders}` are filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    pub text: String,
    pub x_mm: f32,
    pub y_mm: f32,
    pub width_mm: f32,
    pub size_pt: f32,
    pub min_size_pt: f32,
    #[serde(default)]
    pub bold: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub label_x_mm: f32,
    pub colon_x_mm: f32,
    pub value_x_mm: f32,
    pub value_right_mm: f32,
    pub first_baseline_mm: f32,
    pub line_step_mm: f32,
    pub label_size_pt: f32,
    pub items: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    /// The label on a foreigner's (WNA) card, which is in English.
    pub label_en: String,
    pub field: String,
    pub size_pt: f32,
    pub min_size_pt: f32,
    #[serde(default = "one")]
    pub max_lines: usize,
    #[serde(default)]
    pub bold: bool,
    /// Distance to the next row's baseline when not the template's `line_step_mm`.
    #[serde(default)]
    pub step_mm: Option<f32>,
    /// Labels of sub-rows (RT/RW, Kel/Desa, Kecamatan) stand indented under Alamat.
    #[serde(default)]
    pub indent_mm: f32,
    /// A second label and value on the same line (Gol. Darah beside Jenis Kelamin).
    #[serde(default)]
    pub inline: Option<Inline>,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inline {
    pub label: String,
    pub label_en: String,
    pub field: String,
    pub x_mm: f32,
    pub value_x_mm: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x_mm: f32,
    pub y_mm: f32,
    pub width_mm: f32,
    pub height_mm: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Specimen {
    pub text: String,
    pub size_pt: f32,
    pub angle_deg: f32,
    pub note: String,
}

/// Where a given printer actually puts the image relative to the blank, measured with the
/// calibration card: +x moves the print right, +y moves it down, in mm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub offset_x_mm: f32,
    pub offset_y_mm: f32,
}

/// Largest calibration shift accepted; more than this is a wrong measurement, not a printer.
pub const MAX_OFFSET_MM: f32 = 5.0;

impl Calibration {
    pub fn new(offset_x_mm: f32, offset_y_mm: f32) -> Result<Self> {
        for (name, v) in [("offset_x_mm", offset_x_mm), ("offset_y_mm", offset_y_mm)] {
            if !v.is_finite() || v.abs() > MAX_OFFSET_MM {
                return Err(CoreError::invalid(name, format!("harus antara -{MAX_OFFSET_MM} dan {MAX_OFFSET_MM} mm")));
            }
        }
        Ok(Calibration { offset_x_mm, offset_y_mm })
    }
}

impl CardTemplate {
    /// The template shipped with the station.
    pub fn builtin() -> Result<Self> {
        Self::from_json(DEFAULT_TEMPLATE)
    }

    pub fn from_json(text: &str) -> Result<Self> {
        let t: CardTemplate =
            serde_json::from_str(text).map_err(|e| CoreError::Setting { key: "card.template".into(), reason: e.to_string() })?;
        t.check()?;
        Ok(t)
    }

    /// A template whose boxes leave the card would clip silently; refuse it when loaded.
    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(CoreError::Setting { key: "card.template".into(), reason: format!("{what} di luar kartu") });
        let CardSize { width_mm: w, height_mm: h } = self.card;
        let inside = |x: f32, y: f32| (0.0..=w).contains(&x) && (0.0..=h).contains(&y);
        for r in [self.photo, self.signature] {
            if !inside(r.x_mm, r.y_mm) || !inside(r.x_mm + r.width_mm, r.y_mm + r.height_mm) {
                return bad("kotak foto/tanda tangan");
            }
        }
        for l in self.header.iter().chain(&self.issue) {
            if !inside(l.x_mm - l.width_mm / 2.0, l.y_mm) || !inside(l.x_mm + l.width_mm / 2.0, l.y_mm) {
                return bad(&format!("baris '{}'", l.text));
            }
            if l.min_size_pt <= 0.0 || l.min_size_pt > l.size_pt {
                return bad(&format!("ukuran huruf baris '{}'", l.text));
            }
        }
        let r = &self.rows;
        if !inside(r.label_x_mm, r.first_baseline_mm) || !inside(r.value_right_mm, r.first_baseline_mm) || r.value_x_mm >= r.value_right_mm {
            return bad("kolom data");
        }
        if r.items.iter().any(|i| i.min_size_pt <= 0.0 || i.min_size_pt > i.size_pt || i.max_lines == 0) {
            return bad("ukuran huruf baris data");
        }
        Ok(())
    }
}
