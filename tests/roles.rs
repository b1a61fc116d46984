//! Every guarded operation of the core, tried by every role: the roles allowed get past the check
//! (they may still fail for other reasons, never `forbidden`), the others are refused with
//! `forbidden` and leave the database as it was (no audit row, no change).

use ktpel_core::auth::{Actor, Role};
use ktpel_core::card::Calibration;
use ktpel_core::station::{printers, Exclusive, SpoilReason};
use ktpel_core::store::adjustments::AdjustmentKind;
use ktpel_core::store::reprints::Decision;
use ktpel_core::{Result, Station};
use ktpel_tests::answered_printer as target;
use ktpel_tests::{block, core_station, stocked};

type Op = fn(&mut Station, &Actor) -> Result<()>;



const OPERATIONS: &[(&str, &[Role], Op)] = &[
    ("import", &[Role::Operator, Role::Supervisor, Role::Admin], |s, a| {
        s.import_text(a, &ktpel_tests::records::jsonl(&ktpel_tests::records::good(1, "NEW-")), false).map(|_| ())
    }),
    ("print", &[Role::Operator, Role::Supervisor], |s, a| {
        let (t, i) = target();
        s.begin_print(a, "REQ-0001", "KT000001", t, &i).map(|_| ())
    }),
    ("confirm ok", &[Role::Operator, Role::Supervisor], |s, a| s.confirm_ok(a, "REQ-0002").map(|_| ())),
    ("confirm spoiled", &[Role::Operator, Role::Supervisor], |s, a| s.confirm_spoiled(a, "REQ-0002", SpoilReason::ChipRusak, "")),
    ("confirm not fed", &[Role::Operator, Role::Supervisor], |s, a| s.confirm_not_fed(a, "REQ-0002")),
    ("handover", &[Role::Operator, Role::Supervisor], |s, a| s.handover(a, "REQ-0003", "PENERIMA", None, true).map(|_| ())),
    ("reconcile", &[Role::Operator, Role::Supervisor], |s, a| block(s.reconcile(a)).map(|_| ())),
    ("receive blanko", &[Role::Supervisor, Role::Admin], |s, a| s.receive_blanko_range(a, "BA-R", "KT000101", "KT000102").map(|_| ())),
    ("add user", &[Role::Admin], |s, a| s.add_user(a, "baru", "Pengguna Baru", Role::Operator, "rahasia-baru-1")),
    ("change setting", &[Role::Admin], |s, a| s.set_setting(a, "blanko.low_stock", "10")),
    ("configure printer", &[Role::Admin], |s, a| s.set_printer(a, "kartu", Calibration::new(0.5, 0.0)?, false)),
    ("calibration card", &[Role::Admin], |s, a| block(printers::print_calibration_card(&Exclusive::new(s), a, "ipp://127.0.0.1:9/printers/kartu")).map(|_| ())),
    ("choose printer", &[Role::Operator, Role::Supervisor], |s, a| s.choose_printer(a, "kartu")),
    ("decide reprint", &[Role::Supervisor], |s, a| s.decide_reprint(a, "REQ-0004", Decision::Approved, "disetujui").map(|_| ())),
    ("adjust stock", &[Role::Supervisor], |s, a| s.adjust_stock(a, AdjustmentKind::WrittenOff, &["KT000005".into()], "tergores", None).map(|_| ())),
    ("disable spoiled", &[Role::Operator, Role::Supervisor], |s, a| s.disable_spoiled(a, &["KT000004".into()]).map(|_| ())),
    ("record destruction", &[Role::Supervisor], |s, a| {
        let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
        s.record_destruction(a, "BA-M-1", today, &["Saksi Satu".into(), "Saksi Dua".into()], &["KT000004".into()]).map(|_| ())
    }),
    ("sign day", &[Role::Supervisor], |s, a| {
        let yesterday = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()) - chrono::Duration::days(1);
        s.sign_day(a, yesterday).map(|_| ())
    }),
];

fn audit_rows(s: &Station) -> i64 {
    ktpel_tests::stores::number(s, "SELECT count(*) FROM audit_log")
}

ktpel_tests::on_both_stores! {
    fn every_operation_checks_the_role_in_the_core() {
        for (name, allowed, op) in OPERATIONS {
            for role in [Role::Operator, Role::Supervisor, Role::Admin] {
                let dir = tempfile::tempdir().unwrap();
                let (mut st, a) = core_station(dir.path());
                stocked(&mut st, &a, 4, 5);
                // REQ-0002 printed and waiting for a verdict; REQ-0003 ready for handover; REQ-0004
                // spoiled and waiting for a reprint decision.
                let (t, i) = target();
                for (req, blank, done) in [("REQ-0002", "KT000002", false), ("REQ-0003", "KT000003", true), ("REQ-0004", "KT000004", false)] {
                    let plan = st.begin_print(&a.operator, req, blank, t.clone(), &i).unwrap();
                    st.record_submit(&a.operator, &plan, &Ok(7)).unwrap();
                    st.record_end(&a.operator, plan.attempt_id, req, &ktpel_core::spool::FollowOutcome::Completed).unwrap();
                    if done {
                        st.confirm_ok(&a.operator, req).unwrap();
                    }
                }
                st.confirm_spoiled(&a.operator, "REQ-0004", SpoilReason::KartuMacet, "").unwrap();
                let actor = match role {
                    Role::Operator => &a.operator,
                    Role::Supervisor => &a.supervisor,
                    Role::Admin => &a.admin,
                };
                let before = audit_rows(&st);
                let result = op(&mut st, actor);
                if allowed.contains(&role) {
                    if let Err(e) = &result {
                        assert_ne!(e.code(), "forbidden", "{name} must be allowed for {role:?}: {e}");
                    }
                } else {
                    let e = result.err().unwrap_or_else(|| panic!("{name} must be refused for {role:?}"));
                    assert_eq!(e.code(), "forbidden", "{name} for {role:?}: {e}");
                    assert_eq!(audit_rows(&st), before, "a refused {name} wrote an audit row");
                }
            }
        }
    }
}
