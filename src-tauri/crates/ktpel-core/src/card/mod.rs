//! The card job: a versioned layout template (positions in mm, font sizes), the text fitting that
//! never clips, and the PDF of one ID-1 card drawn from them with printpdf.

pub mod fit;
pub mod pdf;
pub mod photo;
pub mod template;

pub use pdf::{render, CardInput, RenderedCard};
pub use template::{CardTemplate, Calibration};
