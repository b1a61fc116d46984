//! The station's accounting invariants, checked on a database as a user (or an auditor) would:
//! the store is sound, every blank's state is its ledger's replay and sits in exactly one state,
//! printed blanks are exactly the register, reserved blanks exactly the open attempts, the register
//! is gap-free per year, and a request is *printing* exactly when it has an open attempt. Shared by
//! the ledger property test and the crash harness, on either store; each check returns what it
//! found wrong.

use std::collections::{BTreeMap, HashMap};

use ktpel_core::store::sqlite::SqliteStore;
use ktpel_core::Station;

use crate::stores::rows;

type Found = Result<(), String>;

/// All of the checks below, on an open station.
pub fn all(st: &Station) -> Found {
    sound(st)?;
    register_gap_free(st)?;
    printing_means_open_attempt(st)?;
    blanks_match_ledger(st)
}

/// A SQLite file: `PRAGMA integrity_check` says ok and no reference is broken. (The server
/// checks its own references on every write; it has no such file to damage.)
pub fn sound(st: &Station) -> Found {
    let Some(sqlite) = st.store().engine::<SqliteStore>() else { return Ok(()) };
    let c = sqlite.connection();
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

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn int(v: &Option<String>) -> i64 {
    v.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Each year's sequence numbers are exactly 1..=n — or, for a year begun in a paper book,
/// last+1..=last+n — and no register number or blank repeats.
pub fn register_gap_free(st: &Station) -> Found {
    let books: BTreeMap<i64, i64> = rows(st, "SELECT year, last_seq FROM register_carryover").iter().map(|r| (int(&r[0]), int(&r[1]))).collect();
    let mut by_year: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut numbers = std::collections::HashSet::new();
    for r in rows(st, "SELECT year, seq, register_number FROM register ORDER BY year, seq") {
        by_year.entry(int(&r[0])).or_default().push(int(&r[1]));
        let number = text(&r[2]);
        if !numbers.insert(number.clone()) {
            return Err(format!("register number {number} twice"));
        }
    }
    for (year, seqs) in by_year {
        let after = books.get(&year).copied().unwrap_or(0);
        let expected: Vec<i64> = (after + 1..=after + seqs.len() as i64).collect();
        if seqs != expected {
            return Err(format!("register {year} is not {}..={}: {seqs:?}", after + 1, after + seqs.len() as i64));
        }
    }
    Ok(())
}

/// A request is printing exactly when it has an open attempt (and has at most one).
pub fn printing_means_open_attempt(st: &Station) -> Found {
    let wrong = rows(
        st,
        "SELECT request_id, status, open FROM (SELECT r.request_id, r.status,
             (SELECT count(*) FROM print_attempts a WHERE a.request_ref = r.id AND a.outcome IS NULL) AS open FROM requests r) q
         WHERE (status = 'printing') <> (open = 1) OR open > 1",
    );
    match wrong.first() {
        None => Ok(()),
        Some(r) => Err(format!("request {} is {} with {} open attempts", text(&r[0]), text(&r[1]), int(&r[2]))),
    }
}

/// Replays the blank ledger: each event allowed only from the state it leaves; every blank row's
/// state equals its replay; the stock counts add up; printed = register = good attempts; reserved =
/// open attempts.
pub fn blanks_match_ledger(st: &Station) -> Found {
    let ledger: Vec<(String, String)> = rows(st, "SELECT serial, event FROM blanko_ledger ORDER BY id").iter().map(|r| (text(&r[0]), text(&r[1]))).collect();
    let states: HashMap<String, String> = rows(st, "SELECT serial, state FROM blanko").iter().map(|r| (text(&r[0]), text(&r[1]))).collect();
    let count_of = |sql: &str| rows(st, sql).first().map(|r| int(&r[0])).unwrap_or(0);
    let register = count_of("SELECT count(*) FROM register");
    let open = count_of("SELECT count(*) FROM print_attempts WHERE outcome IS NULL");
    let good = count_of("SELECT count(*) FROM print_attempts WHERE outcome = 'ok'");
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
