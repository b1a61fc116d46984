//! Finding a request in the whole history: by NIK (whole or its first digits), by a fragment of
//! the name through the trigram index (kept by triggers), by request id; what the officer types
//! is never read as query syntax.

use ktpel_tests::{core_station, records};
use serde_json::json;

fn station_with(names: &[&str]) -> (tempfile::TempDir, ktpel_core::Station, ktpel_tests::Actors) {
    let dir = tempfile::tempdir().unwrap();
    let (mut st, a) = core_station(dir.path());
    let mut recs = records::good(names.len(), "CARI-");
    for (r, name) in recs.iter_mut().zip(names) {
        r["person"]["nama"] = json!(name);
    }
    let s = st.import_text(&a.operator, &records::jsonl(&recs), false).unwrap();
    assert_eq!(s.imported, names.len(), "{s:?}");
    (dir, st, a)
}

ktpel_tests::on_both_stores! {
    fn a_request_is_found_by_nik_name_fragment_or_id() {
        let (_dir, st, _a) = station_with(&["SITI AMINAH", "BUDI SANTOSO", "AGUS SANTOSA", "DEWI LESTARI"]);
        let budi = st.request("CARI-0002").unwrap();
        // The whole NIK: that resident's requests.
        let found = st.find_requests(&budi.person.nik).unwrap();
        assert_eq!(found.iter().map(|f| f.request_id.as_str()).collect::<Vec<_>>(), ["CARI-0002"]);
        assert_eq!(found[0].nama, "BUDI SANTOSO");
        assert_eq!(found[0].register_number, None, "not printed yet");
        // The first digits of a NIK: every request whose NIK starts with them.
        let prefix = &budi.person.nik[..6];
        let by_prefix = st.find_requests(prefix).unwrap();
        assert!(by_prefix.iter().any(|f| f.request_id == "CARI-0002") && by_prefix.iter().all(|f| f.nik.starts_with(prefix)));
        // A fragment of the name, any case, anywhere in it; newest first.
        let santo: Vec<String> = st.find_requests("santo").unwrap().into_iter().map(|f| f.request_id).collect();
        assert_eq!(santo, ["CARI-0003", "CARI-0002"]);
        assert_eq!(st.find_requests("  Lestari ").unwrap()[0].request_id, "CARI-0004");
        assert!(st.find_requests("WIJAYA").unwrap().is_empty());
        // The request id.
        assert_eq!(st.find_requests("CARI-0001").unwrap()[0].nama, "SITI AMINAH");
    }
}

ktpel_tests::on_both_stores! {
    fn too_short_a_fragment_names_the_fix_and_query_syntax_is_plain_text() {
        let (_dir, st, _a) = station_with(&["SITI AMINAH", "BUDI OR SANTOSO"]);
        let err = st.find_requests("si").unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("sedikitnya 3 huruf"), "{err}");
        // FTS5 syntax typed by the officer is looked for literally, never run as a query.
        assert!(st.find_requests("\"AMINAH\"").unwrap().is_empty(), "quotes are characters to find, not syntax");
        assert_eq!(st.find_requests("aminah").unwrap()[0].request_id, "CARI-0001");
        assert_eq!(st.find_requests("I OR S").unwrap()[0].request_id, "CARI-0002");
        assert!(st.find_requests("NEAR(a b)").unwrap().is_empty());
        assert!(st.find_requests("nama:*").unwrap().is_empty());
    }
}

ktpel_tests::on_both_stores! {
    fn a_printed_card_is_found_with_its_register_number() {
        let (_dir, mut st, a) = station_with(&["RINA KURNIAWATI"]);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000001").unwrap();
        ktpel_tests::print_answered(&mut st, &a.operator, "CARI-0001", "KT000001", true);
        let row = st.confirm_ok(&a.operator, "CARI-0001").unwrap();
        let found = st.find_requests("kurnia").unwrap();
        assert_eq!(found[0].register_number.as_deref(), Some(row.register_number.as_str()));
        assert_eq!(found[0].status, ktpel_core::store::requests::RequestStatus::Ready);
    }
}

ktpel_tests::on_both_stores! {
    fn the_cli_finds_by_name_and_says_how_to_search_when_too_short() {
        let dir = tempfile::tempdir().unwrap();
        let k = ktpel_tests::station_with_users(dir.path(), None);
        let file = dir.path().join("in.jsonl");
        std::fs::write(&file, records::jsonl(&records::good(3, "CLI-"))).unwrap();
        k.ok(Some(ktpel_tests::OPERATOR), &["import", file.to_str().unwrap()]);
        let st = k.station();
        let name = st.request("CLI-0002").unwrap().person.nama;
        let fragment: String = name.chars().take(5).collect::<String>().to_lowercase();
        let out: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "find", &fragment])).unwrap();
        assert!(out.as_array().unwrap().iter().any(|f| f["request_id"] == "CLI-0002" && f["nama"] == name.as_str()), "{out}");
        let short = k.run(None, &["find", "ab"]);
        assert!(!short.status.success());
        assert!(ktpel_tests::text(&short.stderr).contains("sedikitnya 3 huruf"), "{}", ktpel_tests::text(&short.stderr));
    }
}
