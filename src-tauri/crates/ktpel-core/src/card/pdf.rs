//! The card PDF for the printer: one page of exactly ID-1 size drawn from the `CardLayout`, with
//! the embedded, subset DejaVu Sans Condensed (assets/fonts, Bitstream Vera licence).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Px, RawImage, Rgb, TextItem, TextMatrix, XObjectTransform,
};

use super::layout::{CardLayout, Ink, Item};
use super::photo::PRINT_DPI;
use crate::error::{CoreError, Result};

pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");
pub(crate) const FONTS: [&[u8]; 2] = [REGULAR, BOLD];

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

fn ink(i: Ink) -> Color {
    let (r, g, b) = match i {
        Ink::Black => (0.0, 0.0, 0.0),
        Ink::Red => (0.85, 0.1, 0.1),
    };
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

/// The two card fonts, parsed once per process: they are built in and never change.
fn parsed_fonts() -> Result<&'static (ParsedFont, ParsedFont)> {
    static FONTS: OnceLock<Option<(ParsedFont, ParsedFont)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut Vec::new());
            Some((parse(REGULAR)?, parse(BOLD)?))
        })
        .as_ref()
        .ok_or_else(|| CoreError::Layout("huruf bawaan tidak terbaca".into()))
}

/// The photo as the layout made it (a baseline RGB JPEG at 300 dpi for its box) goes into the
/// PDF as it is (DCTDecode), not decoded and encoded again: faster, and no second loss.
fn jpeg_xobject(bytes: &[u8], px: (u32, u32)) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let dict = BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(px.0 as i64)),
        ("Height".to_string(), DictItem::Int(px.1 as i64)),
        ("ColorSpace".to_string(), name("DeviceRGB")),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("Filter".to_string(), name("DCTDecode")),
    ]);
    ExternalXObject {
        stream: ExternalStream { dict, content: bytes.to_vec(), compress: false },
        width: Some(Px(px.0 as usize)),
        height: Some(Px(px.1 as usize)),
        dpi: Some(PRINT_DPI),
    }
}

pub fn to_pdf(layout: &CardLayout) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new("KTP-el");
    let (regular, bold) = parsed_fonts()?;
    let (regular, bold) = (doc.add_font(regular), doc.add_font(bold));
    let h = layout.height_mm;
    let mut ops = Vec::new();
    for item in &layout.items {
        match item {
            Item::Text { x_mm, y_mm, size_pt, bold: is_bold, ink: i, angle_deg, text } => {
                let id = if *is_bold { bold.clone() } else { regular.clone() };
                let (x, y) = (pt(*x_mm), pt(h - y_mm));
                let place = if *angle_deg == 0.0 {
                    Op::SetTextCursor { pos: Point { x, y } }
                } else {
                    Op::SetTextMatrix { matrix: TextMatrix::TranslateRotate(x, y, *angle_deg) }
                };
                ops.extend([
                    Op::SetFillColor { col: ink(*i) },
                    Op::StartTextSection,
                    Op::SetFont { font: PdfFontHandle::External(id), size: Pt(*size_pt) },
                    place,
                    Op::ShowText { items: vec![TextItem::Text(text.clone())] },
                    Op::EndTextSection,
                ]);
            }
            Item::Image { x_mm, y_mm, width_mm, height_mm, px, bytes, png } => {
                let id = if *png {
                    // The signature keeps its transparency: decoded, drawn with its mask.
                    let raw = RawImage::decode_from_bytes(bytes, &mut Vec::new()).map_err(|e| CoreError::Layout(format!("gambar: {e}")))?;
                    doc.add_image(&raw)
                } else {
                    doc.add_xobject(&jpeg_xobject(bytes, *px))
                };
                // At 300 dpi the image is px/300 inches; scale so it fills its box exactly.
                let natural = |n: u32| n as f32 / PRINT_DPI * 72.0;
                ops.push(Op::UseXobject {
                    id,
                    transform: XObjectTransform {
                        translate_x: Some(pt(*x_mm)),
                        translate_y: Some(pt(h - (y_mm + height_mm))),
                        dpi: Some(PRINT_DPI),
                        scale_x: Some(pt(*width_mm).0 / natural(px.0)),
                        scale_y: Some(pt(*height_mm).0 / natural(px.1)),
                        ..Default::default()
                    },
                });
            }
            Item::Line { x1_mm, y1_mm, x2_mm, y2_mm, width_mm } => {
                let at = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(h - y) }, bezier: false };
                ops.extend([
                    Op::SetOutlineColor { col: ink(Ink::Black) },
                    Op::SetOutlineThickness { pt: pt(*width_mm) },
                    Op::DrawLine { line: Line { points: vec![at(*x1_mm, *y1_mm), at(*x2_mm, *y2_mm)], is_closed: false } },
                ]);
            }
        }
    }
    let page = PdfPage::new(Mm(layout.width_mm), Mm(layout.height_mm), ops);
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
    Ok(doc.with_pages(vec![page]).save(&opts, &mut Vec::new()))
}
