//! The applicant's photo and signature: checked on import, and resampled to the print resolution
//! for the card so that the PDF carries exactly what the printer needs (300 dpi), not the upload.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

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
