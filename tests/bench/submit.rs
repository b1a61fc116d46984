//! Submit: from "print" to the job id from CUPS. Our IPP path and `lp` send the same card PDF to
//! the same queue of the same private cupsd, turn about, so neither gets a warmer scheduler. Then
//! our whole path from the print command (checks, reservation, layout, submit) to the job id.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ktpel_core::spool::{PrinterTarget, SpoolIdentity, Spooler};
use ktpel_core::station::{print_run, Exclusive, PrintEvent};
use ktpel_tests::cupsd::{Cupsd, CAPTURE};

use crate::measure::{ms, of, Results};

const ROUNDS: usize = 20;

pub fn run_section(res: &mut Results, dir: &Path, cups: &Cupsd) {
    let pdf = std::fs::read(dir.join("card-ours.pdf")).expect("the card section writes card-ours.pdf first");
    let file = dir.join("submit.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let uri = format!("ipp://{}/printers/{CAPTURE}", cups.server());
    let target = PrinterTarget::parse(&uri, None).expect("target");
    let spooler = Spooler::new(target, SpoolIdentity::of_this_process());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (mut ours, mut lp) = (Vec::new(), Vec::new());
    for i in 0..ROUNDS + 2 {
        let t = Instant::now();
        let id = rt.block_on(spooler.print_job(pdf.clone(), &format!("bench-ipp-{i}"), &Default::default())).expect("our submit");
        let ours_ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(id > 0);
        let t = Instant::now();
        let out = Command::new("lp").args(["-d", CAPTURE, "-t", &format!("bench-lp-{i}")]).arg(&file).env("CUPS_SERVER", cups.server()).output().expect("lp");
        let lp_ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("request id is"), "lp: {}", String::from_utf8_lossy(&out.stderr));
        if i >= 2 {
            ours.push(ours_ms);
            lp.push(lp_ms);
        }
    }
    let (ours, lp) = (of(&mut ours), of(&mut lp));
    let version = Command::new("cupsd").arg("-h").output().ok().map(|o| String::from_utf8_lossy(&o.stderr).lines().next().unwrap_or("").to_string()).unwrap_or_default();
    res.row(
        "Submit",
        format!("same PDF to the same queue, median of {ROUNDS} (p95 ours {}, lp {})", ms(ours.p95_ms), ms(lp.p95_ms)),
        ms(ours.median_ms),
        format!("lp: {}", ms(lp.median_ms)),
        "not slower than lp",
        Some(ours.median_ms <= lp.median_ms),
    );
    if !version.is_empty() {
        res.note(format!("scheduler: {version}"));
    }

    // The whole path of the print command up to the job id, on a station with requests and stock.
    let tmp = tempfile::tempdir().expect("tmp");
    let (mut st, a) = ktpel_tests::core_station(tmp.path());
    ktpel_tests::stocked(&mut st, &a, ROUNDS, ROUNDS as u32);
    let mut whole = Vec::new();
    for i in 0..ROUNDS {
        let target = PrinterTarget::parse(&uri, None).expect("target");
        let started = Instant::now();
        let mut to_job = None;
        let request = format!("REQ-{:04}", i + 1);
        let report = rt
            .block_on(print_run::run(&Exclusive::new(&mut st), &a.operator, &request, &format!("KT{:06}", i + 1), target, None, |e| {
                if matches!(e, PrintEvent::Submitted { .. }) && to_job.is_none() {
                    to_job = Some(started.elapsed().as_secs_f64() * 1000.0);
                }
            }))
            .expect("print");
        assert!(report.job_id.is_some(), "printed: {report:?}");
        st.confirm_ok(&a.operator, &request).expect("confirm");
        whole.push(to_job.expect("a job id"));
    }
    let whole = of(&mut whole);
    res.row(
        "Submit",
        "print command to job id: checks, reservation, card layout, IPP submit (median)",
        ms(whole.median_ms),
        format!("p95 {}", ms(whole.p95_ms)),
        "",
        None,
    );
}
