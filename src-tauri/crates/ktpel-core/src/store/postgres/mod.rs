//! The office backend: one PostgreSQL database shared by every desk of an office. Each table
//! module here holds its own DDL and SQL; the guarantees SQLite's triggers give the single
//! station are given here by PL/pgSQL triggers, row locks and the grants of the desk role.
//!
//! Writes run READ COMMITTED with explicit locks where two desks meet (the register's counter
//! row, the audit chain's head row, a blank's row), so a desk waits for the other's commit and
//! then sees it, rather than failing a serialization check it would have to retry.

mod absorb;
pub mod adjustments;
pub mod app_versions;
pub mod attempts;
pub mod audit;
pub mod blanko;
mod chips;
mod connect;
pub mod feed_state;
pub mod handovers;
pub mod outbox;
pub mod printers;
pub mod register;
mod register_carryover;
pub mod reprints;
mod ribbons;
pub mod request_search;
pub mod requests;
mod schema;
pub mod settings;
mod sync;
mod tls;
pub mod signoffs;
pub mod spool_logins;
pub mod usage;
pub mod users;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, IsolationLevel, Row, Statement, Transaction};

use super::{Db, Engine};
use crate::error::{CoreError, Result};

pub use connect::{is_office, OfficeUrl};
use sync::{block_on, Link};
pub use schema::OFFICE_SCHEMA_VERSION;

/// A parameter list for the helpers below.
pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

pub struct PgStore {
    url: OfficeUrl,
    /// Drives the connections' sockets; the station's calls block on their answers from any
    /// thread, inside an async runtime or not (see `sync`).
    link: Link,
    client: RefCell<Option<Client>>,
    /// Prepared statements of the current connection (a reconnect starts a new cache).
    statements: RefCell<HashMap<String, Statement>>,
    /// A second connection for `raw_sql`, made at its first use.
    raw: RefCell<Option<Client>>,
}

impl PgStore {
    /// Connects and brings the office schema up to date (once, whichever desk comes first).
    pub fn open(url: OfficeUrl) -> Result<Self> {
        let link = Link::new()?;
        let mut client = url.connect(&link)?;
        schema::migrate(&mut client, &url.shown())?;
        Ok(PgStore { url, link, client: RefCell::new(Some(client)), statements: RefCell::new(HashMap::new()), raw: RefCell::new(None) })
    }

    /// A second connection of its own to the same database, for tools and tests that check the
    /// server with their own SQL.
    pub fn connect_again(&self) -> Result<Client> {
        self.url.connect(&self.link)
    }

    /// Runs raw SQL on a second connection of its own (tools and tests that play a careless writer);
    /// every value comes back as text, NULL as None.
    pub fn raw_sql(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let mut raw = self.raw.try_borrow_mut().map_err(|_| busy())?;
        if raw.as_ref().is_none_or(Client::is_closed) {
            *raw = Some(self.connect_again()?);
        }
        let Some(client) = raw.as_ref() else { return Err(busy()) };
        let messages = block_on(client.simple_query(sql))?;
        Ok(messages
            .iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect()),
                _ => None,
            })
            .collect())
    }

    /// The server and database, without any password.
    pub fn shown(&self) -> String {
        self.url.shown()
    }

    /// Runs `f` on a live connection, reconnecting first when the last one was lost; a lost
    /// connection is dropped so the next call reconnects (the desk resumes by itself).
    fn with_client<T>(&self, f: impl FnOnce(&mut Client, &RefCell<HashMap<String, Statement>>) -> Result<T>) -> Result<T> {
        let mut slot = self.client.try_borrow_mut().map_err(|_| busy())?;
        if slot.as_ref().is_none_or(Client::is_closed) {
            self.statements.borrow_mut().clear();
            *slot = None;
            *slot = Some(self.url.connect(&self.link)?);
        }
        let Some(client) = slot.as_mut() else { return Err(busy()) };
        let result = f(client, &self.statements);
        if client.is_closed() {
            *slot = None;
        }
        result
    }
}

impl Engine for PgStore {
    fn read_with(&self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()> {
        self.with_client(|client, cache| {
            // One snapshot for every query of the read, so a screen never mixes two moments.
            let tx = block_on(client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start())?;
            let db = PgDb { tx: RefCell::new(tx), cache };
            f(&db)?;
            block_on(db.tx.into_inner().commit())?;
            Ok(())
        })
    }

    fn write_with(&mut self, f: &mut dyn FnMut(&dyn Db) -> Result<()>) -> Result<()> {
        self.with_client(|client, cache| {
            let tx = block_on(client.build_transaction().isolation_level(IsolationLevel::ReadCommitted).start())?;
            let db = PgDb { tx: RefCell::new(tx), cache };
            // Dropping the transaction on Err rolls it back: the data stays as it was.
            f(&db)?;
            block_on(db.tx.into_inner().commit())?;
            Ok(())
        })
    }

    fn path(&self) -> Option<&Path> {
        None
    }

    fn at_rest(&self) -> crate::store::AtRest<'_> {
        crate::store::AtRest::Server
    }

    fn backup_into(&self, _date: NaiveDate) -> Result<PathBuf> {
        Err(CoreError::invalid(
            "cadangan",
            "mode kantor: basis data ada di server kantor; cadangan dibuat di server dengan pg_dump (lihat README, bagian kantor)",
        ))
    }

    fn location(&self) -> String {
        self.url.shown()
    }

    /// A session advisory lock: held until released or until this desk's connection ends.
    fn try_lease(&self, name: &str) -> Result<bool> {
        self.with_client(|client, _| Ok(block_on(client.query_one("SELECT pg_try_advisory_lock(hashtext($1))", &[&name]))?.try_get(0)?))
    }

    fn release_lease(&self, name: &str) -> Result<()> {
        self.with_client(|client, _| {
            block_on(client.query_one("SELECT pg_advisory_unlock(hashtext($1))", &[&name]))?;
            Ok(())
        })
    }

    fn export_history(&self) -> Result<Vec<crate::store::transfer::Table>> {
        Err(CoreError::invalid("office import-station", "FILE adalah berkas stasiun (SQLite), bukan server kantor"))
    }

    fn absorb_history(&mut self, tables: &[crate::store::transfer::Table], desk: &str, by: (&str, &str), at: &str) -> Result<crate::store::transfer::Absorbed> {
        self.with_client(|client, cache| {
            let tx = block_on(client.build_transaction().isolation_level(IsolationLevel::ReadCommitted).start())?;
            let db = PgDb { tx: RefCell::new(tx), cache };
            // Every row or none: an error drops the transaction, which rolls it back.
            let absorbed = absorb::absorb(&db, tables, desk, by, at)?;
            block_on(db.tx.into_inner().commit())?;
            Ok(absorbed)
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    /// The desk's name goes into the session's `application_name` (`ktpel meja-2`), so the
    /// office's administrator sees in `pg_stat_activity` which desk holds what. The name is
    /// checked safe (`desk_name::check`); a connection that cannot take it now is dropped and
    /// the next one is made with it.
    fn name_desk(&mut self, desk: &str) -> Result<()> {
        self.url.set_station(desk);
        let mut slot = self.client.try_borrow_mut().map_err(|_| busy())?;
        if let Some(client) = slot.as_ref() {
            if block_on(client.batch_execute(&format!("SET application_name = 'ktpel {desk}'"))).is_err() {
                *slot = None;
                self.statements.borrow_mut().clear();
            }
        }
        Ok(())
    }
}

/// One transaction on the office server, as the station's `&dyn Db`.
pub struct PgDb<'a> {
    tx: RefCell<Transaction<'a>>,
    cache: &'a RefCell<HashMap<String, Statement>>,
}

impl PgDb<'_> {
    fn statement(&self, tx: &Transaction, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.try_borrow().map_err(|_| busy())?.get(sql) {
            return Ok(s.clone());
        }
        let s = block_on(tx.prepare(sql))?;
        self.cache.try_borrow_mut().map_err(|_| busy())?.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub(crate) fn query(&self, sql: &str, p: Params) -> Result<Vec<Row>> {
        let tx = self.tx.try_borrow().map_err(|_| busy())?;
        let s = self.statement(&tx, sql)?;
        Ok(block_on(tx.query(&s, p))?)
    }

    pub(crate) fn opt(&self, sql: &str, p: Params) -> Result<Option<Row>> {
        let tx = self.tx.try_borrow().map_err(|_| busy())?;
        let s = self.statement(&tx, sql)?;
        Ok(block_on(tx.query_opt(&s, p))?)
    }

    pub(crate) fn one(&self, sql: &str, p: Params) -> Result<Row> {
        let tx = self.tx.try_borrow().map_err(|_| busy())?;
        let s = self.statement(&tx, sql)?;
        Ok(block_on(tx.query_one(&s, p))?)
    }

    pub(crate) fn exec(&self, sql: &str, p: Params) -> Result<u64> {
        let tx = self.tx.try_borrow().map_err(|_| busy())?;
        let s = self.statement(&tx, sql)?;
        Ok(block_on(tx.execute(&s, p))?)
    }

    /// `exec`, with a refusal by a UNIQUE or CHECK constraint or a trigger told in `words`.
    pub(crate) fn exec_or(&self, sql: &str, p: Params, words: impl FnOnce() -> String) -> Result<u64> {
        self.exec(sql, p).map_err(|e| if is_constraint(&e) { CoreError::Conflict(words()) } else { e })
    }
}

impl Db for PgDb<'_> {
    fn random_hex8(&self) -> Result<String> {
        Ok(self.one("SELECT substr(md5(random()::text || clock_timestamp()::text), 1, 8)", &[])?.try_get(0)?)
    }
}

/// True when the server refused the statement by a constraint or one of our triggers (class 23).
pub fn is_constraint(e: &CoreError) -> bool {
    match e {
        CoreError::Server(e) => e.code().is_some_and(|c| c.code().starts_with("23")),
        _ => false,
    }
}

fn busy() -> CoreError {
    CoreError::Corrupt { what: "penyimpanan".into(), reason: "koneksi basis data sedang dipakai operasi lain".into() }
}
