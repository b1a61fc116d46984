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
    assert!(listed.status.success() && !text(&listed.stderr).contains("peringatan"), "{}", text(&listed.stderr));

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
    let today = ktpel_core::time::wib_date(ktpel_core::time::now());
    let old = backups.join(format!("station-{}.sqlite", (today - chrono::Duration::days(3)).format("%Y-%m-%d")));
    std::fs::rename(&made[0], &old).unwrap();
    let warnings = k.station().backup_warnings().unwrap();
    assert!(warnings.iter().any(|w| w.contains("cadangan terakhir bertanggal")), "{warnings:?}");
    // A data disk of a few megabytes is low (under 1 GB).
    let out = moved_to_small_disk(&k.db, "8m", &["backup", "list"]);
    assert!(text(&out.stderr).contains("ruang disk data tinggal"), "{}", text(&out.stderr));
}
