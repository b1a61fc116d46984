//! Moving to the office: a single station's SQLite file brought into the office's server
//! (`ktpel office import-station FILE --station NAME`), by an admin, all or nothing. The
//! station's file is never changed: a copy is read. Its audit chain must verify before; the
//! office's must verify after, or nothing is kept.

use std::path::Path;

use super::{desk_name, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::sqlite::backup;
use crate::store::transfer::Absorbed;
use crate::store::Store;
use crate::time;

impl Station {
    /// Brings the station file `file` into this (office) store as desk `desk`.
    pub fn import_station(&mut self, actor: &Actor, file: &Path, desk: &str) -> Result<Absorbed> {
        actor.require(Action::ManageUsers)?;
        let desk = desk_name::check(desk)?;
        if !file.is_file() {
            return Err(CoreError::invalid("FILE", format!("{} tidak ada; sebut berkas basis data stasiun (station.sqlite)", file.display())));
        }
        let copy = std::env::temp_dir().join(format!("ktpel-impor-{}-{}.sqlite", std::process::id(), time::now().timestamp_nanos_opt().unwrap_or(0)));
        let result = backup::snapshot(file, &copy).and_then(|key| {
            let source = Store::open_copy(&copy, key)?;
            if let Some(id) = source.read(|c| c.audit_verify())? {
                return Err(CoreError::corrupt("log audit stasiun", format!("rantai putus pada baris {id}; periksa dengan `ktpel --db {} audit verify`, impor dibatalkan", file.display())));
            }
            let history = source.export_history()?;
            drop(source);
            self.store.absorb_history(&history, &desk, (&actor.username, actor.role.as_str()), &time::stamp(time::now()))
        });
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
        if let Ok(a) = &result {
            log::info!("office: station {} imported ({} tables)", a.desk, a.tables.len());
        }
        result
    }
}
