//! Supervised reprints: a spoiled card's request waits for a second person; approval sends it back
//! to the queue and the next attempt names the spoiled one; refusal takes it off the desk. The same
//! decision through the core at the desk (the supervisor's password) and through the CLI.

use ktpel_core::auth::Role;
use ktpel_core::station::SpoilReason;
use ktpel_core::store::reprints::Decision;
use ktpel_core::store::requests::RequestStatus;
use ktpel_tests::{core_station, print_answered, stocked, OPERATOR, SUPERVISOR};

fn audit_rows(st: &ktpel_core::Station) -> i64 {
    ktpel_tests::stores::number(&st, "SELECT count(*) FROM audit_log")
}

ktpel_tests::on_both_stores! {
    fn approval_at_the_desk_needs_a_second_persons_password_and_links_the_new_attempt() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 5);
        let spoiled = print_answered(&mut st, &a.operator, "REQ-0001", "KT000001", true);
        st.confirm_spoiled(&a.operator, "REQ-0001", SpoilReason::DataSalah, "nama salah eja").unwrap();
        assert_eq!(st.request("REQ-0001").unwrap().status, RequestStatus::HeldForReprint);
        let (target, info) = ktpel_tests::answered_printer();
        assert_eq!(st.begin_print(&a.operator, "REQ-0001", "KT000002", target, &info).err().unwrap().code(), "conflict", "held: no print");

        let case = &st.pending_reprints().unwrap()[0];
        assert_eq!((case.request_id.as_str(), case.spoiled.id, case.spoiled.blanko_serial.as_str()), ("REQ-0001", spoiled, "KT000001"));
        assert!(case.spoiled.outcome_reason.as_deref().unwrap().contains("nama salah eja"));

        // Refusals that write nothing: the operator's own password, a wrong password, no note.
        let before = audit_rows(&st);
        let e = st.decide_reprint_at_desk(&a.operator, OPERATOR.0, OPERATOR.1, "REQ-0001", Decision::Approved, "ok").unwrap_err();
        assert_eq!(e.code(), "forbidden");
        let e = st.decide_reprint_at_desk(&a.operator, SUPERVISOR.0, "salah-sandi-123", "REQ-0001", Decision::Approved, "ok").unwrap_err();
        assert_eq!(e.code(), "bad_credentials");
        let e = st.decide_reprint_at_desk(&a.operator, SUPERVISOR.0, SUPERVISOR.1, "REQ-0001", Decision::Approved, "  ").unwrap_err();
        assert!(e.to_string().starts_with("catatan"), "{e}");
        assert_eq!(audit_rows(&st), before);
        assert_eq!(st.request("REQ-0001").unwrap().status, RequestStatus::HeldForReprint);

        let d = st.decide_reprint_at_desk(&a.operator, SUPERVISOR.0, SUPERVISOR.1, "REQ-0001", Decision::Approved, "data sudah dibetulkan").unwrap();
        assert_eq!((d.decided_by.as_str(), d.desk_user.as_deref(), d.spoiled_attempt), (SUPERVISOR.0, Some(OPERATOR.0), spoiled));
        assert_eq!(st.request("REQ-0001").unwrap().status, RequestStatus::Queued);
        assert_eq!(st.queue(ktpel_core::time::now()).unwrap().iter().find(|q| q.request_id == "REQ-0001").unwrap().reprints, 1);
        // Decided once: a second decision on the same spoiled card is refused.
        assert_eq!(st.decide_reprint(&a.supervisor, "REQ-0001", Decision::Refused, "x").unwrap_err().code(), "conflict");

        let again = print_answered(&mut st, &a.operator, "REQ-0001", "KT000002", true);
        st.confirm_ok(&a.operator, "REQ-0001").unwrap();
        let attempts = st.attempts_of("REQ-0001").unwrap();
        assert_eq!(attempts.iter().find(|x| x.id == again).unwrap().reprint_of, Some(spoiled));
        let detail = st.request_detail("REQ-0001").unwrap();
        assert_eq!((detail.reprints, detail.reprint_decisions.len()), (1, 1));
        let history: Vec<String> = st.request_history("REQ-0001").unwrap().into_iter().map(|h| h.action).collect();
        assert!(history.contains(&"reprint.approve".to_string()), "{history:?}");
        let rows = st.audit_of("request:REQ-0001").unwrap();
        let approve = rows.iter().find(|r| r.action == "reprint.approve").unwrap();
        assert_eq!((approve.username.as_str(), approve.role.as_str()), (SUPERVISOR.0, "supervisor"));
        assert!(approve.detail.contains("\"desk_user\":\"ani\"") && approve.detail.contains("\"before\":\"held_for_reprint\""), "{}", approve.detail);
    }
}

ktpel_tests::on_both_stores! {
    fn the_supervisor_who_spoiled_the_card_cannot_approve_its_reprint_and_a_refusal_takes_it_off_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        st.add_user(&a.admin, "citra", "Citra Kasi", Role::Supervisor, "citra-rahasia-1").unwrap();
        stocked(&mut st, &a, 1, 3);
        print_answered(&mut st, &a.supervisor, "REQ-0001", "KT000001", true);
        st.confirm_spoiled(&a.supervisor, "REQ-0001", SpoilReason::ChipRusak, "").unwrap();
        let e = st.decide_reprint(&a.supervisor, "REQ-0001", Decision::Approved, "saya setujui sendiri").unwrap_err();
        assert!(e.to_string().contains("orang kedua"), "{e}");
        let citra = st.login("citra", "citra-rahasia-1").unwrap();
        st.decide_reprint(&citra, "REQ-0001", Decision::Refused, "chip rusak berulang; ajukan ulang lewat Kasi").unwrap();
        assert_eq!(st.request("REQ-0001").unwrap().status, RequestStatus::ReprintRefused);
        assert!(st.queue(ktpel_core::time::now()).unwrap().is_empty(), "a refused reprint leaves the queue");
        let (target, info) = ktpel_tests::answered_printer();
        let e = st.begin_print(&a.operator, "REQ-0001", "KT000002", target, &info).err().unwrap();
        assert!(e.to_string().contains("cetak ulang ditolak"), "{e}");
    }
}

ktpel_tests::on_both_stores! {
    fn the_cli_lists_approves_and_refuses_as_the_supervisor() {
        let dir = tempfile::tempdir().unwrap();
        let k = ktpel_tests::station_with_users(dir.path(), None);
        {
            let mut st = k.station();
            let op = st.login(OPERATOR.0, OPERATOR.1).unwrap();
            let sup = st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
            let text = ktpel_tests::records::jsonl(&ktpel_tests::records::good(2, "REQ-"));
            st.import_text(&op, &text, false).unwrap();
            st.receive_blanko_range(&sup, "BA-1", "KT000001", "KT000004").unwrap();
            for (req, serial) in [("REQ-0001", "KT000001"), ("REQ-0002", "KT000002")] {
                print_answered(&mut st, &op, req, serial, true);
                st.confirm_spoiled(&op, req, SpoilReason::KartuMacet, "").unwrap();
            }
        }
        let list: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "reprint", "list"])).unwrap();
        assert_eq!(list.as_array().unwrap().iter().map(|c| c["request_id"].as_str().unwrap()).collect::<Vec<_>>(), vec!["REQ-0001", "REQ-0002"]);
        let out = k.run(Some(OPERATOR), &["reprint", "approve", "REQ-0001", "--note", "boleh"]);
        assert!(!out.status.success() && ktpel_tests::text(&out.stderr).contains("supervisor"), "{}", ktpel_tests::text(&out.stderr));
        let said = k.ok(Some(SUPERVISOR), &["reprint", "approve", "REQ-0001", "--note", "macet, printer dibersihkan"]);
        assert!(said.contains("disetujui") && said.contains("kembali ke antrean"), "{said}");
        k.ok(Some(SUPERVISOR), &["reprint", "refuse", "REQ-0002", "--note", "pemohon membatalkan"]);
        let show = k.ok(None, &["reprint", "show", "REQ-0001"]);
        assert!(show.contains("KT000001") && show.contains("macet, printer dibersihkan"), "{show}");
        let queue: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "queue"])).unwrap();
        let q = queue.as_array().unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!((q[0]["request_id"].as_str(), q[0]["reprints"].as_i64(), q[0]["status"].as_str()), (Some("REQ-0001"), Some(1), Some("queued")));
        let table = k.ok(None, &["queue"]);
        assert!(table.contains("menunggu cetak (cetak ulang 1×)"), "{table}");
        let history = k.ok(None, &["history", "REQ-0002"]);
        assert!(history.contains("cetak ulang ditolak") && history.contains("budi (supervisor)"), "{history}");
    }
}
