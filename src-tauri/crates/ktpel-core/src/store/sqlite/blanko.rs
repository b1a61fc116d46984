//! SQLite: the `blanko` tables' schema, their migrations and the operations of `store::blanko` over them.

use crate::store::blanko::*;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};

pub const SCHEMA_V1: &str = concat!(
    "
CREATE TABLE blanko (
    serial      TEXT PRIMARY KEY,
    batch_ref   TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('in_stock', 'reserved', 'printed', 'spoiled'))
) STRICT;
CREATE INDEX blanko_state ON blanko (state);
CREATE TRIGGER blanko_identity_fixed BEFORE UPDATE OF serial, batch_ref, received_at, received_by ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko receipt is fixed'); END;
CREATE TRIGGER blanko_no_delete BEFORE DELETE ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko is never deleted'); END;
-- A printed or spoiled blank never goes back.
CREATE TRIGGER blanko_final_states BEFORE UPDATE OF state ON blanko WHEN OLD.state IN ('printed', 'spoiled')
BEGIN SELECT RAISE(ABORT, 'printed or spoiled blanko cannot change state'); END;

CREATE TABLE blanko_ledger (
    id         INTEGER PRIMARY KEY,
    serial     TEXT NOT NULL REFERENCES blanko (serial),
    event      TEXT NOT NULL CHECK (event IN ('received', 'reserved', 'printed', 'spoiled', 'returned')),
    attempt_id INTEGER,
    reason     TEXT,
    at         TEXT NOT NULL,
    by_user    TEXT NOT NULL
) STRICT;
CREATE INDEX blanko_ledger_serial ON blanko_ledger (serial);
CREATE INDEX blanko_ledger_at ON blanko_ledger (at);
",
    crate::append_only!("blanko_ledger")
);

/// v2: spoiled blanks are disabled (a corner cut) and later destroyed under a destruction record;
/// a stock count can find a blank lost (and found again); a blank damaged in the box is written
/// off. Every state change is allowed only along the life of a blank, by the database itself.
/// SQLite cannot widen a CHECK in place, so both tables are rebuilt (ids kept).
pub const SCHEMA_V2: &str = concat!(
    "
CREATE TABLE blanko_v2 (
    serial      TEXT PRIMARY KEY,
    batch_ref   TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('in_stock', 'reserved', 'printed', 'spoiled', 'disabled', 'destroyed', 'lost'))
) STRICT;
INSERT INTO blanko_v2 (serial, batch_ref, received_at, received_by, state)
    SELECT serial, batch_ref, received_at, received_by, state FROM blanko;
DROP TABLE blanko;
ALTER TABLE blanko_v2 RENAME TO blanko;
CREATE INDEX blanko_state ON blanko (state);
CREATE TRIGGER blanko_identity_fixed BEFORE UPDATE OF serial, batch_ref, received_at, received_by ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko receipt is fixed'); END;
CREATE TRIGGER blanko_no_delete BEFORE DELETE ON blanko
BEGIN SELECT RAISE(ABORT, 'blanko is never deleted'); END;
CREATE TRIGGER blanko_life BEFORE UPDATE OF state ON blanko WHEN NOT (
       (OLD.state = 'in_stock' AND NEW.state IN ('reserved', 'spoiled', 'lost'))
    OR (OLD.state = 'reserved' AND NEW.state IN ('printed', 'spoiled', 'in_stock'))
    OR (OLD.state = 'spoiled' AND NEW.state = 'disabled')
    OR (OLD.state = 'disabled' AND NEW.state = 'destroyed')
    OR (OLD.state = 'lost' AND NEW.state = 'in_stock'))
BEGIN SELECT RAISE(ABORT, 'blanko state change outside its life'); END;

CREATE TABLE blanko_ledger_v2 (
    id         INTEGER PRIMARY KEY,
    serial     TEXT NOT NULL REFERENCES blanko (serial),
    event      TEXT NOT NULL CHECK (event IN ('received', 'reserved', 'printed', 'spoiled', 'returned',
                                              'written_off', 'lost', 'found', 'disabled', 'destroyed')),
    attempt_id INTEGER,
    reason     TEXT,
    at         TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    ref        TEXT
) STRICT;
INSERT INTO blanko_ledger_v2 (id, serial, event, attempt_id, reason, at, by_user)
    SELECT id, serial, event, attempt_id, reason, at, by_user FROM blanko_ledger;
DROP TABLE blanko_ledger;
ALTER TABLE blanko_ledger_v2 RENAME TO blanko_ledger;
CREATE INDEX blanko_ledger_serial ON blanko_ledger (serial);
CREATE INDEX blanko_ledger_at ON blanko_ledger (at);
",
    crate::append_only!("blanko_ledger")
);

/// v4: how many blanks are in each state, kept by triggers in the same transaction as every
/// change, so the status bar and the report read a handful of rows instead of counting every
/// blank received in years (the invariant checks compare it with a full recount of the ledger);
/// and the ledger is indexed by (time, event), so a span's events are counted from the index
/// alone, and by (event, time), so a span's printed or spoiled blanks are found without reading
/// the span's other events.
/// v6: an office's blanks are handed to its desks; a blank in stock may change desk, a used one
/// never.
pub const SCHEMA_V6: &str = "
ALTER TABLE blanko ADD COLUMN desk TEXT NOT NULL DEFAULT '';
CREATE INDEX blanko_in_stock_desk ON blanko (desk) WHERE state = 'in_stock';
CREATE TRIGGER blanko_desk_only_in_stock BEFORE UPDATE OF desk ON blanko WHEN OLD.state <> 'in_stock' AND NEW.desk IS NOT OLD.desk
BEGIN SELECT RAISE(ABORT, 'only a blank in stock changes desk'); END;
";
pub const SCHEMA_V4: &str = "
DROP INDEX blanko_ledger_at;
CREATE INDEX blanko_ledger_at_event ON blanko_ledger (at, event);
CREATE INDEX blanko_ledger_event_at ON blanko_ledger (event, at);
CREATE TABLE blanko_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0)) STRICT, WITHOUT ROWID;
INSERT INTO blanko_counts (state, n) SELECT state, count(*) FROM blanko GROUP BY state;
CREATE TRIGGER blanko_counts_insert AFTER INSERT ON blanko
BEGIN INSERT INTO blanko_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER blanko_counts_update AFTER UPDATE OF state ON blanko WHEN NEW.state <> OLD.state
BEGIN
    UPDATE blanko_counts SET n = n - 1 WHERE state = OLD.state;
    INSERT INTO blanko_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
END;
";

impl BlankoRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let state: String = r.get("state")?;
        Ok(BlankoRow {
            serial: r.get("serial")?,
            batch_ref: r.get("batch_ref")?,
            received_at: r.get("received_at")?,
            received_by: r.get("received_by")?,
            state: BlankoState::parse(&state).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, format!("blanko state {state}").into())
            })?,
            desk: r.get("desk")?,
        })
    }
}

pub fn get(conn: &Connection, serial: &str) -> Result<Option<BlankoRow>> {
    Ok(conn.query_row("SELECT * FROM blanko WHERE serial = ?1", [serial], BlankoRow::from_row).optional()?)
}

/// Records a received blank; a serial can never be received twice.
pub fn receive(conn: &Connection, serial: &str, batch: &str, at: &str, by: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO blanko (serial, batch_ref, received_at, received_by, state) VALUES (?1, ?2, ?3, ?4, 'in_stock')")?.execute(params![serial, batch, at, by])
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("blanko {serial} sudah pernah diterima; nomor seri tidak boleh diterima dua kali"))
        } else {
            e.into()
        }
    })?;
    append(conn, serial, LedgerEvent::Received, None, None, None, at, by)
}

/// Appends a ledger event and moves the blank to the state that follows it, if it is in `from`.
pub fn record(conn: &Connection, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
    record_ref(conn, serial, from, event, attempt, reason, None, at, by)
}

/// `record` with a reference to the paper behind the event (an adjustment, a destruction record).
#[allow(clippy::too_many_arguments)]
pub fn record_ref(conn: &Connection, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()> {
    debug_assert_eq!(event.state_before(), Some(from));
    let n = conn.prepare_cached("UPDATE blanko SET state = ?3 WHERE serial = ?1 AND state = ?2")?.execute(params![serial, from.as_str(), event.state_after().as_str()])?;
    if n != 1 {
        let now = get(conn, serial)?.map(|b| b.state.words()).unwrap_or("tidak terdaftar");
        return Err(CoreError::Conflict(format!("blanko {serial} {now}; tidak dapat dipakai untuk langkah ini")));
    }
    append(conn, serial, event, attempt, reason, reference, at, by)
}

#[allow(clippy::too_many_arguments)]
fn append(conn: &Connection, serial: &str, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO blanko_ledger (serial, event, attempt_id, reason, at, by_user, ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![serial, event.as_str(), attempt, reason, at, by, reference])?;
    Ok(())
}

impl LedgerRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let event: String = r.get("event")?;
        Ok(LedgerRow {
            id: r.get("id")?,
            serial: r.get("serial")?,
            event: LedgerEvent::parse(&event).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, format!("ledger event {event}").into())
            })?,
            attempt_id: r.get("attempt_id")?,
            reason: r.get("reason")?,
            at: r.get("at")?,
            by_user: r.get("by_user")?,
            reference: r.get("ref")?,
        })
    }
}

pub fn ledger_of(conn: &Connection, serial: &str) -> Result<Vec<LedgerRow>> {
    let mut stmt = conn.prepare("SELECT * FROM blanko_ledger WHERE serial = ?1 ORDER BY id")?;
    let rows = stmt.query_map([serial], LedgerRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ledger rows with `from <= at < to` (RFC 3339 UTC stamps), in order.
pub fn ledger_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<LedgerRow>> {
    let mut stmt = conn.prepare("SELECT * FROM blanko_ledger WHERE at >= ?1 AND at < ?2 ORDER BY id")?;
    let rows = stmt.query_map([from, to], LedgerRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many blanks were in each state just before `at`. Every ledger event moves one blank from
/// the state before it to the state after it, so the count of a state is the events into it
/// minus the events out of it: either over the events before `at`, or, from the counts now, taking
/// back the events since `at` — whichever side of `at` holds fewer events. Both are counts over
/// the (at, event) index; a report on recent days reads only the recent part of the ledger.
pub fn states_before(conn: &Connection, at: &str) -> Result<HashMap<BlankoState, i64>> {
    let (first_since, last): (Option<i64>, Option<i64>) = conn.query_row(
        // The first event at or after `at` by the time index (min(id) would walk the ids from the
        // oldest); ids follow time, so this is where the recent part of the ledger starts.
        "SELECT (SELECT id FROM blanko_ledger INDEXED BY blanko_ledger_at_event WHERE at >= ?1 ORDER BY at LIMIT 1), (SELECT max(id) FROM blanko_ledger)",
        [at],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match (first_since, last) {
        (Some(first), Some(last)) if last - first + 1 > first - 1 => states_before_replaying(conn, at),
        _ => states_before_from_now(conn, at),
    }
}

fn apply_events(out: &mut HashMap<BlankoState, i64>, stmt: &mut rusqlite::CachedStatement, at: &str, sign: i64) -> Result<()> {
    let counts = stmt.query_map([at], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?.collect::<Result<Vec<_>, _>>()?;
    apply_event_counts(out, &counts, sign)
}

/// `states_before` over the events before `at`.
pub fn states_before_replaying(conn: &Connection, at: &str) -> Result<HashMap<BlankoState, i64>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT event, count(*) FROM blanko_ledger INDEXED BY blanko_ledger_at_event WHERE at < ?1 GROUP BY event")?;
    apply_events(&mut out, &mut stmt, at, 1)?;
    out.retain(|_, n| *n != 0);
    Ok(out)
}

/// `states_before` from the counts now, taking back the events at or after `at`.
pub fn states_before_from_now(conn: &Connection, at: &str) -> Result<HashMap<BlankoState, i64>> {
    let mut out = HashMap::new();
    let mut now = conn.prepare_cached("SELECT state, n FROM blanko_counts")?;
    for row in now.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (state, n) = row?;
        *out.entry(BlankoState::parse(&state).ok_or_else(|| CoreError::corrupt("blanko_counts.state", &state))?).or_insert(0) += n;
    }
    let mut stmt = conn.prepare_cached("SELECT event, count(*) FROM blanko_ledger INDEXED BY blanko_ledger_at_event WHERE at >= ?1 GROUP BY event")?;
    apply_events(&mut out, &mut stmt, at, -1)?;
    out.retain(|_, n| *n != 0);
    Ok(out)
}

pub fn stock(conn: &Connection) -> Result<StockCount> {
    let mut stmt = conn.prepare_cached("SELECT state, n FROM blanko_counts")?;
    let counts = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?.collect::<Result<Vec<_>, _>>()?;
    StockCount::from_counts(&counts)
}

/// Hands an unused blank to a desk.
pub fn hand_out(conn: &Connection, serial: &str, desk: &str) -> Result<()> {
    let n = conn.prepare_cached("UPDATE blanko SET desk = ?2 WHERE serial = ?1 AND state = 'in_stock'")?.execute(params![serial, desk])?;
    if n != 1 {
        let now = get(conn, serial)?.map(|b| b.state.words()).unwrap_or("tidak terdaftar");
        return Err(CoreError::Conflict(format!("blanko {serial} {now}; hanya blanko yang tersedia yang dapat diserahkan ke meja")));
    }
    Ok(())
}

pub fn in_stock_by_desk(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT desk, count(*) FROM blanko WHERE state = 'in_stock' GROUP BY desk ORDER BY desk")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Serials in stock, in order, at most `limit` (for the officer to pick the next blank).
pub fn in_stock(conn: &Connection, limit: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT serial FROM blanko WHERE state = 'in_stock' ORDER BY serial LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl BlankoStore for Connection {
    fn blanko_get(&self, serial: &str) -> Result<Option<BlankoRow>> {
        get(self, serial)
    }

    fn blanko_receive(&self, serial: &str, batch: &str, at: &str, by: &str) -> Result<()> {
        receive(self, serial, batch, at, by)
    }

    fn blanko_record(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
        record(self, serial, from, event, attempt, reason, at, by)
    }

    fn blanko_record_ref(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()> {
        record_ref(self, serial, from, event, attempt, reason, reference, at, by)
    }

    fn blanko_ledger_of(&self, serial: &str) -> Result<Vec<LedgerRow>> {
        ledger_of(self, serial)
    }

    fn blanko_ledger_between(&self, from: &str, to: &str) -> Result<Vec<LedgerRow>> {
        ledger_between(self, from, to)
    }

    fn blanko_states_before(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        states_before(self, at)
    }

    fn blanko_states_before_replaying(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        states_before_replaying(self, at)
    }

    fn blanko_states_before_from_now(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        states_before_from_now(self, at)
    }

    fn blanko_stock(&self) -> Result<StockCount> {
        stock(self)
    }

    fn blanko_hand_out(&self, serial: &str, desk: &str) -> Result<()> {
        hand_out(self, serial, desk)
    }

    fn blanko_in_stock_by_desk(&self) -> Result<Vec<(String, i64)>> {
        in_stock_by_desk(self)
    }

    fn blanko_in_stock(&self, limit: i64) -> Result<Vec<String>> {
        in_stock(self, limit)
    }

    fn blanko_disabled(&self) -> Result<Vec<String>> {
        let mut stmt = self.prepare("SELECT serial FROM blanko WHERE state = 'disabled' ORDER BY serial")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
