//! The office's papers from the command line: the berita acara pemusnahan, the monthly summary
//! upward, the service standard report, and the public stock poster.

use std::path::Path;
use std::process::ExitCode;

use ktpel_core::station::performance::Span;
use ktpel_core::station::public_papers::PosterKind;
use ktpel_core::station::ReportFormat;
use ktpel_core::{CoreError, Result, Station};
use serde_json::json;

use crate::cli::Cli;
use crate::output::{say, write_file};
use crate::session::office_day;

/// Writes the berita acara of record `record` to `out`; the paper's size in bytes.
pub fn write_destruction(station: &Station, record: &str, out: &Path) -> Result<usize> {
    let bytes = station.destruction_pdf(record)?;
    write_file(out, &bytes)?;
    Ok(bytes.len())
}

/// `ktpel report destruction NO --out FILE.pdf`
pub fn destruction(cli: &Cli, station: &Station, record: &str, out: Option<&Path>) -> Result<ExitCode> {
    let out = out.ok_or_else(|| CoreError::invalid("--out", "sebutkan berkas berita acara: --out BERKAS.pdf"))?;
    let n = write_destruction(station, record, out)?;
    say(cli, json!({ "record": record.trim(), "out": out, "bytes": n }), &format!("Berita acara pemusnahan {} ditulis ke {}", record.trim(), out.display()));
    Ok(ExitCode::SUCCESS)
}

/// `ktpel report destruction [--year Y]`: the year's records, so a script finds the number to
/// print again.
pub fn destructions(cli: &Cli, station: &Station, year: Option<i32>) -> Result<ExitCode> {
    let year = match year {
        Some(y) => y,
        None => chrono::Datelike::year(&station.today()?),
    };
    let records = station.destructions_of_year(year)?;
    let lines: Vec<String> = records.iter().map(|r| format!("{}\t{}\t{} keping\tsaksi: {}", r.record_no, r.destroyed_on, r.serials.len(), r.witnesses.join(", "))).collect();
    let text = if lines.is_empty() { format!("Tidak ada pemusnahan tercatat pada tahun {year}.") } else { lines.join("\n") };
    say(cli, json!({ "year": year, "records": records }), &text);
    Ok(ExitCode::SUCCESS)
}

/// `ktpel blanko to-destroy`: the disabled blanks the next destruction takes, with their chips.
pub fn to_destroy(cli: &Cli, station: &Station) -> Result<ExitCode> {
    let blanks = station.awaiting_destruction()?;
    let lines: Vec<String> = blanks.iter().map(|b| format!("{}\t{}", b.serial, b.chip.as_deref().unwrap_or("-"))).collect();
    let text = if lines.is_empty() { "Tidak ada blanko rusak yang menunggu pemusnahan.".to_string() } else { format!("{}\n{} keping menunggu pemusnahan", lines.join("\n"), blanks.len()) };
    say(cli, json!({ "blanks": blanks }), &text);
    Ok(ExitCode::SUCCESS)
}

/// `ktpel report service [--date D | --month YYYY-MM] --format pdf|json [--out FILE]`
pub fn service(cli: &Cli, station: &Station, date: Option<&str>, month: Option<&str>, format: &str, out: Option<&Path>) -> Result<ExitCode> {
    let span = match month {
        Some(m) => Span::month(m)?,
        None => Span::Day(office_day(station, date)?),
    };
    let bytes = match format {
        "pdf" => station.service_report_pdf(span)?,
        _ => serde_json::to_vec_pretty(&station.service_report(span)?).map_err(|e| CoreError::Layout(format!("JSON: {e}")))?,
    };
    match out {
        Some(path) => {
            write_file(path, &bytes)?;
            say(cli, json!({ "out": path, "bytes": bytes.len() }), &format!("Laporan kinerja {} ditulis ke {}", span.label(), path.display()));
        }
        None if format == "json" => println!("{}", String::from_utf8_lossy(&bytes)),
        None => return Err(CoreError::invalid("--out", "format pdf ditulis ke berkas: sebutkan --out BERKAS.pdf")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `ktpel report monthly --month YYYY-MM --format pdf|xlsx|json [--out FILE]`
pub fn monthly(cli: &Cli, station: &Station, month: &str, format: &str, out: Option<&Path>) -> Result<ExitCode> {
    let span = Span::month(month)?;
    let format = ReportFormat::parse(format)?;
    if out.is_none() && format != ReportFormat::Json {
        return Err(CoreError::invalid("--out", format!("format {} ditulis ke berkas: sebutkan --out BERKAS", format.extension())));
    }
    let bytes = station.monthly_report_file(span, format)?;
    match out {
        Some(path) => {
            write_file(path, &bytes)?;
            say(cli, json!({ "out": path, "bytes": bytes.len() }), &format!("Laporan bulanan {} ditulis ke {}", span.label(), path.display()));
        }
        None => println!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(ExitCode::SUCCESS)
}

/// `ktpel blanko poster --out FILE.png|FILE.pdf`
pub fn poster(cli: &Cli, station: &Station, out: &Path) -> Result<ExitCode> {
    let kind = PosterKind::of_path(out)?;
    let stock = station.public_stock(ktpel_core::time::now())?;
    let bytes = station.poster(ktpel_core::time::now(), kind)?;
    write_file(out, &bytes)?;
    say(cli, json!({ "out": out, "bytes": bytes.len(), "in_stock": stock.in_stock }), &format!("Poster stok blanko ({} keping) ditulis ke {}", stock.in_stock_words, out.display()));
    Ok(ExitCode::SUCCESS)
}
