//! The card job: a versioned layout template (positions in mm, font sizes), the text fitting that
//! never clips, the positioned `CardLayout` built from them, and its two drawings: the PDF for the
//! printer and the SVG for the screen.

pub mod calibration;
pub mod fit;
pub mod layout;
pub mod pdf;
pub mod photo;
pub mod svg;
pub mod template;

use chrono::NaiveDate;

use crate::domain::Person;
use crate::error::Result;
pub use layout::CardLayout;
pub use template::{Calibration, CardTemplate};

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

/// The card PDF, as the printer receives it.
pub fn render(t: &CardTemplate, input: &CardInput) -> Result<RenderedCard> {
    let l = layout::layout(t, input)?;
    Ok(RenderedCard { pdf: pdf::to_pdf(&l)?, template_version: l.template_version })
}

/// Whether every character of `text` can be printed with the card's fonts. Checked on import, so
/// a request that could never print is refused at the door, not at the printer.
pub fn printable(text: &str) -> bool {
    pdf::FONTS.iter().all(|bytes| fit::Metrics::new(bytes).is_some_and(|m| m.covers(text)))
}
