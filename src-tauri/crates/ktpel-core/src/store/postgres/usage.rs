//! PostgreSQL: the queries behind the blanko usage report (`from <= at < to`, UTC stamps).

use super::PgDb;
use crate::error::Result;
use crate::store::usage::{StepStamps, UsageEvent, UsageStore};

fn pairs(rows: Vec<tokio_postgres::Row>) -> Result<Vec<(String, i64)>> {
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

impl UsageStore for PgDb<'_> {
    fn usage_event_counts(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
        pairs(self.query("SELECT event, count(*) FROM blanko_ledger WHERE at >= $1 AND at < $2 GROUP BY event", &[&from, &to])?)
    }

    fn usage_received_by_batch(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
        pairs(self.query(
            "SELECT b.batch_ref, count(*) FROM blanko_ledger l JOIN blanko b ON b.serial = l.serial
             WHERE l.at >= $1 AND l.at < $2 AND l.event = 'received' GROUP BY b.batch_ref ORDER BY b.batch_ref",
            &[&from, &to],
        )?)
    }

    fn usage_printed_by_service_and_officer(&self, from: &str, to: &str) -> Result<Vec<(String, String, String, i64)>> {
        let rows = self.query("SELECT service, operator, station, count(*) FROM register WHERE register_date >= $1 AND register_date <= $2 GROUP BY service, operator, station", &[&from, &to])?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
    }

    fn usage_listed_events(&self, from: &str, to: &str) -> Result<Vec<UsageEvent>> {
        let rows = self.query(
            "SELECT l.serial, l.event, l.reason, l.ref, l.at, l.by_user, r.request_id, a.station
             FROM blanko_ledger l
             LEFT JOIN print_attempts a ON a.id = l.attempt_id
             LEFT JOIN requests r ON r.id = a.request_ref
             WHERE l.at >= $1 AND l.at < $2 AND l.event IN ('spoiled', 'returned', 'written_off', 'lost', 'found') ORDER BY l.id",
            &[&from, &to],
        )?;
        rows.iter()
            .map(|r| {
                Ok(UsageEvent {
                    serial: r.try_get(0)?,
                    event: r.try_get(1)?,
                    reason: r.try_get(2)?,
                    reference: r.try_get(3)?,
                    at: r.try_get(4)?,
                    by_user: r.try_get(5)?,
                    request_id: r.try_get(6)?,
desk: r.try_get(7)?,
                })
            })
            .collect()
    }

    fn usage_handed_over(&self, from: &str, to: &str) -> Result<i64> {
        Ok(self.one("SELECT count(*) FROM handovers WHERE handed_at >= $1 AND handed_at < $2", &[&from, &to])?.try_get(0)?)
    }

    fn usage_submitted_since(&self, submitted_from: &str, to: &str) -> Result<Vec<(String, String, String, Option<String>)>> {
        let rows = self.query("SELECT request_id, channel, submitted_at, ready_at FROM requests WHERE submitted_at >= $1 AND submitted_at < $2 ORDER BY submitted_at", &[&submitted_from, &to])?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
    }

    fn usage_reprint_decisions(&self, from: &str, to: &str) -> Result<(i64, i64)> {
        let r = self.one(
            "SELECT count(*) FILTER (WHERE decision = 'approved'), count(*) FILTER (WHERE decision = 'refused')
             FROM reprint_decisions WHERE decided_at >= $1 AND decided_at < $2",
            &[&from, &to],
        )?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    fn usage_step_stamps(&self, from: &str, to: &str) -> Result<Vec<StepStamps>> {
        let rows = self.query(
            "SELECT r.request_id, r.service, r.channel, r.submitted_at, r.approved_at,
                    (SELECT min(a.created_at) FROM print_attempts a WHERE a.request_ref = r.id),
                    (SELECT coalesce(a.finished_at, a.resolved_at) FROM print_attempts a WHERE a.request_ref = r.id AND a.outcome = 'ok'),
                    g.registered_at, g.operator, h.handed_at
             FROM requests r
             LEFT JOIN register g ON g.request_id = r.request_id
             LEFT JOIN handovers h ON h.request_ref = r.id
             WHERE r.approved_at >= $1 AND r.approved_at < $2
             ORDER BY r.approved_at, r.request_id",
            &[&from, &to],
        )?;
        rows.iter()
            .map(|r| {
                Ok(StepStamps {
                    request_id: r.try_get(0)?,
                    service: r.try_get(1)?,
                    channel: r.try_get(2)?,
                    submitted_at: r.try_get(3)?,
                    approved_at: r.try_get(4)?,
                    print_started_at: r.try_get(5)?,
                    printed_at: r.try_get(6)?,
                    registered_at: r.try_get(7)?,
                    operator: r.try_get(8)?,
                    handed_over_at: r.try_get(9)?,
                })
            })
            .collect()
    }
}
