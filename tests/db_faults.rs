//! Database faults as the officer meets them: the disk fills up mid-write, the file may not be
//! written, the file is damaged. Each is refused with words that say what to do, nothing is
//! half-written, and a damaged database is replaced only by a checked daily backup restored by
//! an admin (the damaged file kept). Daily backups are made by the first command of the day and
//! pruned by the rotation (`backup.keep_daily/weekly/monthly`). (A newer station's database: `store/migrations.rs`.)

use std::path::{Path, PathBuf};
use std::process::Command;

use ktpel_core::Station;
use ktpel_tests::{core_station, ktpel_bin, records, station_with_users, text, Ktpel, ADMIN, OPERATOR, SUPERVISOR};
use serde_json::Value;

fn counts(st: &Station) -> (i64, i64, i64) {
    ktpel_tests::sqlite_read(&st, |c| {
            let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((n("SELECT count(*) FROM requests")?, n("SELECT count(*) FROM audit_log")?, n("SELECT count(*) FROM blanko")?))
        })
        .unwrap()
}

#[test]
fn a_full_disk_stops_the_work_without_half_writes_and_it_continues_once_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let before = counts(&st);
    // The database may grow by a few pages only: SQLite then answers "disk full" exactly as on a
    // full filesystem.
    ktpel_tests::sqlite_read(&st, |c| {
            let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            c.query_row(&format!("PRAGMA max_page_count = {}", pages + 3), [], |_| Ok(()))?;
            Ok(())
        })
        .unwrap();
    let batch = records::jsonl(&records::good(60, "FULL-"));
    let err = st.import_text(&a.operator, &batch, false).unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert!(err.to_string().contains("disk penuh") && err.to_string().contains("tidak disimpan"), "{err}");
    // The import stopped at the full disk (it did not count the rest as bad records); each
    // request stored before is whole, with its audit row.
    let (requests, audits, blanks) = counts(&st);
    let stored = requests - before.0;
    assert!(stored < 60, "stopped early");
    assert_eq!((audits - before.1, blanks), (stored, before.2), "every stored request has its audit row");
    let before = counts(&st);
    let err = st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT005000").unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert_eq!(counts(&st), before);

    // Room again: importing the same file again continues where it stopped.
    ktpel_tests::sqlite_read(&st, |c| Ok(c.query_row("PRAGMA max_page_count = 1073741823", [], |_| Ok(()))?)).unwrap();
    let again = st.import_text(&a.operator, &batch, false).unwrap();
    assert_eq!((again.imported as i64, again.skipped as i64, again.rejected.len()), (60 - stored, stored, 0));
    ktpel_tests::invariants::all(&st).unwrap();
}

/// Runs ktpel as a user who may read but not write the database (root may write any file, so
/// as root the command runs as `nobody`).
fn as_reader(k: &Ktpel, args: &[&str]) -> std::process::Output {
    let is_root = Command::new("id").arg("-u").output().map(|o| text(&o.stdout).trim() == "0").unwrap_or(false);
    // The other user keeps the file's key in a key folder of its own, given with the recovery key.
    let keys = tempfile::tempdir().unwrap();
    let recovery = ktpel_core::keys::for_database(&k.db).unwrap().expect("an encrypted station").recovery_words();
    if is_root {
        std::os::unix::fs::chown(keys.path(), Some(65534), Some(65534)).unwrap();
    }
    let run = |args: &[&str]| {
        let mut cmd = if is_root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(ktpel_bin());
            c
        } else {
            Command::new(ktpel_bin())
        };
        cmd.arg("--db").arg(&k.db).args(args).env("HOME", "/tmp").env("KTPEL_KEY_DIR", keys.path()).env("KTPEL_RECOVERY_KEY", &recovery).env_remove("KTPEL_PASSWORD").output().expect("run ktpel")
    };
    let unlocked = run(&["data", "unlock"]);
    assert!(unlocked.status.success(), "unlock as the other user: {}", text(&unlocked.stderr));
    run(args)
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_database_is_refused_at_once_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    // The binary's folders must be reachable by the other user; the database file and its
    // folder are readable, not writable.
    chmod(dir.path(), 0o555);
    chmod(&k.db, 0o444);
    let out = as_reader(&k, &["--json", "queue"]);
    chmod(dir.path(), 0o755);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err: Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).expect("a JSON error");
    assert_eq!(err["error"]["code"], "database_read_only", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("izin tulis"), "{err}");
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("cadangan")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
}

fn queue_ids(k: &Ktpel) -> Vec<String> {
    let v: Value = serde_json::from_str(&k.ok(None, &["--json", "queue"])).unwrap();
    v.as_array().unwrap().iter().map(|q| q["request_id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_damaged_database_is_refused_and_an_admin_restores_the_last_backup() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let file = dir.path().join("pagi.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(3, "PAGI-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    // The day's first command made the day's backup, a checked copy.
    let made = backups(dir.path());
    assert_eq!(made.len(), 1, "{made:?}");
    k.ok(None, &["backup", "now"]);
    assert_eq!(queue_ids(&k).len(), 3);

    // Later work, then the file is damaged (its first page overwritten).
    std::fs::write(&file, records::jsonl(&records::good(2, "SIANG-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    let mut bytes = std::fs::read(&k.db).unwrap();
    bytes[..4096].fill(0x5A);
    std::fs::write(&k.db, &bytes).unwrap();

    let out = k.run(None, &["--json", "queue"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).expect("a JSON error");
    assert_eq!(err["error"]["code"], "database_corrupt", "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    let backup = made[0].to_str().unwrap();
    assert!(message.contains("rusak") && message.contains(backup) && message.contains("backup restore"), "{message}");

    // Only an admin of the backup may restore, with the right password.
    let out = k.run(Some(SUPERVISOR), &["backup", "restore", backup]);
    assert!(!out.status.success() && text(&out.stderr).contains("peran"), "{}", text(&out.stderr));
    let out = k.run(Some((ADMIN.0, "salah")), &["backup", "restore", backup]);
    assert!(!out.status.success() && text(&out.stderr).contains("kata sandi salah"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&k.db).unwrap(), bytes, "a refused restore touched nothing");

    let out = k.ok(Some(ADMIN), &["--json", "backup", "restore", backup]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let kept = report["damaged_kept_as"].as_str().expect("the damaged file is kept");
    assert_eq!(std::fs::read(kept).unwrap(), bytes, "kept as it was, for the technician");
    // The station works again with the backup's data: the three morning requests.
    assert_eq!(queue_ids(&k), vec!["PAGI-0001", "PAGI-0002", "PAGI-0003"]);
    let audit = k.ok(None, &["audit", "show", "database"]);
    assert!(audit.contains("database.restore") && audit.contains(ADMIN.0), "{audit}");
    k.ok(None, &["audit", "verify"]);
}

#[test]
fn a_backup_of_a_database_damaged_inside_is_never_kept_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(40, "DALAM-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    let before = backups(dir.path());
    // Damage pages in the middle of the file, header intact.
    let mut bytes = std::fs::read(&k.db).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 8192].fill(0xA5);
    std::fs::write(&k.db, &bytes).unwrap();
    let out = k.run(None, &["--json", "backup", "now"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err: Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).expect("a JSON error");
    assert_eq!(err["error"]["code"], "database_corrupt", "{err}");
    assert_eq!(backups(dir.path()), before, "no damaged copy joined the backups");
}

#[test]
fn old_backups_are_pruned_after_the_days_to_keep() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    // Three days, no weekly or monthly keepers (the rotation: tests/backups.rs).
    for (key, value) in [("backup.keep_daily", "3"), ("backup.keep_weekly", "0"), ("backup.keep_monthly", "0")] {
        k.ok(Some(ADMIN), &["settings", "set", key, value]);
    }
    let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
    let made = backups(dir.path());
    assert_eq!(made.len(), 1);
    for days in [1, 2, 3, 10] {
        let name = format!("station-{}.sqlite", (today - chrono::Duration::days(days)).format("%Y-%m-%d"));
        std::fs::copy(&made[0], dir.path().join("cadangan").join(name)).unwrap();
    }
    k.ok(None, &["backup", "now"]);
    let left: Vec<String> = backups(dir.path()).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let day = |d: i64| format!("station-{}.sqlite", (today - chrono::Duration::days(d)).format("%Y-%m-%d"));
    assert_eq!(left, vec![day(2), day(1), day(0)], "today and the two days before are kept");
    let err = k.run(Some(ADMIN), &["settings", "set", "backup.keep_daily", "0"]);
    assert!(text(&err.stderr).contains("backup.keep_daily"), "{}", text(&err.stderr));
}
