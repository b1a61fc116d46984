//! The card as SVG for the on-screen preview, drawn from the same `CardLayout` as the PDF: same
//! positions, sizes, fitted lines and images. The page supplies the DejaVu Sans Condensed face.

use base64::Engine;

use super::layout::{CardLayout, Ink, Item};

const PT_TO_MM: f32 = 25.4 / 72.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An SVG in millimetre user units (viewBox = the card), with images as data URIs.
pub fn to_svg(layout: &CardLayout) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}mm\" height=\"{h}mm\" \
         font-family=\"DejaVu Sans Condensed, DejaVu Sans, sans-serif\">\
         <rect width=\"{w}\" height=\"{h}\" rx=\"3.18\" fill=\"#f4f1e8\" stroke=\"#999\" stroke-width=\"0.2\"/>",
        w = layout.width_mm,
        h = layout.height_mm
    );
    for item in &layout.items {
        match item {
            Item::Text { x_mm, y_mm, size_pt, bold, ink, angle_deg, text } => {
                let fill = match ink {
                    Ink::Black => "#000",
                    Ink::Red => "#d91a1a",
                };
                // PDF turns anticlockwise with y up; SVG's y points down, so the angle flips.
                let rotate = if *angle_deg == 0.0 { String::new() } else { format!(" transform=\"rotate({} {x_mm} {y_mm})\"", -angle_deg) };
                out.push_str(&format!(
                    "<text x=\"{x_mm}\" y=\"{y_mm}\" font-size=\"{}\" font-weight=\"{}\" fill=\"{fill}\" xml:space=\"preserve\"{rotate}>{}</text>",
                    size_pt * PT_TO_MM,
                    if *bold { "bold" } else { "normal" },
                    escape(text)
                ));
            }
            Item::Image { x_mm, y_mm, width_mm, height_mm, png, bytes, .. } => {
                let mime = if *png { "image/png" } else { "image/jpeg" };
                out.push_str(&format!(
                    "<image x=\"{x_mm}\" y=\"{y_mm}\" width=\"{width_mm}\" height=\"{height_mm}\" preserveAspectRatio=\"none\" href=\"data:{mime};base64,{}\"/>",
                    b64.encode(bytes)
                ));
            }
            Item::Line { x1_mm, y1_mm, x2_mm, y2_mm, width_mm } => {
                out.push_str(&format!("<line x1=\"{x1_mm}\" y1=\"{y1_mm}\" x2=\"{x2_mm}\" y2=\"{y2_mm}\" stroke=\"#000\" stroke-width=\"{width_mm}\"/>"));
            }
        }
    }
    out.push_str("</svg>");
    out
}
