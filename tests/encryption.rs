//! Citizens' data at rest: every station file, its WAL and its backups are encrypted (SQLCipher)
//! — a known NIK or name is found in none of their bytes. The key is kept on this computer (here
//! a key folder of the test's own, `KTPEL_KEY_DIR`), and the admin is shown a recovery key once at
//! `init`: with it a backup is restored on a "new PC" (a fresh key store), without it nothing
//! opens. A station file from before encryption is converted by `ktpel data encrypt`, all or
//! nothing, its backups too.

use std::path::{Path, PathBuf};
use std::process::Command;

use ktpel_tests::{ktpel_bin, records, text, ADMIN, OPERATOR};

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file under `dir` (database, WAL, backups, their second places).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// One computer: `ktpel` with a key store of its own.
struct Pc {
    keys: tempfile::TempDir,
}

impl Pc {
    fn new() -> Pc {
        Pc { keys: tempfile::tempdir().unwrap() }
    }

    fn ktpel(&self, db: &Path, user: Option<(&str, &str)>, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new(ktpel_bin());
        cmd.arg("--db").arg(db).env("KTPEL_KEY_DIR", self.keys.path()).env_remove("KTPEL_RECOVERY_KEY").env_remove("KTPEL_DB");
        if let Some((name, password)) = user {
            cmd.args(["--as", name]).env("KTPEL_PASSWORD", password);
        }
        cmd.args(args).output().unwrap()
    }

    fn ok(&self, db: &Path, user: Option<(&str, &str)>, args: &[&str]) -> String {
        let out = self.ktpel(db, user, args);
        assert!(out.status.success(), "ktpel {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }
}

fn init(pc: &Pc, db: &Path) -> String {
    let mut cmd = Command::new(ktpel_bin());
    let out = cmd.arg("--db").arg(db).args(["--json", "init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_KEY_DIR", pc.keys.path()).output().unwrap();
    assert!(out.status.success(), "init: {}", text(&out.stderr));
    let answer: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let words = answer["recovery_key"].as_str().expect("init gives the recovery key").to_string();
    let out = Command::new(ktpel_bin())
        .arg("--db")
        .arg(db)
        .args(["--as", ADMIN.0, "user", "add", OPERATOR.0, "--role", "operator"])
        .env("KTPEL_PASSWORD", ADMIN.1)
        .env("KTPEL_NEW_PASSWORD", OPERATOR.1)
        .env("KTPEL_KEY_DIR", pc.keys.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    words
}

#[test]
fn init_shows_the_recovery_key_once_with_what_it_is_for() {
    let dir = tempfile::tempdir().unwrap();
    let pc = Pc::new();
    let out = Command::new(ktpel_bin()).arg("--db").arg(dir.path().join("station.sqlite")).args(["init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_KEY_DIR", pc.keys.path()).output().unwrap();
    let shown = text(&out.stdout);
    assert!(shown.contains("KUNCI PEMULIHAN") && shown.contains("Tanpa kunci ini"), "{shown}");
    let words = shown.lines().skip_while(|l| !l.contains("KUNCI PEMULIHAN")).nth(1).unwrap_or_default().trim().to_string();
    assert_eq!(ktpel_core::keys::DbKey::from_recovery(&words).unwrap().recovery_words(), words);
    // The key is not beside the data: the data folder holds no key file.
    assert!(files_under(dir.path()).iter().all(|f| !f.to_string_lossy().ends_with(".key")));
    assert_eq!(std::fs::read_dir(pc.keys.path()).unwrap().count(), 1, "one key kept, in the key store");
}

#[test]
fn no_nik_or_name_can_be_read_from_the_database_its_wal_or_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let second = tempfile::Builder::new().prefix("ktpel-kedua-").tempdir_in("/dev/shm").unwrap();
    // A desk at work: the station open, its latest writes still in the WAL.
    let (mut st, a) = ktpel_tests::with_users(ktpel_core::Station::open(&dir.path().join("station.sqlite")).unwrap());
    let recs = records::good(3, "REQ-");
    assert_eq!(st.import_text(&a.operator, &records::jsonl(&recs), false).unwrap().imported, 3);
    st.set_setting(&a.admin, "backup.copy_to", second.path().to_str().unwrap()).unwrap();
    let made = st.backup_now().unwrap();
    assert!(made.copy.is_some(), "{made:?}");
    st.import_text(&a.operator, &records::jsonl(&records::good(1, "SORE-")), false).unwrap();
    let mut files = files_under(dir.path());
    files.extend(files_under(second.path()));
    for needed in ["station.sqlite", "station.sqlite-wal", "cadangan"] {
        assert!(files.iter().any(|f| f.to_string_lossy().contains(needed)), "{needed} among {files:?}");
    }
    assert!(files.iter().any(|f| f.starts_with(second.path())));
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for r in &recs {
            let (nik, nama) = (r["person"]["nik"].as_str().unwrap(), r["person"]["nama"].as_str().unwrap().to_uppercase());
            assert!(!contains(&bytes, nik) && !contains(&bytes, &nama), "{} holds a resident's NIK or name", f.display());
        }
    }
    // The station itself reads them all.
    assert_eq!(st.queue(chrono::Utc::now()).unwrap().len(), 4);
}

#[test]
fn a_backup_restores_on_a_new_pc_only_with_the_recovery_key() {
    let office = tempfile::tempdir().unwrap();
    let pc_a = Pc::new();
    let db_a = office.path().join("station.sqlite");
    let words = init(&pc_a, &db_a);
    let file = office.path().join("masuk.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(2, "REQ-"))).unwrap();
    pc_a.ok(&db_a, Some(OPERATOR), &["import", file.to_str().unwrap()]);
    let made: serde_json::Value = serde_json::from_str(&pc_a.ok(&db_a, None, &["--json", "backup", "now"])).unwrap();
    let backup = PathBuf::from(made["backup"].as_str().unwrap());

    // The old PC is gone; the backup (on a stick) reaches a new PC with its own key store.
    let new_home = tempfile::tempdir().unwrap();
    let pc_b = Pc::new();
    let db_b = new_home.path().join("station.sqlite");
    let stick = new_home.path().join("dari-flashdisk.sqlite");
    std::fs::copy(&backup, &stick).unwrap();
    // Without the recovery key the backup does not open, in words that say what to do.
    let out = pc_b.ktpel(&db_b, Some(ADMIN), &["--json", "backup", "restore", stick.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).unwrap();
    assert_eq!(err["error"]["code"], "database_key_missing", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("kunci pemulihan"), "{err}");
    assert!(!db_b.exists(), "nothing put in place");
    // A wrong recovery key is refused, naming it.
    let wrong = ktpel_core::keys::DbKey::random().unwrap().recovery_words();
    let out = Command::new(ktpel_bin()).arg("--db").arg(&db_b).args(["--as", ADMIN.0, "backup", "restore", stick.to_str().unwrap(), "--recovery-key"]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_RECOVERY_KEY", &wrong).env("KTPEL_KEY_DIR", pc_b.keys.path()).output().unwrap();
    assert!(!out.status.success() && text(&out.stderr).contains("kunci pemulihan"), "{}", text(&out.stderr));
    // With it (as written on paper: lower case, spaces), the station is back on the new PC.
    let typed = words.to_lowercase().replace('-', " ");
    let out = Command::new(ktpel_bin()).arg("--db").arg(&db_b).args(["--as", ADMIN.0, "backup", "restore", stick.to_str().unwrap(), "--recovery-key"]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_RECOVERY_KEY", &typed).env("KTPEL_KEY_DIR", pc_b.keys.path()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let queue: serde_json::Value = serde_json::from_str(&pc_b.ok(&db_b, None, &["--json", "queue"])).unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 2, "the requests are back");
    assert!(pc_b.ok(&db_b, None, &["audit", "verify"]).contains("utuh"));
}

#[test]
fn a_plain_station_file_is_encrypted_all_or_nothing_with_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let pc = Pc::new();
    let db = dir.path().join("station.sqlite");
    // A station file from before encryption: plain SQLite, with work and a backup in it.
    {
        let mut c = rusqlite::Connection::open(&db).unwrap();
        ktpel_core::store::migrations().to_latest(&mut c).unwrap();
    }
    let recs = records::good(2, "LAMA-");
    let file = dir.path().join("masuk.jsonl");
    std::fs::write(&file, records::jsonl(&recs)).unwrap();
    let init = Command::new(ktpel_bin()).arg("--db").arg(&db).args(["init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_KEY_DIR", pc.keys.path()).output().unwrap();
    assert!(init.status.success(), "{}", text(&init.stderr));
    let init = Command::new(ktpel_bin()).arg("--db").arg(&db).args(["--as", ADMIN.0, "user", "add", OPERATOR.0, "--role", "operator"]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_NEW_PASSWORD", OPERATOR.1).env("KTPEL_KEY_DIR", pc.keys.path()).output().unwrap();
    assert!(init.status.success(), "{}", text(&init.stderr));
    pc.ok(&db, Some(OPERATOR), &["import", file.to_str().unwrap()]);
    pc.ok(&db, None, &["backup", "now"]);
    let nik = recs[0]["person"]["nik"].as_str().unwrap().to_string();
    let backups = || files_under(&dir.path().join("cadangan"));
    assert!(contains(&std::fs::read(&db).unwrap(), &nik) && contains(&std::fs::read(&backups()[0]).unwrap(), &nik), "plain before");
    // The station says so until it is converted.
    assert!(text(&pc.ktpel(&db, None, &["backup", "list"]).stderr).contains("belum dienkripsi"));

    // A conversion that cannot finish (its copy cannot be written: something is in the way)
    // changes nothing, and keeps no key.
    let before = std::fs::read(&db).unwrap();
    let in_the_way = db.with_extension("enkripsi.part");
    std::fs::create_dir(&in_the_way).unwrap();
    let out = pc.ktpel(&db, Some(ADMIN), &["data", "encrypt"]);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert_eq!(std::fs::read(&db).unwrap(), before, "all or nothing");
    assert_eq!(std::fs::read_dir(pc.keys.path()).unwrap().count(), 0, "no key kept for a conversion that did not happen");
    std::fs::remove_dir(&in_the_way).unwrap();
    // Only an admin converts.
    let out = pc.ktpel(&db, Some(OPERATOR), &["data", "encrypt"]);
    assert!(!out.status.success() && text(&out.stderr).contains("peran"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let report: serde_json::Value = serde_json::from_str(&pc.ok(&db, Some(ADMIN), &["--json", "data", "encrypt"])).unwrap();
    let words = report["recovery_key"].as_str().unwrap();
    assert!(ktpel_core::keys::DbKey::from_recovery(words).is_ok());
    assert_eq!(report["backups_converted"].as_array().unwrap().len(), 1);
    for f in std::iter::once(db.clone()).chain(backups()) {
        assert!(!contains(&std::fs::read(&f).unwrap(), &nik), "{} still plain", f.display());
    }
    // Everything still there, the conversion audited, and a second run changes nothing.
    let queue: serde_json::Value = serde_json::from_str(&pc.ok(&db, None, &["--json", "queue"])).unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 2);
    assert!(pc.ok(&db, None, &["audit", "show", "database"]).contains("database.encrypt"));
    let again = pc.ktpel(&db, Some(ADMIN), &["data", "encrypt"]);
    assert!(!again.status.success() && text(&again.stderr).contains("sudah terenkripsi"), "{}", text(&again.stderr));
    assert!(!text(&pc.ktpel(&db, None, &["backup", "list"]).stderr).contains("belum dienkripsi"));
}

/// On a Linux desktop the key goes to the session's Secret Service (here GNOME Keyring, unlocked
/// with its password in a D-Bus session of the test's own, as a login does): no key file is
/// written, the keyring on disk does not hold the key in the clear, and outside that session the
/// file does not open. Without a session (a server, SSH) the key goes to a key file of mode 0600.
#[test]
fn on_a_linux_desktop_the_key_is_kept_by_the_secret_service() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("station.sqlite");
    let config = home.path().join("config");
    let script = r#"echo -n "kata-sandi-login" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 90
        "$1" --db "$2" --json init --admin admin || exit 91
        "$1" --db "$2" --json queue >/dev/null || exit 92"#;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script, "sh"])
        .arg(ktpel_bin())
        .arg(&db)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_DATA_HOME", home.path().join("data"))
        // The keyring daemon's sockets in a folder of the test's own: it can never meet another's.
        .env("XDG_RUNTIME_DIR", home.path())
        .env("KTPEL_PASSWORD", ADMIN.1)
        .env_remove("KTPEL_KEY_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .output()
        .expect("dbus-run-session (package dbus) and gnome-keyring");
    assert!(out.status.success(), "({:?}) {}{}", out.status.code(), text(&out.stdout), text(&out.stderr));
    let said = text(&out.stdout);
    let json = said.find('{').zip(said.rfind('}')).map(|(a, b)| &said[a..=b]).unwrap_or("");
    let answer: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("init's JSON ({e}): stdout {said:?}, stderr {:?}", text(&out.stderr)));
    let key = ktpel_core::keys::DbKey::from_recovery(answer["recovery_key"].as_str().unwrap()).unwrap();
    assert!(!config.join("ktpel/kunci").exists(), "no key file on a desktop with a Secret Service");
    let keyrings = home.path().join("data/keyrings");
    let kept = files_under(&keyrings);
    assert!(!kept.is_empty(), "the key is in the login keyring: {kept:?}");
    for f in &kept {
        let bytes = std::fs::read(f).unwrap();
        assert!(!bytes.windows(32).any(|w| w == key.bytes()), "{} holds the key in the clear", f.display());
    }
    // Outside the session nothing holds the key: the file does not open.
    let out = Command::new(ktpel_bin()).arg("--db").arg(&db).args(["--json", "queue"]).env("HOME", home.path()).env("XDG_CONFIG_HOME", &config).env_remove("KTPEL_KEY_DIR").env_remove("DBUS_SESSION_BUS_ADDRESS").env_remove("DISPLAY").output().unwrap();
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap_or("")).expect("a JSON error");
    assert_eq!(err["error"]["code"], "database_key_missing", "{err}");

    // No session at all: a key file, the user's alone.
    let server_db = home.path().join("server.sqlite");
    let out = Command::new(ktpel_bin()).arg("--db").arg(&server_db).args(["init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).env("HOME", home.path()).env("XDG_CONFIG_HOME", &config).env_remove("KTPEL_KEY_DIR").env_remove("DBUS_SESSION_BUS_ADDRESS").env_remove("DISPLAY").output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files = files_under(&config.join("ktpel/kunci"));
    assert_eq!(files.len(), 1, "{files:?}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(config.join("ktpel/kunci")).unwrap().permissions().mode() & 0o777, 0o700);
}
