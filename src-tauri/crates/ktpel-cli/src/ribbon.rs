//! `ktpel ribbon change|status`: the printers' ribbons, for the desk and for scripts.

use std::process::ExitCode;

use ktpel_core::{Result, Station};
use serde_json::json;

use crate::cli::{Cli, RibbonCmd};
use crate::output::{self, say, table};
use crate::session::login;

pub fn ribbon(cli: &Cli, station: &mut Station, cmd: &RibbonCmd) -> Result<ExitCode> {
    match cmd {
        RibbonCmd::Change { printer, capacity } => {
            let actor = login(cli, station)?;
            let change = station.change_ribbon(&actor, printer, *capacity)?;
            say(cli, json!(change), &format!("Pita baru di printer {} dicatat: {} cetakan", change.printer, change.capacity));
        }
        RibbonCmd::Status => {
            let all = station.ribbon_status()?;
            if cli.json {
                output::json(&all);
            } else if all.is_empty() {
                println!("Belum ada penggantian pita yang dicatat; catat dengan `ktpel ribbon change PRINTER`");
            } else {
                let cells = all
                    .iter()
                    .map(|r| vec![r.printer.clone(), r.capacity.to_string(), r.used.to_string(), r.remaining.to_string(), r.warning().unwrap_or_default()])
                    .collect::<Vec<_>>();
                table(&["PRINTER", "KAPASITAS", "TERPAKAI", "SISA", "PERINGATAN"], &cells);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
