//! Handlers for the supervisor's and the accountant's commands: reprint decisions, the usage
//! report and sign-off, stock adjustments, disabling and destroying spoiled blanks, histories.

use std::process::ExitCode;

use chrono::NaiveDate;
use ktpel_core::station::{HistoryEntry, ReportFormat};
use ktpel_core::store::adjustments::AdjustmentKind;
use ktpel_core::store::reprints::Decision;
use ktpel_core::{CoreError, Result, Station};
use serde_json::json;

use crate::cli::{AdjustArgs, Cli, DestroyArgs, ReportCmd, ReprintCmd};
use crate::output::{say, write_file};
use crate::session::{login, office_day};
use crate::output::{self, table};

pub fn reprint(cli: &Cli, station: &mut Station, cmd: &ReprintCmd) -> Result<ExitCode> {
    match cmd {
        ReprintCmd::List => {
            let cases = station.pending_reprints()?;
            if cli.json {
                output::json(&cases);
            } else {
                let rows = cases
                    .iter()
                    .map(|c| {
                        let s = &c.spoiled;
                        vec![c.request_id.clone(), s.blanko_serial.clone(), s.outcome_reason.clone().unwrap_or_default(), s.resolved_by.clone().unwrap_or_default(), c.reprints.to_string()]
                    })
                    .collect::<Vec<_>>();
                table(&["PERMOHONAN", "BLANKO RUSAK", "ALASAN", "DINILAI OLEH", "CETAK ULANG"], &rows);
            }
        }
        ReprintCmd::Show { request_id } => {
            let c = station.reprint_case(request_id)?;
            if cli.json {
                output::json(&c);
            } else {
                let s = &c.spoiled;
                println!("Permohonan {} ({}), {}; cetak ulang disetujui: {}", c.request_id, c.service.label(), c.status.words(), c.reprints);
                println!(
                    "Kartu rusak: blanko {}, printer {}, dicetak {} oleh {}, dinilai {} oleh {}: {}",
                    s.blanko_serial,
                    s.printer,
                    s.created_at,
                    s.created_by,
                    s.resolved_at.clone().unwrap_or_default(),
                    s.resolved_by.clone().unwrap_or_default(),
                    s.outcome_reason.clone().unwrap_or_default()
                );
                for d in &c.decisions {
                    println!("  {} {} oleh {}: {}", d.decided_at, d.decision.words(), d.decided_by, d.note);
                }
            }
        }
        ReprintCmd::Approve { request_id, note } | ReprintCmd::Refuse { request_id, note } => {
            let decision = if matches!(cmd, ReprintCmd::Approve { .. }) { Decision::Approved } else { Decision::Refused };
            let actor = login(cli, station)?;
            let d = station.decide_reprint(&actor, request_id, decision, note)?;
            let next = match decision {
                Decision::Approved => "kembali ke antrean untuk dicetak ulang",
                Decision::Refused => "tidak dicetak ulang",
            };
            say(cli, json!(d), &format!("Cetak ulang {request_id} {} oleh {}; permohonan {next}", decision.words(), d.decided_by));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(cli: &Cli, station: &mut Station, cmd: &ReportCmd) -> Result<ExitCode> {
    match cmd {
        ReportCmd::Daily { date, to, format, out } => {
            let from = office_day(station, date.as_deref())?;
            let to = match to {
                Some(t) => day("--to", t)?,
                None => from,
            };
            let format = ReportFormat::parse(format)?;
            let by = cli.user.clone().unwrap_or_default();
            let bytes = station.usage_report_file(from, to, format, &by)?;
            match out {
                Some(path) => {
                    write_file(path, &bytes)?;
                    say(cli, json!({ "out": path, "bytes": bytes.len() }), &format!("Laporan {from} s.d. {to} ditulis ke {}", path.display()));
                }
                None if matches!(format, ReportFormat::Json | ReportFormat::Csv) => print!("{}", String::from_utf8_lossy(&bytes)),
                None => return Err(CoreError::invalid("--out", format!("format {} ditulis ke berkas: sebutkan --out BERKAS", format.extension()))),
            }
        }
        ReportCmd::Sign { date } => {
            let actor = login(cli, station)?;
            let date = day("--date", date)?;
            let s = station.sign_day(&actor, date)?;
            say(cli, json!(s), &format!("Laporan {date} ditandatangani oleh {} (SHA-256 {})", s.signed_by, s.report_sha256));
        }
        ReportCmd::Destruction { record: Some(record), out, .. } => return crate::papers::destruction(cli, station, record, out.as_deref()),
        ReportCmd::Destruction { record: None, year, .. } => return crate::papers::destructions(cli, station, *year),
        ReportCmd::Monthly { month, format, out } => return crate::papers::monthly(cli, station, month, format, out.as_deref()),
        ReportCmd::Service { date, month, format, out } => return crate::papers::service(cli, station, date.as_deref(), month.as_deref(), format, out.as_deref()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn adjust(cli: &Cli, station: &mut Station, args: &AdjustArgs) -> Result<ExitCode> {
    let actor = login(cli, station)?;
    let kind = AdjustmentKind::parse(&args.kind)?;
    let refers_to = args.refers_to.as_deref().map(|d| day("--refers-to", d)).transpose()?;
    let ids = station.adjust_stock(&actor, kind, &args.serials, &args.reason, refers_to)?;
    say(cli, json!({ "adjustments": ids }), &format!("{} penyesuaian ({}) dicatat", ids.len(), kind.words()));
    Ok(ExitCode::SUCCESS)
}

pub fn disable(cli: &Cli, station: &mut Station, serials: &[String]) -> Result<ExitCode> {
    let actor = login(cli, station)?;
    let n = station.disable_spoiled(&actor, serials)?;
    say(cli, json!({ "disabled": n }), &format!("{n} blanko rusak dicatat sudah dipotong sudutnya"));
    Ok(ExitCode::SUCCESS)
}

pub fn destroy(cli: &Cli, station: &mut Station, args: &DestroyArgs) -> Result<ExitCode> {
    let actor = login(cli, station)?;
    let date = day("--date", &args.date)?;
    let rec = station.record_destruction(&actor, &args.record, date, &args.witnesses, &args.serials)?;
    // The destruction is recorded whatever happens to the file; a paper that could not be
    // written is asked for again with `report destruction NO --out FILE`.
    let paper = match &args.out {
        Some(out) => match crate::papers::write_destruction(station, &rec.record_no, out) {
            Ok(_) => format!(", berita acara ditulis ke {}", out.display()),
            Err(e) => {
                eprintln!("Berita acara belum ditulis ({e}); tulis lagi dengan: ktpel report destruction {} --out BERKAS.pdf", rec.record_no);
                return Ok(ExitCode::FAILURE);
            }
        },
        None => String::new(),
    };
    let mut value = json!(rec);
    value["out"] = json!(args.out);
    say(cli, value, &format!("Berita acara {}: {} blanko dimusnahkan, saksi {}{paper}", rec.record_no, rec.serials.len(), rec.witnesses.join(", ")));
    Ok(ExitCode::SUCCESS)
}

pub fn blanko_history(cli: &Cli, station: &Station, serial: &str) -> Result<ExitCode> {
    let h = station.blanko_history(serial)?;
    if cli.json {
        output::json(&h);
    } else {
        println!("{}: {} (batch {})", h.blanko.serial, h.blanko.state.words(), h.blanko.batch_ref);
        if let Some(c) = &h.chip {
            println!("chip {} (dicatat {} oleh {}, {})", c.chip_uid, if c.step == "receipt" { "saat penerimaan" } else { "saat cetak" }, c.recorded_by, c.recorded_at);
        }
        let rows = h
            .ledger
            .iter()
            .map(|l| vec![l.at.clone(), l.event.words().to_string(), l.by_user.clone(), l.reason.clone().unwrap_or_default(), l.reference.clone().unwrap_or_default()])
            .collect::<Vec<_>>();
        table(&["WAKTU", "KEJADIAN", "OLEH", "ALASAN", "RUJUKAN"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn request_history(cli: &Cli, station: &Station, request_id: &str) -> Result<ExitCode> {
    let h: Vec<HistoryEntry> = station.request_history(request_id)?;
    if cli.json {
        output::json(&h);
    } else {
        let rows = h.iter().map(|e| vec![e.at.clone(), e.words.clone(), format!("{} ({})", e.username, e.role)]).collect::<Vec<_>>();
        table(&["WAKTU", "TINDAKAN", "OLEH"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

fn day(field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| CoreError::invalid(field, "format YYYY-MM-DD, mis. 2026-11-21"))
}
