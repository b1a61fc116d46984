//! The blanko ledger's invariant, driven by random sequences of desk operations through the core:
//! after every operation, each blank's state equals the replay of its ledger, every blank received
//! is in exactly one of in stock / reserved / printed / spoiled (whole, disabled or destroyed) /
//! lost, the printed ones are exactly the register, the reserved ones exactly the open attempts,
//! and a refused operation changed nothing. Reprint decisions, stock adjustments, disabling and
//! destruction are among the random operations.

use std::collections::HashMap;

use ktpel_core::auth::{Actor, Role};
use ktpel_core::spool::{PrinterInfo, PrinterTarget, SpoolError};
use ktpel_core::station::SpoilReason;
use ktpel_core::store::adjustments::AdjustmentKind;
use ktpel_core::store::reprints::Decision;
use ktpel_core::Station;
use ktpel_tests::stores::{self, Kind};
use proptest::prelude::*;

const REQUESTS: usize = 6;
const BLANKS: u32 = 8;

#[derive(Debug, Clone)]
enum Op {
    Receive { first: u32, count: u32 },
    Print { request: usize, blank: u32, submitted: bool },
    JobEnds { request: usize, completed: bool },
    ConfirmOk { request: usize },
    ConfirmSpoiled { request: usize },
    ConfirmNotFed { request: usize },
    DecideReprint { request: usize, approve: bool },
    Adjust { blank: u32, kind: u8 },
    Disable { blank: u32 },
    Destroy { blank: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    let request = 1..=REQUESTS;
    prop_oneof![
        (1..=BLANKS, 1..=3u32).prop_map(|(first, count)| Op::Receive { first, count }),
        (request.clone(), 1..=BLANKS, any::<bool>()).prop_map(|(request, blank, submitted)| Op::Print { request, blank, submitted }),
        (request.clone(), any::<bool>()).prop_map(|(request, completed)| Op::JobEnds { request, completed }),
        request.clone().prop_map(|request| Op::ConfirmOk { request }),
        request.clone().prop_map(|request| Op::ConfirmSpoiled { request }),
        request.clone().prop_map(|request| Op::ConfirmNotFed { request }),
        (request, any::<bool>()).prop_map(|(request, approve)| Op::DecideReprint { request, approve }),
        (1..=BLANKS, 0..3u8).prop_map(|(blank, kind)| Op::Adjust { blank, kind }),
        (1..=BLANKS).prop_map(|blank| Op::Disable { blank }),
        (1..=BLANKS).prop_map(|blank| Op::Destroy { blank }),
    ]
}

struct Desk {
    st: Station,
    _dir: tempfile::TempDir,
    operator: Actor,
    supervisor: Actor,
    target: PrinterTarget,
    info: PrinterInfo,
    /// Attempt id and request id of each print begun, by request.
    open: HashMap<usize, i64>,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut st = stores::open_station(dir.path());
    let admin = st.init("admin", "Admin", "admin-rahasia-1").unwrap();
    st.add_user(&admin, "ani", "Ani", Role::Operator, "operator-rahasia-1").unwrap();
    st.add_user(&admin, "budi", "Budi", Role::Supervisor, "supervisor-rahasia-1").unwrap();
    let operator = st.login("ani", "operator-rahasia-1").unwrap();
    let supervisor = st.login("budi", "supervisor-rahasia-1").unwrap();
    let text = ktpel_tests::records::jsonl(&ktpel_tests::records::good(REQUESTS, "REQ-"));
    st.import_text(&operator, &text, false).unwrap();
    // No spooler is needed: the steps that reach it are given their answers directly.
    let (target, info) = ktpel_tests::answered_printer();
    Desk { st, _dir: dir, operator, supervisor, target, info, open: HashMap::new() }
}

fn serial(n: u32) -> String {
    format!("KT{n:06}")
}

fn req(n: usize) -> String {
    format!("REQ-{n:04}")
}

/// Everything the invariant speaks of, to compare before and after a refused operation.
fn snapshot(st: &Station) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT serial || ':' || state FROM blanko ORDER BY serial",
        "SELECT count(*) FROM blanko_ledger",
        "SELECT count(*) FROM register",
        "SELECT request_id || ':' || status FROM requests ORDER BY request_id",
        "SELECT count(*) || ':' || count(outcome) FROM print_attempts",
        "SELECT count(*) FROM reprint_decisions",
        "SELECT count(*) FROM stock_adjustments",
        "SELECT count(*) FROM destruction_records",
        "SELECT count(*) FROM audit_log",
    ] {
        for row in ktpel_tests::stores::rows(st, sql) {
            out.push(format!("{row:?}"));
        }
    }
    out
}

/// The shared accounting invariants (`support/invariants.rs`), as a property-test failure.
fn check_invariant(st: &Station) -> Result<(), TestCaseError> {
    ktpel_tests::invariants::all(st).map_err(TestCaseError::fail)
}

fn apply(d: &mut Desk, op: &Op) -> ktpel_core::Result<()> {
    match *op {
        Op::Receive { first, count } => {
            let last = (first + count - 1).min(BLANKS);
            d.st.receive_blanko_range(&d.supervisor, "BA-P", &serial(first), &serial(last)).map(|_| ())
        }
        Op::Print { request, blank, submitted } => {
            let plan = d.st.begin_print(&d.operator, &req(request), &serial(blank), d.target.clone(), &d.info)?;
            let answer = if submitted { Ok(1000 + plan.attempt_id as i32) } else { Err(SpoolError::Protocol("verbindung".into())) };
            d.st.record_submit(&d.operator, &plan, &answer)?;
            if submitted {
                d.open.insert(request, plan.attempt_id);
            }
            Ok(())
        }
        Op::JobEnds { request, completed } => {
            let Some(attempt) = d.open.remove(&request) else { return Ok(()) };
            let outcome = if completed {
                ktpel_core::spool::FollowOutcome::Completed
            } else {
                ktpel_core::spool::FollowOutcome::Failed { reason: "macet".into(), reasons: vec![] }
            };
            d.st.record_end(&d.operator, attempt, &req(request), &outcome).map(|_| ())
        }
        Op::ConfirmOk { request } => d.st.confirm_ok(&d.operator, &req(request)).map(|_| ()),
        Op::ConfirmSpoiled { request } => d.st.confirm_spoiled(&d.operator, &req(request), SpoilReason::KartuMacet, ""),
        Op::ConfirmNotFed { request } => d.st.confirm_not_fed(&d.operator, &req(request)),
        Op::DecideReprint { request, approve } => {
            let decision = if approve { Decision::Approved } else { Decision::Refused };
            d.st.decide_reprint(&d.supervisor, &req(request), decision, "diputuskan").map(|_| ())
        }
        Op::Adjust { blank, kind } => {
            let kind = [AdjustmentKind::WrittenOff, AdjustmentKind::Lost, AdjustmentKind::Found][kind as usize % 3];
            d.st.adjust_stock(&d.supervisor, kind, &[serial(blank)], "hitung stok", None).map(|_| ())
        }
        Op::Disable { blank } => d.st.disable_spoiled(&d.operator, &[serial(blank)]).map(|_| ()),
        Op::Destroy { blank } => {
            let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
            let record = format!("BA-M-{blank}-{}", d.open.len());
            d.st.record_destruction(&d.supervisor, &record, today, &["Saksi Satu".into(), "Saksi Dua".into()], &[serial(blank)]).map(|_| ())
        }
    }
}

/// Every operation, refused or not, leaves the accounting whole; a refused one changes nothing.
fn accounted(ops: &[Op], kind: Kind) -> Result<(), TestCaseError> {
    stores::set_kind(kind);
    let mut d = desk();
    for op in ops {
        let before = snapshot(&d.st);
        let result = apply(&mut d, op);
        if result.is_err() {
            prop_assert_eq!(&before, &snapshot(&d.st), "refused {:?} changed the database", op);
        }
        check_invariant(&d.st)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_blank_is_accounted_for_after_every_operation(ops in prop::collection::vec(op(), 1..40)) {
        accounted(&ops, Kind::Sqlite)?;
    }
}

proptest! {
    // Fewer cases on the server: each one is a fresh database; the sequences are as long.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn every_blank_is_accounted_for_on_the_office_server(ops in prop::collection::vec(op(), 1..40)) {
        accounted(&ops, Kind::Postgres)?;
    }
}

/// The check itself can fail: a blank the ledger says was printed but whose row says in stock, or a
/// ledger event that could not have happened, is found.
#[test]
fn the_check_finds_a_blank_out_of_place() {
    let mut d = desk();
    for op in [
        Op::Receive { first: 1, count: 3 },
        Op::Print { request: 1, blank: 2, submitted: true },
        Op::JobEnds { request: 1, completed: true },
        Op::ConfirmOk { request: 1 },
    ] {
        apply(&mut d, &op).unwrap();
    }
    check_invariant(&d.st).unwrap();
    assert_eq!(d.st.stock().unwrap().printed, 1);
    // A stray ledger row (the ledger is append-only, so only an insert can do this).
    ktpel_tests::stores::raw(&d.st, "INSERT INTO blanko_ledger (serial, event, at, by_user) VALUES ('KT000002', 'returned', '2026-11-21T00:00:00Z', 'x')").unwrap();
    let err = check_invariant(&d.st).expect_err("a returned-after-printed blank must be found");
    assert!(format!("{err:?}").contains("KT000002"), "{err:?}");
}

ktpel_tests::on_both_stores! {
    /// The daily announcement: today's WIB date in words and the blanks available, with thousands
    /// separators; a blank reserved by a print in progress is not available.
    fn the_public_stock_line_counts_what_is_available_today() {
        let dir = tempfile::tempdir().unwrap();
        let k = ktpel_tests::station_with_users(dir.path(), None);
        k.ok(Some(ktpel_tests::SUPERVISOR), &["blanko", "receive", "--batch", "BA-1", "--range", "KT000001..KT001500"]);
        let file = dir.path().join("r.jsonl");
        std::fs::write(&file, ktpel_tests::records::jsonl(&ktpel_tests::records::good(1, "REQ-"))).unwrap();
        k.ok(Some(ktpel_tests::OPERATOR), &["import", file.to_str().unwrap()]);
        let mut st = k.station();
        let operator = st.login(ktpel_tests::OPERATOR.0, ktpel_tests::OPERATOR.1).unwrap();
        let (target, info) = ktpel_tests::answered_printer();
        st.begin_print(&operator, "REQ-0001", "KT000001", target, &info).unwrap();
        drop(st);
        let line = k.ok(None, &["blanko", "stock", "--public"]);
        let today = ktpel_core::time::long_date(ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()));
        assert_eq!(line.trim(), format!("Stok blanko KTP-el Disdukcapil Kabupaten Magetan hari ini, {today}: 1.499 keping."));
    }
}
