//! What the window's commands share: the station (or why it could not be opened), the session of
//! the user at the desk, and where exports go.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use ktpel_core::auth::Actor;
use ktpel_core::session::Session;
use ktpel_core::{CoreError, Station};

use crate::error::{self, UiError};

pub struct AppState {
    pub station: Result<tokio::sync::Mutex<Station>, UiError>,
    session: Mutex<Session>,
    pub export_dir: PathBuf,
    /// The database file (kept to offer its backups when it could not be opened).
    pub db_path: PathBuf,
    /// Attempts left open by an earlier run are reconciled once, at the first desk log-in.
    reconciled: AtomicBool,
}

impl AppState {
    pub fn new(station: Result<Station, UiError>, export_dir: PathBuf, db_path: PathBuf) -> Self {
        AppState { station: station.map(tokio::sync::Mutex::new), session: Mutex::default(), export_dir, db_path, reconciled: AtomicBool::new(false) }
    }

    pub fn shared(&self) -> Result<&tokio::sync::Mutex<Station>, UiError> {
        self.station.as_ref().map_err(Clone::clone)
    }

    /// One step on the station (the lock is held only for `f`).
    pub async fn with<T>(&self, f: impl FnOnce(&mut Station) -> Result<T, CoreError>) -> Result<T, UiError> {
        let mut guard = self.shared()?.lock().await;
        f(&mut guard).map_err(UiError::from)
    }

    /// The user at the desk; counts as activity, and refuses when the session is locked.
    pub fn actor(&self) -> Result<Actor, UiError> {
        self.session()?.actor(Instant::now()).map_err(UiError::from)
    }

    /// The user at the desk, for reads the window also makes by itself: the lock applies, but
    /// they do not count as activity.
    pub fn reader(&self) -> Result<Actor, UiError> {
        self.session()?.peek(Instant::now()).map_err(UiError::from)
    }

    pub fn session(&self) -> Result<std::sync::MutexGuard<'_, Session>, UiError> {
        self.session.lock().map_err(|_| error::internal("sesi rusak; tutup dan buka kembali aplikasi"))
    }

    /// True exactly once per run.
    pub fn first_reconcile(&self) -> bool {
        !self.reconciled.swap(true, Ordering::SeqCst)
    }
}
