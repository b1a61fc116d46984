//! Per-printer settings of this station: calibration offset and whether its cards are specimens.

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PrinterRow {
    pub name: String,
    pub offset_x_mm: f64,
    pub offset_y_mm: f64,
    pub specimen: bool,
}

/// The printers operations every storage backend provides.
pub trait PrintersStore {
    fn printers_get(&self, name: &str) -> Result<Option<PrinterRow>>;
    fn printers_list(&self) -> Result<Vec<PrinterRow>>;
    fn printers_upsert(&self, p: &PrinterRow, at: &str) -> Result<()>;
}
