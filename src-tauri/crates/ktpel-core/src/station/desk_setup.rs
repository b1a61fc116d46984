//! Naming the desk from the window: at the first start, before anyone logs in (the desk has no
//! name yet, only its computer's); afterwards only an admin renames it, audited. The name is
//! kept on this computer (see `desk_name::file_for`), not in the shared data: it is the desk's.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::{audit, desk_name, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};

/// The desk's name and whether someone gave it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeskName {
    pub name: String,
    pub named: bool,
}

impl Station {
    pub fn desk_name(&self) -> DeskName {
        DeskName { name: self.desk.clone(), named: self.desk_named }
    }

    /// Names the desk and keeps the name in `file`. Once named, only an admin renames it.
    pub fn name_desk(&mut self, actor: Option<&Actor>, file: &Path, name: &str) -> Result<DeskName> {
        if self.desk_named {
            let admin = actor.ok_or(CoreError::NotLoggedIn)?;
            admin.require(Action::ChangeSettings)?;
        }
        let name = desk_name::check(name)?;
        // Open attempts carry the desk's name, and a desk reconciles only its own: renamed
        // under them, they would wait for a desk that no longer exists.
        let open = self.open_attempts()?.into_iter().filter(|o| o.attempt.station == self.desk && !o.attempt.station.is_empty()).count();
        if open > 0 && name != self.desk {
            return Err(CoreError::invalid("nama meja", format!("{open} cetakan meja {} masih menunggu keputusan; putuskan dulu di Hasil cetak, lalu ganti nama", self.desk)));
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::Io { path: dir.display().to_string(), source: e })?;
        }
        std::fs::write(file, format!("{name}\n")).map_err(|e| CoreError::Io { path: file.display().to_string(), source: e })?;
        let before = std::mem::replace(&mut self.desk, name.clone());
        self.desk_named = true;
        if let Some(actor) = actor {
            let mut actor = actor.clone();
            actor.desk = name.clone();
            self.store.write(|tx| audit(tx, &actor, "desk.name", &format!("desk:{name}"), json!({ "before": before })))?;
        }
        log::info!("desk named {name} (was {before})");
        Ok(self.desk_name())
    }
}
