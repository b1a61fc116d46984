//! Schema migrations: a database upgraded step by step equals a fresh one; a newer one is refused.

use rusqlite::Connection;

fn schema(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn an_upgraded_database_equals_a_fresh_one() {
    let migrations = ktpel_core::store::migrations();
    let mut fresh = Connection::open_in_memory().unwrap();
    migrations.to_latest(&mut fresh).unwrap();
    let mut upgraded = Connection::open_in_memory().unwrap();
    for version in 1..=ktpel_core::store::SCHEMA_VERSION {
        migrations.to_version(&mut upgraded, version).unwrap();
    }
    assert_eq!(schema(&fresh), schema(&upgraded));
    let v = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(v(&fresh), ktpel_core::store::SCHEMA_VERSION as i64);
    assert_eq!(v(&upgraded), v(&fresh));
    assert!(migrations.validate().is_ok());
}

#[test]
fn a_database_from_a_newer_station_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite");
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = ktpel_core::Station::open(&path).err().expect("refused");
    assert_eq!(err.code(), "database_open");
    assert!(err.to_string().contains("lebih baru"), "{err}");
    // Still at 999: never "upgraded" or touched.
    let c = Connection::open(&path).unwrap();
    assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 999);
}

/// A station's v1 database with its day's work in it (a request being printed, blanks, ledger)
/// opens in the new station: every row kept with its id, references intact, and the new
/// guarantees in force on the old rows.
#[test]
fn a_v1_database_with_data_upgrades_keeping_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let mut c = Connection::open(&path).unwrap();
        ktpel_core::store::migrations().to_version(&mut c, 1).unwrap();
        c.execute_batch(
            "INSERT INTO requests (id, request_id, service, channel, submitted_at, approved_at, approved_by, requirements_json,
                 person_json, nik, nama, photo_jpeg, payload_sha256, status, imported_at, imported_by)
             VALUES (7, 'REQ-V1', 'baru', 'loket', '2026-11-02T01:00:00Z', '2026-11-02T01:05:00Z', 'kasi', '{}', '{}',
                 '3520010101900001', 'SITI', x'FFD8', 'abc', 'printing', '2026-11-02T01:06:00Z', 'ani');
             INSERT INTO blanko VALUES ('KT000001', 'BA-1', '2026-11-01T01:00:00Z', 'budi', 'reserved');
             INSERT INTO blanko VALUES ('KT000002', 'BA-1', '2026-11-01T01:00:00Z', 'budi', 'in_stock');
             INSERT INTO blanko_ledger (id, serial, event, at, by_user) VALUES (1, 'KT000001', 'received', '2026-11-01T01:00:00Z', 'budi');
             INSERT INTO blanko_ledger (id, serial, event, at, by_user) VALUES (2, 'KT000002', 'received', '2026-11-01T01:00:00Z', 'budi');
             INSERT INTO blanko_ledger (id, serial, event, attempt_id, at, by_user) VALUES (5, 'KT000001', 'reserved', 3, '2026-11-02T01:07:00Z', 'ani');
             INSERT INTO print_attempts (id, request_ref, blanko_serial, printer, spool_server, printer_path, job_name,
                 template_version, specimen, job_state, created_at, created_by)
             VALUES (3, 7, 'KT000001', 'kartu', 'http://127.0.0.1:631', '/printers/kartu', 'ST-3', 1, 0, 'submitted', '2026-11-02T01:07:00Z', 'ani');",
        )
        .unwrap();
        assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
    }
    let st = ktpel_core::Station::open(&path).unwrap();
    let c = Connection::open(&path).unwrap();
    assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), ktpel_core::store::SCHEMA_VERSION as i64);
    assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
    assert!(c.prepare("PRAGMA foreign_key_check").unwrap().query([]).unwrap().next().unwrap().is_none());
    let ids: Vec<i64> = c.prepare("SELECT id FROM blanko_ledger ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(ids, vec![1, 2, 5]);
    let request: (i64, String, Vec<u8>) = c.query_row("SELECT id, status, photo_jpeg FROM requests WHERE request_id = 'REQ-V1'", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(request, (7, "printing".to_string(), vec![0xFF, 0xD8]));
    let stock = st.stock().unwrap();
    assert_eq!((stock.received, stock.in_stock, stock.reserved), (2, 1, 1));
    assert_eq!(st.open_attempts().unwrap()[0].attempt.blanko_serial, "KT000001");
    assert_eq!(st.open_attempts().unwrap()[0].request_id, "REQ-V1");
    // v4's name index was filled from the rows already there; the stock counts too.
    let found = st.find_requests("iti").unwrap();
    assert_eq!(found.iter().map(|f| f.request_id.as_str()).collect::<Vec<_>>(), ["REQ-V1"]);
    assert_eq!(st.find_requests("35200101").unwrap()[0].request_id, "REQ-V1");
    // The new life trigger guards the old rows too.
    let err = c.execute("UPDATE blanko SET state = 'destroyed' WHERE serial = 'KT000002'", []).unwrap_err();
    assert!(err.to_string().contains("outside its life"), "{err}");
    drop(c);
    // And the schema equals a fresh database's.
    let fresh = ktpel_core::Station::open(&dir.path().join("fresh.sqlite")).unwrap();
    drop(fresh);
    let a = Connection::open(&path).unwrap();
    let b = ktpel_tests::open_raw(&dir.path().join("fresh.sqlite"));
    assert_eq!(schema(&a), schema(&b));
}

/// A v1 database holding a reference to nothing (written by something that switched foreign keys
/// off) is not upgraded: the migration is rolled back, the message says so, the file stays v1.
#[test]
fn an_upgrade_that_would_keep_a_broken_reference_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.sqlite");
    {
        let mut c = Connection::open(&path).unwrap();
        ktpel_core::store::migrations().to_version(&mut c, 1).unwrap();
        c.execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO blanko_ledger (serial, event, at, by_user) VALUES ('KT404', 'received', '2026-11-01T00:00:00Z', 'x');").unwrap();
    }
    let err = ktpel_core::Station::open(&path).err().expect("refused");
    assert_eq!(err.code(), "database_open");
    assert!(err.to_string().contains("rujukan rusak"), "{err}");
    let c = Connection::open(&path).unwrap();
    assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 1, "left as it was");
    assert_eq!(c.query_row("SELECT count(*) FROM blanko_ledger", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
}
