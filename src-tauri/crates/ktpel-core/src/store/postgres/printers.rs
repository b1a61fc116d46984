//! PostgreSQL: per-printer settings (calibration, specimen mark), shared by the office.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::printers::{PrinterRow, PrintersStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE printers (
    name        text PRIMARY KEY,
    offset_x_mm double precision NOT NULL DEFAULT 0,
    offset_y_mm double precision NOT NULL DEFAULT 0,
    specimen    boolean NOT NULL DEFAULT false,
    updated_at  text NOT NULL
);
";

fn printer(r: &Row) -> Result<PrinterRow> {
    Ok(PrinterRow { name: r.try_get("name")?, offset_x_mm: r.try_get("offset_x_mm")?, offset_y_mm: r.try_get("offset_y_mm")?, specimen: r.try_get("specimen")? })
}

impl PrintersStore for PgDb<'_> {
    fn printers_get(&self, name: &str) -> Result<Option<PrinterRow>> {
        self.opt("SELECT * FROM printers WHERE name = $1", &[&name])?.as_ref().map(printer).transpose()
    }

    fn printers_list(&self) -> Result<Vec<PrinterRow>> {
        self.query("SELECT * FROM printers ORDER BY name", &[])?.iter().map(printer).collect()
    }

    fn printers_upsert(&self, p: &PrinterRow, at: &str) -> Result<()> {
        self.exec(
            "INSERT INTO printers (name, offset_x_mm, offset_y_mm, specimen, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (name) DO UPDATE SET offset_x_mm = excluded.offset_x_mm, offset_y_mm = excluded.offset_y_mm,
             specimen = excluded.specimen, updated_at = excluded.updated_at",
            &[&p.name, &p.offset_x_mm, &p.offset_y_mm, &p.specimen, &at],
        )?;
        Ok(())
    }
}
