//! Reading a PDF as a person would check it: page size (pdfinfo), text (pdftotext), fonts (pdffonts).

use std::path::Path;
use std::process::Command;

fn tool(name: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(name).args(args).arg(path).arg("-").output().unwrap_or_else(|e| panic!("{name} missing ({e}): the test command installs poppler-utils"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Page size in millimetres.
pub fn page_size_mm(path: &Path) -> (f64, f64) {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_else(|| panic!("no page size in pdfinfo output: {info}"));
    let nums: Vec<f64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (nums[0] * 25.4 / 72.0, nums[1] * 25.4 / 72.0)
}

/// The first page as a viewer shows it (its /Rotate applied), width × height in points: the
/// frame pdftotext -bbox measures words in (its own <page> size is the unrotated MediaBox).
pub fn page_view_pt(path: &Path) -> (f64, f64) {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    let numbers = |key: &str| -> Vec<f64> {
        info.lines().find(|l| l.starts_with(key)).map(|l| l.split_whitespace().filter_map(|w| w.parse().ok()).collect()).unwrap_or_default()
    };
    let size = numbers("Page size:");
    assert!(size.len() >= 2, "no page size in pdfinfo output: {info}");
    match numbers("Page rot:").first().map(|r| *r as i64 % 180) {
        Some(90) => (size[1], size[0]),
        _ => (size[0], size[1]),
    }
}

pub fn text(path: &Path) -> String {
    tool("pdftotext", &["-raw"], path)
}

/// (font name, embedded, subset) for each font of the PDF.
pub fn fonts(path: &Path) -> Vec<(String, bool, bool)> {
    let out = Command::new("pdffonts").arg(path).output().expect("pdffonts (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [encoding…] emb sub uni object ID: the yes/no flags are the 5th–3rd from the end.
            let n = cols.len();
            (n >= 7).then(|| (cols[0].to_string(), cols[n - 5] == "yes", cols[n - 4] == "yes"))
        })
        .collect()
}

/// Words with their position: (word, x_min, y_min) in points from the top-left.
pub fn words(path: &Path) -> Vec<(String, f64, f64)> {
    boxes(path).into_iter().map(|(w, b)| (w, b[0], b[1])).collect()
}

/// Words with their bounding boxes [x_min, y_min, x_max, y_max] in points, via pdftotext -bbox.
pub fn boxes(path: &Path) -> Vec<(String, [f64; 4])> {
    let html = tool("pdftotext", &["-bbox"], path);
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let attr = |name: &str| -> Option<f64> {
                let start = l.find(&format!("{name}=\""))? + name.len() + 2;
                l[start..].split('"').next()?.parse().ok()
            };
            let word = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, [attr("xMin")?, attr("yMin")?, attr("xMax")?, attr("yMax")?]))
        })
        .collect()
}

/// (width px, height px, x-ppi) of each image, via pdfimages -list.
pub fn images(path: &Path) -> Vec<(u32, u32, f64)> {
    let out = Command::new("pdfimages").arg("-list").arg(path).output().expect("pdfimages (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
            (c.len() >= 14).then(|| Some((c[3].parse().ok()?, c[4].parse().ok()?, c[12].parse().ok()?))).flatten()
        })
        .collect()
}

/// The first page as a viewer shows it, in grey at `dpi` (pdftoppm), to compare what was drawn.
pub fn render_gray(path: &Path, dpi: u32) -> image::GrayImage {
    let out = Command::new("pdftoppm").args(["-r", &dpi.to_string(), "-gray", "-png", "-singlefile", "-f", "1"]).arg(path).output().expect("pdftoppm (poppler-utils)");
    assert!(out.status.success(), "pdftoppm {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    image::load_from_memory(&out.stdout).unwrap_or_else(|e| panic!("pdftoppm's page of {}: {e}", path.display())).to_luma8()
}

/// How much of `a`'s ink (darker than mid-grey) has ink of `b` within one pixel: 1.0 when `b`
/// covers all of it. Two drawings of one layout at one resolution score near 1 both ways; a
/// drawing moved by a millimetre, or with other words, does not.
pub fn ink_covered(a: &image::GrayImage, b: &image::GrayImage) -> f64 {
    let ink = |img: &image::GrayImage, x: i64, y: i64| x >= 0 && y >= 0 && (x as u32) < img.width() && (y as u32) < img.height() && img.get_pixel(x as u32, y as u32)[0] < 128;
    let (mut total, mut covered) = (0u64, 0u64);
    for (x, y, p) in a.enumerate_pixels() {
        if p[0] >= 128 {
            continue;
        }
        total += 1;
        let (x, y) = (i64::from(x), i64::from(y));
        if (-1..=1).any(|dy| (-1..=1).any(|dx| ink(b, x + dx, y + dy))) {
            covered += 1;
        }
    }
    if total == 0 {
        return 0.0;
    }
    covered as f64 / total as f64
}
