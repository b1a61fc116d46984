//! The app's log: a file in the platform's log folder (`ktpel_core::paths::log_dir`), rotated by
//! size by `flexi_logger` (1 MB a file, the newest files kept), and a copy on stderr for a
//! developer's terminal. It starts before anything else, so a missing WebView2 runtime or a
//! database that does not open is written too. The level is the station's `log.level` setting,
//! applied once the station is open; `KTPEL_LOG` (e.g. `debug`) overrides it for a session.
//! What the station logs names requests and blanks by their ids, never a NIK, name or photo.

use std::sync::OnceLock;

use flexi_logger::{Cleanup, Criterion, Duplicate, FileSpec, LogSpecification, Logger, LoggerHandle, Naming};

/// Size at which the file is rotated, and how many rotated files are kept beside it.
const ROTATE_BYTES: u64 = 1_000_000;
const KEEP_FILES: usize = 5;

static HANDLE: OnceLock<LoggerHandle> = OnceLock::new();

/// Starts logging to the file (and stderr). A log folder that cannot be written leaves the app
/// logging to stderr alone rather than not starting.
pub fn start() {
    let spec = std::env::var("KTPEL_LOG").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "info".into());
    let file = FileSpec::default().directory(ktpel_core::paths::log_dir()).basename(ktpel_core::paths::LOG_NAME).suppress_timestamp();
    let started = Logger::try_with_str(&spec)
        .and_then(|l| {
            l.log_to_file(file)
                .rotate(Criterion::Size(ROTATE_BYTES), Naming::Numbers, Cleanup::KeepLogFiles(KEEP_FILES))
                .append()
                .duplicate_to_stderr(Duplicate::All)
                .format_for_files(flexi_logger::detailed_format)
                .start()
        })
        .or_else(|_| Logger::try_with_str("info").and_then(|l| l.log_to_stderr().start()));
    if let Ok(handle) = started {
        let _ = HANDLE.set(handle);
    }
}

/// Applies the station's `log.level`, unless `KTPEL_LOG` chose one for this session.
pub fn apply_level(level: log::LevelFilter) {
    if std::env::var("KTPEL_LOG").is_ok_and(|s| !s.is_empty()) {
        return;
    }
    if let Some(handle) = HANDLE.get() {
        handle.set_new_spec(LogSpecification::builder().default(level).build());
    }
}
