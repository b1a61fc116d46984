//! Every CSV the station writes goes through here. A register or report CSV is opened in Excel or
//! LibreOffice by someone at the office; a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is run there as a formula (CSV injection: `=1+1`, `+SUM(1+1)*cmd|' /C calc'!A0`).
//! Such a cell is written as text by putting a `'` before it (OWASP's rule), so what the station
//! recorded is what the reader sees and nothing runs. A plain number (`-3`, a negative adjustment)
//! is not a formula and stays a number.

use std::borrow::Cow;

use crate::error::{CoreError, Result};

/// Rows of one CSV file (UTF-8, comma-separated, quoted where needed), every cell made safe.
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvOut {
    pub fn new() -> Self {
        CsvOut { writer: csv::Writer::from_writer(Vec::new()) }
    }

    pub fn row<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let safe: Vec<Cow<'_, str>> = cells.into_iter().map(|c| Cow::Owned(neutral(c.as_ref()).into_owned())).collect();
        self.writer.write_record(safe.iter().map(|c| c.as_ref())).map_err(fail)
    }

    pub fn finish(self) -> Result<String> {
        let bytes = self.writer.into_inner().map_err(|e| CoreError::Layout(format!("CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| CoreError::Layout(format!("CSV: {e}")))
    }
}

impl Default for CsvOut {
    fn default() -> Self {
        Self::new()
    }
}

fn fail(e: csv::Error) -> CoreError {
    CoreError::Layout(format!("CSV: {e}"))
}

/// The cell as a spreadsheet must read it: text when it could be taken for a formula.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-3`, `-0.5`: a number a spreadsheet reads as that number, nothing more.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next();
    !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_written_as_text() {
        for risky in ["=1+1", "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "\r=1", "- JL. MERDEKA", "-"] {
            assert_eq!(neutral(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["JL. RAYA 1", "3520065403920001", "-3", "-0.5", "0", "KT000001", "", "SITI-AMINAH"] {
            assert_eq!(neutral(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn the_file_read_back_holds_no_formula_and_every_word() {
        let mut out = CsvOut::new();
        out.row(["alamat", "jumlah"]).unwrap();
        out.row(["=HYPERLINK(\"http://x\",\"klik\")", "-3"]).unwrap();
        let text = out.finish().unwrap();
        let mut back = csv::Reader::from_reader(text.as_bytes());
        let row = back.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'=HYPERLINK(\"http://x\",\"klik\")");
        assert_eq!(&row[1], "-3");
    }
}
