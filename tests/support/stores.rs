//! One behaviour suite, two stores: a test written once runs on the embedded SQLite file and on
//! the office's PostgreSQL server. `on_both_stores!` makes `NAME::sqlite` and `NAME::postgres`
//! tests of one body; inside it, `core_station` and the raw-SQL helpers use the store the test
//! runs on.

use std::cell::Cell;

use ktpel_core::store::postgres::PgStore;
use ktpel_core::store::sqlite::SqliteStore;
use ktpel_core::Station;

use crate::pg_cluster::Cluster;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

thread_local! {
    static KIND: Cell<Kind> = const { Cell::new(Kind::Sqlite) };
}

/// The store the current test runs on.
pub fn kind() -> Kind {
    KIND.with(Cell::get)
}

/// Makes `kind` the current test's store.
pub fn set_kind(kind: Kind) {
    KIND.with(|k| k.set(kind));
}

/// Runs `body` with `kind` as the current test's store.
pub fn run_on(kind: Kind, body: fn()) {
    KIND.with(|k| k.set(kind));
    body();
}

/// A new, empty station on the current store: a file in `dir`, or a fresh office database.
pub fn open_station(dir: &std::path::Path) -> Station {
    match kind() {
        Kind::Sqlite => Station::open(&dir.join("core.sqlite")).expect("open station"),
        Kind::Postgres => Station::open_location(&Cluster::get().new_database()).expect("open office station"),
    }
}

/// The same store opened again, as after a restart of the station.
pub fn reopen(st: &Station) -> Station {
    Station::open_location(&st.store().location()).expect("reopen station")
}

/// Makes `NAME::sqlite` and `NAME::postgres` tests of one body.
#[macro_export]
macro_rules! on_both_stores {
    ($(#[$meta:meta])* fn $name:ident() $body:block) => {
        $(#[$meta])*
        fn $name() $body

        mod $name {
            #[test]
            fn sqlite() {
                $crate::stores::run_on($crate::stores::Kind::Sqlite, super::$name)
            }

            #[test]
            fn postgres() {
                $crate::stores::run_on($crate::stores::Kind::Postgres, super::$name)
            }
        }
    };
}

/// Runs one raw statement on the station's own store, as a careless or hostile writer would;
/// returns the store's refusal in its words.
pub fn raw(st: &Station, sql: &str) -> Result<u64, String> {
    if let Some(s) = st.store().engine::<SqliteStore>() {
        return s.connection().execute(sql, []).map(|n| n as u64).map_err(|e| e.to_string());
    }
    match st.store().engine::<PgStore>() {
        Some(pg) => pg.raw_sql(sql).map(|_| 0).map_err(|e| e.to_string()),
        None => Err("unknown store".into()),
    }
}

/// The rows of a query, every value as text (NULL as None), from either store.
pub fn rows(st: &Station, sql: &str) -> Vec<Vec<Option<String>>> {
    try_rows(st, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// As `rows`, with the store's refusal (busy, locked, gone) as an error.
pub fn try_rows(st: &Station, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
    if let Some(s) = st.store().engine::<SqliteStore>() {
        let c = s.connection();
        let mut stmt = c.prepare(sql).map_err(|e| e.to_string())?;
        let n = stmt.column_count();
        let out = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                            rusqlite::types::Value::Null => None,
                            rusqlite::types::Value::Integer(v) => Some(v.to_string()),
                            rusqlite::types::Value::Real(v) => Some(v.to_string()),
                            rusqlite::types::Value::Text(v) => Some(v),
                            rusqlite::types::Value::Blob(v) => Some(format!("<{} bytes>", v.len())),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        return out.map_err(|e| e.to_string());
    }
    let pg = st.store().engine::<PgStore>().ok_or("unknown store")?;
    pg.raw_sql(sql).map_err(|e| e.to_string())
}

/// The first value of a query as a truth (SQLite's 1, PostgreSQL's t); false when it cannot be read.
pub fn truth(st: &Station, sql: &str) -> bool {
    try_rows(st, sql).ok().and_then(|r| r.into_iter().next()).and_then(|r| r.into_iter().next().flatten()).is_some_and(|v| matches!(v.as_str(), "1" | "t" | "true"))
}

/// One number from a query (`SELECT count(*) …`), from either store.
pub fn number(st: &Station, sql: &str) -> i64 {
    rows(st, sql).first().and_then(|r| r.first().cloned().flatten()).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{sql}: no number"))
}
