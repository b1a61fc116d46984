//! PostgreSQL: finding a request by NIK (or its first digits), by its id, or by a fragment of
//! the name through a trigram index (pg_trgm, shipped with the server).

use tokio_postgres::Row;

use super::PgDb;
use crate::error::{CoreError, Result};
use crate::store::request_search::{FoundRequest, RequestSearchStore};

pub const SCHEMA_V1: &str = "
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX requests_name_trgm ON requests USING gin (nama gin_trgm_ops);
";

const COLUMNS: &str = "q.request_id, q.nik, q.nama, q.service, q.status, q.approved_at, g.register_number, g.registered_at, q.handed_over_at";

fn found(r: &Row) -> Result<FoundRequest> {
    let service: String = r.try_get(3)?;
    let status: String = r.try_get(4)?;
    Ok(FoundRequest {
        request_id: r.try_get(0)?,
        nik: r.try_get(1)?,
        nama: r.try_get(2)?,
        service: crate::domain::Service::parse(&service).ok_or_else(|| CoreError::corrupt("requests.service", &service))?,
        status: crate::store::requests::RequestStatus::parse(&status).ok_or_else(|| CoreError::corrupt("requests.status", &status))?,
        approved_at: r.try_get(5)?,
        register_number: r.try_get(6)?,
        registered_at: r.try_get(7)?,
        handed_over_at: r.try_get(8)?,
    })
}

/// `text` for LIKE, its wildcards taken literally.
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

impl RequestSearchStore for PgDb<'_> {
    fn request_search_by_nik(&self, digits: &str, limit: i64) -> Result<Vec<FoundRequest>> {
        let rows = if digits.len() == 16 {
            let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.nik = $1 ORDER BY q.id DESC LIMIT $2");
            self.query(&sql, &[&digits, &limit])?
        } else {
            let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.nik LIKE $1 ORDER BY q.nik, q.id LIMIT $2");
            self.query(&sql, &[&format!("{}%", like_literal(digits)), &limit])?
        };
        rows.iter().map(found).collect()
    }

    fn request_search_by_request_id(&self, request_id: &str) -> Result<Vec<FoundRequest>> {
        let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.request_id = $1");
        self.query(&sql, &[&request_id])?.iter().map(found).collect()
    }

    fn request_search_by_name_fragment(&self, fragment: &str, limit: i64) -> Result<Vec<FoundRequest>> {
        let sql = format!("SELECT {COLUMNS} FROM requests q LEFT JOIN register g ON g.request_id = q.request_id WHERE q.nama ILIKE $1 ORDER BY q.id DESC LIMIT $2");
        self.query(&sql, &[&format!("%{}%", like_literal(fragment)), &limit])?.iter().map(found).collect()
    }
}
