//! The office's papers from the command line: the berita acara pemusnahan, the monthly summary
//! upward, the service standard report, and the public stock poster.

use std::path::Path;
use std::process::ExitCode;

use ktpel_core::{Result, Station};
use serde_json::json;

use crate::cli::Cli;
use crate::output::{say, write_file};

/// Writes the berita acara of record `record` to `out`; the paper's size in bytes.
pub fn write_destruction(station: &Station, record: &str, out: &Path) -> Result<usize> {
    let bytes = station.destruction_pdf(record)?;
    write_file(out, &bytes)?;
    Ok(bytes.len())
}

/// `ktpel report destruction NO --out FILE.pdf`
pub fn destruction(cli: &Cli, station: &Station, record: &str, out: &Path) -> Result<ExitCode> {
    let n = write_destruction(station, record, out)?;
    say(cli, json!({ "record": record.trim(), "out": out, "bytes": n }), &format!("Berita acara pemusnahan {} ditulis ke {}", record.trim(), out.display()));
    Ok(ExitCode::SUCCESS)
}
