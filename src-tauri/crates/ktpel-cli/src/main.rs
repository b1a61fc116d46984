//! `ktpel`: the print station's command-line tool. Every command is a thin call into
//! `ktpel_core::Station`; this crate only parses arguments, asks for passwords and prints.

mod backup;
mod blanko;
mod cli;
mod cli_report;
mod commands;
mod data;
mod feed;
mod output;
mod papers;
mod register;
mod ribbon;
mod session;
mod supervision;
mod users;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// Exit code of a print whose job did not complete (the card may not have come out).
pub const EXIT_PRINT_NOT_COMPLETED: u8 = 3;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().filter_or("KTPEL_LOG", "warn")).init();
    // The version text is built once per process, before parsing (clap keeps a &'static str).
    let cli = match cli::Cli::command().version(&*version_text().leak()).try_get_matches().and_then(|m| cli::Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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

/// `ktpel --version`: this build, its schema versions, the database it would open (`--db`,
/// `KTPEL_DB` or the default) and the window's log file.
fn version_text() -> String {
    let args: Vec<String> = std::env::args().collect();
    let named = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--db=") {
        Some(v) => Some(v.to_string()),
        None if a == "--db" => args.get(i + 1).cloned(),
        None => None,
    });
    let db = named.unwrap_or_else(|| ktpel_core::paths::default_db_path().display().to_string());
    let about = ktpel_core::about::about(&db);
    // clap prints the name first: "ktpel 0.1.0", then the lines after it.
    format!("{}\n{}", about.version, about.details())
}
