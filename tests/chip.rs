//! The blank's chip. The reader is Debian's pcscd with the vpcd driver and a virtual card laid on
//! it (`support/smartcard.rs`); the station reads it through the real PC/SC stack. A chip is one
//! blank's for good: recorded at receipt or at the first print, a chip seen on a second blank or
//! a blank showing another chip than its own is refused before anything is sent. Without a reader
//! (the other test binaries) the desk prints as before.

use ktpel_core::chip::{self, reader::Tap};
use ktpel_core::store::requests::RequestStatus;
use ktpel_tests::cupsd::{Cupsd, CAPTURE};
use ktpel_tests::smartcard::Pcscd;
use ktpel_tests::stores::{raw, rows};
use ktpel_tests::{answered_printer, core_station, records, station_with_users, stocked, text, OPERATOR, SUPERVISOR};

const CHIP_A: &str = "04A22B9A1C5D80";
const CHIP_B: &str = "04112233445566";

#[test]
fn the_reader_gives_the_uid_of_the_blank_laid_on_it_and_asks_for_one_when_it_is_empty() {
    if !Pcscd::can_run() {
        return;
    }
    let pcscd = Pcscd::get();
    {
        let _card = pcscd.lay(CHIP_A);
        pcscd.settle(Some(CHIP_A));
        match chip::reader::tap().unwrap() {
            Tap::Uid { reader, uid } => assert!(reader.starts_with("Virtual PCD") && uid == CHIP_A, "{reader} {uid}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(chip::for_print(None).unwrap().as_deref(), Some(CHIP_A));
        // A UID typed wins over the reader (the officer's correction is theirs to make).
        assert_eq!(chip::for_print(Some("04:11:22:33:44:55:66")).unwrap().as_deref(), Some(CHIP_B));
    }
    pcscd.settle(None);
    let empty = chip::for_print(None).unwrap_err().to_string();
    assert!(empty.starts_with("chip:") && empty.contains("tempelkan blanko"), "{empty}");
}

fn attempts(st: &ktpel_core::Station, request: &str) -> usize {
    st.attempts_of(request).unwrap().len()
}

ktpel_tests::on_both_stores! {
    fn a_chip_belongs_to_one_blank_and_a_differing_pair_is_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 4, 5);
        // A second batch whose list gives each blank's chip.
        st.receive_blanko_with_chips(&a.supervisor, "BA-CHIP", &["KT000010".into()], &[Some(CHIP_A.to_lowercase())]).unwrap();
        let twice = st.receive_blanko_with_chips(&a.supervisor, "BA-CHIP-2", &["KT000011".into()], &[Some(CHIP_A.into())]).unwrap_err();
        assert!(twice.to_string().contains("KT000010"), "{twice}");
        assert!(st.blanko("KT000011").unwrap().is_none(), "the refused receipt took nothing in");

        let (target, info) = answered_printer();
        // The chip of KT000010 laid on while KT000001 is typed: refused, nothing reserved.
        let wrong_blank = st.begin_print_with_chip(&a.operator, "REQ-0001", "KT000001", Some(CHIP_A), target.clone(), &info).err().expect("refused");
        assert_eq!(wrong_blank.code(), "conflict");
        assert!(wrong_blank.to_string().contains("sudah tercatat pada blanko KT000010"), "{wrong_blank}");
        // KT000010 typed, another chip on the reader: refused too.
        let wrong_chip = st.begin_print_with_chip(&a.operator, "REQ-0001", "KT000010", Some(CHIP_B), target.clone(), &info).err().expect("refused");
        assert!(wrong_chip.to_string().contains(&format!("tercatat dengan chip {CHIP_A}")), "{wrong_chip}");
        assert_eq!(st.request("REQ-0001").unwrap().status, RequestStatus::Queued);
        assert_eq!(attempts(&st, "REQ-0001"), 0);
        assert!(st.blanko_history("KT000001").unwrap().chip.is_none(), "a refused print records no chip");

        // The right pair prints, and the register row carries the chip.
        let plan = st.begin_print_with_chip(&a.operator, "REQ-0001", "KT000010", Some(CHIP_A), target.clone(), &info).unwrap();
        st.record_submit(&a.operator, &plan, &Ok(7)).unwrap();
        st.record_end(&a.operator, plan.attempt_id, "REQ-0001", &ktpel_core::spool::FollowOutcome::Completed).unwrap();
        assert_eq!(st.confirm_ok(&a.operator, "REQ-0001").unwrap().chip_uid, CHIP_A);

        // A blank with no chip recorded takes the one read at its first print...
        let plan = st.begin_print_with_chip(&a.operator, "REQ-0002", "KT000002", Some(CHIP_B), target.clone(), &info).unwrap();
        st.record_submit(&a.operator, &plan, &Ok(8)).unwrap();
        let chip = st.blanko_history("KT000002").unwrap().chip.expect("recorded at the print");
        assert_eq!((chip.chip_uid.as_str(), chip.step.as_str()), (CHIP_B, "print"));
        // Spoiled: the day's report names the blank's chip (its PDF under the serial).
        st.record_end(&a.operator, plan.attempt_id, "REQ-0002", &ktpel_core::spool::FollowOutcome::Completed).unwrap();
        st.confirm_spoiled(&a.operator, "REQ-0002", ktpel_core::station::SpoilReason::ChipRusak, "").unwrap();
        let today = st.today().unwrap();
        let report = st.usage_report(today, today).unwrap();
        assert_eq!(report.spoiled.iter().find(|l| l.serial == "KT000002").and_then(|l| l.chip.clone()).as_deref(), Some(CHIP_B));
        let pdf = dir.path().join("laporan.pdf");
        std::fs::write(&pdf, st.usage_report_file(today, today, ktpel_core::station::ReportFormat::Pdf, "ani").unwrap()).unwrap();
        assert!(ktpel_tests::pdf::text(&pdf).contains(&format!("chip {CHIP_B}")), "the PDF names the chip");
        // ...and that chip can be no other blank's.
        let again = st.begin_print_with_chip(&a.operator, "REQ-0003", "KT000003", Some(CHIP_B), target.clone(), &info).err().expect("refused");
        assert!(again.to_string().contains("KT000002"), "{again}");
        // A typo in a typed UID names the field.
        let typo = st.begin_print_with_chip(&a.operator, "REQ-0003", "KT000003", Some("04-11-22"), target.clone(), &info).err().expect("refused");
        assert!(typo.to_string().starts_with("chip:"), "{typo}");
        // Without a chip (no reader at this desk) the desk prints as before.
        st.begin_print(&a.operator, "REQ-0003", "KT000003", target, &info).unwrap();
        assert!(st.blanko_history("KT000003").unwrap().chip.is_none());

        // The store keeps the pairs as they were recorded, whatever writes to it.
        assert!(raw(&st, "UPDATE blanko_chips SET chip_uid = '04000000'").unwrap_err().contains("append-only"));
        assert!(raw(&st, "DELETE FROM blanko_chips").unwrap_err().contains("append-only"));
        assert!(raw(&st, &format!("INSERT INTO blanko_chips (serial, chip_uid, step, recorded_at, recorded_by) VALUES ('KT000004', '{CHIP_A}', 'print', 'x', 'x')")).is_err());
        assert_eq!(rows(&st, "SELECT count(*) FROM blanko_chips")[0][0].as_deref(), Some("2"));
        // The register's file carries it.
        let csv = ktpel_core::station::register_csv(&st.register_on(today).unwrap()).unwrap();
        assert!(csv.lines().next().unwrap_or("").ends_with(",chip") && csv.contains(CHIP_A), "{csv}");
    }
}

#[test]
fn the_command_line_reads_the_blank_on_the_reader_and_takes_a_typed_uid() {
    if !Pcscd::can_run() {
        return;
    }
    let pcscd = Pcscd::get();
    let cups = Cupsd::start();
    let dir = tempfile::tempdir().unwrap();
    let k = station_with_users(dir.path(), Some(cups.server()));
    let file = dir.path().join("approved.jsonl");
    std::fs::write(&file, records::jsonl(&records::good(3, "REQ-"))).unwrap();
    k.ok(Some(OPERATOR), &["import", file.to_str().unwrap()]);
    // A batch list with each blank's chip beside its serial, and one blank with --chip.
    let list = dir.path().join("batch.txt");
    std::fs::write(&list, format!("# serial chip\nKT000001 {CHIP_A}\nKT000002\n")).unwrap();
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--serials", list.to_str().unwrap()]);
    k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-2", "--range", "KT000003..KT000003", "--chip", CHIP_B]);
    let history = k.ok(None, &["blanko", "history", "KT000003"]);
    assert!(history.contains(&format!("chip {CHIP_B}")) && history.contains("saat penerimaan"), "{history}");

    // The reader is there but empty: the print asks for the blank, nothing is reserved.
    pcscd.settle(None);
    let empty = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
    assert!(!empty.status.success());
    assert!(text(&empty.stderr).contains("tempelkan blanko"), "{}", text(&empty.stderr));
    assert_eq!(k.station().attempts_of("REQ-0001").unwrap().len(), 0);

    // KT000002's blank is laid on the reader while KT000001 is typed: refused before sending.
    {
        let _card = pcscd.lay(CHIP_B);
        pcscd.settle(Some(CHIP_B));
        let swapped = k.run(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
        assert!(!swapped.status.success());
        assert!(text(&swapped.stderr).contains(&format!("tercatat dengan chip {CHIP_A}")), "{}", text(&swapped.stderr));
        assert!(cups.captured().is_empty(), "nothing reached the printer");
    }
    // The right blank on the reader: printed, confirmed, registered with its chip.
    {
        let _card = pcscd.lay(CHIP_A);
        pcscd.settle(Some(CHIP_A));
        k.ok(Some(OPERATOR), &["print", "REQ-0001", "--blanko", "KT000001", "--printer", CAPTURE]);
    }
    k.ok(Some(OPERATOR), &["confirm", "REQ-0001", "--ok"]);
    let register: serde_json::Value = serde_json::from_str(&k.ok(None, &["register", "list", "--json"])).unwrap();
    assert_eq!(register[0]["chip_uid"], CHIP_A);
    // A typed UID where the reader is out of use (the same rules apply to it).
    let typed = k.run(Some(OPERATOR), &["print", "REQ-0002", "--blanko", "KT000002", "--printer", CAPTURE, "--chip", CHIP_A]);
    assert!(!typed.status.success() && text(&typed.stderr).contains("KT000001"), "{}", text(&typed.stderr));
}
