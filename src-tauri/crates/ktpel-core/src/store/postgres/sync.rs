//! Blocking calls over the async PostgreSQL client. The station's API is blocking (SQLite's is),
//! yet it is called from inside async runtimes (the CLI, the window's commands): a blocking
//! client that runs its own runtime there would panic. So the sockets are driven by a small
//! runtime of the store's own (`Link`), and a call waits for its answer with a plain thread
//! park (`block_on`), which needs no runtime on the calling thread.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake};

use crate::error::{CoreError, Result};

/// The runtime the store's connections run on: one worker thread, shut down with the store.
pub struct Link {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Link {
    pub fn new() -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("ktpel-office-db")
            .enable_all()
            .build()
            .map_err(|e| CoreError::Io { path: "runtime basis data kantor".into(), source: e })?;
        Ok(Link { runtime: Some(runtime) })
    }

    /// Runs `f` on the link's runtime and waits for its result.
    pub fn run<T: Send + 'static>(&self, f: impl Future<Output = T> + Send + 'static) -> Result<T> {
        let runtime = self.runtime.as_ref().ok_or_else(stopped)?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        runtime.spawn(async move {
            let _ = tx.send(f.await);
        });
        block_on(rx).map_err(|_| stopped())
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        // Dropping a runtime the ordinary way blocks, which is refused inside another runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn stopped() -> CoreError {
    CoreError::Corrupt { what: "penyimpanan".into(), reason: "sambungan basis data kantor sudah ditutup".into() }
}

struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Waits on the calling thread for `f`, whose progress is made elsewhere (the link's runtime).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let waker = Arc::new(Unpark(std::thread::current())).into();
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}
