//! The migration list. Each table module owns the SQL of its own migrations; this file only puts
//! them in order. Never edit a released migration: add a new one (and the upgrade test keeps an
//! upgraded database equal to a fresh one).

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{CoreError, Result};

use super::{adjustments, app_versions, attempts, audit, blanko, chips, feed_state, handovers, outbox, printers, register, register_carryover, reprints, ribbons, request_search, requests, settings, signoffs, spool_logins, users};

/// user_version of a database at the latest schema.
pub const SCHEMA_VERSION: usize = 10;

static V1: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V2: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V3: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V4: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V6: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V9: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static V10: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn migrations() -> Migrations<'static> {
    // The migration list wants 'static SQL; v1 is assembled once from the table modules' parts.
    let v1 = V1.get_or_init(|| [
        settings::SCHEMA_V1,
        users::SCHEMA_V1,
        requests::SCHEMA_V1,
        blanko::SCHEMA_V1,
        attempts::SCHEMA_V1,
        register::SCHEMA_V1,
        handovers::SCHEMA_V1,
        audit::SCHEMA_V1,
        printers::SCHEMA_V1,
    ]
    .concat());
    // v2 rebuilds tables to widen CHECKs: the store runs migrations with foreign keys off (as
    // SQLite's table-rebuild procedure requires), and every reference is checked inside the
    // migration's transaction, so a database with a broken one is left as it was.
    let v2 = V2.get_or_init(|| [requests::SCHEMA_V2, blanko::SCHEMA_V2, reprints::SCHEMA_V2, adjustments::SCHEMA_V2, signoffs::SCHEMA_V2].concat());
    // v3: the upstream feed's outbox and state; cancellation upstream.
    let v3 = V3.get_or_init(|| [requests::SCHEMA_V3, outbox::SCHEMA_V3, feed_state::SCHEMA_V3].concat());
    // v4: look-ups that read whole tables at scale: indexes for the report's time spans, the
    // stock counted by triggers, a name fragment through a trigram index. Measured in tests/BENCHMARKS.md.
    let v4 = V4.get_or_init(|| [requests::SCHEMA_V4, handovers::SCHEMA_V4, reprints::SCHEMA_V4, blanko::SCHEMA_V4, request_search::SCHEMA_V4].concat());
    // v6: desks named in attempts, register rows and audit rows, and the desk holding each
    // blank (an office's several desks).
    let v6 = V6.get_or_init(|| [attempts::SCHEMA_V6, register::SCHEMA_V6, audit::SCHEMA_V6, blanko::SCHEMA_V6].concat());
    let v9 = V9.get_or_init(|| [register_carryover::SCHEMA_V9, ribbons::SCHEMA_V9, chips::SCHEMA_V9].concat());
    let v10 = V10.get_or_init(|| [requests::SCHEMA_V10, attempts::SCHEMA_V10].concat());
    Migrations::new(vec![
        M::up(v1.as_str()),
        M::up(v2.as_str()).foreign_key_check(),
        M::up(v3.as_str()).foreign_key_check(),
        M::up(v4.as_str()).foreign_key_check(),
        // v5: logins for print servers that ask for a password.
        M::up(spool_logins::SCHEMA_V5),
        M::up(v6.as_str()),
        // v7: images stored as the card prints them, and erased after the retention period.
        M::up_with_hook(requests::SCHEMA_V7, requests::fit_stored_images),
        // v8: the versions of the station that opened the file (0.2.0; upgrades are checked by it).
        M::up(app_versions::SCHEMA_V8),
        // v9: the desk as offices work it — where the paper register book ended (an office
        // starting mid-year), each printer's ribbon changes, and each blank's chip.
        M::up(v9.as_str()),
        // v10: the service report's look-ups (requests by approval, attempts by request).
        M::up(v10.as_str()),
    ])
}

/// Refuses a database from a newer station with a message that says what to do.
pub fn check_version(conn: &Connection, shown: &str) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION as i64 {
        return Err(CoreError::DatabaseOpen {
            path: shown.to_string(),
            reason: format!(
                "dibuat oleh versi aplikasi yang lebih baru (skema {version}, aplikasi ini {SCHEMA_VERSION}); pasang versi terbaru, jangan gunakan versi lama"
            ),
        });
    }
    Ok(())
}

/// SQL for BEFORE UPDATE and BEFORE DELETE triggers that make a table append-only.
#[macro_export]
macro_rules! append_only {
    ($table:literal) => {
        concat!(
            "CREATE TRIGGER ", $table, "_no_update BEFORE UPDATE ON ", $table,
            " BEGIN SELECT RAISE(ABORT, '", $table, " is append-only'); END;\n",
            "CREATE TRIGGER ", $table, "_no_delete BEFORE DELETE ON ", $table,
            " BEGIN SELECT RAISE(ABORT, '", $table, " is append-only'); END;\n"
        )
    };
}
