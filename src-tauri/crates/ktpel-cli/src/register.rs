//! `ktpel register continue-from` / `carryovers`: the paper register book an office began the
//! year with, and where the station's numbers continue from it.

use std::process::ExitCode;

use ktpel_core::{Result, Station};
use serde_json::json;

use crate::cli::Cli;
use crate::output::{self, say, table};
use crate::session::login;

pub fn continue_from(cli: &Cli, station: &mut Station, year: i64, seq: i64, reference: &str) -> Result<ExitCode> {
    let actor = login(cli, station)?;
    let row = station.continue_register_from(&actor, year, seq, reference)?;
    say(
        cli,
        json!(row),
        &format!("Register {year}: buku kertas \"{}\" sampai nomor {seq}; kartu pertama di stasiun mendapat nomor {}", row.reference, seq + 1),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn carryovers(cli: &Cli, station: &Station) -> Result<ExitCode> {
    let rows = station.register_carryovers()?;
    if cli.json {
        output::json(&rows);
    } else {
        let cells = rows
            .iter()
            .map(|r| vec![r.year.to_string(), r.last_seq.to_string(), r.reference.clone(), r.recorded_by.clone(), r.recorded_at.clone()])
            .collect::<Vec<_>>();
        table(&["TAHUN", "NOMOR TERAKHIR", "BUKU", "DICATAT OLEH", "PADA"], &cells);
    }
    Ok(ExitCode::SUCCESS)
}
