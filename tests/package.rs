//! The release as an office installs it: the Debian package that `src-tauri/scripts/package.sh`
//! builds (the test command runs it first) is installed on this machine with apt, as an office's
//! IT person would, over the previous release (`package.sh --previous`, built from its commit)
//! whose `ktpel` made the desk's data and whose window printed a card. The new one upgrades the
//! database on its first opening (nothing lost, the audit chain verifies), its window prints the
//! next card; the old package put back refuses the newer data; removed, the data stays.

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

/// The release an office may have installed before this one (`package.sh --previous`).
fn the_previous_deb() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/previous");
    let deb = std::fs::read_dir(&dir).ok().and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "deb")));
    deb.unwrap_or_else(|| panic!("no earlier release in {}: run `bash src-tauri/scripts/package.sh --previous` (the test command does)", dir.display()))
}

fn install(deb: &Path) {
    // --allow-downgrades: the earlier release goes over whatever a previous run left installed.
    run(as_root("apt-get").args(["install", "-y", "-qq", "--allow-downgrades", "--reinstall"]).arg(deb).env("DEBIAN_FRONTEND", "noninteractive"));
}

/// The installed `ktpel` on the desk's data.
fn installed_ktpel(desk: &Desk, args: &[&str]) -> std::process::Output {
    Command::new("/usr/bin/ktpel").arg("--db").arg(&desk.ktpel.db).args(args).env_remove("KTPEL_DB").output().expect("installed ktpel")
}

#[test]
fn the_package_installs_over_the_last_release_keeps_its_data_prints_and_leaves_the_data_when_removed() {
    let (previous, deb) = (the_previous_deb(), the_deb());
    let field = |deb: &Path, f: &str| run(Command::new("dpkg-deb").args(["-f"]).arg(deb).arg(f)).trim().to_string();
    let (package, version, old_version) = (field(&deb, "Package"), field(&deb, "Version"), field(&previous, "Version"));
    assert_eq!(version, ktpel_core::about::VERSION, "one version for the app, the CLI and the package");
    assert_eq!(field(&previous, "Package"), package, "the same package, so apt upgrades it");
    let newer = Command::new("dpkg").args(["--compare-versions", &version, "gt", &old_version]).status().expect("dpkg");
    assert!(newer.success(), "{version} must be newer than the earlier release {old_version}");

    // The office's desk on the earlier release: its ktpel made the data, its window printed a card.
    install(&previous);
    let said = run(Command::new("ktpel").arg("--version"));
    assert!(said.starts_with(&format!("ktpel {old_version}\n")), "{said}");
    let desk = ktpel_tests::using_ktpel(Path::new("/usr/bin/ktpel"), || Desk::start(2, 5));
    {
        let s = desk.open_app(Path::new("/usr/bin/stasiun-cetak"));
        desk.login(&s, OPERATOR);
        desk.print_to_capture(&s, "REQ-0001", "KT000001");
        s.click("[data-verdict] .baik");
        s.wait_text("#hasil-akhir", "Nomor register");
    }
    assert_eq!(desk.cups.wait_captured(1).len(), 1, "the earlier release's card reached the printer queue");
    assert!(installed_ktpel(&desk, &["audit", "verify"]).status.success(), "the earlier release's audit chain");

    // The new release over it: files in place, the database upgraded on its first opening.
    install(&deb);
    let files = run(Command::new("dpkg").args(["-L", &package]));
    for needed in ["/usr/bin/stasiun-cetak", "/usr/bin/ktpel", ".desktop", "/usr/share/icons/"] {
        assert!(files.contains(needed), "{needed} in the package:\n{files}");
    }
    let desktop = files.lines().find(|l| l.ends_with(".desktop")).expect("the desktop entry");
    let entry = std::fs::read_to_string(desktop).expect("read the desktop entry");
    assert!(entry.contains("Name=Stasiun Cetak KTP-el") && entry.contains("Comment[id]=Mencetak") && entry.contains("Exec=stasiun-cetak"), "{entry}");
    let said = run(Command::new("ktpel").arg("--version"));
    assert!(said.starts_with(&format!("ktpel {version}\n")) && said.contains("skema basis data"), "{said}");
    let out = installed_ktpel(&desk, &["--json", "data", "versions"]);
    let about: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    assert_eq!(about["opened_by"][0]["version"], version.as_str(), "{about}");
    assert_eq!(about["opened_by"][0]["schema_version"], ktpel_core::store::SCHEMA_VERSION, "the database is at this release's schema: {about}");
    // Nothing lost: the register, the blanks and the audit chain as the earlier release left them.
    let register = text(&installed_ktpel(&desk, &["register", "list"]).stdout);
    assert!(register.contains("KT000001") && register.contains("00001/"), "{register}");
    let verified = installed_ktpel(&desk, &["audit", "verify"]);
    assert!(verified.status.success(), "the audit chain verifies after the upgrade: {}{}", text(&verified.stdout), text(&verified.stderr));

    // The new window on the upgraded data: its Tentang box, and the next card.
    {
        let s = desk.open_app(Path::new("/usr/bin/stasiun-cetak"));
        desk.login(&s, OPERATOR);
        s.click("#buka-tentang");
        s.wait_text("#tentang-versi", &version);
        s.wait_text("#tentang-riwayat", &format!("versi {version} sejak"));
        desk.shot(&s, "40-terpasang-tentang");
        s.click("#tentang-tutup");
        desk.print_to_capture(&s, "REQ-0002", "KT000002");
        s.click("[data-verdict] .baik");
        s.wait_text("#hasil-akhir", "Nomor register");
        desk.shot(&s, "41-terpasang-cetak");
    }
    assert_eq!(desk.cups.wait_captured(2).len(), 2, "the upgraded app's card reached the printer queue");
    let register = text(&installed_ktpel(&desk, &["register", "list"]).stdout);
    assert!(register.contains("KT000001") && register.contains("KT000002"), "{register}");

    // The earlier release put back by mistake: it refuses the newer database and leaves it as it is.
    install(&previous);
    let refused = installed_ktpel(&desk, &["register", "list"]);
    assert!(!refused.status.success() && text(&refused.stderr).contains("versi aplikasi yang lebih baru"), "{}{}", text(&refused.stdout), text(&refused.stderr));

    // Removed: the programs go, the desk's data stays.
    run(as_root("apt-get").args(["remove", "-y", "-qq", &package]).env("DEBIAN_FRONTEND", "noninteractive"));
    assert!(!Path::new("/usr/bin/stasiun-cetak").exists() && !Path::new("/usr/bin/ktpel").exists(), "the programs are gone");
    let st = ktpel_core::Station::open(&desk.ktpel.db).expect("the data is still there");
    assert_eq!(st.register_all().expect("register").len(), 2);
    assert_eq!(st.verify_audit().expect("audit"), None, "no broken link in the audit chain");
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

/// One version and one product name: the workspace's version is the app's, the CLI's, the
/// front end's and both packages'; the product's name is the same in the bundler's configuration,
/// the Windows installer, the window's title and the Tentang box.
#[test]
fn one_version_and_one_product_name_across_the_app_the_cli_and_both_packages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let conf: serde_json::Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).expect("tauri.conf.json");
    assert_eq!(conf["productName"], ktpel_core::about::PRODUCT);
    assert!(conf.get("version").is_none(), "the bundler takes the version from Cargo.toml, not a second place");
    let ui: serde_json::Value = serde_json::from_str(&read("ui/package.json")).expect("ui/package.json");
    assert_eq!(ui["version"], ktpel_core::about::VERSION, "ui/package.json");
    assert!(read("src-tauri/windows/installer.nsi").contains(&format!("!define APP \"{}\"", ktpel_core::about::PRODUCT)));
    assert!(read("ui/index.html").contains(&format!("<title>{}</title>", ktpel_core::about::PRODUCT)));
    assert!(read("src-tauri/scripts/windows.sh").contains("^version = "), "the installer's version is read from Cargo.toml");
}
