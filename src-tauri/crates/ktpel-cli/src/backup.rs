//! `ktpel backup`: make today's copy now, list the copies, and restore one in place of a damaged
//! database (before the station is opened, since a damaged one will not open).

use std::path::Path;
use std::process::ExitCode;

use ktpel_core::station::backup_ops;
use ktpel_core::{CoreError, Result, Station};
use serde_json::json;

use crate::cli::{BackupCmd, Cli};
use crate::output::say;
use crate::session::password_from;
use crate::output::{self, table};

/// Exit code of `backup now` when the backup was made but the second place got no copy.
pub const EXIT_SECOND_PLACE_FAILED: u8 = 7;

pub fn run(cli: &Cli, station: &Station, cmd: &BackupCmd) -> Result<ExitCode> {
    match cmd {
        BackupCmd::Now => {
            let made = station.backup_now()?;
            let copy = made.copy.as_deref().map(|c| format!("; salinan di {c}")).unwrap_or_default();
            say(cli, json!({ "backup": made.path, "copy": made.copy, "copy_problem": made.copy_problem }), &format!("Cadangan dibuat: {}{copy}", made.path));
            if let Some(problem) = &made.copy_problem {
                eprintln!("peringatan: {problem}");
                return Ok(ExitCode::from(EXIT_SECOND_PLACE_FAILED));
            }
        }
        BackupCmd::List => {
            // What needs doing comes first, on stderr, whatever the output format.
            for warning in station.backup_warnings()? {
                eprintln!("peringatan: {warning}");
            }
            let list = station.backups()?;
            if cli.json {
                output::json(&list);
            } else if list.is_empty() {
                println!("Belum ada cadangan.");
            } else {
                let rows = list.iter().map(|b| vec![b.date.clone(), format!("{:.1} MB", b.bytes as f64 / 1e6), b.path.clone()]).collect::<Vec<_>>();
                table(&["tanggal", "ukuran", "berkas"], &rows);
            }
        }
        // Handled before the station is opened.
        BackupCmd::Restore { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(cli: &Cli, db: &Path, file: &Path, ask_recovery: bool) -> Result<ExitCode> {
    let user = cli.user.as_deref().ok_or_else(|| CoreError::invalid("--as", "pemulihan cadangan: sebutkan admin dengan --as NAMA"))?;
    let password = password_from("KTPEL_PASSWORD", &format!("Kata sandi {user}: "))?;
    let recovery = if ask_recovery { Some(crate::data::recovery_key()?) } else { None };
    let report = backup_ops::restore(db, file, user, &password, recovery)?;
    let kept = report.damaged_kept_as.as_deref().map(|k| format!("; berkas lama disimpan sebagai {k}")).unwrap_or_default();
    say(cli, json!(report), &format!("Basis data dipulihkan dari {}{kept}", report.restored_from));
    Ok(ExitCode::SUCCESS)
}
