//! What the window's commands share: the station (or why it could not be opened — until the
//! first start has said where the data is, that too), the session of the user at the desk, and
//! where the data and exports are.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use ktpel_core::auth::Actor;
use ktpel_core::session::Session;
use ktpel_core::{CoreError, Station};

use crate::error::{self, UiError};

type Shared = Arc<tokio::sync::Mutex<Station>>;

pub struct AppState {
    station: RwLock<Result<Shared, UiError>>,
    session: Mutex<Session>,
    /// The database file or the office server's URL (a file's backups are offered from here
    /// when it could not be opened).
    location: RwLock<PathBuf>,
    /// Attempts left open by an earlier run are reconciled once, at the first desk log-in.
    reconciled: AtomicBool,
}

impl AppState {
    pub fn new(station: Result<Station, UiError>, location: PathBuf) -> Self {
        AppState { station: RwLock::new(station.map(|s| Arc::new(tokio::sync::Mutex::new(s)))), session: Mutex::default(), location: RwLock::new(location), reconciled: AtomicBool::new(false) }
    }

    pub fn shared(&self) -> Result<Shared, UiError> {
        self.station.read().map_err(|_| poisoned())?.clone()
    }

    /// Whether the station opened (a damaged file offers its backups instead).
    pub fn is_open(&self) -> bool {
        self.shared().is_ok()
    }

    /// The first start chose where the data is: this station from now on.
    pub fn opened(&self, station: Station, location: PathBuf) -> Result<(), UiError> {
        *self.location.write().map_err(|_| poisoned())? = location;
        *self.station.write().map_err(|_| poisoned())? = Ok(Arc::new(tokio::sync::Mutex::new(station)));
        Ok(())
    }

    pub fn location(&self) -> PathBuf {
        self.location.read().map(|l| l.clone()).unwrap_or_default()
    }

    /// Where exports go: `KTPEL_EXPORT_DIR`, else beside the data (see `paths::export_dir`).
    pub fn export_dir(&self) -> PathBuf {
        ktpel_core::paths::export_dir(&self.location())
    }

    /// One step on the station (the lock is held only for `f`).
    pub async fn with<T>(&self, f: impl FnOnce(&mut Station) -> Result<T, CoreError>) -> Result<T, UiError> {
        let shared = self.shared()?;
        let mut guard = shared.lock().await;
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

    /// True exactly once per run: the first desk log-in after the window started (a station
    /// chosen at the first start has no earlier attempts to reconcile).
    pub fn first_reconcile(&self) -> bool {
        !self.reconciled.swap(true, Ordering::SeqCst)
    }
}

fn poisoned() -> UiError {
    error::internal("keadaan aplikasi rusak; tutup dan buka kembali aplikasi")
}
