//! The station under the installed CUPS's stock policy, as an office runs it: job privacy and
//! owner-only cancel. The station asks as the operating-system account it runs under and proves
//! it when CUPS asks (peer credentials over the socket), as `lp` and `cancel` do; every IPP
//! operation it uses, and every way it cancels a job (deadline, stopped printer, reconcile, the
//! officer's Batalkan), ends with the job cancelled and the very same scheduler process alive,
//! over the domain socket and over TCP. A cancel CUPS refuses is told in words and changes nothing.

use std::process::Command;
use std::time::{Duration, Instant};

use ktpel_core::spool::ipp_ops::{self, job_state};
use ktpel_core::spool::{identity, target, FollowOutcome, FollowPolicy, PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::store::attempts::JobState;
use ktpel_core::store::blanko::BlankoState;
use ktpel_tests::cupsd::{self, Cupsd, SLOW, STOP};
use ktpel_tests::{block, core_station, station_with_users, stocked, text, Ktpel, OPERATOR};

const POLICY: FollowPolicy = FollowPolicy { deadline: Duration::from_secs(60), poll: Duration::from_millis(200), grace: Duration::from_secs(2) };

/// The two ways a desk reaches its scheduler: the socket (the desktop default) and TCP.
fn servers(cups: &Cupsd) -> [(&'static str, String); 2] {
    [("soket", cups.socket.display().to_string()), ("tcp", cups.server())]
}

fn spooler(queue: &str, server: &str) -> Spooler {
    Spooler::new(PrinterTarget::parse(queue, Some(server)).expect("target"), SpoolIdentity::of_this_process())
}

/// The job's state as CUPS reports it to its owner.
fn state_in_cups(queue: &str, server: &str, job: i32) -> i32 {
    block(spooler(queue, server).job_info(job)).expect("job info").expect("job known").state
}

/// A small card PDF (the calibration card: no applicant data needed).
fn card_pdf() -> Vec<u8> {
    let layout = ktpel_core::card::calibration::layout(ktpel_core::card::Calibration::default(), "uji");
    ktpel_core::card::pdf::to_pdf(&layout).expect("pdf")
}

#[test]
fn the_private_scheduler_runs_the_installed_stock_policy() {
    let cups = Cupsd::start();
    let ours = cups.config();
    let stock = std::fs::read_to_string(cupsd::STOCK_CONFIG).expect("stock config");
    // Every <Policy> block of the distribution's default, line for line.
    let mut blocks = 0;
    let mut block_text = String::new();
    for line in stock.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if line.trim_start().starts_with("<Policy") || !block_text.is_empty() {
            block_text.push_str(line);
            block_text.push('\n');
        }
        if line.trim_start().starts_with("</Policy>") {
            assert!(ours.contains(&block_text), "policy block missing from the test scheduler:\n{block_text}");
            blocks += 1;
            block_text.clear();
        }
    }
    assert!(blocks >= 1, "no <Policy> in {}", cupsd::STOCK_CONFIG);
    assert!(ours.contains("Require user @OWNER @SYSTEM"), "owner-only cancel is part of the stock policy");
    assert!(!ours.contains("DefaultAuthType None") || stock.contains("DefaultAuthType None"), "no hand-written relaxation");
}

#[test]
fn every_ipp_operation_of_the_station_leaves_the_scheduler_alive_and_the_job_cancelled() {
    let cups = Cupsd::start();
    let pid = cups.pid();
    // A disabled queue keeps each job waiting, so it can be followed, found and cancelled.
    cups.admin("cupsdisable", &[STOP]);
    let me = SpoolIdentity::of_this_process();
    assert_eq!(me.user, identity::os_user());
    for (how, server) in servers(&cups) {
        let endpoint = target::server_endpoint(Some(&server)).expect("endpoint");
        let queues = block(ipp_ops::list_printers(&endpoint, &me, Duration::from_secs(5))).expect("CUPS-Get-Printers");
        assert!(queues.iter().any(|q| q.name == STOP), "{queues:?}");
        cups.assert_alive(pid, &format!("CUPS-Get-Printers over {how}"));

        let s = spooler(STOP, &server);
        let info = block(s.printer_info()).expect("Get-Printer-Attributes");
        cups.assert_alive(pid, &format!("Get-Printer-Attributes over {how}"));

        let name = format!("ktpel-uji-{how}");
        let job = block(s.print_job(card_pdf(), &name, &info.media.template())).expect("Print-Job");
        cups.assert_alive(pid, &format!("Print-Job over {how}"));

        let seen = block(s.job_info(job)).expect("Get-Job-Attributes").expect("job known");
        assert_eq!((seen.name.as_str(), seen.state), (name.as_str(), job_state::PENDING));
        cups.assert_alive(pid, &format!("Get-Job-Attributes over {how}"));

        let listed = block(s.jobs()).expect("Get-Jobs");
        assert!(listed.iter().any(|j| j.id == job && j.name == name), "the owner sees its job's name: {listed:?}");
        cups.assert_alive(pid, &format!("Get-Jobs over {how}"));

        block(s.cancel_job(job)).expect("Cancel-Job as the job's owner");
        cups.assert_alive(pid, &format!("Cancel-Job over {how}"));
        assert_eq!(state_in_cups(STOP, &server, job), job_state::CANCELED);

        // CUPS recorded the job under the account the station runs as (what `lpstat` shows).
        let out = Command::new("lpstat").args(["-h", &server, "-W", "all", "-o", STOP]).env("LANG", "C").output().expect("lpstat");
        let line = text(&out.stdout).lines().find(|l| l.starts_with(&format!("{STOP}-{job} "))).map(str::to_string).unwrap_or_default();
        assert!(line.split_whitespace().nth(1) == Some(me.user.as_str()), "owner of job {job}: {line}");
    }
}

#[test]
fn every_job_the_station_gives_up_on_ends_cancelled_with_the_same_scheduler() {
    let cups = Cupsd::start();
    let pid = cups.pid();
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    stocked(&mut st, &a, 6, 6);
    let mut n = 0;
    let mut next = || {
        n += 1;
        (format!("REQ-{n:04}"), format!("KT{n:06}"))
    };
    for (how, server) in servers(&cups) {
        // At the deadline: a job the printer never finishes.
        let (request, serial) = next();
        let target = PrinterTarget::parse(SLOW, Some(&server)).unwrap();
        let short = FollowPolicy { deadline: Duration::from_secs(3), ..POLICY };
        let report = block(st.print(&a.operator, &request, &serial, target, short, |_| {})).unwrap();
        assert_eq!(report.job_state, JobState::Failed, "{how}: {report:?}");
        assert!(report.message.contains("dibatalkan agar tidak tercetak"), "{how}: {}", report.message);
        assert_eq!(state_in_cups(SLOW, &server, report.job_id.unwrap()), job_state::CANCELED, "{how}: deadline");
        cups.assert_alive(pid, &format!("the deadline's cancel over {how}"));
        st.confirm_not_fed(&a.operator, &request).unwrap();

        // A printer that stops (cover open): given up after the grace period.
        let (request, serial) = next();
        let target = PrinterTarget::parse(STOP, Some(&server)).unwrap();
        let report = block(st.print(&a.operator, &request, &serial, target, POLICY, |_| {})).unwrap();
        assert_eq!(report.job_state, JobState::Failed, "{how}: {report:?}");
        assert_eq!(state_in_cups(STOP, &server, report.job_id.unwrap()), job_state::CANCELED, "{how}: stopped printer");
        cups.assert_alive(pid, &format!("the stopped printer's cancel over {how}"));
        cups.admin("cupsenable", &[STOP]);
        st.confirm_not_fed(&a.operator, &request).unwrap();

        // A leftover whose end was unknown: reconcile finds it waiting and cancels it.
        let (request, serial) = next();
        cups.admin("cupsdisable", &[STOP]);
        let target = PrinterTarget::parse(STOP, Some(&server)).unwrap();
        let s = spooler(STOP, &server);
        let info = block(s.printer_info()).unwrap();
        let plan = st.begin_print(&a.operator, &request, &serial, target, &info).unwrap();
        let submitted = block(s.print_job(plan.pdf.clone(), &plan.job_name, &info.media.template()));
        st.record_submit(&a.operator, &plan, &submitted).unwrap();
        let job = submitted.unwrap();
        st.record_end(&a.operator, plan.attempt_id, &request, &FollowOutcome::Unknown { reason: "penjadwal hilang".into() }).unwrap();
        block(st.reconcile(&a.operator)).unwrap();
        assert_eq!(state_in_cups(STOP, &server, job), job_state::CANCELED, "{how}: reconcile");
        cups.assert_alive(pid, &format!("reconcile's cancel over {how}"));
        assert_eq!(st.open_attempts().unwrap()[0].attempt.job_state, JobState::Failed);
        st.confirm_not_fed(&a.operator, &request).unwrap();
        cups.admin("cupsenable", &[STOP]);
    }
    assert_eq!(st.stock().unwrap().in_stock, 6, "every blank back in stock after the officer's verdicts");
}

/// A desk whose database another account of this PC may open too (to be that account).
fn shared_station(cups_server: &str) -> (tempfile::TempDir, Ktpel) {
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups_server.to_string()));
    let file = dir.path().join("requests.jsonl");
    std::fs::write(&file, ktpel_tests::records::jsonl(&ktpel_tests::records::good(2, "REQ-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    k.ok(Some(ktpel_tests::SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT000002"]);
    (dir, k)
}

fn open_to_all(dir: &std::path::Path) {
    let _ = Command::new("chmod").args(["-R", "a+rwX"]).arg(dir).status();
}

/// Playing a second account of this PC (`nobody`) needs root; CI runs as root.
fn can_be_nobody() -> bool {
    let root = identity::os_user() == "root";
    if !root {
        eprintln!("skipped: being a second account of this PC (nobody) needs root; CI runs as root");
    }
    root
}

/// The same `ktpel` invocation run by the ordinary account `nobody` (its HOME in `home`, where the
/// shared station file is). setpriv execs the program itself (no process in between), so killing
/// it kills ktpel. The station file is encrypted: `nobody` keeps its key in a key folder of its
/// own, given once with the recovery key (`ktpel data unlock`), as a second account of a PC would.
fn as_nobody(cmd: Command, home: &std::path::Path) -> Command {
    let keys = home.join("kunci-nobody");
    if !keys.exists() {
        let db = home.join("station.sqlite");
        let words = ktpel_core::keys::for_database(&db).unwrap().expect("an encrypted station").recovery_words();
        let out = Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--init-groups", "--"])
            .arg(ktpel_tests::ktpel_bin())
            .arg("--db")
            .arg(&db)
            .args(["data", "unlock"])
            .env("HOME", home)
            .env("KTPEL_KEY_DIR", &keys)
            .env("KTPEL_RECOVERY_KEY", words)
            .output()
            .expect("setpriv");
        assert!(out.status.success(), "nobody keeps the station's key: {}", text(&out.stderr));
    }
    let mut other = Command::new("setpriv");
    other.args(["--reuid=nobody", "--regid=nogroup", "--init-groups", "--"]).arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => other.env(key, v),
            None => other.env_remove(key),
        };
    }
    other.env("HOME", home).env("KTPEL_KEY_DIR", &keys);
    other
}

/// `ktpel print` to the slow printer (as this account, or as `nobody`) until CUPS has the job,
/// then the process dies (as in a crash): the attempt stays submitted with its job still moving.
/// Returns the job id.
fn leave_a_moving_job(k: &Ktpel, request: &str, serial: &str, nobody: Option<&std::path::Path>) -> i32 {
    let print = k.command(Some(OPERATOR), &["print", request, "--blanko", serial, "--printer", SLOW, "--deadline", "600"]);
    let mut child = match nobody {
        Some(home) => as_nobody(print, home),
        None => print,
    }
    .spawn()
    .expect("print");
    let start = Instant::now();
    let job = loop {
        let st = k.station();
        let id = st.open_attempts().unwrap().first().and_then(|o| o.attempt.job_id);
        if let Some(id) = id {
            break id as i32;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no job id recorded");
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = child.kill();
    let _ = child.wait();
    job
}

#[test]
fn the_officer_cancels_a_moving_job_and_a_refusal_by_cups_is_told_and_changes_nothing() {
    if !can_be_nobody() {
        return;
    }
    let cups = Cupsd::start();
    let pid = cups.pid();
    for (how, server) in servers(&cups) {
        let (dir, k) = shared_station(&server);
        let job = leave_a_moving_job(&k, "REQ-0001", "KT000001", None);
        open_to_all(dir.path());

        // Another account of the PC (`nobody`: not the job's owner, not a CUPS admin) presses Batalkan.
        let out = as_nobody(k.command(Some(OPERATOR), &["cancel", "REQ-0001"]), dir.path()).output().expect("setpriv");
        let said = text(&out.stderr) + &text(&out.stdout);
        eprintln!("{how}, cancel as nobody: {}", said.trim());
        assert!(!out.status.success(), "{how}: a refused cancel is not a success: {said}");
        assert!(said.contains("pembatalan pekerjaan") && said.contains("tetap terbuka"), "{how}: {said}");
        assert!(said.contains("nobody") || said.contains("autentikasi"), "{how}: the refusal says why: {said}");
        cups.assert_alive(pid, &format!("a refused cancel over {how}"));
        let untouched = state_in_cups(SLOW, &server, job);
        assert!(matches!(untouched, job_state::PENDING | job_state::PROCESSING), "{how}: the job is untouched ({untouched})");
        let st = k.station();
        let open = st.open_attempts().unwrap();
        assert_eq!(open[0].attempt.job_state, JobState::Submitted, "{how}: nothing recorded as failed");
        assert!(st.audit_of("request:REQ-0001").unwrap().iter().any(|r| r.action == "print.cancel_refused"), "{how}: the refusal is audited");

        // The account that printed cancels it: the job is cancelled, the blank waits for the verdict.
        let said = k.ok(Some(OPERATOR), &["cancel", "REQ-0001"]);
        assert!(said.contains("dibatalkan oleh ani"), "{how}: {said}");
        cups.assert_alive(pid, &format!("the officer's cancel over {how}"));
        assert_eq!(state_in_cups(SLOW, &server, job), job_state::CANCELED, "{how}");
        let st = k.station();
        assert_eq!(st.open_attempts().unwrap()[0].attempt.job_state, JobState::Failed);
        assert_eq!(st.blanko("KT000001").unwrap().unwrap().state, BlankoState::Reserved, "the blank waits for the verdict");
        // Nothing moving any more: a second cancel says so.
        let again = k.run(Some(OPERATOR), &["cancel", "REQ-0001"]);
        assert!(!again.status.success() && text(&again.stderr).contains("tidak berjalan lagi"), "{}", text(&again.stderr));
        k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--not-fed"]);
        assert_eq!(k.station().blanko("KT000001").unwrap().unwrap().state, BlankoState::InStock);
    }
}


/// A remote print server that asks for a password, in front of the test scheduler: a request
/// without the right `Authorization: Basic` gets 401 with `WWW-Authenticate: Basic realm="CUPS"`;
/// with it, the request goes on to cupsd over TCP (the credentials stay here, as a remote server
/// checks them itself). It keeps every Authorization header it was sent.
struct PasswordServer {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn password_server(upstream: u16, expected: String) -> PasswordServer {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut conn = conn;
            let mut raw = Vec::new();
            let mut buf = [0u8; 65536];
            let head_end = loop {
                match conn.read(&mut buf) {
                    Ok(0) | Err(_) => break None,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                }
                if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    break Some(i + 4);
                }
            };
            let Some(head_end) = head_end else { continue };
            let head = String::from_utf8_lossy(&raw[..head_end]).to_string();
            let header = |name: &str| head.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_string()));
            let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            while raw.len() < head_end + length {
                match conn.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                }
            }
            let auth = header("authorization");
            kept.lock().expect("lock").push(auth.clone().unwrap_or_default());
            if auth.as_deref() != Some(expected.as_str()) {
                let _ = conn.write_all(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"CUPS\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                continue;
            }
            // On to the scheduler without the credentials, one request per connection.
            let forwarded: String = head.lines().filter(|l| !l.to_ascii_lowercase().starts_with("authorization:")).map(|l| format!("{l}\r\n")).collect();
            let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else { continue };
            let _ = up.write_all(forwarded.trim_end_matches("\r\n").as_bytes());
            let _ = up.write_all(b"\r\nConnection: close\r\n\r\n");
            let _ = up.write_all(&raw[head_end..]);
            let mut answer = Vec::new();
            let _ = up.read_to_end(&mut answer);
            let _ = conn.write_all(&answer);
        }
    });
    PasswordServer { port, seen }
}

#[test]
fn a_print_server_that_asks_for_a_password_gets_the_stored_one_which_is_never_shown() {
    let cups = Cupsd::start();
    let user = identity::os_user();
    let password = "sandi-server-cetak-9";
    let expected = format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{user}:{password}")));
    let remote = password_server(cups.port, expected.clone());
    let server = format!("127.0.0.1:{}", remote.port);
    let (_dir, k) = shared_station(&server);

    // No login stored: told in words with the fix, nothing reserved.
    let out = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", cupsd::CAPTURE]);
    let said = text(&out.stderr);
    assert!(!out.status.success() && said.contains(&format!("ktpel printer login {server}")), "{said}");
    assert_eq!(k.station().blanko("KT000001").unwrap().unwrap().state, BlankoState::InStock);

    // The admin stores it: the password from the environment, never an argument.
    let mut login = k.command(Some(ktpel_tests::ADMIN), &["printer", "login", &server, "--user", &user]);
    let out = login.env("KTPEL_CUPS_PASSWORD", password).output().expect("login");
    assert!(out.status.success(), "{}", text(&out.stderr));
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", cupsd::CAPTURE]);
    assert_eq!(cups.wait_captured(1).len(), 1, "the card went through the password server");
    assert!(remote.seen.lock().unwrap().iter().any(|a| a == &expected), "the stored password answered the challenge");

    // Listed and audited without the password.
    let listed = k.ok(None, &["printer", "logins"]);
    assert!(listed.contains(&server) && listed.contains(&user) && !listed.contains(password), "{listed}");
    let audit = k.ok(None, &["audit", "show", &format!("server:{server}")]);
    assert!(audit.contains("printer.login_set") && !audit.contains(password), "{audit}");
    k.ok(Some(ktpel_tests::ADMIN), &["printer", "logout", &server]);
    assert!(!k.ok(None, &["printer", "logins"]).contains(&server));
}

#[test]
fn a_desk_run_by_an_ordinary_account_prints_and_cancels_its_own_jobs() {
    if !can_be_nobody() {
        return;
    }
    let cups = Cupsd::start();
    let pid = cups.pid();
    for (how, server) in servers(&cups) {
        let (dir, k) = shared_station(&server);
        open_to_all(dir.path());
        let job = leave_a_moving_job(&k, "REQ-0001", "KT000001", Some(dir.path()));
        // CUPS holds the job as the account that printed, not as the officer.
        let out = Command::new("lpstat").args(["-h", &server, "-o", SLOW]).env("LANG", "C").output().expect("lpstat");
        let listed = text(&out.stdout);
        assert!(listed.lines().any(|l| l.starts_with(&format!("{SLOW}-{job} ")) && l.split_whitespace().nth(1) == Some("nobody")), "{how}: {listed}");
        let out = as_nobody(k.command(Some(OPERATOR), &["cancel", "REQ-0001"]), dir.path()).output().expect("cancel");
        assert!(out.status.success(), "{how}: the owner cancels its job: {}", text(&out.stderr));
        cups.assert_alive(pid, &format!("an ordinary account's cancel over {how}"));
        assert_eq!(state_in_cups(SLOW, &server, job), job_state::CANCELED, "{how}");
    }
}

#[test]
fn a_print_server_over_tls_is_trusted_by_its_own_certificate_only() {
    let cups = Cupsd::start();
    let pid = cups.pid();
    let (_dir, k) = shared_station(&cups.server());
    let printer = format!("ipps://localhost:{}/printers/{}", cups.port, cupsd::CAPTURE);
    // Its certificate is CUPS's own, self-signed: not trusted yet, told in words, nothing reserved.
    let out = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", &printer]);
    let said = text(&out.stderr);
    assert!(!out.status.success() && said.contains("tidak dipercaya") && said.contains("--ca-file"), "{said}");
    assert_eq!(k.station().blanko("KT000001").unwrap().unwrap().state, BlankoState::InStock);

    // The admin stores the server's certificate (as copied from its /etc/cups/ssl).
    let server = format!("localhost:{}", cups.port);
    let cert = cups.certificate();
    k.ok(Some(ktpel_tests::ADMIN), &["printer", "login", &server, "--ca-file", cert.to_str().unwrap()]);
    let listed = k.ok(None, &["printer", "logins"]);
    assert!(listed.contains(&server) && listed.contains(cert.file_name().unwrap().to_str().unwrap()), "{listed}");
    k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", &printer]);
    assert_eq!(cups.wait_captured(1).len(), 1, "the card went over TLS");
    cups.assert_alive(pid, "printing over TLS");

    // A file that holds no certificate is refused with the field named.
    let junk = _dir.path().join("bukan-sertifikat.pem");
    std::fs::write(&junk, "bukan sertifikat").unwrap();
    let out = k.run(Some(ktpel_tests::ADMIN), &["printer", "login", &server, "--ca-file", junk.to_str().unwrap()]);
    assert!(!out.status.success() && text(&out.stderr).contains("berkas sertifikat"), "{}", text(&out.stderr));
}

#[test]
fn a_print_server_form_with_blank_or_half_a_login_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    // The settings form sends every field; blanks are not given.
    let err = st.set_spool_login(&a.admin, "cetak.kantor", Some(" "), Some(""), Some(std::path::Path::new(""))).unwrap_err();
    assert!(err.to_string().starts_with("login:"), "{err}");
    let err = st.set_spool_login(&a.admin, "cetak.kantor", Some(""), Some("rahasia"), None).unwrap_err();
    assert!(err.to_string().starts_with("pengguna:"), "{err}");
    let err = st.set_spool_login(&a.admin, "cetak.kantor", Some("petugas"), Some(""), None).unwrap_err();
    assert!(err.to_string().starts_with("kata sandi:"), "{err}");
    st.set_spool_login(&a.admin, "cetak.kantor", Some(" petugas "), Some("rahasia"), Some(std::path::Path::new(""))).unwrap();
    let stored = st.spool_logins().unwrap();
    assert_eq!((stored[0].server.as_str(), stored[0].user.as_deref(), stored[0].ca_file.as_deref()), ("cetak.kantor:631", Some("petugas"), None));
}
