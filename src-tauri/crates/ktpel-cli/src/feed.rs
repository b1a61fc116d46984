//! `ktpel feed …`: configure the approval system's feed, run one round, show its state.

use std::process::ExitCode;

use ktpel_core::feed::sync::sync_once;
use ktpel_core::station::Exclusive;
use ktpel_core::{Result, Station};
use serde_json::json;

use crate::cli::{Cli, FeedCmd};
use crate::output::say;
use crate::session::{login, password_from};
use crate::output;

pub async fn run(cli: &Cli, station: &mut Station, cmd: &FeedCmd) -> Result<ExitCode> {
    match cmd {
        FeedCmd::Configure { url, poll_seconds, timeout_seconds } => {
            let actor = login(cli, station)?;
            let token = password_from("KTPEL_FEED_TOKEN", "Token umpan: ")?;
            station.configure_feed(&actor, url, &token, *poll_seconds, *timeout_seconds)?;
            say(cli, json!({ "url": url, "poll_seconds": poll_seconds }), &format!("Umpan diatur: {url}, tiap {poll_seconds} detik"));
        }
        FeedCmd::Sync => {
            let report = sync_once(&Exclusive::new(station)).await?;
            if cli.json {
                output::json(&report);
            } else {
                println!(
                    "Ditarik {} halaman: {} permohonan baru, {} ditolak, {} konflik; status terkirim {}, gagal {}",
                    report.pages, report.imported, report.rejected, report.conflicts, report.sent, report.send_failures
                );
                if let Some(e) = &report.error {
                    println!("Masalah: {e}");
                }
            }
            return Ok(if report.error.is_some() { ExitCode::from(6) } else { ExitCode::SUCCESS });
        }
        FeedCmd::Status => {
            let s = station.feed_state()?;
            if cli.json {
                output::json(&s);
            } else {
                println!("Alamat: {}", s.base_url.as_deref().unwrap_or("belum dikonfigurasi"));
                println!("Kontak terakhir: {}", s.last_contact_at.as_deref().unwrap_or("belum pernah"));
                println!("Status menunggu dikirim: {}; rekaman ditolak: {}", s.pending, s.rejected);
                if let Some(e) = &s.last_error {
                    println!("Masalah terakhir ({}): {e}", s.last_error_at.as_deref().unwrap_or("-"));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
