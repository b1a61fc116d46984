//! The applicant's photo and signature: checked on import and stored as the card needs them — the
//! template's boxes at the print resolution (300 dpi), not the upload (which may be 5 MB) — so
//! the card is laid out from the stored bytes as they are, with no resampling at print time.
//! A stored image that does not fit the boxes (the template changed since) is fitted when laid out.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::borrow::Cow;
use std::io::Cursor;

use super::template::CardTemplate;

/// Card printers print at 300 dpi.
pub const PRINT_DPI: f32 = 300.0;

/// Decodes with memory and size limits, so a hostile or corrupt upload cannot exhaust the desk PC.
pub fn decode_checked(bytes: &[u8], format: ImageFormat, max_side: u32) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| e.to_string())?;
    if img.width() < 16 || img.height() < 16 {
        return Err(format!("terlalu kecil ({}×{} piksel)", img.width(), img.height()));
    }
    Ok(img)
}

/// Pixels needed to fill `mm` at the print resolution.
pub fn pixels_for(mm: f32) -> u32 {
    ((mm / 25.4) * PRINT_DPI).round().max(1.0) as u32
}

/// Scales and centre-crops the photo to fill a box of `w_mm` × `h_mm` at 300 dpi; returns JPEG bytes.
pub fn photo_for_box(img: &DynamicImage, w_mm: f32, h_mm: f32) -> Result<Vec<u8>, String> {
    let (w, h) = (pixels_for(w_mm), pixels_for(h_mm));
    // Catmull-Rom: sharp enough for a photo scaled by a fraction at 300 dpi, at about half the
    // cost of Lanczos (the resampling was the largest part of a card's layout time).
    let fitted = img.resize_to_fill(w, h, image::imageops::FilterType::CatmullRom).to_rgb8();
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    fitted.write_with_encoder(encoder).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Scales a signature to fit inside the box (keeping its aspect) at 300 dpi; returns PNG bytes
/// and the pixel size.
pub fn signature_for_box(img: &DynamicImage, w_mm: f32, h_mm: f32) -> Result<(Vec<u8>, (u32, u32)), String> {
    let fitted = img.resize(pixels_for(w_mm), pixels_for(h_mm), image::imageops::FilterType::Lanczos3);
    let mut out = Vec::new();
    fitted.to_rgba8().write_to(&mut Cursor::new(&mut out), ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok((out, (fitted.width(), fitted.height())))
}

/// Width and height from the image's header, without decoding it.
fn header_size(bytes: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().ok()
}

/// The photo as the card prints it in a `w_mm` × `h_mm` box: the bytes as they are when they
/// already are that box at 300 dpi (what the station stores), else fitted.
pub fn ready_photo(bytes: &[u8], w_mm: f32, h_mm: f32) -> Result<Cow<'_, [u8]>, String> {
    if header_size(bytes, ImageFormat::Jpeg) == Some((pixels_for(w_mm), pixels_for(h_mm))) {
        return Ok(Cow::Borrowed(bytes));
    }
    let img = decode_checked(bytes, ImageFormat::Jpeg, 6000)?;
    photo_for_box(&img, w_mm, h_mm).map(Cow::Owned)
}

/// The signature as the card prints it inside a `w_mm` × `h_mm` box, with its pixel size: as it
/// is when it already fills the box one way and fits the other (what the station stores).
pub fn ready_signature(bytes: &[u8], w_mm: f32, h_mm: f32) -> Result<(Cow<'_, [u8]>, (u32, u32)), String> {
    let (bw, bh) = (pixels_for(w_mm), pixels_for(h_mm));
    if let Some((w, h)) = header_size(bytes, ImageFormat::Png) {
        if w <= bw && h <= bh && (w == bw || h == bh) {
            return Ok((Cow::Borrowed(bytes), (w, h)));
        }
    }
    let img = decode_checked(bytes, ImageFormat::Png, 6000)?;
    signature_for_box(&img, w_mm, h_mm).map(|(b, px)| (Cow::Owned(b), px))
}

/// The photo and signature as the station stores them for `template`: each fitted to its box
/// at 300 dpi (unchanged when it already is). Errors name the image.
pub fn print_ready(template: &CardTemplate, photo_jpeg: &[u8], signature_png: Option<&[u8]>) -> Result<(Vec<u8>, Option<Vec<u8>>), String> {
    let (p, s) = (template.photo, template.signature);
    let photo = ready_photo(photo_jpeg, p.width_mm, p.height_mm).map_err(|e| format!("foto: {e}"))?.into_owned();
    let signature = match signature_png {
        Some(sig) => Some(ready_signature(sig, s.width_mm, s.height_mm).map_err(|e| format!("tanda tangan: {e}"))?.0.into_owned()),
        None => None,
    };
    Ok((photo, signature))
}

/// The images fitted for `template`, when they are not already as the card prints them (None:
/// nothing to change). What the migrations of both stores do to each stored request.
pub fn refitted(template: &CardTemplate, photo_jpeg: &[u8], signature_png: Option<&[u8]>) -> Result<Option<(Vec<u8>, Option<Vec<u8>>)>, String> {
    let (photo, signature) = print_ready(template, photo_jpeg, signature_png)?;
    Ok((photo != photo_jpeg || signature.as_deref() != signature_png).then_some((photo, signature)))
}

/// The card template a store holds (`card.template`; empty or absent: the built-in one), for the
/// migrations that fit stored images.
pub fn stored_template(json: Option<&str>) -> Result<CardTemplate, String> {
    match json.map(str::trim).filter(|j| !j.is_empty()) {
        Some(j) => CardTemplate::from_json(j).map_err(|e| e.to_string()),
        None => CardTemplate::builtin().map_err(|e| e.to_string()),
    }
}
