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
