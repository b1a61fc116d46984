//! The card drawn through a Windows printer's driver with GDI: the same positioned `CardLayout`
//! the PDF is made from (calibration already applied), on a CR80 page in landscape set in the
//! driver's DEVMODE. Text in the card fonts (DejaVu Sans Condensed, loaded privately from the
//! program) in pure black — card drivers send pure black to the resin panel — the SPESIMEN mark in
//! red, the fitted photo and signature as bitmaps, the calibration card's lines. No PDF and no
//! rasterised page reach the driver.

use windows_sys::Win32::Foundation::{GetLastError, HANDLE, POINT};
use windows_sys::Win32::Graphics::Gdi::{
    AddFontMemResourceEx, CreateDCW, CreateFontW, CreatePen, DeleteDC, DeleteObject, GetDeviceCaps, LineTo, MoveToEx, RemoveFontMemResourceEx, SelectObject,
    SetBkMode, SetTextAlign, SetTextColor, StretchDIBits, TextOutW, ANTIALIASED_QUALITY, BITMAPINFO, BITMAPINFOHEADER, BI_RGB, CLIP_DEFAULT_PRECIS,
    DEFAULT_CHARSET, DEFAULT_PITCH, DEVMODEW, DIB_RGB_COLORS, DMORIENT_LANDSCAPE, DMPAPER_USER, DM_IN_BUFFER, DM_ORIENTATION, DM_OUT_BUFFER, DM_PAPERLENGTH,
    DM_PAPERSIZE, DM_PAPERWIDTH, FW_BOLD, FW_NORMAL, HDC, LOGPIXELSX, LOGPIXELSY, OUT_TT_ONLY_PRECIS, PHYSICALHEIGHT, PHYSICALOFFSETX, PHYSICALOFFSETY, PHYSICALWIDTH, PS_SOLID, SRCCOPY,
    TA_BASELINE, TRANSPARENT,
};
use windows_sys::Win32::Graphics::Printing::DocumentPropertiesW;
use windows_sys::Win32::Storage::Xps::{AbortDoc, DeviceCapabilitiesW, EndDoc, EndPage, StartDocW, StartPage, DC_PAPERS, DC_PAPERSIZE, DOCINFOW};

use super::{wide, winspool_rules};
use crate::card::layout::{Ink, Item};
use crate::card::CardLayout;
use crate::spool::SpoolError;

const FACE: &str = "DejaVu Sans Condensed";

/// Draws `layout` as one job named `job_name` on `printer`; returns the spooler's job id.
pub fn print(printer: &str, job_name: &str, layout: &CardLayout) -> Result<i32, SpoolError> {
    let fonts = Fonts::load();
    let devmode = card_devmode(printer, layout);
    let printer_w = wide(printer);
    let driver = wide("WINSPOOL");
    let dm_ptr = devmode.as_ref().map_or(std::ptr::null(), |d| d.as_ptr() as *const DEVMODEW);
    // SAFETY: the strings are NUL-terminated; the DEVMODE (or null: the driver's defaults) lives
    // through the call.
    let hdc = unsafe { CreateDCW(driver.as_ptr(), printer_w.as_ptr(), std::ptr::null(), dm_ptr) };
    if hdc.is_null() {
        return Err(winspool_rules::open_error(printer, unsafe { GetLastError() }));
    }
    let dc = Dc(hdc);
    // Before the job exists: a page that is not the card would clip it and spend a blank.
    if let Some(problem) = winspool_rules::page_problem(page_mm(&dc), (layout.width_mm, layout.height_mm)) {
        return Err(SpoolError::NoCardSize { queue: printer.to_string(), problem });
    }
    let name = wide(job_name);
    let info = DOCINFOW { cbSize: std::mem::size_of::<DOCINFOW>() as i32, lpszDocName: name.as_ptr(), lpszOutput: std::ptr::null(), lpszDatatype: std::ptr::null(), fwType: 0 };
    // SAFETY: a live DC and a DOCINFO whose strings outlive the call.
    let job_id = unsafe { StartDocW(dc.0, &info) };
    if job_id <= 0 {
        return Err(SpoolError::Windows { call: "StartDoc".into(), code: unsafe { GetLastError() } });
    }
    let drawn = unsafe { StartPage(dc.0) } > 0 && draw(&dc, layout) && unsafe { EndPage(dc.0) } > 0;
    if !drawn {
        // Nothing half-drawn may reach the card: the job is withdrawn whole.
        unsafe { AbortDoc(dc.0) };
        return Err(SpoolError::Windows { call: "GDI (menggambar kartu)".into(), code: unsafe { GetLastError() } });
    }
    if unsafe { EndDoc(dc.0) } <= 0 {
        return Err(SpoolError::Windows { call: "EndDoc".into(), code: unsafe { GetLastError() } });
    }
    drop(fonts);
    Ok(job_id)
}

/// The driver's own paper whose size is the card's (±1 mm, either way round), when it lists one:
/// card drivers name it ("CR80", "CR-80 Card"), and a driver may ignore a size given in numbers.
fn card_paper(printer: &[u16], short_mm: f32, long_mm: f32) -> Option<i16> {
    // SAFETY: with no output buffer DeviceCapabilities returns the count; the buffers then hold it.
    let n = unsafe { DeviceCapabilitiesW(printer.as_ptr(), std::ptr::null(), DC_PAPERS, std::ptr::null_mut(), std::ptr::null()) };
    if n <= 0 {
        return None;
    }
    let mut papers = vec![0u16; n as usize];
    let mut sizes = vec![POINT { x: 0, y: 0 }; n as usize];
    unsafe {
        if DeviceCapabilitiesW(printer.as_ptr(), std::ptr::null(), DC_PAPERS, papers.as_mut_ptr(), std::ptr::null()) != n
            || DeviceCapabilitiesW(printer.as_ptr(), std::ptr::null(), DC_PAPERSIZE, sizes.as_mut_ptr().cast(), std::ptr::null()) != n
        {
            return None;
        }
    }
    // Sizes are in tenths of a millimetre.
    let near = |a: i32, mm: f32| (a as f32 - mm * 10.0).abs() <= 10.0;
    papers.iter().zip(&sizes).find(|(_, p)| near(p.x.min(p.y), short_mm) && near(p.x.max(p.y), long_mm)).map(|(id, _)| *id as i16)
}

/// The driver's DEVMODE with the card's page (CR80, 54 × 85.6 mm: the driver's own paper of that
/// size, else the size in numbers) in landscape; None when the driver gives none (its defaults
/// are then used).
fn card_devmode(printer: &str, layout: &CardLayout) -> Option<Vec<u64>> {
    let name = wide(printer);
    // DocumentProperties wants the printer open (a null handle works under Wine, not on every
    // Windows driver).
    let open = super::Printer::open(printer).ok()?;
    let handle = open.0;
    // SAFETY: with no buffers, DocumentProperties returns the size its DEVMODE needs.
    let size = unsafe { DocumentPropertiesW(std::ptr::null_mut(), handle, name.as_ptr(), std::ptr::null_mut(), std::ptr::null(), 0) };
    if size <= 0 {
        return None;
    }
    let mut buf = vec![0u64; (size as usize).div_ceil(8)];
    let dm = buf.as_mut_ptr() as *mut DEVMODEW;
    // SAFETY: `buf` holds `size` bytes, 8-aligned, as the driver asked.
    if unsafe { DocumentPropertiesW(std::ptr::null_mut(), handle, name.as_ptr(), dm, std::ptr::null(), DM_OUT_BUFFER) } < 0 {
        return None;
    }
    let short = layout.width_mm.min(layout.height_mm);
    let long = layout.width_mm.max(layout.height_mm);
    let listed = card_paper(&name, short, long);
    // SAFETY: `dm` points at the driver's DEVMODE just written; the paper fields are the printer arm of its union.
    unsafe {
        let paper = &mut (*dm).Anonymous1.Anonymous1;
        paper.dmOrientation = DMORIENT_LANDSCAPE as i16;
        match listed {
            Some(id) => {
                (*dm).dmFields |= DM_ORIENTATION | DM_PAPERSIZE;
                paper.dmPaperSize = id;
            }
            None => {
                (*dm).dmFields |= DM_ORIENTATION | DM_PAPERSIZE | DM_PAPERLENGTH | DM_PAPERWIDTH;
                paper.dmPaperSize = DMPAPER_USER as i16;
                // Tenths of a millimetre, portrait sense.
                paper.dmPaperWidth = (short * 10.0).round() as i16;
                paper.dmPaperLength = (long * 10.0).round() as i16;
            }
        }
    }
    // The driver merges what it can honour.
    let merged = unsafe { DocumentPropertiesW(std::ptr::null_mut(), handle, name.as_ptr(), dm, dm, DM_IN_BUFFER | DM_OUT_BUFFER) };
    (merged >= 0).then_some(buf)
}

/// The whole page the driver gives (not only its printable part), in millimetres, as drawn on.
fn page_mm(dc: &Dc) -> (f32, f32) {
    let cap = |i: u32| unsafe { GetDeviceCaps(dc.0, i as i32) } as f32;
    let (dpi_x, dpi_y) = (cap(LOGPIXELSX).max(1.0), cap(LOGPIXELSY).max(1.0));
    (cap(PHYSICALWIDTH) / dpi_x * 25.4, cap(PHYSICALHEIGHT) / dpi_y * 25.4)
}

/// A printer DC, deleted when dropped.
struct Dc(HDC);

impl Drop for Dc {
    fn drop(&mut self) {
        unsafe { DeleteDC(self.0) };
    }
}

/// The card fonts, available to this process only while a card is drawn.
struct Fonts(Vec<HANDLE>);

impl Fonts {
    fn load() -> Fonts {
        let mut handles = Vec::new();
        for bytes in [crate::card::pdf::REGULAR, crate::card::pdf::BOLD] {
            let mut count = 0u32;
            // SAFETY: GDI copies the font bytes; `count` receives how many faces it found.
            let h = unsafe { AddFontMemResourceEx(bytes.as_ptr().cast(), bytes.len() as u32, std::ptr::null(), &mut count) };
            if !h.is_null() {
                handles.push(h);
            } else {
                log::warn!("card font not loaded for GDI; the driver's nearest font is used");
            }
        }
        Fonts(handles)
    }
}

impl Drop for Fonts {
    fn drop(&mut self) {
        for h in &self.0 {
            unsafe { RemoveFontMemResourceEx(*h) };
        }
    }
}

/// Millimetres on the card to the DC's pixels (the printable area starts at the physical offset).
struct Scale {
    dpi_x: f32,
    dpi_y: f32,
    off_x: f32,
    off_y: f32,
}

impl Scale {
    fn of(dc: &Dc) -> Scale {
        let cap = |i: u32| unsafe { GetDeviceCaps(dc.0, i as i32) } as f32;
        Scale { dpi_x: cap(LOGPIXELSX).max(1.0), dpi_y: cap(LOGPIXELSY).max(1.0), off_x: cap(PHYSICALOFFSETX), off_y: cap(PHYSICALOFFSETY) }
    }
    fn x(&self, mm: f32) -> i32 {
        (mm / 25.4 * self.dpi_x - self.off_x).round() as i32
    }
    fn y(&self, mm: f32) -> i32 {
        (mm / 25.4 * self.dpi_y - self.off_y).round() as i32
    }
    fn w(&self, mm: f32) -> i32 {
        (mm / 25.4 * self.dpi_x).round().max(1.0) as i32
    }
    fn h(&self, mm: f32) -> i32 {
        (mm / 25.4 * self.dpi_y).round().max(1.0) as i32
    }
}

/// Every item of the layout; false when GDI refused one.
fn draw(dc: &Dc, layout: &CardLayout) -> bool {
    let s = Scale::of(dc);
    unsafe {
        SetBkMode(dc.0, TRANSPARENT as i32);
        SetTextAlign(dc.0, TA_BASELINE);
    }
    layout.items.iter().all(|item| match item {
        Item::Text { x_mm, y_mm, size_pt, bold, ink, angle_deg, text } => draw_text(dc, &s, (*x_mm, *y_mm), *size_pt, *bold, *ink, *angle_deg, text),
        Item::Image { x_mm, y_mm, width_mm, height_mm, png, bytes, .. } => draw_image(dc, &s, (*x_mm, *y_mm, *width_mm, *height_mm), *png, bytes),
        Item::Line { x1_mm, y1_mm, x2_mm, y2_mm, width_mm } => draw_line(dc, &s, (*x1_mm, *y1_mm, *x2_mm, *y2_mm), *width_mm),
    })
}

#[allow(clippy::too_many_arguments)] // one text item's fields, as the layout has them
fn draw_text(dc: &Dc, s: &Scale, at: (f32, f32), size_pt: f32, bold: bool, ink: Ink, angle_deg: f32, text: &str) -> bool {
    let face = wide(FACE);
    let height = -((size_pt / 72.0 * s.dpi_y).round() as i32);
    let tenths = (angle_deg * 10.0).round() as i32;
    let weight = if bold { FW_BOLD } else { FW_NORMAL } as i32;
    // SAFETY: plain GDI object calls on a live DC; the font is selected out and deleted after.
    unsafe {
        let font = CreateFontW(height, 0, tenths, tenths, weight, 0, 0, 0, DEFAULT_CHARSET as u32, OUT_TT_ONLY_PRECIS as u32, CLIP_DEFAULT_PRECIS as u32, ANTIALIASED_QUALITY as u32, DEFAULT_PITCH as u32, face.as_ptr());
        if font.is_null() {
            return false;
        }
        let old = SelectObject(dc.0, font);
        // COLORREF is 0x00BBGGRR: pure black for the resin panel, red for the specimen mark.
        SetTextColor(dc.0, match ink {
            Ink::Black => 0x0000_0000,
            Ink::Red => 0x0000_00FF,
        });
        let chars: Vec<u16> = text.encode_utf16().collect();
        let ok = TextOutW(dc.0, s.x(at.0), s.y(at.1), chars.as_ptr(), chars.len() as i32) != 0;
        SelectObject(dc.0, old);
        DeleteObject(font);
        ok
    }
}

fn draw_image(dc: &Dc, s: &Scale, frame: (f32, f32, f32, f32), png: bool, bytes: &[u8]) -> bool {
    let format = if png { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
    let Ok(img) = image::load_from_memory_with_format(bytes, format) else { return false };
    let rgb = img.to_rgb8();
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    // A DIB: rows of BGR padded to 4 bytes, top row first (negative height).
    let stride = (w * 3).div_ceil(4) * 4;
    let mut bits = vec![0u8; stride * h];
    for (y, row) in rgb.rows().enumerate() {
        for (x, p) in row.enumerate() {
            let i = y * stride + x * 3;
            bits[i..i + 3].copy_from_slice(&[p[2], p[1], p[0]]);
        }
    }
    let info = BITMAPINFO {
        bmiHeader: BITMAPINFOHEADER { biSize: std::mem::size_of::<BITMAPINFOHEADER>() as u32, biWidth: w as i32, biHeight: -(h as i32), biPlanes: 1, biBitCount: 24, biCompression: BI_RGB, ..Default::default() },
        ..Default::default()
    };
    let (x, y, wd, ht) = frame;
    // SAFETY: `bits` holds the DIB `info` describes and outlives the call.
    let lines = unsafe { StretchDIBits(dc.0, s.x(x), s.y(y), s.w(wd), s.h(ht), 0, 0, w as i32, h as i32, bits.as_ptr().cast(), &info, DIB_RGB_COLORS, SRCCOPY) };
    lines > 0
}

fn draw_line(dc: &Dc, s: &Scale, ends: (f32, f32, f32, f32), width_mm: f32) -> bool {
    // SAFETY: as in `draw_text`.
    unsafe {
        let pen = CreatePen(PS_SOLID, s.w(width_mm), 0);
        if pen.is_null() {
            return false;
        }
        let old = SelectObject(dc.0, pen);
        let ok = MoveToEx(dc.0, s.x(ends.0), s.y(ends.1), std::ptr::null_mut()) != 0 && LineTo(dc.0, s.x(ends.2), s.y(ends.3)) != 0;
        SelectObject(dc.0, old);
        DeleteObject(pen);
        ok
    }
}
