//! One short step at a time on a station. A print waits 20–30 s on the printer; the window must
//! keep answering (queue, status bar) meanwhile, so long operations take the station only for
//! their database steps and never across a wait on the spooler.

use std::cell::RefCell;

use super::Station;
use crate::error::Result;

/// A station that can be borrowed for one step.
#[allow(async_fn_in_trait)] // callers use concrete types; their futures' Send-ness is known
pub trait StationAccess {
    async fn step<T>(&self, f: impl FnOnce(&mut Station) -> Result<T>) -> Result<T>;
}

/// The window's station: shared by all its commands.
impl StationAccess for tokio::sync::Mutex<Station> {
    async fn step<T>(&self, f: impl FnOnce(&mut Station) -> Result<T>) -> Result<T> {
        f(&mut *self.lock().await)
    }
}

/// A station owned by one caller (the CLI, a test): nothing else can be waiting for it.
pub struct Exclusive<'a>(RefCell<&'a mut Station>);

impl<'a> Exclusive<'a> {
    pub fn new(station: &'a mut Station) -> Self {
        Exclusive(RefCell::new(station))
    }
}

impl StationAccess for Exclusive<'_> {
    async fn step<T>(&self, f: impl FnOnce(&mut Station) -> Result<T>) -> Result<T> {
        f(&mut self.0.borrow_mut())
    }
}
