//! `ktpel`: the print station's command-line tool. Every command is a thin call into
//! `ktpel_core::Station`; this crate only parses arguments, asks for passwords and prints.

mod backup;
mod blanko;
mod cli;
mod commands;
mod data;
mod feed;
mod output;
mod session;
mod supervision;
mod users;

use std::process::ExitCode;

use clap::Parser;

/// Exit code of a print whose job did not complete (the card may not have come out).
pub const EXIT_PRINT_NOT_COMPLETED: u8 = 3;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().filter_or("KTPEL_LOG", "warn")).init();
    let cli = cli::Cli::parse();
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ktpel: tidak dapat memulai: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            output::error(json, &e);
            ExitCode::FAILURE
        }
    }
}
