//! `ktpel blanko`: the blank cards — receiving a batch, the stock, a count, a blank written off.

use std::process::ExitCode;

use ktpel_core::{time, CoreError, Result, Station};
use serde_json::json;

use crate::cli::{BlankoCmd, Cli};
use crate::output::say;
use crate::session::login;

pub fn blanko(cli: &Cli, station: &mut Station, cmd: &BlankoCmd) -> Result<ExitCode> {
    match cmd {
        BlankoCmd::Receive { batch, range, serials, chip } => {
            let actor = login(cli, station)?;
            let n = match (range, serials) {
                (Some(r), _) => {
                    let (from, to) = r.split_once("..").ok_or_else(|| CoreError::invalid("--range", "tulis AWAL..AKHIR, mis. KT000001..KT000500"))?;
                    match chip {
                        // One blank with its chip: the range names exactly one serial.
                        Some(uid) if from.trim() == to.trim() => station.receive_blanko_with_chips(&actor, batch, &[from.trim().to_string()], &[Some(uid.clone())])?,
                        Some(_) => return Err(CoreError::invalid("--chip", "satu UID hanya untuk satu blanko (--range S..S); untuk satu batch, tulis UID di samping tiap nomor seri dalam berkas --serials")),
                        None => station.receive_blanko_range(&actor, batch, from, to)?,
                    }
                }
                (None, Some(file)) => {
                    let text = std::fs::read_to_string(file).map_err(|e| CoreError::Io { path: file.display().to_string(), source: e })?;
                    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
                    let mut list = Vec::new();
                    let mut chips = Vec::new();
                    for line in lines {
                        let mut parts = line.split_whitespace();
                        list.push(parts.next().unwrap_or_default().to_string());
                        chips.push(parts.next().map(str::to_string));
                    }
                    station.receive_blanko_with_chips(&actor, batch, &list, &chips)?
                }
                (None, None) => return Err(CoreError::invalid("--range / --serials", "sebutkan salah satu")),
            };
            say(cli, json!({ "received": n, "batch": batch }), &format!("{n} blanko diterima (batch {batch})"));
        }
        BlankoCmd::HandOut { desk, range } => {
            let actor = login(cli, station)?;
            let (from, to) = range.split_once("..").ok_or_else(|| CoreError::invalid("--range", "tulis AWAL..AKHIR, mis. KT000001..KT000500"))?;
            let n = station.hand_out_blanko_range(&actor, desk, from, to)?;
            let to_whom = if desk.trim().is_empty() { "stok pusat".to_string() } else { format!("meja {}", desk.trim()) };
            say(cli, json!({ "handed_out": n, "desk": desk.trim() }), &format!("{n} blanko diserahkan ke {to_whom}"));
        }
        BlankoCmd::Stock { public: true } => {
            let line = station.public_stock_line(time::now())?;
            say(cli, json!({ "line": line, "in_stock": station.stock()?.in_stock }), &line);
        }
        BlankoCmd::Stock { public: false } => {
            let s = station.stock()?;
            say(
                cli,
                json!(s),
                &format!(
                    "Stok blanko: {} tersedia, {} sedang dipakai, {} tercetak, {} rusak ({} dipotong sudutnya, {} dimusnahkan), {} hilang (diterima {})",
                    s.in_stock, s.reserved, s.printed, s.spoiled, s.disabled, s.destroyed, s.lost, s.received
                ),
            );
            let by_desk = station.stock_by_desk()?;
            if !cli.json && by_desk.iter().any(|(d, _)| !d.is_empty()) {
                for (desk, n) in by_desk {
                    println!("  {}: {n} tersedia", if desk.is_empty() { "stok pusat".to_string() } else { format!("meja {desk}") });
                }
            }
        }
        BlankoCmd::Poster { out } => return crate::papers::poster(cli, station, out),
        BlankoCmd::Adjust(args) => return crate::supervision::adjust(cli, station, args),
        BlankoCmd::Disable { serials } => return crate::supervision::disable(cli, station, serials),
        BlankoCmd::Destroy(args) => return crate::supervision::destroy(cli, station, args),
        BlankoCmd::ToDestroy => return crate::papers::to_destroy(cli, station),
        BlankoCmd::History { serial } => return crate::supervision::blanko_history(cli, station, serial),
        BlankoCmd::Show { serial } => {
            let b = station.blanko(serial)?.ok_or_else(|| CoreError::NotFound { what: "blanko", id: serial.clone() })?;
            say(cli, json!(b), &format!("{}: {} (batch {}, diterima {} oleh {})", b.serial, b.state.words(), b.batch_ref, b.received_at, b.received_by));
        }
    }
    Ok(ExitCode::SUCCESS)
}
