//! Making text fit its box without clipping: first shrink towards the row's minimum size, then
//! wrap at spaces within the allowed lines, and if even that fails say so. A card that would
//! silently lose part of a name or address is never produced.

use ttf_parser::Face;

/// Advance widths of one font, enough to measure a line of text in points.
pub struct Metrics<'a> {
    face: Face<'a>,
    units_per_em: f32,
}

impl<'a> Metrics<'a> {
    pub fn new(font: &'a [u8]) -> Option<Self> {
        let face = Face::parse(font, 0).ok()?;
        let units_per_em = face.units_per_em() as f32;
        Some(Metrics { face, units_per_em })
    }

    /// Width of `text` at `size_pt`, in points. Characters the font lacks count as its .notdef.
    pub fn width_pt(&self, text: &str, size_pt: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                self.face.glyph_hor_advance(gid).unwrap_or(0) as f32
            })
            .sum();
        units * size_pt / self.units_per_em
    }

    /// Whether every character of `text` has a glyph in this font.
    pub fn covers(&self, text: &str) -> bool {
        text.chars().all(|c| c.is_whitespace() || self.face.glyph_index(c).is_some())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size_pt: f32,
    pub lines: Vec<String>,
}

const STEP_PT: f32 = 0.2;

/// Fits `text` into `width_pt` using at most `max_lines` lines, at a size between `min_pt` and
/// `size_pt`. One line at a smaller size is preferred over wrapping only once shrinking fails.
pub fn fit(m: &Metrics, text: &str, width_pt: f32, size_pt: f32, min_pt: f32, max_lines: usize) -> Option<Fitted> {
    let mut size = size_pt;
    // First pass: shrink on one line; second: wrap at each size from the largest down.
    loop {
        if m.width_pt(text, size) <= width_pt {
            return Some(Fitted { size_pt: size, lines: vec![text.to_string()] });
        }
        if size - STEP_PT < min_pt - 1e-3 {
            break;
        }
        size -= STEP_PT;
    }
    if max_lines < 2 {
        return None;
    }
    let mut size = size_pt;
    loop {
        if let Some(lines) = wrap(m, text, width_pt, size, max_lines) {
            return Some(Fitted { size_pt: size, lines });
        }
        if size - STEP_PT < min_pt - 1e-3 {
            return None;
        }
        size -= STEP_PT;
    }
}

/// Greedy word wrap; None when a word is wider than the line or more lines would be needed.
fn wrap(m: &Metrics, text: &str, width_pt: f32, size: f32, max_lines: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if m.width_pt(&candidate, size) <= width_pt {
            current = candidate;
        } else {
            if current.is_empty() || m.width_pt(word, size) > width_pt {
                return None;
            }
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    (lines.len() <= max_lines).then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");

    #[test]
    fn short_text_keeps_its_size() {
        let m = Metrics::new(FONT).unwrap();
        let f = fit(&m, "BUDI", 100.0, 6.0, 4.5, 2).unwrap();
        assert_eq!(f, Fitted { size_pt: 6.0, lines: vec!["BUDI".into()] });
    }

    #[test]
    fn long_text_shrinks_then_wraps_and_keeps_every_word() {
        let m = Metrics::new(FONT).unwrap();
        let name = "RADEN MAS MUHAMMAD ABDURRAHMAN WAHYU KUSUMA NINGRAT HADIPRAWIRO SOSRODININGRAT";
        let f = fit(&m, name, 115.0, 6.0, 4.6, 2).unwrap();
        assert_eq!(f.lines.len(), 2);
        assert_eq!(f.lines.join(" "), name);
        assert!(f.lines.iter().all(|l| m.width_pt(l, f.size_pt) <= 115.0));
    }

    #[test]
    fn impossible_text_is_refused_not_clipped() {
        let m = Metrics::new(FONT).unwrap();
        assert!(fit(&m, &"W".repeat(200), 115.0, 6.0, 4.6, 2).is_none());
    }
}
