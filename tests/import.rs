//! Importing approved requests: bad records are rejected with the field and reason while the good
//! ones in the same file land; re-import is idempotent; changed data is a conflict.

use ktpel_tests::{records, station_with_users, text, OPERATOR};
use serde_json::Value;

ktpel_tests::on_both_stores! {
    fn bad_records_are_rejected_and_good_ones_land() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let good = records::good(3, "OK-");
        let bad = records::bad("X-");
        let mut all: Vec<Value> = good.clone();
        all.extend(bad.iter().map(|(r, _)| r.clone()));
        // A line that is not JSON at all.
        let mut text_file = records::jsonl(&all);
        text_file.push_str("{ this is not json\n");
        let file = dir.path().join("mixed.jsonl");
        std::fs::write(&file, text_file).unwrap();

        let out = k.run(Some(OPERATOR), &["import", file.to_str().unwrap(), "--json"]);
        assert_eq!(out.status.code(), Some(4), "exit 4 when records were rejected: {}", text(&out.stderr));
        let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["imported"], 3);
        let rejected = summary["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), bad.len() + 1, "{summary}");
        for (record, field) in &bad {
            let id = record["request_id"].as_str().unwrap();
            let r = rejected.iter().find(|r| r["request_id"] == id).unwrap_or_else(|| panic!("{id} not rejected: {summary}"));
            assert!(r["reason"].as_str().unwrap().contains(field), "{id}: reason must name {field}: {}", r["reason"]);
        }
        assert!(rejected.iter().any(|r| r["reason"].as_str().unwrap().contains("bukan JSON")));

        // The same file again: the good ones are skipped, nothing doubles.
        let again: Value = serde_json::from_slice(&k.run(Some(OPERATOR), &["import", file.to_str().unwrap(), "--json"]).stdout).unwrap();
        assert_eq!((again["imported"].as_i64(), again["skipped"].as_i64()), (Some(0), Some(3)));

        // Changed data under an existing id is a conflict; the stored request is kept as it was.
        let mut changed = good[0].clone();
        changed["person"]["alamat"] = Value::from("JL. LAIN NO. 1");
        let file2 = dir.path().join("changed.json");
        std::fs::write(&file2, serde_json::to_string(&vec![changed]).unwrap()).unwrap();
        let conflict: Value = serde_json::from_slice(&k.run(Some(OPERATOR), &["import", file2.to_str().unwrap(), "--json"]).stdout).unwrap();
        assert_eq!(conflict["conflicts"].as_array().unwrap().len(), 1, "{conflict}");
        let queue: Value = serde_json::from_str(&k.ok(None, &["queue", "--json"])).unwrap();
        assert_eq!(queue.as_array().unwrap().len(), 3);
    }
}

ktpel_tests::on_both_stores! {
    fn a_single_pretty_printed_request_imports() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let file = dir.path().join("one.json");
        std::fs::write(&file, serde_json::to_string_pretty(&records::good(1, "ONE-")[0]).unwrap()).unwrap();
        let summary: Value = serde_json::from_str(&k.ok(Some(OPERATOR), &["import", file.to_str().unwrap(), "--json"])).unwrap();
        assert_eq!(summary["imported"], 1, "{summary}");
    }
}

ktpel_tests::on_both_stores! {
    fn the_example_file_in_the_repo_imports_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contoh-permohonan.json");
        let summary: Value = serde_json::from_str(&k.ok(Some(OPERATOR), &["import", example.to_str().unwrap(), "--json"])).unwrap();
        assert_eq!(summary["imported"], 3, "{summary}");
    }
}

ktpel_tests::on_both_stores! {
    fn mutating_commands_need_a_user_with_the_right_role_and_password() {
        let dir = tempfile::tempdir().unwrap();
        let k = station_with_users(dir.path(), None);
        let file = dir.path().join("a.json");
        std::fs::write(&file, serde_json::to_string(&records::good(1, "R-")).unwrap()).unwrap();
        let no_user = k.run(None, &["import", file.to_str().unwrap()]);
        assert!(text(&no_user.stderr).contains("--as"), "{}", text(&no_user.stderr));
        let wrong = k.run(Some((OPERATOR.0, "salah-sandi-99")), &["import", file.to_str().unwrap()]);
        assert!(!wrong.status.success());
        assert!(text(&wrong.stderr).contains("kata sandi salah"));
        // An operator may not receive blanks (supervisor or admin only): checked in the core.
        let out = k.run(Some(OPERATOR), &["blanko", "receive", "--batch", "B1", "--range", "KT000001..KT000002", "--json"]);
        assert!(!out.status.success());
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["error"]["code"], "forbidden", "{err}");
    }
}
