//! The card register (buku register): one append-only row per good card, numbered gap-free per
//! year. The number is taken and the row written in one transaction, and a trigger refuses any
//! sequence number that is not the year's next one, so a gap or a duplicate cannot be stored.

use serde::Serialize;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RegisterRow {
    #[ts(type = "number")]
    pub year: i64,
    #[ts(type = "number")]
    pub seq: i64,
    pub register_number: String,
    pub registered_at: String,
    pub register_date: String,
    pub nik: String,
    pub nama: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kel_desa: String,
    pub kecamatan: String,
    pub service: String,
    pub blanko_serial: String,
    /// The blank's chip UID ('' when the desk had no reader and none was typed).
    pub chip_uid: String,
    pub operator: String,
    /// The desk that registered the card, where its officer confirmed it ('' on rows from
    /// before desks were named).
    pub station: String,
    pub approver: String,
    pub request_id: String,
    #[ts(type = "number")]
    pub attempt_id: i64,
}

/// The register operations every storage backend provides.
pub trait RegisterStore {
    fn register_next_seq(&self, year: i64) -> Result<i64>;
    fn register_insert(&self, row: &RegisterRow) -> Result<()>;
    fn register_on_date(&self, date: &str) -> Result<Vec<RegisterRow>>;
    fn register_all(&self) -> Result<Vec<RegisterRow>>;
    fn register_by_request(&self, request_id: &str) -> Result<Option<RegisterRow>>;
}
