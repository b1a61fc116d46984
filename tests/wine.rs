//! The Windows build of `ktpel` (`ktpel.exe`, from `bash src-tauri/scripts/windows.sh build`, which
//! the test command runs) under Wine: init, users, import, a preview PDF, and a print through the
//! Windows spooler backend — the card drawn with GDI — that reaches a CUPS capture queue (Wine hands
//! GDI jobs to the CUPS server `CUPS_SERVER` names, as PostScript), then the verdict, the
//! register and the office's papers (Kinerja PDF, stock poster, monthly workbook).
//!
//! What Wine cannot show: it does not report job states (after EndDoc the job is gone from its
//! spooler, EnumJobs is a stub, no notifications), so the print here ends "unknown" and the officer
//! judges it, as on a driver that never reports. The job-following rules are covered by the
//! recorded Windows status sequences in `ktpel-core` (`spool/winspool_rules_tests.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ktpel_tests::cupsd::{Cupsd, CAPTURE};
use ktpel_tests::window::start_xvfb;
use ktpel_tests::{pdf, records, text, ADMIN, OPERATOR, SUPERVISOR};

const TARGET: &str = "x86_64-pc-windows-gnu";

/// `ktpel.exe` as `windows.sh build` leaves it.
fn ktpel_exe() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let exe = root.join("target/windows").join(TARGET).join("release/ktpel.exe");
    assert!(exe.is_file(), "{} missing: build it with `bash src-tauri/scripts/windows.sh build` (the test command does)", exe.display());
    exe
}

/// A Wine prefix of the test's own, ktpel.exe beside the stand-in for the one DLL Wine 8 lacks.
struct Wine {
    dir: tempfile::TempDir,
    display: String,
    cups: String,
    xvfb: std::process::Child,
}

/// Nothing of a run is left behind: Wine's server of the prefix and the display.
impl Drop for Wine {
    fn drop(&mut self) {
        let _ = self.command("wineserver").arg("-k").status();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

impl Wine {
    fn start(cups: &Cupsd) -> Wine {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(ktpel_exe(), dir.path().join("ktpel.exe")).expect("copy ktpel.exe");
        let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/scripts/wine/bcryptprimitives.c");
        let out = Command::new("x86_64-w64-mingw32-gcc")
            .args(["-shared", "-o"])
            .arg(dir.path().join("bcryptprimitives.dll"))
            .arg(&shim)
            .arg("-ladvapi32")
            .output()
            .expect("mingw-w64 gcc (the test command installs it)");
        assert!(out.status.success(), "building the ProcessPrng stand-in: {}", text(&out.stderr));
        let (xvfb, display) = start_xvfb();
        let wine = Wine { dir, display, cups: cups.server(), xvfb };
        let boot = wine.command("wineboot").arg("-i").output().expect("wineboot (package wine)");
        assert!(boot.status.success(), "wineboot: {}", text(&boot.stderr));
        wine
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(self.dir.path())
            .env("WINEPREFIX", self.dir.path().join("prefix"))
            .env("WINEDEBUG", "-all")
            .env("DISPLAY", &self.display)
            .env("CUPS_SERVER", &self.cups)
            .env_remove("KTPEL_DB")
            .env_remove("KTPEL_STATION");
        cmd
    }

    /// `ktpel.exe ARGS` on the station file in the test's folder, as `user`.
    fn ktpel(&self, user: Option<(&str, &str)>, args: &[&str]) -> Output {
        let mut cmd = self.command("wine");
        cmd.arg("ktpel.exe").args(["--db", "station.sqlite", "--station", "meja-win"]);
        if let Some((name, password)) = user {
            cmd.args(["--as", name]).env("KTPEL_PASSWORD", password);
        }
        cmd.args(args).output().expect("run wine")
    }

    fn ok(&self, user: Option<(&str, &str)>, args: &[&str]) -> String {
        let out = self.ktpel(user, args);
        assert!(out.status.success(), "ktpel.exe {args:?} ({:?}):\n{}\n{}", out.status.code(), text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn ktpel_exe_prints_a_card_through_the_windows_spooler_under_wine() {
    let cups = Cupsd::start();
    // A card printer whose driver's default page is A4, with CR80 among its papers: the card
    // must come out on CR80, chosen by the station in the job's DEVMODE.
    let queue = "kartu-win";
    cups.add_driver_queue(queue, "kartu-a4-bawaan.ppd", "Printer kartu uji SPESIMEN");
    let wine = Wine::start(&cups);

    let out = wine.command("wine").arg("ktpel.exe").args(["--db", "station.sqlite", "--json", "init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).output().unwrap();
    assert!(out.status.success(), "init: {}", text(&out.stderr));
    // Encrypted from its first page, its key in the Credential Manager (none in a file), the
    // recovery key given once.
    let init: serde_json::Value = serde_json::from_str(&text(&out.stdout)).expect("init's JSON");
    assert!(ktpel_core::keys::DbKey::from_recovery(init["recovery_key"].as_str().unwrap_or_default()).is_ok(), "{init}");
    assert!(!std::fs::read(wine.path("station.sqlite")).unwrap().starts_with(b"SQLite format 3"), "the station file is encrypted");
    for (user, role) in [(OPERATOR, "operator"), (SUPERVISOR, "supervisor")] {
        let out = wine.command("wine").arg("ktpel.exe").args(["--db", "station.sqlite", "--as", ADMIN.0, "user", "add", user.0, "--role", role]).env("KTPEL_PASSWORD", ADMIN.1).env("KTPEL_NEW_PASSWORD", user.1).output().unwrap();
        assert!(out.status.success(), "user add: {}", text(&out.stderr));
    }
    std::fs::write(wine.path("requests.jsonl"), records::jsonl(&records::good(2, "REQ-"))).unwrap();
    wine.ok(Some(OPERATOR), &["import", "requests.jsonl"]);
    wine.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-WIN", "--range", "KT000001..KT000005"]);

    // The preview: the card's PDF, ID-1 sized, with the resident's name.
    wine.ok(Some(OPERATOR), &["preview", "REQ-0001", "--out", "kartu.pdf"]);
    let (w, h) = pdf::page_size_mm(&wine.path("kartu.pdf"));
    assert!((w - 85.6).abs() < 0.5 && (h - 53.98).abs() < 0.5, "ID-1 page: {w} × {h} mm");
    let name = records::good(1, "REQ-")[0]["person"]["nama"].as_str().unwrap_or_default().to_string();
    assert!(pdf::text(&wine.path("kartu.pdf")).contains(&name), "the preview shows {name}");

    // The Windows spooler lists Wine's printers: the CUPS queues.
    let listed = wine.ok(Some(OPERATOR), &["printer", "list"]);
    assert!(listed.contains(CAPTURE) && listed.contains(queue), "{listed}");

    // A printer this PC does not have is refused in Windows's terms (no CUPS, no lpstat), and
    // the blank stays in stock.
    let out = wine.ktpel(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", "Fargo Tidak Ada", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap_or_else(|e| panic!("a JSON error ({e}): {}", text(&out.stderr)));
    let words = err["error"]["message"].as_str().unwrap_or_default();
    assert_eq!(err["error"]["code"], "printer_not_found", "{err}");
    assert!(words.contains("Fargo Tidak Ada") && words.contains("Printer & pemindai") && !words.contains("CUPS"), "{words}");
    let blank: serde_json::Value = serde_json::from_str(&wine.ok(None, &["blanko", "show", "KT000001", "--json"])).expect("JSON");
    assert_eq!(blank["state"], "in_stock");

    // The printer calibrated (its offset) and kept as a specimen printer, and the card as it
    // will get it, to hold the printed card against.
    wine.ok(Some(ADMIN), &["printer", "set", queue, "--offset-x", "1.5", "--offset-y", "-1", "--specimen"]);
    wine.ok(Some(OPERATOR), &["preview", "REQ-0001", "--printer", queue, "--out", "kartu-di-printer.pdf"]);

    // The print: drawn with GDI, handed by Wine to CUPS as PostScript, named as the attempt.
    let started = Instant::now();
    let out = wine.ktpel(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", queue, "--deadline", "20"]);
    assert!(matches!(out.status.code(), Some(0 | 3)), "print ({:?}): {}{}", out.status.code(), text(&out.stdout), text(&out.stderr));
    let job_name = "meja-win-1";
    let (title, body) = wait_for_capture(cups.capture_dir(), Duration::from_secs(60));
    assert_eq!(title.trim(), job_name, "the job carries the attempt's name (reconcile finds it by that)");
    // The driver queue's filters turned Wine's PostScript into the PDF the capture printer keeps.
    let printed = wine.path("printed.pdf");
    std::fs::write(&printed, &body).unwrap();
    assert!(contains(&body, b"/Creator (Wine PostScript Driver)"), "drawn by GDI, through Wine's driver, not our PDF");
    let (w, h) = pdf::page_size_mm(&printed);
    let (short, long) = (w.min(h), w.max(h));
    assert!((short - 53.98).abs() < 1.0 && (long - 85.6).abs() < 1.0, "the driver's CR80 paper, not its default A4: {w} × {h} mm");
    let fonts: Vec<String> = pdf::fonts(&printed).into_iter().map(|f| f.0).collect();
    assert!(fonts.iter().any(|f| f.contains("DejaVuSansCondensed")), "the card fonts went with the drawing: {fonts:?}");
    // Wine draws text as glyph outlines (not searchable): the words are checked by sight. Held
    // against the preview (both rendered at one resolution), the ink of each lies on the other's
    // — the same words in the card fonts at the same places, the photo, the lines — as a person
    // laying the preview on the card would see; the same preview moved by a millimetre does not.
    assert!(!pdf::images(&printed).is_empty(), "the photo on the printed card");
    let (card, page) = (pdf::render_gray(&wine.path("kartu-di-printer.pdf"), LOOK_DPI), pdf::render_gray(&printed, LOOK_DPI));
    let (on_card, on_page) = likeness(&card, &page);
    let moved = likeness(&card, &shifted(&card, LOOK_DPI as f64 / 25.4));
    println!("printed card vs preview: {on_card:.3} of the preview's ink on the card, {on_page:.3} of the card's on the preview; moved 1 mm: {moved:.3?}");
    assert!(on_card > 0.95 && on_page > 0.95, "the printed card is the preview's layout: {on_card:.3} / {on_page:.3}");
    assert!(moved.0.min(moved.1) < 0.75, "a millimetre's move is seen: {moved:?}");
    println!("printed under Wine in {:.1?}: {}", started.elapsed(), text(&out.stdout));

    wine.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);
    let register = wine.ok(Some(OPERATOR), &["register", "list", "--json"]);
    assert!(register.contains("REQ-0001") && register.contains("KT000001"), "{register}");
    // The office's papers from the Windows build, with its embedded faces (no Windows font is
    // asked for): the day's Kinerja PDF, the stock poster, the month's workbook upward.
    wine.ok(None, &["report", "service", "--format", "pdf", "--out", "kinerja.pdf"]);
    let kinerja = pdf::text(&wine.path("kinerja.pdf"));
    assert!(kinerja.contains("LAPORAN KINERJA LAYANAN KTP-EL") && kinerja.contains("REQ-0001"), "{kinerja}");
    wine.ok(None, &["blanko", "poster", "--out", "stok.png"]);
    let poster = image::open(wine.path("stok.png")).expect("the poster is a PNG");
    assert!(poster.width() == 1080 && poster.height() == 1080, "{}×{}", poster.width(), poster.height());
    let month = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()).format("%Y-%m").to_string();
    wine.ok(None, &["report", "monthly", "--month", &month, "--format", "xlsx", "--out", "bulanan.xlsx"]);
    assert!(std::fs::read(wine.path("bulanan.xlsx")).unwrap().starts_with(b"PK"), "the workbook is a zip");

    // The resident's name is in none of the station's files on the Windows side.
    let nik = records::good(1, "REQ-")[0]["person"]["nik"].as_str().unwrap_or_default().to_string();
    for f in std::fs::read_dir(wine.dir.path()).unwrap().flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().contains("station.sqlite")) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!contains(&bytes, name.as_bytes()) && !contains(&bytes, nik.as_bytes()), "{} holds the resident in the clear", f.display());
    }
}

fn wait_for_capture(dir: &Path, limit: Duration) -> (String, Vec<u8>) {
    let deadline = Instant::now() + limit;
    loop {
        let titles: Vec<PathBuf> = std::fs::read_dir(dir).expect("capture dir").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "title")).collect();
        if let Some(t) = titles.first() {
            let title = std::fs::read_to_string(t).unwrap_or_default();
            let body = std::fs::read(t.with_extension("pdf")).or_else(|_| std::fs::read(t.with_extension("prn"))).unwrap_or_default();
            if !body.is_empty() {
                return (title, body);
            }
        }
        assert!(Instant::now() < deadline, "no job reached the capture queue");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Whether `dir` has the file `name`, compared as Windows does (case aside).
fn holds(dir: &Path, name: &str) -> bool {
    std::fs::read_dir(dir).map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().to_lowercase() == name)).unwrap_or(false)
}

const LOOK_DPI: u32 = 150;

/// How much of `card`'s ink is on `page` and the other way round; a portrait page (the driver's
/// paper with the card turned on it) is turned whichever way matches.
fn likeness(card: &image::GrayImage, page: &image::GrayImage) -> (f64, f64) {
    let turned = (card.width() > card.height()) != (page.width() > page.height());
    let pages = if turned { vec![image::imageops::rotate90(page), image::imageops::rotate270(page)] } else { vec![page.clone()] };
    pages.iter().map(|p| (pdf::ink_covered(card, p), pdf::ink_covered(p, card))).fold((0.0, 0.0), |best, s| if s.0 + s.1 > best.0 + best.1 { s } else { best })
}

/// `img` moved right and down by `px` pixels, on white.
fn shifted(img: &image::GrayImage, px: f64) -> image::GrayImage {
    let mut out = image::GrayImage::from_pixel(img.width(), img.height(), image::Luma([255]));
    image::imageops::overlay(&mut out, img, px.round() as i64, px.round() as i64);
    out
}

/// Polls `f` until it gives a value; fails after `limit`.
fn wait_until<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "not seen within {limit:?}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The installer `windows.sh installer` makes (the test command builds it), run silently under
/// Wine: the program and `ktpel.exe` in Program Files, a Start-menu entry; the station's data in
/// the user's application data survives an upgrade (the installer run again) and an uninstall.
#[test]
fn the_installer_installs_upgrades_and_uninstalls_keeping_the_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let version = env!("CARGO_PKG_VERSION");
    let setup = root.join("target/windows").join(format!("stasiun-cetak-{version}-setup.exe"));
    assert!(setup.is_file(), "{} missing: `bash src-tauri/scripts/windows.sh build --app && bash src-tauri/scripts/windows.sh installer` (the test command does)", setup.display());
    let cups = Cupsd::start();
    let wine = Wine::start(&cups);
    let drive_c = wine.path("prefix/drive_c");
    let program = drive_c.join("Program Files/Stasiun Cetak KTP-el");
    let install = || {
        let out = wine.command("wine").arg(&setup).arg("/S").output().expect("run the installer");
        assert!(out.status.success(), "setup /S: {}", text(&out.stderr));
    };
    install();
    for f in ["stasiun-cetak.exe", "ktpel.exe", "WebView2Loader.dll", "uninstall.exe"] {
        assert!(program.join(f).is_file(), "{f} installed in {}", program.display());
    }
    // Every DLL the programs load is Windows's own or installed beside them (bcryptprimitives.dll
    // is Windows 10/11's own; only Wine 8 lacks it).
    let system32 = drive_c.join("windows/system32");
    for exe in ["stasiun-cetak.exe", "ktpel.exe"] {
        let out = Command::new("x86_64-w64-mingw32-objdump").arg("-p").arg(program.join(exe)).output().expect("objdump (mingw-w64)");
        for dll in text(&out.stdout).lines().filter_map(|l| l.trim().strip_prefix("DLL Name: ")).map(str::to_lowercase) {
            let found = holds(&program, &dll) || holds(&system32, &dll) || dll.starts_with("api-ms-win-") || dll == "bcryptprimitives.dll";
            assert!(found, "{exe} needs {dll}, which is neither Windows's nor installed");
        }
    }
    let menu = drive_c.join("ProgramData/Microsoft/Windows/Start Menu/Programs/Stasiun Cetak KTP-el/Stasiun Cetak KTP-el.lnk");
    assert!(menu.is_file(), "Start-menu entry at {}", menu.display());

    // The installed ktpel.exe keeps its data in the user's application data by default.
    std::fs::copy(wine.path("bcryptprimitives.dll"), program.join("bcryptprimitives.dll")).expect("the Wine-only stand-in beside the installed exe");
    let installed = program.join("ktpel.exe");
    let out = wine.command("wine").arg(&installed).args(["init", "--admin", ADMIN.0]).env("KTPEL_PASSWORD", ADMIN.1).output().unwrap();
    assert!(out.status.success(), "init: {}", text(&out.stderr));
    let users = drive_c.join("users");
    let data: Vec<PathBuf> = std::fs::read_dir(&users).expect("users").flatten().map(|u| u.path().join("AppData/Roaming/ktpel/station.sqlite")).filter(|p| p.is_file()).collect();
    assert_eq!(data.len(), 1, "the station's database in %APPDATA%\\ktpel: {data:?}");
    // Its backups and exports go beside it, in the user's application data too.
    let home = data[0].parent().expect("the data folder").to_path_buf();
    for args in [&["backup", "now"][..], &["register", "export"][..]] {
        let out = wine.command("wine").arg(&installed).args(["--as", ADMIN.0]).args(args).env("KTPEL_PASSWORD", ADMIN.1).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let files = |dir: &str| std::fs::read_dir(home.join(dir)).map(|d| d.flatten().count()).unwrap_or(0);
    assert!(files("cadangan") >= 1 && files("ekspor") >= 1, "a backup in cadangan and the register in ekspor under {}", home.display());
    let before = std::fs::read(&data[0]).unwrap();

    // The installed window on a PC without the WebView2 runtime (Wine has none, as a Windows 10
    // PC may not): it tells the officer what to install, on the screen and in its log, instead of
    // vanishing without a word.
    let mut app = wine.command("wine").arg(program.join("stasiun-cetak.exe")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start the app");
    // %LOCALAPPDATA%\ktpel\logs: the platform's log folder, apart from the data.
    let user_dir = home.parent().and_then(|roaming| roaming.parent()).expect("AppData");
    let log = user_dir.join("Local/ktpel/logs").join(ktpel_core::paths::log_file().file_name().expect("a log file name"));
    let said = wait_until(Duration::from_secs(60), || std::fs::read_to_string(&log).ok().filter(|l| l.contains("WebView2")));
    assert!(said.contains("WebView2 Runtime tidak ada") && said.contains("go.microsoft.com/fwlink"), "{said}");
    wait_until(Duration::from_secs(30), || {
        let out = Command::new("xwininfo").args(["-root", "-tree", "-display", &wine.display]).output().ok()?;
        text(&out.stdout).contains("\"Stasiun Cetak KTP-el\"").then_some(())
    });
    assert!(app.try_wait().expect("the app").is_none(), "the message stays until the officer closes it");
    let _ = wine.command("wineserver").arg("-k").status();
    let _ = app.wait();

    install();
    assert_eq!(std::fs::read(&data[0]).unwrap(), before, "an upgrade leaves the data as it was");
    let out = wine.command("wine").arg(program.join("uninstall.exe")).arg("/S").output().unwrap();
    assert!(out.status.success(), "uninstall /S: {}", text(&out.stderr));
    // The uninstaller copies itself to a temporary folder and finishes from there.
    let deadline = Instant::now() + Duration::from_secs(30);
    while program.join("ktpel.exe").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!program.join("ktpel.exe").exists() && !menu.exists(), "the program and its Start-menu entry are gone");
    assert_eq!(std::fs::read(&data[0]).unwrap(), before, "an uninstall leaves the station's data");
}
