//! The card job: a versioned layout template (positions in mm, font sizes), the text fitting that
//! never clips, and the PDF of one ID-1 card drawn from them with printpdf.

pub mod fit;
pub mod pdf;
pub mod photo;
pub mod template;

pub use pdf::{render, CardInput, RenderedCard};
pub use template::{CardTemplate, Calibration};

/// Whether every character of `text` can be printed with the card's fonts. Checked on import, so
/// a request that could never print is refused at the door, not at the printer.
pub fn printable(text: &str) -> bool {
    pdf::FONTS.iter().all(|bytes| fit::Metrics::new(bytes).is_some_and(|m| m.covers(text)))
}
