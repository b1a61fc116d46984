//! Backups that fit and that survive the disk: each copy is made only when its disk can hold it,
//! kept by the rotation, and copied to a second place on another device (`backup.copy_to`). A
//! second place on the same disk, unplugged, or full is told — by `backup now` (exit 7) and by the
//! warnings of `backup list` and the status bar — never skipped in silence. Small disks are real
//! filesystems: a tmpfs of a few kilobytes mounted in a user and mount namespace of the test's
//! own (`unshare`), around the real `ktpel` command.

use std::path::Path;
use std::process::Command;

use ktpel_tests::{ktpel_bin, station_with_users, text, Ktpel, ADMIN};

/// The recovery key of the station file at `db`, as its admin wrote it down at `init`.
fn recovery_of(db: &Path) -> String {
    ktpel_core::keys::for_database(db).unwrap().expect("an encrypted station").recovery_words()
}

fn set_copy_to(k: &Ktpel, dir: &Path) {
    k.ok(Some(ADMIN), &["settings", "set", "backup.copy_to", &dir.to_string_lossy()]);
}

/// A folder on another device than the test's temporary folder (the shared-memory tmpfs).
fn other_device() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("ktpel-kedua-").tempdir_in("/dev/shm").expect("/dev/shm");
    let dev = |p: &Path| std::os::unix::fs::MetadataExt::dev(&std::fs::metadata(p).unwrap());
    assert_ne!(dev(dir.path()), dev(&std::env::temp_dir()), "/dev/shm is another device here");
    dir
}

/// `ktpel ARGS` on `db` with `dir` a fresh tmpfs of `size` (in a namespace of its own, so the
/// mount ends with the command); then what the tmpfs held. (exit code, stdout, stderr, listing)
fn on_small_disk(db: &Path, dir: &Path, size: &str, args: &[&str]) -> (Option<i32>, String, String, String) {
    let script = r#"set -e; mount -t tmpfs -o size="$1" tmpfs "$2"; shift 2; d="$1"; shift; set +e; "$@"; rc=$?; echo "== listing"; ls -A "$d"; exit $rc"#;
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", size])
        .arg(dir)
        .arg(dir)
        .arg(ktpel_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KTPEL_DB")
        .output()
        .expect("unshare (util-linux)");
    let stdout = text(&out.stdout);
    let (before, listing) = stdout.split_once("== listing").unwrap_or((&stdout, ""));
    (out.status.code(), before.to_string(), text(&out.stderr), listing.trim().to_string())
}

/// The station file moved onto a fresh tmpfs of `size` (its key given there with the recovery
/// key, as after a move), then `ktpel ARGS` on it.
fn moved_to_small_disk(db: &Path, size: &str, args: &[&str]) -> std::process::Output {
    let disk = tempfile::tempdir().unwrap();
    let script = r#"set -e; mount -t tmpfs -o size="$1" tmpfs "$2"; cp "$3" "$2/station.sqlite"; "$4" --db "$2/station.sqlite" data unlock >/dev/null; shift 3; exe="$1"; shift; "$exe" --db "$OLDPWD_DISK/station.sqlite" "$@""#;
    Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", size])
        .arg(disk.path())
        .arg(db)
        .arg(ktpel_bin())
        .args(args)
        .env("OLDPWD_DISK", disk.path())
        .env("KTPEL_RECOVERY_KEY", recovery_of(db))
        .env_remove("KTPEL_DB")
        .output()
        .expect("unshare (util-linux)")
}

#[test]
fn a_backup_reaches_a_second_place_on_another_device_and_every_problem_there_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);

    // On the same disk as the data: refused as a second place, the backup itself made.
    let same = dir.path().join("salinan-sama-disk");
    std::fs::create_dir_all(&same).unwrap();
    set_copy_to(&k, &same);
    let out = k.run(None, &["backup", "now", "--json"]);
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("disk yang sama"), "{}", text(&out.stderr));
    let made: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert!(Path::new(made["backup"].as_str().unwrap()).is_file() && made["copy"].is_null());
    assert_eq!(std::fs::read_dir(&same).unwrap().count(), 0);

    // On another device: copied, byte for byte, and nothing to warn about.
    let other = other_device();
    set_copy_to(&k, other.path());
    let made: serde_json::Value = serde_json::from_str(&k.ok(None, &["backup", "now", "--json"])).unwrap();
    let copy = made["copy"].as_str().expect("copied");
    assert_eq!(std::fs::read(copy).unwrap(), std::fs::read(made["backup"].as_str().unwrap()).unwrap());
    let listed = k.run(None, &["backup", "list"]);
    // The machine's own disk may be low (CI's was at 4 %): that warning is the data disk's, tested
    // on a disk of its own below; here no warning may be about either backup place.
    let stderr = text(&listed.stderr);
    let about_backups = stderr.lines().filter(|l| l.starts_with("peringatan") && !l.contains("ruang disk data")).count();
    assert!(listed.status.success() && about_backups == 0, "{stderr}");

    // Unplugged: told by `backup now` and by every `backup list` (and the status bar) after.
    let gone = other.path().join("flashdisk-dicabut");
    set_copy_to(&k, &gone);
    let out = k.run(None, &["backup", "now"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(text(&out.stderr).contains("tidak ada atau tidak terpasang"), "{}", text(&out.stderr));
    let listed = k.run(None, &["backup", "list"]);
    assert!(text(&listed.stderr).contains("tidak ada atau tidak terpasang"), "{}", text(&listed.stderr));
    assert!(k.station().status().unwrap().warnings.iter().any(|w| w.contains("flashdisk-dicabut")));
}

#[test]
fn a_disk_that_cannot_hold_the_copy_gets_none_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    // A second place of 256 KB: the copy (with its margin) does not fit; nothing half-written.
    let small = other_device();
    set_copy_to(&k, small.path());
    let (code, _, stderr, listing) = on_small_disk(&k.db, small.path(), "256k", &["backup", "now"]);
    assert_eq!(code, Some(7), "{stderr}");
    assert!(stderr.contains("ruang disk") && stderr.contains("tidak cukup"), "{stderr}");
    assert_eq!(listing, "", "no part of a copy left on the full disk");

    // The station's own disk too small: no backup started, the error names the disk.
    let out = moved_to_small_disk(&k.db, "2m", &["--json", "backup", "now"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).expect("a JSON error");
    assert_eq!(err["error"]["code"], "disk_full", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("tidak cukup untuk cadangan"), "{err}");
}

#[test]
fn a_low_data_disk_and_an_old_backup_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), None);
    // The last backup is three days old: the daily one stopped being made.
    let backups = dir.path().join("cadangan");
    let made: Vec<_> = std::fs::read_dir(&backups).unwrap().flatten().map(|e| e.path()).collect();
    let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
    let old = backups.join(format!("station-{}.sqlite", (today - chrono::Duration::days(3)).format("%Y-%m-%d")));
    std::fs::rename(&made[0], &old).unwrap();
    let warnings = k.station().backup_warnings().unwrap();
    assert!(warnings.iter().any(|w| w.contains("cadangan terakhir bertanggal")), "{warnings:?}");
    // A data disk of a few megabytes is low (under 1 GB).
    let out = moved_to_small_disk(&k.db, "8m", &["backup", "list"]);
    assert!(text(&out.stderr).contains("ruang disk data tinggal"), "{}", text(&out.stderr));
}

/// Every row of every table (full-text shadow tables aside) and the schema, as SQLite reads them.
fn everything(db: &Path) -> (i64, Vec<String>, Vec<(String, Vec<Vec<rusqlite::types::Value>>)>) {
    let st = ktpel_core::Station::open(db).unwrap();
    ktpel_tests::sqlite_read(&st, |c| {
        let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut q = c.prepare("SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")?;
        let schema = q.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        let mut q = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'requests_name_%' ORDER BY name")?;
        let tables = q.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        let mut rows = Vec::new();
        for t in tables {
            let mut q = c.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))?;
            let n = q.column_count();
            let all = q.query_map([], |r| (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>())?.collect::<Result<Vec<_>, _>>()?;
            rows.push((t, all));
        }
        Ok((version, schema, rows))
    })
    .unwrap()
}

#[test]
fn a_backup_is_a_small_encrypted_archive_that_restores_the_station_row_for_row() {
    use ktpel_tests::{print_answered, stocked};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("core.sqlite");
    let (mut st, a) = ktpel_tests::core_station(dir.path());
    stocked(&mut st, &a, 60, 80);
    for i in 1..=40 {
        let (req, serial) = (format!("REQ-{i:04}"), format!("KT{i:06}"));
        print_answered(&mut st, &a.operator, &req, &serial, true);
        st.confirm_ok(&a.operator, &req).unwrap();
        if i % 2 == 0 {
            st.handover(&a.operator, &req, "SITI", None, true).unwrap();
        }
    }
    let made = st.backup_now().unwrap();
    let before = everything(&db);
    drop(st);
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let file = size(&db) + std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0);
    let backup = Path::new(&made.path);
    assert!(size(backup) * 2 < file, "the backup ({} B) is a fraction of the station file ({file} B)", size(backup));

    // The station file is damaged; the admin restores the day's backup.
    std::fs::write(&db, b"rusak").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    ktpel_core::station::backup_ops::restore(&db, backup, ADMIN.0, ADMIN.1, None).unwrap();
    let after = everything(&db);
    assert_eq!(after.0, before.0, "schema version");
    assert_eq!(after.1, before.1, "the same tables, indexes, triggers and full-text table");
    assert_eq!(after.2.len(), before.2.len());
    for ((t, rows_after), (_, rows_before)) in after.2.iter().zip(&before.2) {
        if t == "audit_log" {
            // The restore itself is audited after the copied rows.
            assert_eq!(&rows_after[..rows_before.len()], &rows_before[..], "{t}");
            assert_eq!(rows_after.len(), rows_before.len() + 1, "{t}: the restore's own row");
        } else {
            assert_eq!(rows_after, rows_before, "{t}: every row as it was");
        }
    }
    let st = ktpel_core::Station::open(&db).unwrap();
    assert_eq!(st.verify_audit().unwrap(), None, "the audit chain verifies");
    ktpel_tests::invariants::all(&st).unwrap();
    let name = st.request("REQ-0007").unwrap().person.nama;
    let fragment = name.split_whitespace().next().unwrap().to_lowercase();
    assert!(st.find_requests(&fragment).unwrap().iter().any(|f| f.nama == name), "name search works on the restored file");
    // The append-only rules came back with it.
    let raw = ktpel_tests::sqlite_read(&st, |c| Ok(c.execute("UPDATE audit_log SET detail = '{}' WHERE id = 1", []).map_err(|e| e.to_string()))).unwrap();
    assert!(raw.is_err(), "the audit log is append-only after a restore");
    assert!(!ktpel_core::store::sqlite::cipher::is_plain(&db) && !ktpel_core::store::sqlite::cipher::is_plain(backup), "both encrypted");
}

#[test]
fn a_full_copy_from_an_earlier_version_still_restores_and_a_damaged_archive_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("core.sqlite");
    let (mut st, a) = ktpel_tests::core_station(dir.path());
    ktpel_tests::stocked(&mut st, &a, 5, 5);
    let made = st.backup_now().unwrap();
    // What earlier versions kept: the whole (encrypted) file, checkpointed.
    ktpel_tests::sqlite_read(&st, |c| Ok(c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?)).unwrap();
    let yesterday = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()) - chrono::Duration::days(1);
    let old = dir.path().join("cadangan").join(format!("core-{}.sqlite", yesterday.format("%Y-%m-%d")));
    std::fs::copy(&db, &old).unwrap();
    drop(st);

    // An archive with bytes changed in its middle is refused, and the station is left as it was.
    let damaged = dir.path().join("cadangan").join("core-2020-01-01.sqlite");
    let mut bytes = std::fs::read(&made.path).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let before = std::fs::read(&db).unwrap();
    let refused = ktpel_core::station::backup_ops::restore(&db, &damaged, ADMIN.0, ADMIN.1, None).unwrap_err();
    assert!(refused.to_string().contains("rusak"), "{refused}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was replaced");

    let report = ktpel_core::station::backup_ops::restore(&db, &old, ADMIN.0, ADMIN.1, None).unwrap();
    assert_eq!(report.restored_from, old.display().to_string());
    let st = ktpel_core::Station::open(&db).unwrap();
    assert_eq!(st.request("REQ-0005").unwrap().request_id, "REQ-0005");
    assert_eq!(st.verify_audit().unwrap(), None);
}
