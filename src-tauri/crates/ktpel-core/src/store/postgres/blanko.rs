//! PostgreSQL: the office's one stock of blanks and their append-only ledger. A blank moves
//! only along its life (a trigger, as on the station); the per-state counts are kept by a
//! trigger in the same transaction, so every desk reads the stock from a handful of rows.

use std::collections::HashMap;

use tokio_postgres::Row;

use super::PgDb;
use crate::error::{CoreError, Result};
use crate::store::blanko::{apply_event_counts, BlankoRow, BlankoState, BlankoStore, LedgerEvent, LedgerRow, StockCount};

pub const SCHEMA_V1: &str = "
CREATE TABLE blanko (
    serial      text PRIMARY KEY,
    batch_ref   text NOT NULL,
    received_at text NOT NULL,
    received_by text NOT NULL,
    state       text NOT NULL CHECK (state IN ('in_stock', 'reserved', 'printed', 'spoiled', 'disabled', 'destroyed', 'lost')),
    desk        text NOT NULL DEFAULT ''
);
CREATE INDEX blanko_in_stock_desk ON blanko (desk) WHERE state = 'in_stock';
CREATE TRIGGER blanko_desk_only_in_stock BEFORE UPDATE OF desk ON blanko FOR EACH ROW
    WHEN (OLD.state <> 'in_stock' AND NEW.desk IS DISTINCT FROM OLD.desk)
    EXECUTE FUNCTION ktpel_refuse('only a blank in stock changes desk');
CREATE INDEX blanko_in_stock ON blanko (serial) WHERE state = 'in_stock';
CREATE TRIGGER blanko_identity_fixed BEFORE UPDATE OF serial, batch_ref, received_at, received_by ON blanko
    FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('blanko receipt is fixed');
CREATE TRIGGER blanko_no_delete BEFORE DELETE ON blanko FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('blanko is never deleted');
CREATE TRIGGER blanko_no_truncate BEFORE TRUNCATE ON blanko FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('blanko is never deleted');
CREATE TRIGGER blanko_life BEFORE UPDATE OF state ON blanko FOR EACH ROW WHEN (NOT (
       (OLD.state = 'in_stock' AND NEW.state IN ('reserved', 'spoiled', 'lost'))
    OR (OLD.state = 'reserved' AND NEW.state IN ('printed', 'spoiled', 'in_stock'))
    OR (OLD.state = 'spoiled' AND NEW.state = 'disabled')
    OR (OLD.state = 'disabled' AND NEW.state = 'destroyed')
    OR (OLD.state = 'lost' AND NEW.state = 'in_stock')))
    EXECUTE FUNCTION ktpel_refuse('blanko state change outside its life');

CREATE TABLE blanko_ledger (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial     text NOT NULL REFERENCES blanko (serial),
    event      text NOT NULL CHECK (event IN ('received', 'reserved', 'printed', 'spoiled', 'returned',
                                              'written_off', 'lost', 'found', 'disabled', 'destroyed')),
    attempt_id bigint,
    reason     text,
    at         text NOT NULL,
    by_user    text NOT NULL,
    ref        text
);
CREATE INDEX blanko_ledger_serial ON blanko_ledger (serial);
CREATE INDEX blanko_ledger_at_event ON blanko_ledger (at, event);
CREATE INDEX blanko_ledger_event_at ON blanko_ledger (event, at);
CREATE TRIGGER blanko_ledger_append_only BEFORE UPDATE OR DELETE ON blanko_ledger
    FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('blanko_ledger is append-only');
CREATE TRIGGER blanko_ledger_no_truncate BEFORE TRUNCATE ON blanko_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('blanko_ledger is append-only');

-- Kept by the trigger below, owned by the schema's owner: the desks read it, never write it.
CREATE TABLE blanko_counts (state text PRIMARY KEY, n bigint NOT NULL CHECK (n >= 0));
CREATE FUNCTION blanko_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.state = OLD.state THEN RETURN NULL; END IF;
        UPDATE blanko_counts SET n = n - 1 WHERE state = OLD.state;
    END IF;
    INSERT INTO blanko_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = blanko_counts.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER blanko_counts AFTER INSERT OR UPDATE OF state ON blanko FOR EACH ROW EXECUTE FUNCTION blanko_count();
";

fn blank(r: &Row) -> Result<BlankoRow> {
    let state: String = r.try_get("state")?;
    Ok(BlankoRow {
        serial: r.try_get("serial")?,
        batch_ref: r.try_get("batch_ref")?,
        received_at: r.try_get("received_at")?,
        received_by: r.try_get("received_by")?,
        state: BlankoState::parse(&state).ok_or_else(|| CoreError::corrupt("blanko.state", &state))?,
        desk: r.try_get("desk")?,
    })
}

fn ledger_row(r: &Row) -> Result<LedgerRow> {
    let event: String = r.try_get("event")?;
    Ok(LedgerRow {
        id: r.try_get("id")?,
        serial: r.try_get("serial")?,
        event: LedgerEvent::parse(&event).ok_or_else(|| CoreError::corrupt("blanko_ledger.event", &event))?,
        attempt_id: r.try_get("attempt_id")?,
        reason: r.try_get("reason")?,
        at: r.try_get("at")?,
        by_user: r.try_get("by_user")?,
        reference: r.try_get("ref")?,
    })
}

fn counts(rows: &[Row]) -> Result<Vec<(String, i64)>> {
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

impl PgDb<'_> {
    #[allow(clippy::too_many_arguments)]
    fn ledger_append(&self, serial: &str, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()> {
        self.exec(
            "INSERT INTO blanko_ledger (serial, event, attempt_id, reason, at, by_user, ref) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&serial, &event.as_str(), &attempt, &reason, &at, &by, &reference],
        )?;
        Ok(())
    }
}

impl BlankoStore for PgDb<'_> {
    fn blanko_get(&self, serial: &str) -> Result<Option<BlankoRow>> {
        self.opt("SELECT * FROM blanko WHERE serial = $1", &[&serial])?.as_ref().map(blank).transpose()
    }

    fn blanko_receive(&self, serial: &str, batch: &str, at: &str, by: &str) -> Result<()> {
        self.exec_or(
            "INSERT INTO blanko (serial, batch_ref, received_at, received_by, state) VALUES ($1, $2, $3, $4, 'in_stock')",
            &[&serial, &batch, &at, &by],
            || format!("blanko {serial} sudah pernah diterima; nomor seri tidak boleh diterima dua kali"),
        )?;
        self.ledger_append(serial, LedgerEvent::Received, None, None, None, at, by)
    }

    fn blanko_record(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, at: &str, by: &str) -> Result<()> {
        self.blanko_record_ref(serial, from, event, attempt, reason, None, at, by)
    }

    fn blanko_record_ref(&self, serial: &str, from: BlankoState, event: LedgerEvent, attempt: Option<i64>, reason: Option<&str>, reference: Option<&str>, at: &str, by: &str) -> Result<()> {
        // The row lock makes a second desk wait for the first's commit, then re-read the state:
        // a blank taken by another desk is refused here, never used twice.
        let n = self.exec("UPDATE blanko SET state = $3 WHERE serial = $1 AND state = $2", &[&serial, &from.as_str(), &event.state_after().as_str()])?;
        if n != 1 {
            let now = self.blanko_get(serial)?.map(|b| b.state.words()).unwrap_or("tidak terdaftar");
            return Err(CoreError::Conflict(format!("blanko {serial} {now}; tidak dapat dipakai untuk langkah ini")));
        }
        self.ledger_append(serial, event, attempt, reason, reference, at, by)
    }

    fn blanko_ledger_of(&self, serial: &str) -> Result<Vec<LedgerRow>> {
        self.query("SELECT * FROM blanko_ledger WHERE serial = $1 ORDER BY id", &[&serial])?.iter().map(ledger_row).collect()
    }

    fn blanko_ledger_between(&self, from: &str, to: &str) -> Result<Vec<LedgerRow>> {
        self.query("SELECT * FROM blanko_ledger WHERE at >= $1 AND at < $2 ORDER BY id", &[&from, &to])?.iter().map(ledger_row).collect()
    }

    fn blanko_states_before(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        // Whichever side of `at` holds fewer events is counted (see the SQLite side); ids follow
        // time closely enough to tell which side is smaller without counting either.
        let r = self.one("SELECT (SELECT id FROM blanko_ledger WHERE at >= $1 ORDER BY at LIMIT 1), (SELECT max(id) FROM blanko_ledger)", &[&at])?;
        let (first_since, last): (Option<i64>, Option<i64>) = (r.try_get(0)?, r.try_get(1)?);
        match (first_since, last) {
            (Some(first), Some(last)) if last - first + 1 > first - 1 => self.blanko_states_before_replaying(at),
            _ => self.blanko_states_before_from_now(at),
        }
    }

    fn blanko_states_before_replaying(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        let mut out = HashMap::new();
        let events = counts(&self.query("SELECT event, count(*) FROM blanko_ledger WHERE at < $1 GROUP BY event", &[&at])?)?;
        apply_event_counts(&mut out, &events, 1)?;
        out.retain(|_, n| *n != 0);
        Ok(out)
    }

    fn blanko_states_before_from_now(&self, at: &str) -> Result<HashMap<BlankoState, i64>> {
        let mut out = HashMap::new();
        for (state, n) in counts(&self.query("SELECT state, n FROM blanko_counts", &[])?)? {
            *out.entry(BlankoState::parse(&state).ok_or_else(|| CoreError::corrupt("blanko_counts.state", &state))?).or_insert(0) += n;
        }
        let events = counts(&self.query("SELECT event, count(*) FROM blanko_ledger WHERE at >= $1 GROUP BY event", &[&at])?)?;
        apply_event_counts(&mut out, &events, -1)?;
        out.retain(|_, n| *n != 0);
        Ok(out)
    }

    fn blanko_stock(&self) -> Result<StockCount> {
        StockCount::from_counts(&counts(&self.query("SELECT state, n FROM blanko_counts", &[])?)?)
    }

    fn blanko_hand_out(&self, serial: &str, desk: &str) -> Result<()> {
        let n = self.exec("UPDATE blanko SET desk = $2 WHERE serial = $1 AND state = 'in_stock'", &[&serial, &desk])?;
        if n != 1 {
            let now = self.blanko_get(serial)?.map(|b| b.state.words()).unwrap_or("tidak terdaftar");
            return Err(CoreError::Conflict(format!("blanko {serial} {now}; hanya blanko yang tersedia yang dapat diserahkan ke meja")));
        }
        Ok(())
    }

    fn blanko_in_stock_by_desk(&self) -> Result<Vec<(String, i64)>> {
        counts(&self.query("SELECT desk, count(*) FROM blanko WHERE state = 'in_stock' GROUP BY desk ORDER BY desk", &[])?)
    }

    fn blanko_in_stock(&self, limit: i64) -> Result<Vec<String>> {
        self.query("SELECT serial FROM blanko WHERE state = 'in_stock' ORDER BY serial LIMIT $1", &[&limit])?.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    fn blanko_disabled(&self) -> Result<Vec<String>> {
        self.query("SELECT serial FROM blanko WHERE state = 'disabled' ORDER BY serial", &[])?.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }
}
