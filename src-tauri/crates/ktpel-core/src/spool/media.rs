//! The card's page as the queue understands it. A real card printer's queue has a PPD and runs
//! filters (pdftopdf, then the driver's); a job that names no media is laid on the queue's
//! default page (often A4, the card in its middle) and may be scaled. So a card job names the
//! queue's own ID-1 size, asks for no scaling, and says how the landscape card sits on that size,
//! each only as the queue says it supports. A queue that declares no media at all (a raw queue,
//! whose bytes go to the device untouched) needs none of this; one that declares sizes but no
//! ID-1 cannot print a card and is refused before a blank is reserved.

use ipp::prelude::IppValue;

/// ISO/IEC 7810 ID-1 in hundredths of a millimetre, IPP's unit for media sizes.
const ID1_LONG: i32 = 8560;
const ID1_SHORT: i32 = 5398;
/// Drivers round the size (CR80 as 243 × 153 pt is 85.73 × 53.98 mm); a millimetre tells ID-1
/// from every other card or paper size.
const TOLERANCE: i32 = 100;

/// IPP orientation-requested values (RFC 8011 §5.2.10).
pub const PORTRAIT: i32 = 3;
pub const LANDSCAPE: i32 = 4;

/// The ID-1 size a queue offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSize {
    /// Its media keyword (media-supported), when the queue names it.
    pub keyword: Option<String>,
    pub x: i32,
    pub y: i32,
}

/// What a queue says about media, scaling and orientation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaSupport {
    /// Every media keyword the queue lists (empty for a raw queue).
    pub supported: Vec<String>,
    /// Sizes from media-col-database (x, y) in hundredths of a millimetre.
    pub sizes: Vec<(i32, i32)>,
    /// Custom size ranges from media-col-database (x min–max, y min–max), as driverless
    /// printers list what they accept besides their named sizes.
    pub ranges: Vec<((i32, i32), (i32, i32))>,
    pub scaling: Vec<String>,
    pub orientations: Vec<i32>,
}

/// What a card's Print-Job carries besides the document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobTemplate {
    pub media: Option<String>,
    /// media-col's media-size (x, y) when the queue lists the size but no keyword for it.
    pub media_size: Option<(i32, i32)>,
    pub print_scaling: Option<String>,
    pub orientation: Option<i32>,
}

/// The attributes Get-Printer-Attributes must ask for.
pub const ATTRIBUTES: [&str; 4] = ["media-supported", "media-col-database", "print-scaling-supported", "orientation-requested-supported"];

impl MediaSupport {
    /// Reads the attributes of `ATTRIBUTES` from one printer's attribute group.
    pub fn from_attrs(get: impl Fn(&str) -> Option<IppValue>) -> Self {
        let list = |v: Option<IppValue>| match v {
            Some(IppValue::Array(items)) => items,
            Some(IppValue::NoValue) | None => Vec::new(),
            Some(one) => vec![one],
        };
        MediaSupport {
            supported: list(get("media-supported")).iter().map(|v| v.to_string()).collect(),
            sizes: list(get("media-col-database")).iter().filter_map(|e| media_size(e).and_then(|s| s.fixed())).collect(),
            ranges: list(get("media-col-database")).iter().filter_map(|e| media_size(e).and_then(|s| s.range())).collect(),
            scaling: list(get("print-scaling-supported")).iter().map(|v| v.to_string()).collect(),
            orientations: list(get("orientation-requested-supported")).iter().filter_map(|v| match v {
                IppValue::Enum(i) | IppValue::Integer(i) => Some(*i),
                _ => None,
            }).collect(),
        }
    }

    /// A raw queue (no PPD, no driver) lists no media: its bytes reach the printer as they are.
    pub fn declares_media(&self) -> bool {
        !self.supported.is_empty() || !self.sizes.is_empty() || !self.ranges.is_empty()
    }

    /// The queue's ID-1 size, by its keyword's dimensions or by media-col-database.
    pub fn card_size(&self) -> Option<CardSize> {
        if let Some((keyword, (x, y))) = self.supported.iter().find_map(|k| keyword_size(k).filter(|&(x, y)| is_id1(x, y)).map(|s| (k, s))) {
            return Some(CardSize { keyword: Some(keyword.clone()), x, y });
        }
        if let Some(&(x, y)) = self.sizes.iter().find(|&&(x, y)| is_id1(x, y)) {
            return Some(CardSize { keyword: None, x, y });
        }
        // A custom size range that holds the card, either way round: the card's exact size.
        let holds = |((x0, x1), (y0, y1)): ((i32, i32), (i32, i32)), x: i32, y: i32| (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
        let range = self.ranges.iter().copied().find(|&r| holds(r, ID1_LONG, ID1_SHORT) || holds(r, ID1_SHORT, ID1_LONG))?;
        let (x, y) = if holds(range, ID1_LONG, ID1_SHORT) { (ID1_LONG, ID1_SHORT) } else { (ID1_SHORT, ID1_LONG) };
        Some(CardSize { keyword: None, x, y })
    }

    /// None when the queue can print a card; otherwise what is wrong and the fix, in words.
    pub fn problem(&self) -> Option<String> {
        if !self.declares_media() || self.card_size().is_some() {
            return None;
        }
        let offered = if self.supported.is_empty() { "ukuran tanpa nama".to_string() } else { self.supported.join(", ") };
        Some(format!(
            "antrean tidak menawarkan ukuran kartu ID-1/CR80 (85,60 × 53,98 mm), hanya {offered}; pasang driver printer kartu yang benar atau pilih antrean printer kartu"
        ))
    }

    /// What a card job on this queue carries: the ID-1 size, no scaling, and the card's
    /// orientation on that size — as is on a landscape size, turned on a portrait one.
    pub fn template(&self) -> JobTemplate {
        let Some(size) = self.card_size().filter(|_| self.declares_media()) else { return JobTemplate::default() };
        let wanted = if size.x >= size.y { PORTRAIT } else { LANDSCAPE };
        JobTemplate {
            media_size: if size.keyword.is_none() { Some((size.x, size.y)) } else { None },
            media: size.keyword,
            print_scaling: self.scaling.iter().any(|s| s == "none").then(|| "none".to_string()),
            orientation: self.orientations.contains(&wanted).then_some(wanted),
        }
    }
}

fn is_id1(x: i32, y: i32) -> bool {
    let (long, short) = if x >= y { (x, y) } else { (y, x) };
    (long - ID1_LONG).abs() <= TOLERANCE && (short - ID1_SHORT).abs() <= TOLERANCE
}

/// One dimension of a media-size: a fixed value or a range (custom sizes).
#[derive(Clone, Copy)]
enum Dim {
    Fixed(i32),
    Range(i32, i32),
}

struct Size(Dim, Dim);

impl Size {
    fn fixed(&self) -> Option<(i32, i32)> {
        match self {
            Size(Dim::Fixed(x), Dim::Fixed(y)) => Some((*x, *y)),
            _ => None,
        }
    }

    fn range(&self) -> Option<((i32, i32), (i32, i32))> {
        let span = |d: Dim| match d {
            Dim::Fixed(v) => (v, v),
            Dim::Range(a, b) => (a, b),
        };
        matches!(self, Size(Dim::Range(..), _) | Size(_, Dim::Range(..))).then(|| (span(self.0), span(self.1)))
    }
}

/// media-size of one media-col-database entry.
fn media_size(entry: &IppValue) -> Option<Size> {
    let IppValue::Collection(col) = entry else { return None };
    let IppValue::Collection(size) = col.iter().find(|(k, _)| k.as_str() == "media-size")?.1 else { return None };
    let dim = |name: &str| match size.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v) {
        Some(IppValue::Integer(i)) => Some(Dim::Fixed(*i)),
        Some(IppValue::RangeOfInteger { min, max }) => Some(Dim::Range(*min, *max)),
        _ => None,
    };
    Some(Size(dim("x-dimension")?, dim("y-dimension")?))
}

/// Dimensions of a PWG self-describing media name (`class_name_WxHmm`, `…_WxHin`), in
/// hundredths of a millimetre.
pub fn keyword_size(keyword: &str) -> Option<(i32, i32)> {
    let last = keyword.rsplit('_').next()?;
    let (dims, per_unit) = if let Some(d) = last.strip_suffix("mm") {
        (d, 100.0)
    } else {
        (last.strip_suffix("in")?, 2540.0)
    };
    let (w, h) = dims.split_once('x')?;
    let (w, h): (f64, f64) = (w.parse().ok()?, h.parse().ok()?);
    Some(((w * per_unit).round() as i32, (h * per_unit).round() as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn support(supported: &[&str], sizes: &[(i32, i32)]) -> MediaSupport {
        MediaSupport {
            supported: supported.iter().map(|s| s.to_string()).collect(),
            sizes: sizes.to_vec(),
            ranges: Vec::new(),
            scaling: vec!["auto".into(), "none".into()],
            orientations: vec![PORTRAIT, LANDSCAPE, 5, 6],
        }
    }

    #[test]
    fn pwg_names_give_their_size() {
        assert_eq!(keyword_size("custom_53.98x85.6mm_53.98x85.6mm"), Some((5398, 8560)));
        assert_eq!(keyword_size("iso_a4_210x297mm"), Some((21000, 29700)));
        assert_eq!(keyword_size("oe_cr80_2.125x3.375in"), Some((5398, 8573)));
        assert_eq!(keyword_size("A4"), None);
    }

    #[test]
    fn a_card_size_is_named_with_no_scaling_and_its_orientation() {
        let portrait = support(&["iso_a4_210x297mm", "custom_53.98x85.6mm_53.98x85.6mm"], &[(20990, 29704), (5398, 8560)]);
        let t = portrait.template();
        assert_eq!(t.media.as_deref(), Some("custom_53.98x85.6mm_53.98x85.6mm"));
        assert_eq!((t.print_scaling.as_deref(), t.orientation), (Some("none"), Some(LANDSCAPE)));
        let landscape = support(&["custom_85.6x53.98mm_85.6x53.98mm"], &[(8560, 5398)]);
        assert_eq!(landscape.template().orientation, Some(PORTRAIT));
        // A size only in media-col-database goes as media-col.
        let unnamed = support(&["custom-card"], &[(8573, 5398)]);
        assert_eq!(unnamed.template().media_size, Some((8573, 5398)));
        // A driverless printer's custom range that holds the card: the card's exact size.
        let ranged = MediaSupport { ranges: vec![((5000, 6000), (8000, 9000))], ..support(&["iso_a6_105x148mm"], &[(10500, 14800)]) };
        assert_eq!(ranged.template().media_size, Some((5398, 8560)));
        assert_eq!(ranged.template().orientation, Some(LANDSCAPE));
    }

    #[test]
    fn a_queue_without_id1_is_a_problem_a_raw_queue_is_not() {
        let paper = support(&["iso_a4_210x297mm", "na_letter_8.5x11in"], &[(20990, 29704), (21590, 27940)]);
        let why = paper.problem().expect("no ID-1");
        assert!(why.contains("ID-1") && why.contains("iso_a4_210x297mm"), "{why}");
        let raw = MediaSupport { scaling: vec!["none".into()], orientations: vec![PORTRAIT], ..Default::default() };
        assert!(raw.problem().is_none());
        assert_eq!(raw.template(), JobTemplate::default());
    }
}
