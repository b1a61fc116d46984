//! PostgreSQL: a single station's history brought into the office, all or nothing
//! (`ktpel office import-station`). Nothing already in the office changes: a request, blank,
//! job, status message or signed day the office already has, or a register year it has numbers
//! in, is a conflict and refuses the whole import — a register is never renumbered. Rows get
//! ids after the office's own, every reference following, and name the desk given; the
//! station's audit rows join the office's chain in their order, text unchanged, and the station
//! chain's last hash is recorded.

use std::collections::HashMap;

use tokio_postgres::types::ToSql;

use super::PgDb;
use crate::error::{CoreError, Result};
use crate::store::audit::AuditStore;
use crate::store::transfer::{Absorbed, Table, Value};

/// Tables whose `id` moves past the office's own ids.
const WITH_IDS: [&str; 9] = ["requests", "print_attempts", "blanko_ledger", "register", "handovers", "reprint_decisions", "stock_adjustments", "destruction_records", "outbox"];

/// Columns that refer to another table's id: (table, column, referred table).
const REFERENCES: [(&str, &str, &str); 7] = [
    ("print_attempts", "request_ref", "requests"),
    ("print_attempts", "reprint_of", "print_attempts"),
    ("blanko_ledger", "attempt_id", "print_attempts"),
    ("register", "attempt_id", "print_attempts"),
    ("handovers", "request_ref", "requests"),
    ("reprint_decisions", "request_ref", "requests"),
    ("reprint_decisions", "spoiled_attempt", "print_attempts"),
];

pub fn absorb(db: &PgDb, tables: &[Table], desk: &str, by: (&str, &str), at: &str) -> Result<Absorbed> {
    let get = |name: &str| tables.iter().find(|t| t.name == name).ok_or_else(|| CoreError::corrupt("riwayat stasiun", format!("tabel {name} tidak ada")));
    refuse_conflicts(db, &get)?;
    let mut offsets = HashMap::new();
    for t in WITH_IDS {
        let max: i64 = db.one(&format!("SELECT COALESCE(max(id), 0) FROM {t}"), &[])?.try_get(0)?;
        offsets.insert(t, max);
    }
    let mut out = Absorbed { desk: desk.to_string(), ..Absorbed::default() };
    out.users_already_there = users(db, get("users")?)?;
    for name in ["requests", "blanko", "blanko_chips", "print_attempts", "blanko_ledger", "register_carryover", "register", "handovers", "reprint_decisions", "stock_adjustments", "destruction_records", "day_signoffs", "outbox"] {
        let table = get(name)?;
        copy(db, table, desk, &offsets)?;
        out.tables.push((name.to_string(), table.rows.len() as u32));
    }
    let audit = get("audit_log")?;
    out.station_chain_tip = chain_in(db, audit, desk)?;
    out.tables.push(("audit_log".into(), audit.rows.len() as u32));
    db.exec("INSERT INTO register_years (year, last) SELECT year, max(seq) FROM register GROUP BY year ON CONFLICT (year) DO UPDATE SET last = excluded.last", &[])?;
    for t in WITH_IDS {
        db.one(&format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), GREATEST((SELECT max(id) FROM {t}), 1))"), &[])?;
    }
    let detail = serde_json::json!({ "desk": desk, "tables": out.tables, "station_chain_tip": out.station_chain_tip, "users_already_there": out.users_already_there });
    db.audit_append(at, by.0, by.1, desk, "office.import_station", &format!("station:{desk}"), &detail)?;
    if let Some(id) = db.audit_verify()? {
        return Err(CoreError::corrupt("log audit kantor", format!("rantai putus pada baris {id} setelah impor; tidak ada yang disimpan")));
    }
    Ok(out)
}

fn texts(t: &Table, column: &str) -> Vec<String> {
    let Some(i) = t.column(column) else { return Vec::new() };
    t.rows.iter().filter_map(|r| match &r[i] {
        Value::Text(s) => Some(s.clone()),
        Value::Int(n) => Some(n.to_string()),
        _ => None,
    }).collect()
}

fn refuse_conflicts<'a>(db: &PgDb, get: &dyn Fn(&str) -> Result<&'a Table>) -> Result<()> {
    let checks: [(&str, &str, &str, &str); 5] = [
        ("requests", "request_id", "SELECT request_id FROM requests WHERE request_id = ANY($1) LIMIT 1", "permohonan"),
        ("blanko", "serial", "SELECT serial FROM blanko WHERE serial = ANY($1) LIMIT 1", "blanko"),
        ("print_attempts", "job_name", "SELECT job_name FROM print_attempts WHERE job_name = ANY($1) LIMIT 1", "pekerjaan cetak"),
        ("day_signoffs", "report_date", "SELECT report_date FROM day_signoffs WHERE report_date = ANY($1) LIMIT 1", "tanggal bertanda tangan"),
        ("outbox", "event_id", "SELECT event_id FROM outbox WHERE event_id = ANY($1) LIMIT 1", "pesan status"),
    ];
    // The register first: the one conflict no renaming could ever resolve.
    let years: Vec<i64> = texts(get("register")?, "year").iter().filter_map(|y| y.parse().ok()).collect();
    if let Some(r) = db.opt("SELECT year FROM register WHERE year = ANY($1) LIMIT 1", &[&years])? {
        let year: i64 = r.try_get(0)?;
        return Err(CoreError::Conflict(format!(
            "register kantor tahun {year} sudah berisi nomor; register stasiun ini tidak boleh dinomori ulang, impor dibatalkan, tidak ada yang disimpan"
        )));
    }
    // A paper book's end the station recorded: the office's register of that year must be empty
    // and have none of its own.
    let carried: Vec<i64> = texts(get("register_carryover")?, "year").iter().filter_map(|y| y.parse().ok()).collect();
    let sql = "SELECT year FROM register WHERE year = ANY($1) UNION SELECT year FROM register_carryover WHERE year = ANY($1) LIMIT 1";
    if let Some(r) = db.opt(sql, &[&carried])? {
        let year: i64 = r.try_get(0)?;
        return Err(CoreError::Conflict(format!(
            "stasiun ini melanjutkan buku register kertas tahun {year}, sedangkan register kantor tahun itu sudah dimulai; impor dibatalkan, tidak ada yang disimpan"
        )));
    }
    for (table, column, sql, what) in checks {
        let values = texts(get(table)?, column);
        if let Some(r) = db.opt(sql, &[&values])? {
            let found: String = r.try_get(0)?;
            return Err(CoreError::Conflict(format!("{what} {found} sudah ada di kantor; impor dibatalkan, tidak ada yang disimpan")));
        }
    }
    Ok(())
}

/// Users the office lacks are added; one it has with the same name must have the same role.
fn users(db: &PgDb, t: &Table) -> Result<Vec<String>> {
    let col = |name: &str| t.column(name).ok_or_else(|| CoreError::corrupt("users", format!("kolom {name}")));
    let (name_i, role_i) = (col("username")?, col("role")?);
    let mut there = Vec::new();
    for row in &t.rows {
        let (Value::Text(name), Value::Text(role)) = (&row[name_i], &row[role_i]) else { continue };
        if let Some(r) = db.opt("SELECT role FROM users WHERE lower(username) = lower($1)", &[name])? {
            let office_role: String = r.try_get(0)?;
            if &office_role != role {
                return Err(CoreError::Conflict(format!("pengguna {name} ada di kantor sebagai {office_role}, di stasiun sebagai {role}; samakan dulu, impor dibatalkan")));
            }
            there.push(name.clone());
            continue;
        }
        let columns: Vec<&str> = t.columns.iter().map(String::as_str).filter(|c| *c != "id").collect();
        insert(db, "users", &columns, t, row, &|_, v| Ok(v.clone()), false)?;
    }
    Ok(there)
}

fn copy(db: &PgDb, t: &Table, desk: &str, offsets: &HashMap<&str, i64>) -> Result<()> {
    let columns: Vec<&str> = t.columns.iter().map(String::as_str).collect();
    let shift = |column: &str, v: &Value| -> Result<Value> {
        let referred = if column == "id" && offsets.contains_key(t.name.as_str()) {
            Some(t.name.as_str())
        } else {
            REFERENCES.iter().find(|(table, c, _)| *table == t.name && *c == column).map(|(_, _, to)| *to)
        };
        Ok(match (referred, v) {
            (Some(to), Value::Int(n)) => Value::Int(n + offsets.get(to).copied().unwrap_or(0)),
            // The file is the history of one desk, named by the import (a station's own default
            // name was only its computer's).
            (_, Value::Text(_)) if column == "station" => Value::Text(desk.to_string()),
            // The station's blanks were in that desk's box.
            (_, Value::Text(_)) if t.name == "blanko" && column == "desk" => Value::Text(desk.to_string()),
            (_, Value::Text(s)) if t.name == "blanko_ledger" && column == "ref" => Value::Text(moved_ref(s, offsets)),
            (_, other) => other.clone(),
        })
    };
    for row in &t.rows {
        insert(db, &t.name, &columns, t, row, &shift, offsets.contains_key(t.name.as_str()))?;
    }
    Ok(())
}

/// `adjustment:N` and `destruction:N` name rows whose ids moved.
fn moved_ref(s: &str, offsets: &HashMap<&str, i64>) -> String {
    for (prefix, table) in [("adjustment:", "stock_adjustments"), ("destruction:", "destruction_records")] {
        if let Some(n) = s.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok()) {
            return format!("{prefix}{}", n + offsets.get(table).copied().unwrap_or(0));
        }
    }
    s.to_string()
}

fn insert(db: &PgDb, table: &str, columns: &[&str], t: &Table, row: &[Value], shift: &dyn Fn(&str, &Value) -> Result<Value>, with_id: bool) -> Result<()> {
    let types = column_types(db, table)?;
    let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    for c in columns {
        let i = t.column(c).ok_or_else(|| CoreError::corrupt(table.to_string(), format!("kolom {c}")))?;
        let ty = types.get(*c).map(String::as_str).ok_or_else(|| CoreError::corrupt(table.to_string(), format!("kolom {c} tidak ada di kantor")))?;
        params.push(param(ty, shift(c, &row[i])?, table, c)?);
    }
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let overriding = if with_id { " OVERRIDING SYSTEM VALUE" } else { "" };
    let sql = format!("INSERT INTO {table} ({}){overriding} VALUES ({})", columns.join(", "), placeholders.join(", "));
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    db.exec(&sql, &refs)?;
    Ok(())
}

fn column_types(db: &PgDb, table: &str) -> Result<HashMap<String, String>> {
    db.query("SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", &[&table])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// The station's value as the office's column takes it (SQLite keeps booleans as 0/1).
fn param(ty: &str, v: Value, table: &str, column: &str) -> Result<Box<dyn ToSql + Sync>> {
    let bad = || CoreError::corrupt(format!("{table}.{column}"), format!("nilai tidak cocok untuk {ty}"));
    Ok(match (ty, v) {
        ("boolean", Value::Null) => Box::new(None::<bool>),
        ("boolean", Value::Int(n)) => Box::new(Some(n != 0)),
        ("bigint" | "integer", Value::Null) => Box::new(None::<i64>),
        ("bigint", Value::Int(n)) => Box::new(Some(n)),
        ("integer", Value::Int(n)) => Box::new(Some(i32::try_from(n).map_err(|_| bad())?)),
        ("double precision", Value::Null) => Box::new(None::<f64>),
        ("double precision", Value::Real(x)) => Box::new(Some(x)),
        ("double precision", Value::Int(n)) => Box::new(Some(n as f64)),
        ("text", Value::Null) => Box::new(None::<String>),
        ("text", Value::Text(s)) => Box::new(Some(s)),
        ("text", Value::Int(n)) => Box::new(Some(n.to_string())),
        ("bytea", Value::Null) => Box::new(None::<Vec<u8>>),
        ("bytea", Value::Blob(b)) => Box::new(Some(b)),
        _ => return Err(bad()),
    })
}

/// The station's audit rows appended to the office's chain in their order; returns the station
/// chain's last hash.
fn chain_in(db: &PgDb, t: &Table, desk: &str) -> Result<String> {
    let col = |name: &str| t.column(name).ok_or_else(|| CoreError::corrupt("audit_log", format!("kolom {name}")));
    let idx = [col("at")?, col("username")?, col("role")?, col("action")?, col("subject")?, col("detail")?];
    let hash_i = col("hash")?;
    let text = |v: &Value| match v {
        Value::Text(s) => s.clone(),
        _ => String::new(),
    };
    let mut tip = String::new();
    for row in &t.rows {
        let f: Vec<String> = idx.iter().map(|i| text(&row[*i])).collect();
        db.audit_append_text(&f[0], &f[1], &f[2], desk, &f[3], &f[4], &f[5])?;
        tip = text(&row[hash_i]);
    }
    Ok(tip)
}
