//! One handler per command: arguments in, a call into the station, the result out.

use std::process::ExitCode;
use std::time::Duration;

use ktpel_core::card::Calibration;
use ktpel_core::spool::{self, FollowPolicy, PrinterTarget};
use ktpel_core::station::{cancel, opening, printers, Exclusive, SpoilReason};
use ktpel_core::store::attempts::JobState;
use ktpel_core::store::postgres::is_office;
use ktpel_core::{time, CoreError, Result, Station};
use serde_json::json;

use crate::cli::{AuditCmd, BackupCmd, DataCmd, Cli, Command, ConfirmArgs, OfficeCmd, PrintArgs, PrinterCmd, RegisterCmd, SettingsCmd};
use crate::output::{self, say, table, write_file};
use crate::session::{login, password_from, office_day};
use crate::EXIT_PRINT_NOT_COMPLETED;

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let path = cli.db.clone().unwrap_or_else(ktpel_core::paths::default_db_path);
    // `--db` names a SQLite file or, for an office, its PostgreSQL server.
    let location = path.to_string_lossy().into_owned();
    let office = is_office(&location);
    if let Command::Init { admin, full_name } = &cli.command {
        let mut station = opening::open_desk(&location, cli.station.as_deref())?;
        let password = password_from("KTPEL_PASSWORD", &format!("Kata sandi baru untuk {admin}: "))?;
        station.init(admin, full_name, &password)?;
        let shown = station.store().location();
        let recovery = station.recovery_key();
        say(&cli, json!({ "database": shown, "admin": admin, "recovery_key": recovery }), &format!("Basis data {shown} siap; admin: {admin}"));
        if let (Some(words), false) = (&recovery, cli.json) {
            crate::data::show_recovery_key(words);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Demo { out, count, prefix } = &cli.command {
        let records = ktpel_core::demo::requests((*count).clamp(1, 10_000), time::now(), prefix);
        let text = serde_json::to_string_pretty(&records).map_err(|e| CoreError::invalid("demo", e.to_string()))?;
        write_file(out, text.as_bytes())?;
        say(&cli, json!({ "out": out, "count": records.len() }), &format!("{} permohonan demo ditulis ke {}", records.len(), out.display()));
        return Ok(ExitCode::SUCCESS);
    }
    // A restore must work when the database no longer opens.
    if let Command::Backup(BackupCmd::Restore { file, recovery_key }) = &cli.command {
        if office {
            return Err(CoreError::invalid("backup restore", "mode kantor: basis data ada di server kantor; pulihkan di server dengan pg_restore (lihat README, bagian kantor)"));
        }
        return crate::backup::restore(&cli, &path, file, *recovery_key);
    }
    // Encrypting and unlocking work on the file itself, before (and instead of) opening it.
    if let Command::Data(cmd @ (DataCmd::Encrypt | DataCmd::Unlock)) = &cli.command {
        if office {
            return Err(CoreError::invalid("data", "mode kantor: data ada di server kantor; enkripsi disk dan TLS diatur di server (lihat README, bagian kantor)"));
        }
        return crate::data::on_file(&cli, &path, cmd);
    }
    if !office && !path.exists() {
        return Err(CoreError::DatabaseOpen {
            path: path.display().to_string(),
            reason: "belum ada; jalankan `ktpel init --admin NAMA` atau periksa --db / KTPEL_DB".into(),
        });
    }
    let mut station = opening::open_desk(&location, cli.station.as_deref())?;
    if !station.is_initialised()? {
        return Err(CoreError::DatabaseOpen { path: station.store().location(), reason: "belum diinisialisasi; jalankan `ktpel init --admin NAMA`".into() });
    }
    // The day's backup, by whichever command runs first that day. A failed backup does not stop
    // the desk's work, but a damaged database does.
    if !matches!(cli.command, Command::Backup(_)) {
        match station.backup_if_due() {
            Err(e @ CoreError::DatabaseCorrupt { .. }) => return Err(e),
            Err(e) => eprintln!("peringatan: cadangan harian tidak dibuat: {e}"),
            Ok(Some(ktpel_core::station::backup_ops::BackupMade { copy_problem: Some(problem), .. })) => eprintln!("peringatan: {problem}"),
            Ok(_) => {}
        }
    }
    match &cli.command {
        Command::Init { .. } | Command::Demo { .. } => Ok(ExitCode::SUCCESS),
        Command::User(cmd) => crate::users::user(&cli, &mut station, cmd),
        Command::Import { file, demo } => {
            let actor = login(&cli, &station)?;
            let summary = station.import_file(&actor, file, *demo)?;
            if cli.json {
                output::json(&summary);
            } else {
                println!(
                    "Diimpor: {}, dilewati (sudah ada): {}, konflik: {}, ditolak: {}",
                    summary.imported,
                    summary.skipped,
                    summary.conflicts.len(),
                    summary.rejected.len()
                );
                for r in summary.conflicts.iter().chain(&summary.rejected) {
                    println!("  rekaman {} ({}): {}", r.record, r.request_id.as_deref().unwrap_or("-"), r.reason);
                }
            }
            Ok(if summary.rejected.is_empty() && summary.conflicts.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(4) })
        }
        Command::Blanko(cmd) => crate::blanko::blanko(&cli, &mut station, cmd),
        Command::Ribbon(cmd) => crate::ribbon::ribbon(&cli, &mut station, cmd),
        Command::Reprint(cmd) => crate::supervision::reprint(&cli, &mut station, cmd),
        Command::Report(cmd) => crate::supervision::report(&cli, &mut station, cmd),
        Command::Feed(cmd) => crate::feed::run(&cli, &mut station, cmd).await,
        Command::Backup(cmd) => crate::backup::run(&cli, &station, cmd),
        Command::Data(cmd) => crate::data::run(&cli, &mut station, cmd),
        Command::History { request_id } => crate::supervision::request_history(&cli, &station, request_id),
        Command::Preview { request_id, out, printer } => {
            // FILE.svg gives the screen preview; anything else the PDF the printer would get.
            let bytes = if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
                station.preview_svg(request_id, printer.as_deref())?.into_bytes()
            } else {
                station.preview(request_id, printer.as_deref())?
            };
            write_file(out, &bytes)?;
            say(&cli, json!({ "out": out, "bytes": bytes.len() }), &format!("Pratinjau kartu ditulis ke {}", out.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Print(args) => print(&cli, &mut station, args).await,
        Command::Confirm(args) => confirm(&cli, &mut station, args).await,
        Command::Handover { request_id, recipient, representative, old_card_withdrawn } => {
            let actor = login(&cli, &station)?;
            let row = station.handover(&actor, request_id, recipient, representative.as_deref(), *old_card_withdrawn)?;
            say(&cli, json!(row), &format!("Kartu {request_id} diserahkan kepada {}", row.recipient_name));
            Ok(ExitCode::SUCCESS)
        }
        Command::Find { query } => {
            let found = station.find_requests(query)?;
            if cli.json {
                output::json(&found);
            } else {
                let rows = found
                    .iter()
                    .map(|f| vec![f.request_id.clone(), f.nik.clone(), f.nama.clone(), f.service.as_str().into(), f.status.words().into(), f.register_number.clone().unwrap_or_default()])
                    .collect::<Vec<_>>();
                table(&["PERMOHONAN", "NIK", "NAMA", "LAYANAN", "STATUS", "NOMOR REGISTER"], &rows);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Queue => {
            let items = station.queue(time::now())?;
            if cli.json {
                output::json(&items);
            } else {
                let rows = items
                    .iter()
                    .map(|q| {
                        let left = if q.overdue { format!("TERLAMBAT {} mnt", -q.minutes_left) } else { format!("{} mnt", q.minutes_left) };
                        let status = if q.reprints > 0 { format!("{} (cetak ulang {}×)", q.status.words(), q.reprints) } else { q.status.words().to_string() };
                        vec![q.request_id.clone(), q.service.as_str().into(), q.channel.as_str().into(), q.nik.clone(), q.nama.clone(), status, left]
                    })
                    .collect::<Vec<_>>();
                table(&["PERMOHONAN", "LAYANAN", "KANAL", "NIK", "NAMA", "STATUS", "SISA WAKTU"], &rows);
                // Interrupted or unjudged attempts come first: the officer must resolve them.
                let open = station.open_attempts()?.len();
                if open > 0 {
                    println!("\n{open} percobaan cetak menunggu keputusan: lihat `ktpel attempts`, lalu `ktpel reconcile` / `ktpel confirm`");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Register(RegisterCmd::Export { date, query, dir }) => {
            let actor = login(&cli, &station)?;
            let dir = dir.clone().unwrap_or_else(|| ktpel_core::paths::export_dir(&path));
            let file = station.export_register_csv(&actor, office_day(&station, date.as_deref())?, query, &dir)?;
            say(&cli, json!({ "file": file }), &format!("Register disimpan ke {}", file.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Register(RegisterCmd::ContinueFrom { seq, year, reference }) => crate::register::continue_from(&cli, &mut station, *year, *seq, reference),
        Command::Register(RegisterCmd::Carryovers) => crate::register::carryovers(&cli, &station),
        Command::Register(RegisterCmd::List { date, query }) => {
            let rows = station.register_search(office_day(&station, date.as_deref())?, query)?;
            if cli.json {
                output::json(&rows);
            } else {
                let cells = rows
                    .iter()
                    .map(|r| vec![r.register_number.clone(), r.nik.clone(), r.nama.clone(), r.kel_desa.clone(), r.kecamatan.clone(), r.service.clone(), r.blanko_serial.clone(), r.chip_uid.clone(), r.operator.clone()])
                    .collect::<Vec<_>>();
                table(&["NOMOR REGISTER", "NIK", "NAMA", "KEL/DESA", "KECAMATAN", "LAYANAN", "BLANKO", "CHIP", "PETUGAS"], &cells);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Attempts => {
            let open = station.open_attempts()?;
            show_attempts(&cli, &open);
            Ok(ExitCode::SUCCESS)
        }
        Command::Reconcile => {
            let actor = login(&cli, &station)?;
            let open = station.reconcile(&actor).await?;
            show_attempts(&cli, &open);
            Ok(ExitCode::SUCCESS)
        }
        Command::Cancel { request_id } => {
            let actor = login(&cli, &station)?;
            let report = cancel::cancel(&Exclusive::new(&mut station), &actor, request_id).await?;
            say(&cli, json!(report), &format!(
                "Pekerjaan {} permohonan {} {}. Blanko {} tetap tercatat; periksa printer, lalu: ktpel confirm {} --not-fed (kartu tidak terambil) atau --spoiled ALASAN",
                report.job_id, report.request_id, report.message, report.blanko_serial, report.request_id
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Settings(cmd) => settings(&cli, &mut station, cmd),
        Command::Printer(cmd) => printer(&cli, &mut station, cmd).await,
        Command::Audit(AuditCmd::Verify) => match station.verify_audit()? {
            None => {
                say(&cli, json!({ "ok": true }), "Rantai log audit utuh.");
                Ok(ExitCode::SUCCESS)
            }
            Some(id) => {
                let msg = format!("Rantai log audit PUTUS pada baris {id}: data diubah di luar aplikasi");
                if cli.json {
                    output::json(&json!({ "ok": false, "first_broken_id": id }));
                } else {
                    eprintln!("{msg}");
                }
                Ok(ExitCode::from(5))
            }
        },
        Command::Office(OfficeCmd::ImportStation { file }) => {
            let desk = cli.station.clone().ok_or_else(|| CoreError::invalid("--station", "sebut nama meja asal riwayat ini, mis. --station meja-1"))?;
            let actor = login(&cli, &station)?;
            let a = station.import_station(&actor, file, &desk)?;
            if cli.json {
                output::json(&a);
            } else {
                println!("Riwayat stasiun {} masuk ke kantor sebagai meja {}:", file.display(), a.desk);
                for (table, n) in &a.tables {
                    println!("  {table}: {n}");
                }
                if !a.users_already_there.is_empty() {
                    println!("  pengguna yang sudah ada di kantor: {}", a.users_already_there.join(", "));
                }
                println!("  ujung rantai audit stasiun (terverifikasi, dicatat di log kantor): {}", a.station_chain_tip);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCmd::Show { subject }) => {
            let rows = station.audit_of(subject)?;
            if cli.json {
                output::json(&rows);
            } else {
                let cells = rows.iter().map(|r| vec![r.at.clone(), r.username.clone(), r.role.clone(), r.action.clone(), r.detail.clone()]).collect::<Vec<_>>();
                table(&["WAKTU", "PENGGUNA", "PERAN", "TINDAKAN", "RINCIAN"], &cells);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn cups_server() -> Option<String> {
    spool::target::server_from_env()
}

async fn print(cli: &Cli, station: &mut Station, args: &PrintArgs) -> Result<ExitCode> {
    let actor = login(cli, station)?;
    let target = PrinterTarget::parse(&args.printer, cups_server().as_deref())?;
    let deadline = args.deadline.unwrap_or(station.config()?.print_deadline_seconds as u64);
    let policy = FollowPolicy { deadline: Duration::from_secs(deadline.max(1)), ..FollowPolicy::default() };
    let quiet = cli.json;
    let report = station
        .print_at_desk(&actor, &args.request_id, &args.blanko, args.chip.as_deref(), target, policy, |p| {
            if !quiet {
                eprintln!("  pekerjaan {}: {}", p.job_id, p.words);
            }
        })
        .await?;
    let completed = report.job_state == JobState::Completed;
    if cli.json {
        output::json(&report);
    } else if completed {
        println!("Pekerjaan {} selesai dikirim ke printer {}. Periksa kartunya, lalu: ktpel confirm {} --ok (atau --spoiled ALASAN / --not-fed)",
            report.job_id.unwrap_or_default(), report.printer, report.request_id);
    } else {
        println!("Cetak {} belum tentu berhasil ({}): {}", report.request_id, report.job_state.words(), report.message);
        println!("Blanko {} tetap tercatat dipakai. Periksa printer, lalu: ktpel confirm {} --not-fed (kartu tidak terambil) atau --spoiled ALASAN",
            report.blanko_serial, report.request_id);
    }
    Ok(if completed { ExitCode::SUCCESS } else { ExitCode::from(EXIT_PRINT_NOT_COMPLETED) })
}

async fn confirm(cli: &Cli, station: &mut Station, args: &ConfirmArgs) -> Result<ExitCode> {
    let chosen = [args.ok, args.spoiled.is_some(), args.not_fed].iter().filter(|b| **b).count();
    if chosen != 1 {
        return Err(CoreError::invalid("confirm", "pilih tepat satu: --ok, --spoiled ALASAN atau --not-fed"));
    }
    let actor = login(cli, station)?;
    // An attempt left moving by a crash is first tied to what the spooler knows.
    if station.attempts_of(&args.request_id)?.iter().any(|a| a.outcome.is_none() && a.job_state.is_running()) {
        station.reconcile_request(&actor, &args.request_id).await?;
    }
    if args.ok {
        let row = station.confirm_ok(&actor, &args.request_id)?;
        say(cli, json!(row), &format!("Nomor register {}; permohonan {} siap diserahkan", row.register_number, args.request_id));
    } else if let Some(reason) = &args.spoiled {
        let reason = SpoilReason::parse(reason)?;
        station.confirm_spoiled(&actor, &args.request_id, reason, &args.note)?;
        say(cli, json!({ "request_id": args.request_id, "spoiled": reason }), &format!("Kartu {} dicatat rusak ({}); menunggu persetujuan cetak ulang dari supervisor", args.request_id, reason.words()));
    } else {
        station.confirm_not_fed(&actor, &args.request_id)?;
        say(cli, json!({ "request_id": args.request_id, "not_fed": true }), &format!("Blanko kembali ke stok; permohonan {} kembali ke antrean", args.request_id));
    }
    Ok(ExitCode::SUCCESS)
}

fn show_attempts(cli: &Cli, open: &[ktpel_core::station::OpenAttempt]) {
    if cli.json {
        output::json(&open);
        return;
    }
    if open.is_empty() {
        println!("Tidak ada percobaan cetak yang menunggu keputusan.");
        return;
    }
    let rows = open
        .iter()
        .map(|o| {
            let a = &o.attempt;
            vec![o.request_id.clone(), o.nama.clone(), a.blanko_serial.clone(), a.printer.clone(), a.job_id.map(|j| j.to_string()).unwrap_or("-".into()), a.job_state.words().into(), a.spool_message.clone().unwrap_or_default()]
        })
        .collect::<Vec<_>>();
    table(&["PERMOHONAN", "NAMA", "BLANKO", "PRINTER", "JOB", "STATUS", "PESAN"], &rows);
}

fn settings(cli: &Cli, station: &mut Station, cmd: &SettingsCmd) -> Result<ExitCode> {
    match cmd {
        SettingsCmd::List => {
            let all = station.settings()?;
            if cli.json {
                output::json(&all.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<std::collections::BTreeMap<_, _>>());
            } else {
                table(&["KUNCI", "NILAI"], &all.into_iter().map(|(k, v)| vec![k, v]).collect::<Vec<_>>());
            }
        }
        SettingsCmd::Set { key, value } => {
            let actor = login(cli, station)?;
            station.set_setting(&actor, key, value)?;
            say(cli, json!({ "key": key, "value": value }), &format!("{key} diubah"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn printer(cli: &Cli, station: &mut Station, cmd: &PrinterCmd) -> Result<ExitCode> {
    match cmd {
        PrinterCmd::List => {
            let views = printers::printer_views(&Exclusive::new(station)).await?;
            if cli.json {
                output::json(&views);
            } else {
                let rows = views
                    .iter()
                    .map(|v| {
                        let offset = format!("{:+.1}/{:+.1} mm", v.offset_x_mm, v.offset_y_mm);
                        let reasons = [v.card_size_problem.as_str(), v.reasons_words.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("; ");
                        vec![v.name.clone(), v.state_words.clone(), reasons, offset, v.supplies_words.clone(), v.info.clone()]
                    })
                    .collect::<Vec<_>>();
                table(&["ANTREAN", "STATUS", "ALASAN", "KALIBRASI X/Y", "PERSEDIAAN", "KETERANGAN"], &rows);
            }
        }
        PrinterCmd::Calibrate { name } => {
            let actor = login(cli, station)?;
            let job = printers::print_calibration_card(&Exclusive::new(station), &actor, name).await?;
            say(cli, json!({ "printer": name, "job_id": job }), &format!("Kartu kalibrasi dikirim ke {name} (pekerjaan {job}); pakai kartu uji, bukan blanko"));
        }
        PrinterCmd::Login { server, server_user, ca_file } => {
            let actor = login(cli, station)?;
            let password = match server_user {
                Some(_) => Some(password_from("KTPEL_CUPS_PASSWORD", "Kata sandi server cetak: ")?),
                None => None,
            };
            station.set_spool_login(&actor, server, server_user.as_deref(), password.as_deref(), ca_file.as_deref())?;
            say(cli, json!({ "server": server, "user": server_user, "ca_file": ca_file }), &format!("Data server cetak {server} disimpan"));
        }
        PrinterCmd::Logout { server } => {
            let actor = login(cli, station)?;
            station.remove_spool_login(&actor, server)?;
            say(cli, json!({ "server": server, "removed": true }), &format!("Login server cetak {server} dihapus"));
        }
        PrinterCmd::Logins => {
            let logins = station.spool_logins()?;
            if cli.json {
                output::json(&logins);
            } else {
                let rows = logins.into_iter().map(|l| vec![l.server, l.user.unwrap_or_else(|| "-".into()), l.ca_file.unwrap_or_else(|| "-".into())]).collect::<Vec<_>>();
                table(&["SERVER", "PENGGUNA", "SERTIFIKAT"], &rows);
            }
        }
        PrinterCmd::Set { name, offset_x, offset_y, specimen } => {
            let actor = login(cli, station)?;
            station.set_printer(&actor, name, Calibration::new(*offset_x, *offset_y)?, *specimen)?;
            say(cli, json!({ "printer": name, "offset_x_mm": offset_x, "offset_y_mm": offset_y, "specimen": specimen }), &format!("Pengaturan printer {name} disimpan"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
