//! The day's blank stock as the office posts it: a square image for Facebook, Instagram and
//! WhatsApp (1080 × 1080 px PNG) and an A4 poster for the notice board, each with the office's
//! name, the day, the figure and the hour it was counted. No personal data is on either.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgb, RgbImage};
use serde::Serialize;

use super::paper::{wrap, Paper};
use crate::card::pdf::{BOLD, REGULAR};
use crate::error::{CoreError, Result};

/// What the public sees of the stock (the lobby screen shows the same).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PublicStock {
    /// "Kabupaten Magetan"
    pub office: String,
    /// "Rabu, 2 Desember 2026"
    pub date_words: String,
    #[ts(type = "number")]
    pub in_stock: i64,
    /// "1.234"
    pub in_stock_words: String,
    /// "08.15 WIB"
    pub counted_at: String,
}

pub const SIDE: u32 = 1080;
const NAVY: Rgb<u8> = Rgb([0x12, 0x3a, 0x6b]);
const WHITE: Rgb<u8> = Rgb([0xff, 0xff, 0xff]);
const INK: Rgb<u8> = Rgb([0x1b, 0x1b, 0x1b]);
const GOLD: Rgb<u8> = Rgb([0xf2, 0xb7, 0x05]);

struct Canvas<'f> {
    img: RgbImage,
    regular: FontRef<'f>,
    bold: FontRef<'f>,
}

impl Canvas<'_> {
    fn fill(&mut self, y0: u32, y1: u32, colour: Rgb<u8>) {
        for y in y0..y1.min(SIDE) {
            for x in 0..SIDE {
                self.img.put_pixel(x, y, colour);
            }
        }
    }

    fn width(&self, text: &str, px: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let f = font.as_scaled(PxScale::from(px));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                w += f.kern(p, id);
            }
            w += f.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// A line centred across the image with its baseline at `y`, shrunk to fit the margins.
    fn centred(&mut self, text: &str, mut px: f32, bold: bool, y: f32, colour: Rgb<u8>) {
        let room = SIDE as f32 - 120.0;
        let w = self.width(text, px, bold);
        if w > room {
            px *= room / w;
        }
        let x0 = (SIDE as f32 - self.width(text, px, bold)) / 2.0;
        let font = if bold { self.bold.clone() } else { self.regular.clone() };
        let scaled = font.as_scaled(PxScale::from(px));
        let mut x = x0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(px), ab_glyph::point(x, y));
            x += scaled.h_advance(id);
            prev = Some(id);
            let Some(outline) = font.outline_glyph(glyph) else { continue };
            let b = outline.px_bounds();
            let img = &mut self.img;
            outline.draw(|gx, gy, cover| {
                let (px_x, px_y) = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                if px_x < 0 || px_y < 0 || px_x >= SIDE as i64 || px_y >= SIDE as i64 {
                    return;
                }
                let under = *img.get_pixel(px_x as u32, px_y as u32);
                let mix = |a: u8, b: u8| (a as f32 * (1.0 - cover) + b as f32 * cover).round() as u8;
                img.put_pixel(px_x as u32, px_y as u32, Rgb([mix(under[0], colour[0]), mix(under[1], colour[1]), mix(under[2], colour[2])]));
            });
        }
    }
}

/// The square image, as PNG bytes.
pub fn to_png(s: &PublicStock) -> Result<Vec<u8>> {
    let font = |bytes: &'static [u8]| FontRef::try_from_slice(bytes).map_err(|_| CoreError::Layout("huruf bawaan tidak terbaca".into()));
    let mut c = Canvas { img: RgbImage::from_pixel(SIDE, SIDE, WHITE), regular: font(REGULAR)?, bold: font(BOLD)? };
    c.fill(0, 250, NAVY);
    c.fill(250, 262, GOLD);
    c.centred("STOK BLANKO KTP-EL", 76.0, true, 120.0, WHITE);
    c.centred("HARI INI", 56.0, true, 200.0, GOLD);
    c.centred(&s.date_words, 52.0, false, 360.0, INK);
    c.centred(&s.in_stock_words, 260.0, true, 660.0, NAVY);
    c.centred("keping tersedia", 56.0, false, 750.0, INK);
    c.centred(&format!("dihitung pukul {}", s.counted_at), 36.0, false, 810.0, INK);
    c.fill(880, SIDE, NAVY);
    c.centred("Dinas Kependudukan dan Pencatatan Sipil", 40.0, false, 950.0, WHITE);
    c.centred(&s.office, 48.0, true, 1015.0, WHITE);
    let mut out = std::io::Cursor::new(Vec::new());
    c.img.write_to(&mut out, image::ImageFormat::Png).map_err(|e| CoreError::Layout(format!("PNG: {e}")))?;
    Ok(out.into_inner())
}

/// The A4 poster for the notice board.
pub fn to_pdf(s: &PublicStock) -> Result<Vec<u8>> {
    let mut p = Paper::new("Stok blanko KTP-el hari ini")?;
    p.gap(4.0);
    p.centred(16.0, false, "Dinas Kependudukan dan Pencatatan Sipil");
    p.centred(20.0, true, &s.office.to_uppercase());
    p.gap(10.0);
    p.centred(34.0, true, "STOK BLANKO KTP-EL");
    p.centred(34.0, true, "HARI INI");
    p.gap(10.0);
    p.centred(20.0, false, &s.date_words);
    p.gap(6.0);
    p.centred(120.0, true, &s.in_stock_words);
    p.gap(6.0);
    p.centred(28.0, false, "keping tersedia");
    p.gap(8.0);
    p.centred(14.0, false, &format!("dihitung pukul {}", s.counted_at));
    p.gap(14.0);
    for l in wrap("Pelayanan KTP-el tidak dipungut biaya. Blanko terbatas: stok dapat berubah selama hari layanan.", 60) {
        p.centred(13.0, false, &l);
    }
    Ok(p.finish(|_, _| String::new()))
}
