//! `ktpel data`: the citizens' data this station keeps. `purge` erases the photos and signatures
//! the retention period has passed (an admin; the app does the same every hour).

use std::process::ExitCode;

use ktpel_core::{Result, Station};

use crate::cli::{Cli, DataCmd};
use crate::commands::login;
use crate::output;

pub fn run(cli: &Cli, station: &mut Station, cmd: &DataCmd) -> Result<ExitCode> {
    match cmd {
        DataCmd::Purge => {
            let actor = login(cli, station)?;
            let purged = station.purge_images(&actor)?;
            if cli.json {
                output::json(&purged);
            } else {
                println!(
                    "Foto dan tanda tangan {} permohonan dihapus (selesai lebih dari {} hari lalu).",
                    purged.erased.len(),
                    purged.retention_days
                );
                for id in &purged.erased {
                    println!("  {id}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
