//! SQLite: the `printers` tables' schema, their migrations and the operations of `store::printers` over them.

use crate::store::printers::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;

pub const SCHEMA_V1: &str = "
CREATE TABLE printers (
    name        TEXT PRIMARY KEY,
    offset_x_mm REAL NOT NULL DEFAULT 0,
    offset_y_mm REAL NOT NULL DEFAULT 0,
    specimen    INTEGER NOT NULL DEFAULT 0 CHECK (specimen IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;
";

impl PrinterRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(PrinterRow { name: r.get("name")?, offset_x_mm: r.get("offset_x_mm")?, offset_y_mm: r.get("offset_y_mm")?, specimen: r.get("specimen")? })
    }
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<PrinterRow>> {
    Ok(conn.query_row("SELECT * FROM printers WHERE name = ?1", [name], PrinterRow::from_row).optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<PrinterRow>> {
    let mut stmt = conn.prepare("SELECT * FROM printers ORDER BY name")?;
    let rows = stmt.query_map([], PrinterRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn upsert(conn: &Connection, p: &PrinterRow, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO printers (name, offset_x_mm, offset_y_mm, specimen, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(name) DO UPDATE SET offset_x_mm = excluded.offset_x_mm, offset_y_mm = excluded.offset_y_mm,
         specimen = excluded.specimen, updated_at = excluded.updated_at",
        params![p.name, p.offset_x_mm, p.offset_y_mm, p.specimen, at],
    )?;
    Ok(())
}

impl PrintersStore for Connection {
    fn printers_get(&self, name: &str) -> Result<Option<PrinterRow>> {
        get(self, name)
    }

    fn printers_list(&self) -> Result<Vec<PrinterRow>> {
        list(self)
    }

    fn printers_upsert(&self, p: &PrinterRow, at: &str) -> Result<()> {
        upsert(self, p, at)
    }
}
