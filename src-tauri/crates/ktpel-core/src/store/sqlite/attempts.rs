//! SQLite: the `attempts` tables' schema, their migrations and the operations of `store::attempts` over them.

use crate::store::attempts::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};

/// v10: the service report finds each request's attempts (all of them, not only the open one).
pub const SCHEMA_V10: &str = "CREATE INDEX attempts_request ON print_attempts (request_ref);";

pub const SCHEMA_V1: &str = "
CREATE TABLE print_attempts (
    id               INTEGER PRIMARY KEY,
    request_ref      INTEGER NOT NULL REFERENCES requests (id),
    blanko_serial    TEXT NOT NULL REFERENCES blanko (serial),
    printer          TEXT NOT NULL,
    spool_server     TEXT NOT NULL,
    printer_path     TEXT NOT NULL,
    job_name         TEXT NOT NULL UNIQUE,
    template_version INTEGER NOT NULL,
    specimen         INTEGER NOT NULL CHECK (specimen IN (0, 1)),
    job_state        TEXT NOT NULL CHECK (job_state IN ('reserved', 'submitted', 'completed', 'failed', 'unknown')),
    job_id           INTEGER,
    spool_message    TEXT,
    printer_reasons  TEXT,
    outcome          TEXT CHECK (outcome IN ('ok', 'spoiled', 'not_fed')),
    outcome_reason   TEXT,
    reprint_of       INTEGER REFERENCES print_attempts (id),
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    submitted_at     TEXT,
    finished_at      TEXT,
    resolved_at      TEXT,
    resolved_by      TEXT
) STRICT;
-- Only one open attempt per request, and a blank is used by one attempt unless it was not fed:
-- the database itself refuses a double print, whatever the UI does.
CREATE UNIQUE INDEX attempts_one_open_per_request ON print_attempts (request_ref) WHERE outcome IS NULL;
CREATE UNIQUE INDEX attempts_blanko_used_once ON print_attempts (blanko_serial) WHERE outcome IS NULL OR outcome <> 'not_fed';
CREATE INDEX attempts_created ON print_attempts (created_at);
CREATE TRIGGER attempts_outcome_final BEFORE UPDATE ON print_attempts WHEN OLD.outcome IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a resolved attempt cannot change'); END;
CREATE TRIGGER attempts_identity_fixed BEFORE UPDATE OF request_ref, blanko_serial, printer, spool_server, printer_path, job_name, created_at, created_by ON print_attempts
BEGIN SELECT RAISE(ABORT, 'attempt identity is fixed'); END;
CREATE TRIGGER attempts_job_id_once BEFORE UPDATE OF job_id ON print_attempts WHEN OLD.job_id IS NOT NULL AND NEW.job_id IS NOT OLD.job_id
BEGIN SELECT RAISE(ABORT, 'job id is recorded once'); END;
CREATE TRIGGER attempts_no_delete BEFORE DELETE ON print_attempts
BEGIN SELECT RAISE(ABORT, 'attempts are never deleted'); END;
";

/// v6: an office has several desks on one register; each attempt names the desk that printed.
pub const SCHEMA_V6: &str = "
ALTER TABLE print_attempts ADD COLUMN station TEXT NOT NULL DEFAULT '';
CREATE TRIGGER attempts_station_fixed BEFORE UPDATE OF station ON print_attempts
BEGIN SELECT RAISE(ABORT, 'attempt identity is fixed'); END;
";

fn bad(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.into())
}

impl AttemptRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let job_state: String = r.get("job_state")?;
        let outcome: Option<String> = r.get("outcome")?;
        Ok(AttemptRow {
            id: r.get("id")?,
            request_ref: r.get("request_ref")?,
            blanko_serial: r.get("blanko_serial")?,
            printer: r.get("printer")?,
            spool_server: r.get("spool_server")?,
            printer_path: r.get("printer_path")?,
            job_name: r.get("job_name")?,
            station: r.get("station")?,
            template_version: r.get("template_version")?,
            specimen: r.get("specimen")?,
            job_state: JobState::parse(&job_state).ok_or_else(|| bad(9, format!("job_state {job_state}")))?,
            job_id: r.get("job_id")?,
            spool_message: r.get("spool_message")?,
            printer_reasons: r.get("printer_reasons")?,
            outcome: match outcome {
                None => None,
                Some(o) => Some(Outcome::parse(&o).ok_or_else(|| bad(13, format!("outcome {o}")))?),
            },
            outcome_reason: r.get("outcome_reason")?,
            reprint_of: r.get("reprint_of")?,
            created_at: r.get("created_at")?,
            created_by: r.get("created_by")?,
            submitted_at: r.get("submitted_at")?,
            finished_at: r.get("finished_at")?,
            resolved_at: r.get("resolved_at")?,
            resolved_by: r.get("resolved_by")?,
        })
    }
}

/// Inserts the attempt; its job name (`{prefix}-{id}`) is unique, so a job found in the spooler
/// after a crash can be tied to its attempt. Returns the new attempt's id.
pub fn insert(conn: &Connection, a: &NewAttempt) -> Result<i64> {
    let next: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM print_attempts", [], |r| r.get(0))?;
    let job_name = format!("{}-{next}", a.station);
    conn.prepare_cached("INSERT INTO print_attempts (id, request_ref, blanko_serial, printer, spool_server, printer_path, job_name,
            template_version, specimen, job_state, reprint_of, created_at, created_by, station)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'reserved', ?10, ?11, ?12, ?13)")?.execute(params![next, a.request_ref, a.blanko_serial, a.printer, a.spool_server, a.printer_path, job_name, a.template_version, a.specimen, a.reprint_of, a.at, a.by, a.station])
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict("permohonan ini atau blanko ini sudah dalam proses cetak; cetak ganda ditolak".into())
        } else {
            e.into()
        }
    })?;
    Ok(next)
}

pub fn get(conn: &Connection, id: i64) -> Result<AttemptRow> {
    conn.query_row("SELECT * FROM print_attempts WHERE id = ?1", [id], AttemptRow::from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { what: "percobaan cetak", id: id.to_string() })
}

/// The request's attempt that has no outcome yet, if any.
pub fn open_for_request(conn: &Connection, request_ref: i64) -> Result<Option<AttemptRow>> {
    Ok(conn.query_row("SELECT * FROM print_attempts WHERE request_ref = ?1 AND outcome IS NULL", [request_ref], AttemptRow::from_row).optional()?)
}

pub fn for_request(conn: &Connection, request_ref: i64) -> Result<Vec<AttemptRow>> {
    let mut stmt = conn.prepare("SELECT * FROM print_attempts WHERE request_ref = ?1 ORDER BY id")?;
    let rows = stmt.query_map([request_ref], AttemptRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every attempt still waiting for the officer's verdict, oldest first.
pub fn open(conn: &Connection) -> Result<Vec<AttemptRow>> {
    // Named index: left to itself the planner walks every attempt ever made in id order rather
    // than sort the handful that are open (measured: 12 ms at 50,000 cards, growing with them).
    let mut stmt = conn.prepare_cached("SELECT * FROM print_attempts INDEXED BY attempts_one_open_per_request WHERE outcome IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], AttemptRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn record_job_id(conn: &Connection, id: i64, job_id: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE print_attempts SET job_id = ?2, job_state = 'submitted', submitted_at = ?3 WHERE id = ?1 AND outcome IS NULL")?.execute(params![id, job_id, at])?;
    Ok(())
}

/// Records where the spooler left the job. Only an attempt without outcome changes.
pub fn record_job_end(conn: &Connection, id: i64, state: JobState, message: &str, reasons: &str, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE print_attempts SET job_state = ?2, spool_message = ?3, printer_reasons = ?4, finished_at = ?5 WHERE id = ?1 AND outcome IS NULL")?.execute(params![id, state.as_str(), message, reasons, at])?;
    Ok(())
}

pub fn resolve(conn: &Connection, id: i64, outcome: Outcome, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
    let n = conn.prepare_cached("UPDATE print_attempts SET outcome = ?2, outcome_reason = ?3, resolved_at = ?4, resolved_by = ?5 WHERE id = ?1 AND outcome IS NULL")?.execute(params![id, outcome.as_str(), reason, at, by])?;
    if n != 1 {
        return Err(CoreError::Conflict("percobaan cetak ini sudah diselesaikan".into()));
    }
    Ok(())
}

/// The latest spoiled attempt of a request, if any (what a reprint replaces).
pub fn last_spoiled(conn: &Connection, request_ref: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM print_attempts WHERE request_ref = ?1 AND outcome = 'spoiled' ORDER BY id DESC LIMIT 1",
            [request_ref],
            |r| r.get(0),
        )
        .optional()?)
}

impl AttemptsStore for Connection {
    fn attempts_insert(&self, a: &NewAttempt) -> Result<i64> {
        insert(self, a)
    }

    fn attempts_get(&self, id: i64) -> Result<AttemptRow> {
        get(self, id)
    }

    fn attempts_open_for_request(&self, request_ref: i64) -> Result<Option<AttemptRow>> {
        open_for_request(self, request_ref)
    }

    fn attempts_for_request(&self, request_ref: i64) -> Result<Vec<AttemptRow>> {
        for_request(self, request_ref)
    }

    fn attempts_open(&self) -> Result<Vec<AttemptRow>> {
        open(self)
    }

    fn attempts_record_job_id(&self, id: i64, job_id: i64, at: &str) -> Result<()> {
        record_job_id(self, id, job_id, at)
    }

    fn attempts_record_job_end(&self, id: i64, state: JobState, message: &str, reasons: &str, at: &str) -> Result<()> {
        record_job_end(self, id, state, message, reasons, at)
    }

    fn attempts_resolve(&self, id: i64, outcome: Outcome, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
        resolve(self, id, outcome, reason, at, by)
    }

    fn attempts_last_spoiled(&self, request_ref: i64) -> Result<Option<i64>> {
        last_spoiled(self, request_ref)
    }
}
