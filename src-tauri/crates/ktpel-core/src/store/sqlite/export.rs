//! SQLite: every row of a station's history, generically (see `store::transfer`).

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::Result;
use crate::store::transfer::{Table, Value, TABLES};

pub fn history(conn: &Connection) -> Result<Vec<Table>> {
    TABLES.iter().map(|(name, order)| table(conn, name, order)).collect()
}

fn table(conn: &Connection, name: &str, order: &str) -> Result<Table> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {name} ORDER BY {order}"))?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let n = columns.len();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(v) => Value::Int(v),
                        ValueRef::Real(v) => Value::Real(v),
                        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Table { name: name.to_string(), columns, rows })
}
