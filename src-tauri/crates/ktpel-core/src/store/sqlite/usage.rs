//! SQLite: the `usage` tables' schema, their migrations and the operations of `store::usage` over them.

use crate::store::usage::*;
use rusqlite::Connection;

use crate::error::Result;

/// The span's events counted by kind, from the ledger's (at, event) index alone.
pub fn event_counts(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT event, count(*) FROM blanko_ledger INDEXED BY blanko_ledger_at_event WHERE at >= ?1 AND at < ?2 GROUP BY event")?;
    let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Blanks received in the span, by delivery batch.
pub fn received_by_batch(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.batch_ref, count(*) FROM blanko_ledger l JOIN blanko b ON b.serial = l.serial
         WHERE l.at >= ?1 AND l.at < ?2 AND l.event = 'received' GROUP BY b.batch_ref ORDER BY b.batch_ref",
    )?;
    let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Good cards printed on office days `from..=to` (YYYY-MM-DD), by service type and officer, from
/// the register: its row and the blank's *printed* event are written in one transaction with one
/// time, so the day's register is the day's printed blanks (the caller compares the two counts),
/// and reading it spares a look-up of each blank's attempt and request.
pub fn printed_by_service_and_officer(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT service, operator, station, count(*) FROM register WHERE register_date >= ?1 AND register_date <= ?2 GROUP BY service, operator, station",
    )?;
    let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The span's events that the report lists one by one (spoiled, not fed, adjustments), with
/// what they belonged to.
pub fn listed_events(conn: &Connection, from: &str, to: &str) -> Result<Vec<UsageEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.serial, l.event, l.reason, l.ref, l.at, l.by_user, r.request_id, a.station
         FROM blanko_ledger l
         LEFT JOIN print_attempts a ON a.id = l.attempt_id
         LEFT JOIN requests r ON r.id = a.request_ref
         WHERE l.at >= ?1 AND l.at < ?2 AND l.event IN ('spoiled', 'returned', 'written_off', 'lost', 'found') ORDER BY l.id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok(UsageEvent {
            serial: r.get(0)?,
            event: r.get(1)?,
            reason: r.get(2)?,
            reference: r.get(3)?,
            at: r.get(4)?,
            by_user: r.get(5)?,
            request_id: r.get(6)?,
desk: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn handed_over(conn: &Connection, from: &str, to: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM handovers WHERE handed_at >= ?1 AND handed_at < ?2", [from, to], |r| r.get(0))?)
}

/// Requests submitted from `submitted_from` on, before `to`: (request_id, channel, submitted_at, ready_at).
pub fn submitted_since(conn: &Connection, submitted_from: &str, to: &str) -> Result<Vec<(String, String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT request_id, channel, submitted_at, ready_at FROM requests WHERE submitted_at >= ?1 AND submitted_at < ?2 ORDER BY submitted_at",
    )?;
    let rows = stmt.query_map([submitted_from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Reprint decisions in the span: (approved, refused).
pub fn reprint_decisions(conn: &Connection, from: &str, to: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE decision = 'approved'), count(*) FILTER (WHERE decision = 'refused')
         FROM reprint_decisions WHERE decided_at >= ?1 AND decided_at < ?2",
        [from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

impl UsageStore for Connection {
    fn usage_event_counts(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
        event_counts(self, from, to)
    }

    fn usage_received_by_batch(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
        received_by_batch(self, from, to)
    }

    fn usage_printed_by_service_and_officer(&self, from: &str, to: &str) -> Result<Vec<(String, String, String, i64)>> {
        printed_by_service_and_officer(self, from, to)
    }

    fn usage_listed_events(&self, from: &str, to: &str) -> Result<Vec<UsageEvent>> {
        listed_events(self, from, to)
    }

    fn usage_handed_over(&self, from: &str, to: &str) -> Result<i64> {
        handed_over(self, from, to)
    }

    fn usage_submitted_since(&self, submitted_from: &str, to: &str) -> Result<Vec<(String, String, String, Option<String>)>> {
        submitted_since(self, submitted_from, to)
    }

    fn usage_reprint_decisions(&self, from: &str, to: &str) -> Result<(i64, i64)> {
        reprint_decisions(self, from, to)
    }

    fn usage_step_stamps(&self, from: &str, to: &str) -> Result<Vec<StepStamps>> {
        step_stamps(self, from, to)
    }
}

/// One row per request approved in the span, each step's stamp from its own table.
pub fn step_stamps(conn: &Connection, from: &str, to: &str) -> Result<Vec<StepStamps>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.request_id, r.service, r.channel, r.submitted_at, r.approved_at,
                (SELECT min(a.created_at) FROM print_attempts a WHERE a.request_ref = r.id),
                (SELECT coalesce(a.finished_at, a.resolved_at) FROM print_attempts a WHERE a.request_ref = r.id AND a.outcome = 'ok'),
                g.registered_at, g.operator, h.handed_at
         FROM requests r
         LEFT JOIN register g ON g.request_id = r.request_id
         LEFT JOIN handovers h ON h.request_ref = r.id
         WHERE r.approved_at >= ?1 AND r.approved_at < ?2
         ORDER BY r.approved_at, r.request_id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok(StepStamps {
            request_id: r.get(0)?,
            service: r.get(1)?,
            channel: r.get(2)?,
            submitted_at: r.get(3)?,
            approved_at: r.get(4)?,
            print_started_at: r.get(5)?,
            printed_at: r.get(6)?,
            registered_at: r.get(7)?,
            operator: r.get(8)?,
            handed_over_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
