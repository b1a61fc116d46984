//! SQLite: the `register` tables' schema, their migrations and the operations of `store::register` over them.

use crate::store::register::*;
use rusqlite::{params, Connection, Row};

use crate::error::Result;

pub const SCHEMA_V1: &str = concat!(
    "
CREATE TABLE register (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    register_number TEXT NOT NULL UNIQUE,
    registered_at   TEXT NOT NULL,
    register_date   TEXT NOT NULL,
    nik             TEXT NOT NULL,
    nama            TEXT NOT NULL,
    alamat          TEXT NOT NULL,
    rt              TEXT NOT NULL,
    rw              TEXT NOT NULL,
    kel_desa        TEXT NOT NULL,
    kecamatan       TEXT NOT NULL,
    service         TEXT NOT NULL,
    blanko_serial   TEXT NOT NULL UNIQUE REFERENCES blanko (serial),
    operator        TEXT NOT NULL,
    approver        TEXT NOT NULL,
    request_id      TEXT NOT NULL UNIQUE,
    attempt_id      INTEGER NOT NULL UNIQUE REFERENCES print_attempts (id),
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX register_date ON register (register_date);
CREATE INDEX register_nik ON register (nik);
CREATE TRIGGER register_gap_free BEFORE INSERT ON register
WHEN NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM register WHERE year = NEW.year)
BEGIN SELECT RAISE(ABORT, 'register number out of sequence'); END;
",
    crate::append_only!("register")
);

/// v6: each register row names the desk the card was printed at.
pub const SCHEMA_V6: &str = "
ALTER TABLE register ADD COLUMN station TEXT NOT NULL DEFAULT '';
";

impl RegisterRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(RegisterRow {
            year: r.get("year")?,
            seq: r.get("seq")?,
            register_number: r.get("register_number")?,
            registered_at: r.get("registered_at")?,
            register_date: r.get("register_date")?,
            nik: r.get("nik")?,
            nama: r.get("nama")?,
            alamat: r.get("alamat")?,
            rt: r.get("rt")?,
            rw: r.get("rw")?,
            kel_desa: r.get("kel_desa")?,
            kecamatan: r.get("kecamatan")?,
            service: r.get("service")?,
            blanko_serial: r.get("blanko_serial")?,
            chip_uid: r.get("chip_uid")?,
            operator: r.get("operator")?,
            station: r.get("station")?,
            approver: r.get("approver")?,
            request_id: r.get("request_id")?,
            attempt_id: r.get("attempt_id")?,
        })
    }
}

/// The next sequence number of `year`. Call only inside the write transaction that inserts it.
/// A year with no card yet starts after its paper book (`register_carryover`), or at 1.
pub fn next_seq(conn: &Connection, year: i64) -> Result<i64> {
    let last: Option<i64> = conn.query_row("SELECT MAX(seq) FROM register WHERE year = ?1", [year], |r| r.get(0))?;
    match last {
        Some(last) => Ok(last + 1),
        None => super::register_carryover::start_of(conn, year),
    }
}

pub fn insert(conn: &Connection, row: &RegisterRow) -> Result<()> {
    conn.prepare_cached("INSERT INTO register (year, seq, register_number, registered_at, register_date, nik, nama, alamat, rt, rw,
            kel_desa, kecamatan, service, blanko_serial, operator, approver, request_id, attempt_id, station, chip_uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)")?.execute(params![
            row.year,
            row.seq,
            row.register_number,
            row.registered_at,
            row.register_date,
            row.nik,
            row.nama,
            row.alamat,
            row.rt,
            row.rw,
            row.kel_desa,
            row.kecamatan,
            row.service,
            row.blanko_serial,
            row.operator,
            row.approver,
            row.request_id,
            row.attempt_id,
            row.station,
            row.chip_uid
        ])?;
    Ok(())
}

/// The register of one office date (YYYY-MM-DD), in number order.
pub fn on_date(conn: &Connection, date: &str) -> Result<Vec<RegisterRow>> {
    let mut stmt = conn.prepare("SELECT * FROM register WHERE register_date = ?1 ORDER BY year, seq")?;
    let rows = stmt.query_map([date], RegisterRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn all(conn: &Connection) -> Result<Vec<RegisterRow>> {
    let mut stmt = conn.prepare("SELECT * FROM register ORDER BY year, seq")?;
    let rows = stmt.query_map([], RegisterRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn by_request(conn: &Connection, request_id: &str) -> Result<Option<RegisterRow>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT * FROM register WHERE request_id = ?1", [request_id], RegisterRow::from_row).optional()?)
}

impl RegisterStore for Connection {
    fn register_next_seq(&self, year: i64) -> Result<i64> {
        next_seq(self, year)
    }

    fn register_insert(&self, row: &RegisterRow) -> Result<()> {
        insert(self, row)
    }

    fn register_on_date(&self, date: &str) -> Result<Vec<RegisterRow>> {
        on_date(self, date)
    }

    fn register_all(&self) -> Result<Vec<RegisterRow>> {
        all(self)
    }

    fn register_by_request(&self, request_id: &str) -> Result<Option<RegisterRow>> {
        by_request(self, request_id)
    }
}
