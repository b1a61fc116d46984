//! The station's accounting invariants, checked on a database as a user (or an auditor) would:
//! the file is sound, every blank's state is its ledger's replay and sits in exactly one state,
//! printed blanks are exactly the register, reserved blanks exactly the open attempts, the register
//! is gap-free per year, and a request is *printing* exactly when it has an open attempt. Shared by
//! the ledger property test and the crash harness; each check returns what it found wrong.

use std::collections::{BTreeMap, HashMap};

use ktpel_core::Station;
use rusqlite::Connection;

type Found = Result<(), String>;

/// All of the checks below, on an open station.
pub fn all(st: &Station) -> Found {
    crate::sqlite_read(&st, |c| Ok(sound(c).and_then(|_| register_gap_free(c)).and_then(|_| printing_means_open_attempt(c)))).map_err(|e| e.to_string())??;
    blanks_match_ledger(st)
}

/// `PRAGMA integrity_check` says ok and no reference is broken.
pub fn sound(c: &Connection) -> Found {
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if broken != 0 {
        return Err(format!("{broken} broken references"));
    }
    Ok(())
}

/// Each year's sequence numbers are exactly 1..=n, and no register number or blank repeats.
pub fn register_gap_free(c: &Connection) -> Found {
    let rows: Vec<(i64, i64, String)> = query(c, "SELECT year, seq, register_number FROM register ORDER BY year, seq", |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut by_year: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut numbers = std::collections::HashSet::new();
    for (year, seq, number) in rows {
        by_year.entry(year).or_default().push(seq);
        if !numbers.insert(number.clone()) {
            return Err(format!("register number {number} twice"));
        }
    }
    for (year, seqs) in by_year {
        let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
        if seqs != expected {
            return Err(format!("register {year} is not 1..={}: {seqs:?}", seqs.len()));
        }
    }
    Ok(())
}

/// A request is printing exactly when it has an open attempt (and has at most one).
pub fn printing_means_open_attempt(c: &Connection) -> Found {
    let wrong: Vec<(String, String, i64)> = query(
        c,
        "SELECT r.request_id, r.status, (SELECT count(*) FROM print_attempts a WHERE a.request_ref = r.id AND a.outcome IS NULL) AS open
         FROM requests r WHERE (r.status = 'printing') <> (open = 1) OR open > 1",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    match wrong.first() {
        None => Ok(()),
        Some((id, status, open)) => Err(format!("request {id} is {status} with {open} open attempts")),
    }
}

/// Replays the blank ledger: each event allowed only from the state it leaves; every blank row's
/// state equals its replay; the stock counts add up; printed = register = good attempts; reserved =
/// open attempts.
pub fn blanks_match_ledger(st: &Station) -> Found {
    let (ledger, states, register, open, good): (Vec<(String, String)>, HashMap<String, String>, i64, i64, i64) = crate::sqlite_read(st, |c| {
            let mut stmt = c.prepare("SELECT serial, event FROM blanko_ledger ORDER BY id")?;
            let ledger = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
            let mut stmt = c.prepare("SELECT serial, state FROM blanko")?;
            let states = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<HashMap<_, _>, _>>()?;
            let register = c.query_row("SELECT count(*) FROM register", [], |r| r.get(0))?;
            let open = c.query_row("SELECT count(*) FROM print_attempts WHERE outcome IS NULL", [], |r| r.get(0))?;
            let good = c.query_row("SELECT count(*) FROM print_attempts WHERE outcome = 'ok'", [], |r| r.get(0))?;
            Ok((ledger, states, register, open, good))
        })
        .map_err(|e| e.to_string())?;
    let mut replay: HashMap<String, &str> = HashMap::new();
    for (serial, event) in &ledger {
        let from = replay.get(serial).copied();
        let to = match (from, event.as_str()) {
            (None, "received") => "in_stock",
            (Some("in_stock"), "reserved") => "reserved",
            (Some("reserved"), "printed") => "printed",
            (Some("reserved"), "spoiled") => "spoiled",
            (Some("reserved"), "returned") => "in_stock",
            (Some("in_stock"), "written_off") => "spoiled",
            (Some("in_stock"), "lost") => "lost",
            (Some("lost"), "found") => "in_stock",
            (Some("spoiled"), "disabled") => "disabled",
            (Some("disabled"), "destroyed") => "destroyed",
            (f, e) => return Err(format!("{serial}: event {e} from {f:?}")),
        };
        replay.insert(serial.clone(), to);
    }
    if replay.len() != states.len() {
        return Err(format!("{} blank rows, {} with a receipt in the ledger", states.len(), replay.len()));
    }
    for (serial, state) in &states {
        if Some(state.as_str()) != replay.get(serial).copied() {
            return Err(format!("{serial} is {state}, its ledger says {:?}", replay.get(serial)));
        }
    }
    let count = |s: &str| replay.values().filter(|v| **v == s).count() as i64;
    let stock = st.stock().map_err(|e| e.to_string())?;
    let spoiled = count("spoiled") + count("disabled") + count("destroyed");
    let sums = [
        ("received", stock.received, replay.len() as i64),
        ("received = in stock + reserved + printed + spoiled + lost", stock.received, stock.in_stock + stock.reserved + stock.printed + stock.spoiled + stock.lost),
        ("in stock", stock.in_stock, count("in_stock")),
        ("reserved", stock.reserved, count("reserved")),
        ("printed", stock.printed, count("printed")),
        ("spoiled", stock.spoiled, spoiled),
        ("lost", stock.lost, count("lost")),
        ("disabled", stock.disabled, count("disabled")),
        ("destroyed", stock.destroyed, count("destroyed")),
        ("printed blanks = register rows", stock.printed, register),
        ("register rows = good attempts", register, good),
        ("reserved blanks = open attempts", stock.reserved, open),
    ];
    for (what, left, right) in sums {
        if left != right {
            return Err(format!("{what}: {left} ≠ {right}"));
        }
    }
    Ok(())
}

fn query<T>(c: &Connection, sql: &str, f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>) -> Result<Vec<T>, String> {
    let mut stmt = c.prepare(sql).map_err(|e| e.to_string())?;
    let rows = stmt.query_map([], f).map_err(|e| e.to_string())?;
    rows.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())
}
