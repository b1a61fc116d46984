//! The release as an office installs it: the Debian package that `src-tauri/scripts/package.sh`
//! builds (the test command runs it first) is installed on this machine with apt, as an office's
//! IT person would; its `ktpel` and its window are run (a log-in and a print to the capture queue
//! over WebDriver, the installed program in a real window); then it is removed, and the desk's
//! data stays where it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use ktpel_tests::window::Desk;
use ktpel_tests::{text, OPERATOR};

fn the_deb() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/bundle/deb");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "deb")).collect()).unwrap_or_default();
    debs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    debs.pop().unwrap_or_else(|| panic!("no package in {}: run `bash src-tauri/scripts/package.sh` (the test command does)", dir.display()))
}

/// apt and dpkg as root: directly when the test runs as root, else through `sudo -n` (as the
/// test command installs its packages).
fn as_root(program: &str) -> Command {
    let uid = Command::new("id").arg("-u").output().map(|o| text(&o.stdout).trim().to_string()).unwrap_or_default();
    if uid == "0" {
        Command::new(program)
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", "--preserve-env=DEBIAN_FRONTEND", program]);
        c
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn the_package_installs_prints_in_its_window_and_leaves_the_data_when_removed() {
    let deb = the_deb();
    let field = |f: &str| run(Command::new("dpkg-deb").args(["-f"]).arg(&deb).arg(f)).trim().to_string();
    let (package, version) = (field("Package"), field("Version"));
    assert_eq!(version, ktpel_core::about::VERSION, "one version for the app, the CLI and the package");
    run(as_root("apt-get").args(["install", "-y", "-qq", "--allow-downgrades", "--reinstall"]).arg(&deb).env("DEBIAN_FRONTEND", "noninteractive"));
    let files = run(Command::new("dpkg").args(["-L", &package]));
    for needed in ["/usr/bin/stasiun-cetak", "/usr/bin/ktpel", ".desktop", "/usr/share/icons/"] {
        assert!(files.contains(needed), "{needed} in the package:\n{files}");
    }
    let desktop = files.lines().find(|l| l.ends_with(".desktop")).expect("the desktop entry");
    let entry = std::fs::read_to_string(desktop).expect("read the desktop entry");
    assert!(entry.contains("Name=Stasiun Cetak KTP-el") && entry.contains("Comment[id]=Mencetak") && entry.contains("Exec=stasiun-cetak"), "{entry}");

    // The installed CLI, on the PATH.
    let said = run(Command::new("ktpel").arg("--version"));
    assert!(said.contains(ktpel_core::about::VERSION) && said.contains("skema basis data"), "{said}");

    // The installed window: a log-in and a print to the capture queue.
    let desk = Desk::start(1, 5);
    {
        let s = desk.open_app(Path::new("/usr/bin/stasiun-cetak"));
        desk.login(&s, OPERATOR);
        desk.print_to_capture(&s, "REQ-0001", "KT000001");
        s.click("[data-verdict] .baik");
        desk.shot(&s, "40-terpasang");
    }
    assert_eq!(desk.cups.wait_captured(1).len(), 1, "the installed app's card reached the printer queue");
    let out = Command::new("ktpel").arg("--db").arg(&desk.ktpel.db).args(["register", "list"]).output().expect("installed ktpel");
    assert!(text(&out.stdout).contains("KT000001"), "the installed ktpel reads the register: {}{}", text(&out.stdout), text(&out.stderr));

    // Removed: the programs go, the desk's data stays.
    run(as_root("apt-get").args(["remove", "-y", "-qq", &package]).env("DEBIAN_FRONTEND", "noninteractive"));
    assert!(!Path::new("/usr/bin/stasiun-cetak").exists() && !Path::new("/usr/bin/ktpel").exists(), "the programs are gone");
    let st = ktpel_core::Station::open(&desk.ktpel.db).expect("the data is still there");
    assert_eq!(st.register_all().expect("register").len(), 1);
}

#[test]
fn ktpel_version_names_the_build_its_schemas_the_database_and_the_log_file() {
    let version = |args: &[&str], db_env: Option<&str>| {
        let mut cmd = Command::new(ktpel_tests::ktpel_bin());
        cmd.args(args).env("XDG_STATE_HOME", "/var/tmp/keadaan");
        match db_env {
            Some(db) => cmd.env("KTPEL_DB", db),
            None => cmd.env_remove("KTPEL_DB"),
        };
        run(&mut cmd)
    };
    let said = version(&["--db", "/srv/ktpel/meja-1.sqlite", "--version"], None);
    assert!(said.starts_with(&format!("ktpel {}\n", ktpel_core::about::VERSION)), "{said}");
    assert!(said.contains(&format!("skema basis data: {} (server kantor: {})", ktpel_core::store::SCHEMA_VERSION, ktpel_core::store::postgres::OFFICE_SCHEMA_VERSION)), "{said}");
    assert!(said.contains("basis data: /srv/ktpel/meja-1.sqlite") && said.contains("log aplikasi: /var/tmp/keadaan/ktpel/stasiun-cetak"), "{said}");
    // An office server's address is shown without a password, and one with a password is not used.
    let said = version(&["-V"], Some("postgresql://ktpel@kantor.lan/ktpel"));
    assert!(said.contains("basis data: postgresql://ktpel@kantor.lan:5432/ktpel"), "{said}");
    let said = version(&["-V"], Some("postgresql://ktpel:rahasia@kantor.lan/ktpel"));
    assert!(!said.contains("rahasia") && said.contains("kata sandi tidak boleh ada di alamat"), "{said}");
}
