//! Papers saved into the export folder (reports, the berita acara, the poster): written beside
//! their final name and renamed, so a file manager, a sync client or the officer opening the
//! folder never sees half a file, and a failed write leaves no file under the final name.

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

/// Writes `bytes` as `dir/name` (making `dir` when missing); the path written.
pub(crate) fn write_into(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| CoreError::Io { path: dir.display().to_string(), source: e })?;
    let path = dir.join(name);
    let part = dir.join(format!("{name}.part"));
    std::fs::write(&part, bytes).and_then(|_| std::fs::rename(&part, &path)).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        CoreError::Io { path: path.display().to_string(), source: e }
    })?;
    Ok(path)
}
