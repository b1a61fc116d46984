//! The station: the one public API of the core. Each method is a short call into the operation
//! modules beside this file; every mutating method takes the `Actor` doing it, checks the role,
//! and writes its audit row in the same transaction as the change.

pub mod access;
mod admin;
pub mod backup_ops;
mod blanko_ops;
pub mod cancel;
mod confirm;
mod desk;
pub mod desk_name;
pub mod opening;
mod desk_setup;
pub mod encryption;
mod export_folder;
mod feed;
mod handover;
mod history;
mod import;
mod office_import;
pub mod paper_register;
pub mod public_papers;
pub mod performance;
mod print;
pub mod print_run;
pub mod printers;
mod queries;
mod reconcile;
mod reprint;
pub mod ribbons;
pub mod retention;
mod search;
mod report_ops;
pub mod spool_logins;
mod stock_ops;

use std::path::Path;

use crate::store::Db;

use crate::auth::Actor;
use crate::config::{self, Config};
use crate::error::Result;
use crate::store::Store;
use crate::time;

pub use access::{Exclusive, StationAccess};
pub use cancel::CancelReport;
pub use spool_logins::SpoolLogin;
pub use confirm::SpoilReason;
pub use desk::{register_csv, ReadyItem};
pub use desk_setup::DeskName;
pub use opening::DataPlace;
pub use import::{records as import_records, ImportSummary, Rejected};
pub use print::{PrintPlan, PrintReport};
pub use print_run::PrintEvent;
pub use printers::{DeskStatus, PrinterView};
pub use history::{action_words, BlankoHistory, HistoryEntry};
pub use reprint::ReprintCase;
pub use search::FOUND_LIMIT;
pub use report_ops::ReportFormat;
pub use queries::{DocumentCheck, OpenAttempt, QueueItem, RequestDetail, StationStatus};

pub struct Station {
    store: Store,
    /// This desk's name (see `desk_name`): in its job names and beside its user in what it writes.
    desk: String,
    /// Whether someone named the desk (else it goes by its computer's name).
    desk_named: bool,
}

impl Station {
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Station { store: Store::open(path)?, desk: desk_name::default_name(), desk_named: false })
    }

    /// Opens what `--db` / `KTPEL_DB` names: a SQLite file or the office server's URL.
    pub fn open_location(db: &str) -> Result<Self> {
        Ok(Station { store: Store::open_location(db)?, desk: desk_name::default_name(), desk_named: false })
    }

    /// A copy of a station file opened with the key it was made with (checks on scratch copies).
    pub fn open_copy(path: &Path, key: Option<crate::keys::DbKey>) -> Result<Self> {
        Ok(Station { store: Store::open_copy(path, key)?, desk: desk_name::default_name(), desk_named: false })
    }

    pub fn open_in_memory() -> Result<Self> {
        Ok(Station { store: Store::open_in_memory()?, desk: desk_name::default_name(), desk_named: false })
    }

    /// Names this desk (`--station` / `KTPEL_STATION`, or the window's first start); users who
    /// log in afterwards act at this desk.
    pub fn set_desk(&mut self, name: &str) -> Result<()> {
        self.desk = desk_name::check(name)?;
        self.desk_named = true;
        self.store.name_desk(&self.desk)
    }

    /// Whether the desk was named (by `set_desk`), or goes by its computer's name.
    pub fn desk_named(&self) -> bool {
        self.desk_named
    }

    pub fn desk(&self) -> &str {
        &self.desk
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// For background work that writes outside a user's action (the feed) and for tests that
    /// play it; every user action goes through the station's own methods.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn config(&self) -> Result<Config> {
        self.store.read(|c| config::load(c))
    }

    /// The office's time zone (setting `office.timezone`).
    pub fn zone(&self) -> Result<time::Zone> {
        self.store.read(|c| config::zone_of(c))
    }

    /// The office's date now.
    pub fn today(&self) -> Result<chrono::NaiveDate> {
        Ok(self.zone()?.date(time::now()))
    }
}

/// Appends the audit row of an action by `actor`, inside the action's own transaction.
pub(crate) fn audit(tx: &dyn Db, actor: &Actor, action: &str, subject: &str, detail: serde_json::Value) -> Result<()> {
    tx.audit_append(&time::stamp(time::now()), &actor.username, actor.role.as_str(), &actor.desk, action, subject, &detail)
}
