//! The calibration card: a millimetre grid and a crosshair at the card's centre, shifted by the
//! printer's current offset exactly as a real card would be. Printed on a test card (never on a
//! blanko), it shows how far the printer places things from where the layout wants them: the
//! officer measures the crosshair's distance from the physical centre and corrects the offset.

use super::layout::{CardLayout, Ink, Item};
use super::template::Calibration;

pub const WIDTH_MM: f32 = 85.60;
pub const HEIGHT_MM: f32 = 53.98;

/// The calibration card as a layout (drawn to PDF or SVG like any card).
pub fn layout(calibration: Calibration, printer: &str) -> CardLayout {
    let (dx, dy) = (calibration.offset_x_mm, calibration.offset_y_mm);
    let (cx, cy) = (WIDTH_MM / 2.0, HEIGHT_MM / 2.0);
    let mut items = Vec::new();
    let mut line = |x1: f32, y1: f32, x2: f32, y2: f32, width_mm: f32| {
        items.push(Item::Line { x1_mm: x1 + dx, y1_mm: y1 + dy, x2_mm: x2 + dx, y2_mm: y2 + dy, width_mm })
    };
    // Grid lines every millimetre from the centre outwards: thin, every 5 mm medium, every 10 mm bold.
    let weight = |k: i32| if k % 10 == 0 { 0.15 } else if k % 5 == 0 { 0.08 } else { 0.03 };
    for k in -42..=42 {
        let x = cx + k as f32;
        if (0.0..=WIDTH_MM).contains(&x) {
            // Millimetre ticks only near the axes, full lines every 5 mm, so the card stays readable.
            if k % 5 == 0 {
                line(x, 0.0, x, HEIGHT_MM, weight(k));
            } else {
                line(x, cy - 1.5, x, cy + 1.5, weight(k));
            }
        }
    }
    for k in -26..=26 {
        let y = cy + k as f32;
        if (0.0..=HEIGHT_MM).contains(&y) {
            if k % 5 == 0 {
                line(0.0, y, WIDTH_MM, y, weight(k));
            } else {
                line(cx - 1.5, y, cx + 1.5, y, weight(k));
            }
        }
    }
    // The crosshair: two long bold lines through the centre.
    line(cx - 8.0, cy, cx + 8.0, cy, 0.3);
    line(cx, cy - 8.0, cx, cy + 8.0, 0.3);
    let mut text = |x: f32, y: f32, size_pt: f32, bold: bool, t: String| {
        items.push(Item::Text { x_mm: x + dx, y_mm: y + dy, size_pt, bold, ink: Ink::Black, angle_deg: 0.0, text: t })
    };
    text(3.0, 4.5, 7.0, true, "KARTU KALIBRASI — BUKAN BLANKO".into());
    text(3.0, 8.0, 5.5, false, format!("Printer: {printer}"));
    text(3.0, 11.0, 5.5, false, format!("Offset sekarang: X {:+.1} mm, Y {:+.1} mm", dx, dy));
    text(3.0, HEIGHT_MM - 6.0, 5.0, false, "Ukur jarak silang dari tengah kartu (42,80 × 26,99 mm).".into());
    text(3.0, HEIGHT_MM - 3.0, 5.0, false, "Silang d mm ke kanan/bawah dari tengah: kurangi offset X/Y sebesar d.".into());
    CardLayout { width_mm: WIDTH_MM, height_mm: HEIGHT_MM, template_version: 0, items }
}
