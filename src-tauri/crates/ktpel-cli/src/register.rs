//! `ktpel register continue-from` / `carryovers`: the paper register book an office began the
//! year with, and where the station's numbers continue from it.

use std::process::ExitCode;

use ktpel_core::{Result, Station};
use serde_json::json;

use crate::cli::{Cli, RegisterCmd};
use crate::output::{self, say, table};
use crate::session::login;

pub fn paper_book(cli: &Cli, station: &mut Station, cmd: &RegisterCmd) -> Result<ExitCode> {
    match cmd {
        RegisterCmd::ContinueFrom { seq, year, reference } => {
            let actor = login(cli, station)?;
            let row = station.continue_register_from(&actor, *year, *seq, reference)?;
            say(
                cli,
                json!(row),
                &format!("Register {year}: buku kertas \"{}\" sampai nomor {seq}; kartu pertama di stasiun mendapat nomor {}", row.reference, seq + 1),
            );
        }
        RegisterCmd::Carryovers => {
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
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}
