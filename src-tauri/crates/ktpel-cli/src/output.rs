//! Printing results: plain text for people, JSON with `--json` for scripts.

use std::path::Path;

use ktpel_core::CoreError;
use serde::Serialize;

pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("ktpel: keluaran JSON gagal: {e}"),
    }
}

/// Errors go to stderr; with --json as `{"error": {"code", "message"}}` so scripts can branch.
pub fn error(as_json: bool, e: &CoreError) {
    if as_json {
        eprintln!("{}", serde_json::json!({ "error": { "code": e.code(), "message": e.to_string() } }));
    } else {
        eprintln!("ktpel: {e}");
    }
}

/// A table with columns padded to their widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths.get(i).copied().unwrap_or(0))).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.clone());
    }
}

/// The result of a command: JSON with `--json`, else the sentence for the officer.
pub fn say(cli: &crate::cli::Cli, value: serde_json::Value, text: &str) {
    if cli.json {
        json(&value);
    } else {
        println!("{text}");
    }
}

/// A file the officer asked for (a report, a card PDF), or the error naming it.
pub fn write_file(path: &Path, bytes: &[u8]) -> ktpel_core::Result<()> {
    std::fs::write(path, bytes).map_err(|e| CoreError::Io { path: path.display().to_string(), source: e })
}
