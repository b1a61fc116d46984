//! Storage behind the core's own interface: the table modules here hold the typed rows and one
//! trait of domain operations each; every backend implements all of them with its own SQL. The
//! station only ever sees `&dyn Db` inside a read or a write, so which server holds the data is
//! decided once, when the store is opened.

pub mod adjustments;
pub mod app_versions;
pub mod attempts;
pub mod audit;
pub mod blanko;
pub mod chips;
pub mod feed_state;
pub mod handovers;
pub mod outbox;
pub mod printers;
pub mod register;
pub mod register_carryover;
pub mod reprints;
pub mod ribbons;
pub mod request_search;
pub mod requests;
pub mod settings;
pub mod signoffs;
pub mod spool_logins;
pub mod transfer;
pub mod usage;
pub mod users;

pub mod postgres;
pub mod sqlite;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{CoreError, Result};

pub use sqlite::{backup, backup_rotation};
pub use sqlite::{migrations, SCHEMA_VERSION};

/// One transaction's (or one read's) view of the data: every domain operation of every table.
pub trait Db:
    adjustments::AdjustmentsStore
    + app_versions::AppVersionsStore
    + attempts::AttemptsStore
    + audit::AuditStore
    + blanko::BlankoStore
    + chips::ChipsStore
    + feed_state::FeedStateStore
    + handovers::HandoversStore
    + outbox::OutboxStore
    + printers::PrintersStore
    + register::RegisterStore
    + register_carryover::RegisterCarryoverStore
    + reprints::ReprintsStore
    + ribbons::RibbonsStore
    + request_search::RequestSearchStore
    + requests::RequestsStore
    + settings::SettingsStore
    + signoffs::SignoffsStore
    + spool_logins::SpoolLoginsStore
    + usage::UsageStore
    + users::UsersStore
{
    /// Eight random hex digits from the database (for identifiers that must differ per store).
    fn random_hex8(&self) -> Result<String>;
}

/// A backend: how reads and transactions are run. `write_with` commits only when the closure
/// returns Ok, so a failed operation leaves the data as it was.
pub trait Engine: Send {
    fn read_with(&self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()>;
    fn write_with(&mut self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()>;
    /// The database file, for a store that is one (backups sit beside it).
    fn path(&self) -> Option<&Path>;
    /// Makes the day's backup copy where this backend keeps them, returning where.
    fn backup_into(&self, date: NaiveDate) -> Result<PathBuf>;
    /// Where the data is, as `--db` would name it (a file, or the server's URL without password).
    fn location(&self) -> String;
    /// Takes the office-wide lease `name` (one desk at a time does the work it guards), or
    /// answers false when another desk holds it. A desk that dies loses its leases.
    fn try_lease(&self, name: &str) -> Result<bool>;
    fn release_lease(&self, name: &str) -> Result<()>;
    /// Every row of the tables of a station's history (`transfer::TABLES`).
    fn export_history(&self) -> Result<Vec<transfer::Table>>;
    /// Takes a station's history in, all or nothing, refusing any conflict with what is there;
    /// `audit` is who does it (user, role) and when, for the import's own audit row.
    fn absorb_history(&mut self, tables: &[transfer::Table], desk: &str, by: (&str, &str), at: &str) -> Result<transfer::Absorbed>;
    /// How this backend keeps the data at rest (the station shows the recovery key, or warns of a
    /// plain file, from it).
    fn at_rest(&self) -> AtRest<'_>;
    /// The concrete backend, for tools and tests that check it with its own SQL.
    fn as_any(&self) -> &dyn std::any::Any;
    /// Tells the server which desk this is (a shared server shows it beside each session);
    /// a file needs no such name.
    fn name_desk(&mut self, _desk: &str) -> Result<()> {
        Ok(())
    }
}

/// How a backend keeps the citizens' data at rest.
pub enum AtRest<'a> {
    /// A station file encrypted with this key.
    Encrypted(&'a crate::keys::DbKey),
    /// A station file from before encryption (or in memory, for tests and the demo).
    Plain,
    /// The office server: its disk and backups are the server's to protect (README, office).
    Server,
}

pub struct Store {
    engine: Box<dyn Engine>,
}

impl Store {
    /// Opens (creating if needed) the SQLite file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Store::opened(Box::new(sqlite::SqliteStore::open(path)?))
    }

    /// A store just opened (its schema brought up to date) notes this program's version in it,
    /// once per version. Bookkeeping, not a user's action: a server account that may not write
    /// it still opens, with a warning in the log.
    fn opened(engine: Box<dyn Engine>) -> Result<Self> {
        let mut store = Store { engine };
        let version = crate::about::VERSION;
        let known = store.read(|db| Ok(db.app_versions_list()?.iter().any(|v| v.version == version)))?;
        if !known {
            let at = crate::time::stamp(crate::time::now());
            match store.write(|db| db.app_versions_note(version, &at)) {
                Ok(_) => log::info!("versi {version} membuka basis data ini untuk pertama kali"),
                Err(e) => log::warn!("versi {version} tidak dapat dicatat di basis data: {e}"),
            }
        }
        Ok(store)
    }

    /// The versions of the station that have opened this database, oldest first.
    pub fn app_versions(&self) -> Result<Vec<app_versions::AppVersionRow>> {
        self.read(|db| db.app_versions_list())
    }

    /// Opens a station file's copy (`backup::snapshot`) with the key it was made with.
    pub fn open_copy(path: &Path, key: Option<crate::keys::DbKey>) -> Result<Self> {
        Ok(Store { engine: Box::new(sqlite::SqliteStore::open_copy(path, key)?) })
    }

    pub fn open_in_memory() -> Result<Self> {
        Store::opened(Box::new(sqlite::SqliteStore::open_in_memory()?))
    }

    pub fn name_desk(&mut self, desk: &str) -> Result<()> {
        self.engine.name_desk(desk)
    }

    /// Connects to the office's PostgreSQL server and brings its schema up to date.
    pub fn open_office(url: postgres::OfficeUrl) -> Result<Self> {
        Store::opened(Box::new(postgres::PgStore::open(url)?))
    }

    /// Opens what `--db` names: a `postgres://` / `postgresql://` URL is the office server,
    /// anything else a SQLite file.
    pub fn open_location(db: &str) -> Result<Self> {
        if postgres::is_office(db) {
            Self::open_office(postgres::OfficeUrl::parse(db)?)
        } else {
            Self::open(Path::new(db))
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.engine.path()
    }

    /// Where the data is, as `--db` would name it.
    pub fn location(&self) -> String {
        self.engine.location()
    }

    /// See `Engine::try_lease`.
    pub fn try_lease(&self, name: &str) -> Result<bool> {
        self.engine.try_lease(name)
    }

    pub fn release_lease(&self, name: &str) -> Result<()> {
        self.engine.release_lease(name)
    }

    /// See `Engine::at_rest`.
    pub fn at_rest(&self) -> AtRest<'_> {
        self.engine.at_rest()
    }

    /// The backend as its own type (`store.engine::<SqliteStore>()`), for checks in its own SQL.
    pub fn engine<E: Engine + 'static>(&self) -> Option<&E> {
        self.engine.as_any().downcast_ref::<E>()
    }

    /// See `Engine::export_history`.
    pub fn export_history(&self) -> Result<Vec<transfer::Table>> {
        self.engine.export_history()
    }

    /// See `Engine::absorb_history`.
    pub fn absorb_history(&mut self, tables: &[transfer::Table], desk: &str, by: (&str, &str), at: &str) -> Result<transfer::Absorbed> {
        self.engine.absorb_history(tables, desk, by, at)
    }

    /// Makes the day's backup (see `Engine::backup_into`).
    pub fn backup_into(&self, date: NaiveDate) -> Result<PathBuf> {
        self.engine.backup_into(date)
    }

    /// Runs `f` over the data for reading.
    pub fn read<T>(&self, f: impl FnOnce(&dyn Db) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.engine.read_with(&mut |db| {
            if let Some(f) = f.take() {
                out = Some(f(db)?);
            }
            Ok(())
        })?;
        out.ok_or_else(not_run)
    }

    /// Runs `f` in one transaction, committed only when `f` returns Ok.
    pub fn write<T>(&mut self, f: impl FnOnce(&dyn Db) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.engine.write_with(&mut |db| {
            if let Some(f) = f.take() {
                out = Some(f(db)?);
            }
            Ok(())
        })?;
        out.ok_or_else(not_run)
    }
}

/// An engine that returned Ok without running the closure broke its contract.
fn not_run() -> CoreError {
    CoreError::Corrupt { what: "penyimpanan".into(), reason: "operasi basis data tidak dijalankan".into() }
}
