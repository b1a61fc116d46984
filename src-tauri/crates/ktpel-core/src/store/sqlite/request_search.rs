//! SQLite: the `request_search` tables' schema, their migrations and the operations of `store::request_search` over them.

use crate::store::request_search::*;
use rusqlite::{params, Connection, Row};

use crate::error::Result;

/// v4: the name index, filled from the requests already stored and kept by triggers. (A later
/// migration that rebuilds `requests` must drop and recreate these triggers with it.)
pub const SCHEMA_V4: &str = "
CREATE VIRTUAL TABLE requests_name USING fts5 (nama, content = 'requests', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO requests_name (rowid, nama) SELECT id, nama FROM requests;
CREATE TRIGGER requests_name_insert AFTER INSERT ON requests
BEGIN INSERT INTO requests_name (rowid, nama) VALUES (NEW.id, NEW.nama); END;
CREATE TRIGGER requests_name_delete AFTER DELETE ON requests
BEGIN INSERT INTO requests_name (requests_name, rowid, nama) VALUES ('delete', OLD.id, OLD.nama); END;
CREATE TRIGGER requests_name_update AFTER UPDATE OF nama ON requests
BEGIN
    INSERT INTO requests_name (requests_name, rowid, nama) VALUES ('delete', OLD.id, OLD.nama);
    INSERT INTO requests_name (rowid, nama) VALUES (NEW.id, NEW.nama);
END;
";

const COLUMNS: &str = "q.request_id, q.nik, q.nama, q.service, q.status, q.approved_at, g.register_number, g.registered_at, q.handed_over_at";

impl FoundRequest {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let status: String = r.get(4)?;
        let service: String = r.get(3)?;
        let bad = |col: usize, what: String| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.into());
        Ok(FoundRequest {
            request_id: r.get(0)?,
            nik: r.get(1)?,
            nama: r.get(2)?,
            service: crate::domain::Service::parse(&service).ok_or_else(|| bad(3, format!("service {service}")))?,
            status: crate::store::requests::RequestStatus::parse(&status).ok_or_else(|| bad(4, format!("status {status}")))?,
            approved_at: r.get(5)?,
            register_number: r.get(6)?,
            registered_at: r.get(7)?,
            handed_over_at: r.get(8)?,
        })
    }
}

fn collect(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<FoundRequest>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, FoundRequest::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Requests of the resident with this whole NIK, newest first; or, for the first digits of a
/// NIK, the requests whose NIK starts with them, in NIK order (as the officer types, the nearest).
pub fn by_nik(conn: &Connection, digits: &str, limit: i64) -> Result<Vec<FoundRequest>> {
    if digits.len() == 16 {
        let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.nik = ?1 ORDER BY q.id DESC LIMIT ?2");
        return collect(conn, &sql, params![digits, limit]);
    }
    // A range on the index: every string starting with `digits` sorts between it and `digits:`
    // (':' follows '9'), which SQLite answers from the index in order, LIMIT included.
    let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.nik >= ?1 AND q.nik < ?2 ORDER BY q.nik, q.id LIMIT ?3");
    collect(conn, &sql, params![digits, format!("{digits}:"), limit])
}

/// The request with this id, if any.
pub fn by_request_id(conn: &Connection, request_id: &str) -> Result<Vec<FoundRequest>> {
    let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.request_id = ?1");
    collect(conn, &sql, params![request_id])
}

/// Requests whose name contains `fragment` (any case; at least `MIN_NAME_FRAGMENT` characters),
/// newest first.
pub fn by_name_fragment(conn: &Connection, fragment: &str, limit: i64) -> Result<Vec<FoundRequest>> {
    // The phrase is quoted for FTS5 (a quote inside is doubled), so the officer's text is never
    // read as query syntax. The newest matches are taken from the index itself (rowid order), so
    // a common fragment does not fetch every match before the LIMIT.
    let phrase = format!("\"{}\"", fragment.replace('"', "\"\""));
    let sql = format!(
        "SELECT {COLUMNS} FROM (SELECT rowid AS rid FROM requests_name WHERE requests_name MATCH ?1 ORDER BY rowid DESC LIMIT ?2) m
         JOIN requests q ON q.id = m.rid LEFT JOIN register g ON g.request_id = q.request_id ORDER BY q.id DESC"
    );
    collect(conn, &sql, params![phrase, limit])
}

impl RequestSearchStore for Connection {
    fn request_search_by_nik(&self, digits: &str, limit: i64) -> Result<Vec<FoundRequest>> {
        by_nik(self, digits, limit)
    }

    fn request_search_by_request_id(&self, request_id: &str) -> Result<Vec<FoundRequest>> {
        by_request_id(self, request_id)
    }

    fn request_search_by_name_fragment(&self, fragment: &str, limit: i64) -> Result<Vec<FoundRequest>> {
        by_name_fragment(self, fragment, limit)
    }
}
