//! Two `ktpel` processes writing to one database at once (two terminals, or the app and a
//! script): the same request printed from both, the same verdicts given from both in opposite
//! orders, the same file imported by both. Nothing is corrupted, duplicated or skipped: one of
//! each pair wins, the other is refused in words.

use std::process::{Child, Stdio};

use ktpel_tests::cupsd::{Cupsd, CAPTURE};
use ktpel_tests::{invariants, print_answered, records, station_with_users, text, Ktpel, OPERATOR, SUPERVISOR};

fn spawn(k: &Ktpel, user: (&str, &str), args: &[String]) -> Child {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    k.command(Some(user), &args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn")
}

fn check(k: &Ktpel) {
    let st = k.station();
    invariants::all(&st).unwrap();
    let out = k.run(None, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

ktpel_tests::on_both_stores! {
    fn two_processes_printing_the_same_requests_print_each_once() {
        let cups = Cupsd::start();
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), Some(cups.server()));
        let file = dir.path().join("a.jsonl");
        std::fs::write(&file, records::jsonl(&records::good(6, "DUA-"))).unwrap();
        // Both import the same file at the same time: each request once.
        let both: Vec<Child> = (0..2).map(|_| spawn(&k, OPERATOR, &["import".into(), file.display().to_string()])).collect();
        for c in both {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", text(&out.stderr));
        }
        k.ok(Some(SUPERVISOR), &["blanko", "receive", "--batch", "BA-2", "--range", "KT000001..KT000020"]);
        // Each request printed from two terminals at once, each with its own blank.
        let mut children = Vec::new();
        for i in 1..=6 {
            for side in 0..2 {
                let serial = format!("KT{:06}", i * 2 - 1 + side);
                children.push(spawn(&k, OPERATOR, &["print".into(), format!("DUA-{i:04}"), "--blanko".into(), serial, "--printer".into(), CAPTURE.into()]));
            }
        }
        let outcomes: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let printed = outcomes.iter().filter(|o| o.status.success()).count();
        let refused: Vec<String> = outcomes.iter().filter(|o| !o.status.success()).map(|o| text(&o.stderr)).collect();
        assert_eq!(printed, 6, "one print per request: {refused:?}");
        assert!(refused.iter().all(|e| e.contains("sedang dicetak") || e.contains("sudah berubah")), "{refused:?}");
        assert_eq!(cups.wait_captured(6).len(), 6);
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_eq!(cups.captured().len(), 6, "no second job reached the printer");
        check(&k);
    }
}

ktpel_tests::on_both_stores! {
    fn two_processes_confirming_in_opposite_orders_keep_the_register_gap_free() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        {
            let mut st = k.station();
            let operator = st.login(OPERATOR.0, OPERATOR.1).unwrap();
            let supervisor = st.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
            st.import_text(&operator, &records::jsonl(&records::good(16, "REG-")), false).unwrap();
            st.receive_blanko_range(&supervisor, "BA-3", "KT000001", "KT000016").unwrap();
            for i in 1..=16 {
                print_answered(&mut st, &operator, &format!("REG-{i:04}"), &format!("KT{i:06}"), true);
            }
        }
        let order: Vec<String> = (1..=16).map(|i| format!("REG-{i:04}")).collect();
        let script = |ids: Vec<String>| {
            let k = Ktpel { db: k.db.clone(), cups_server: None };
            std::thread::spawn(move || ids.iter().map(|id| k.run(Some(OPERATOR), &["confirm", id, "--ok"]).status.success()).filter(|ok| *ok).count())
        };
        let a = script(order.clone());
        let b = script(order.iter().rev().cloned().collect());
        let confirmed = a.join().unwrap() + b.join().unwrap();
        assert_eq!(confirmed, 16, "each verdict given once");
        let st = k.station();
        let numbers: Vec<i64> = ktpel_tests::stores::rows(&st, "SELECT seq FROM register ORDER BY seq").iter().filter_map(|r| r[0].as_deref()?.parse().ok()).collect();
        assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
        drop(st);
        check(&k);
    }
}
