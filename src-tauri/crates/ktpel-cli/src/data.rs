//! `ktpel data`: the citizens' data this station keeps. `purge` erases the photos and signatures
//! the retention period has passed (an admin; the app does the same every hour); `encrypt`
//! converts a station file from before encryption; `unlock` keeps a file's key on this computer
//! from its recovery key; `versions` tells which versions of the station opened the database.

use std::path::Path;
use std::process::ExitCode;

use ktpel_core::keys::DbKey;
use ktpel_core::station::encryption;
use ktpel_core::{CoreError, Result, Station};
use serde_json::json;

use crate::cli::{Cli, DataCmd};
use crate::output::say;
use crate::session::{login, password_from};
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
        DataCmd::Versions => {
            let about = station.about()?;
            say(cli, json!(about), &format!("ktpel {}\n{}", about.version, about.details()));
        }
        // Handled on the file, before the station is opened.
        DataCmd::Encrypt | DataCmd::Unlock => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `data encrypt` and `data unlock`, on the station file itself.
pub fn on_file(cli: &Cli, db: &Path, cmd: &DataCmd) -> Result<ExitCode> {
    match cmd {
        DataCmd::Encrypt => {
            let user = cli.user.as_deref().ok_or_else(|| CoreError::invalid("--as", "enkripsi basis data: sebutkan admin dengan --as NAMA"))?;
            let password = password_from("KTPEL_PASSWORD", &format!("Kata sandi {user}: "))?;
            let report = encryption::encrypt(db, user, &password)?;
            say(cli, json!(report), &format!("Basis data {} terenkripsi ({} tabel diperiksa; {} cadangan ikut dienkripsi).", report.database, report.tables, report.backups_converted.len()));
            if !cli.json {
                show_recovery_key(&report.recovery_key);
            }
        }
        DataCmd::Unlock => {
            let key = recovery_key()?;
            encryption::unlock(db, &key)?;
            say(cli, json!({ "database": db, "unlocked": true }), &format!("Kunci basis data {} disimpan di komputer ini.", db.display()));
        }
        DataCmd::Purge | DataCmd::Versions => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The recovery key from KTPEL_RECOVERY_KEY or asked at the terminal (never an argument: command
/// lines are seen by other users and kept in shell histories).
pub fn recovery_key() -> Result<DbKey> {
    let text = password_from("KTPEL_RECOVERY_KEY", "Kunci pemulihan: ")?;
    DbKey::from_recovery(&text)
}

/// The recovery key, shown this once with what it is for.
pub fn show_recovery_key(words: &str) {
    println!();
    println!("KUNCI PEMULIHAN (hanya ditampilkan sekali ini):");
    println!("    {words}");
    println!("Tulis di kertas dan simpan di lemari terkunci, terpisah dari komputer dan cadangan.");
    println!("Tanpa kunci ini, basis data dan cadangannya tidak dapat dibuka di komputer lain.");
}
