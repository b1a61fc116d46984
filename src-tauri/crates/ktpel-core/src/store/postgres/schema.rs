//! The office schema's migrations, in order. Each table module owns its DDL; this file puts them
//! in order and runs them once: under an advisory lock, so two desks starting at once after an
//! upgrade migrate once (the second waits, then finds the work done). A schema newer than this
//! program is refused, never downgraded.

use tokio_postgres::Client;

use super::sync::block_on;

use super::{adjustments, app_versions, attempts, audit, blanko, chips, feed_state, handovers, outbox, printers, register, register_carryover, reprints, ribbons, request_search, requests, settings, signoffs, spool_logins, users};
use crate::error::{CoreError, Result};

/// Version of the office schema this program writes.
pub const OFFICE_SCHEMA_VERSION: i64 = 5;

/// Any number will do as long as it is ours alone on the server.
const MIGRATION_LOCK: i64 = 0x6b74_7065_6c01;

/// Refusal by a trigger, with SQLSTATE 23000 so it reads as a constraint like a UNIQUE or CHECK.
const COMMON_V1: &str = "
CREATE FUNCTION ktpel_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = TG_ARGV[0];
END $$;
";

/// A migration's data step, run after its SQL in the same transaction.
type DataStep = fn(&tokio_postgres::Transaction<'_>) -> Result<()>;

fn migrations() -> Vec<(String, Option<DataStep>)> {
    vec![([
        COMMON_V1,
        settings::SCHEMA_V1,
        users::SCHEMA_V1,
        requests::SCHEMA_V1,
        blanko::SCHEMA_V1,
        attempts::SCHEMA_V1,
        register::SCHEMA_V1,
        handovers::SCHEMA_V1,
        audit::SCHEMA_V1,
        printers::SCHEMA_V1,
        reprints::SCHEMA_V1,
        adjustments::SCHEMA_V1,
        signoffs::SCHEMA_V1,
        outbox::SCHEMA_V1,
        feed_state::SCHEMA_V1,
        request_search::SCHEMA_V1,
        spool_logins::SCHEMA_V1,
        TIMEOUTS_V1,
        DESK_ROLE_V1,
    ]
    .concat(), None),
        // v2: images stored as the card prints them, and erased after the retention period.
        (requests::SCHEMA_V2.to_string(), Some(requests::fit_stored_images as DataStep)),
        // v3: the versions of the station that opened the office's server (0.2.0).
        (app_versions::SCHEMA_V3.to_string(), None),
        // v4: the desk as offices work it — where the paper register book ended (an office
        // starting mid-year), each printer's ribbon changes, and each blank's chip.
        ([register_carryover::SCHEMA_V4, ribbons::SCHEMA_V4, chips::SCHEMA_V4].concat(), None),
        // v5: the service report reads the requests approved in a span.
        (requests::SCHEMA_V5.to_string(), None),
    ]
}

/// A session that went quiet inside a transaction (a desk unplugged or frozen while holding the
/// register's counter or the audit head) is ended by the server after 15 s, whatever program
/// opened it, so it never holds the other desks longer.
const TIMEOUTS_V1: &str = "
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L', current_database(), '15s');
END $$;
";

/// The desks' role: they read and append, and change only what has a life (a request's status,
/// a blank's state, an attempt's progress); the append-only tables they cannot UPDATE or DELETE
/// at all. Created by the office setup; granted here whenever it exists.
const DESK_ROLE_V1: &str = "
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN
        GRANT SELECT, INSERT ON register, blanko_ledger, audit_log, handovers, reprint_decisions,
            stock_adjustments, destruction_records, day_signoffs TO ktpel_desk;
        GRANT SELECT, INSERT, UPDATE ON requests, blanko, print_attempts, outbox, users, settings, printers,
            register_years TO ktpel_desk;
        GRANT SELECT, UPDATE ON feed_state TO ktpel_desk;
        GRANT SELECT, INSERT, UPDATE, DELETE ON spool_logins TO ktpel_desk;
        GRANT SELECT ON audit_head, blanko_counts, ktpel_schema TO ktpel_desk;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ktpel_desk;
    END IF;
END $$;
";

/// Brings the schema to `OFFICE_SCHEMA_VERSION`, or refuses a newer one.
pub fn migrate(client: &mut Client, shown: &str) -> Result<()> {
    let tx = block_on(client.transaction())?;
    block_on(tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]))?;
    let exists: bool = block_on(tx.query_one("SELECT to_regclass('ktpel_schema') IS NOT NULL", &[]))?.try_get(0)?;
    let current: i64 = if exists { block_on(tx.query_one("SELECT COALESCE(max(version), 0) FROM ktpel_schema", &[]))?.try_get(0)? } else { 0 };
    if current > OFFICE_SCHEMA_VERSION {
        return Err(CoreError::DatabaseOpen {
            path: shown.to_string(),
            reason: format!("dibuat oleh versi aplikasi yang lebih baru (skema kantor {current}, aplikasi ini {OFFICE_SCHEMA_VERSION}); pasang versi terbaru di meja ini"),
        });
    }
    if current == OFFICE_SCHEMA_VERSION {
        return Ok(());
    }
    let refused = |version: i64, e: tokio_postgres::Error| CoreError::DatabaseOpen {
        path: shown.to_string(),
        reason: format!(
            "pembaruan skema kantor ke versi {version} gagal ({}); tidak ada yang diubah. Jalankan `ktpel init` dengan akun pemilik basis data (ktpel_owner)",
            e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string())
        ),
    };
    if !exists {
        block_on(tx.batch_execute("CREATE TABLE ktpel_schema (version bigint PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")).map_err(|e| refused(1, e))?;
    }
    for (i, (sql, step)) in migrations().iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current {
            continue;
        }
        block_on(tx.batch_execute(sql)).map_err(|e| refused(version, e))?;
        if let Some(step) = step {
            step(&tx)?;
        }
        block_on(tx.execute("INSERT INTO ktpel_schema (version) VALUES ($1)", &[&version]))?;
    }
    block_on(tx.commit())?;
    Ok(())
}
