//! Citizens' photos and signatures kept only as long as the work needs them (UU 27/2022 asks for
//! exactly this care): once a request is closed — handed over, its reprint refused, or cancelled —
//! its images are erased after `data.photo_retention_days`. The register, ledger, handovers and
//! audit keep their text; each erasure is audited. Run by the app every hour (idempotent: only
//! images not yet erased) and by an admin with `ktpel data purge`. A request whose images are
//! gone cannot be laid out again until they are given again (the same record imported or fed).

use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor, Role};
use crate::error::Result;
use crate::time;

/// What one purge erased.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Purged {
    pub retention_days: u32,
    /// Requests whose work ended before this instant had their images erased.
    pub closed_before: String,
    /// Upstream ids of the requests whose images were erased now.
    pub erased: Vec<String>,
}

/// Who the app's own hourly run is, in the audit.
pub fn retention_actor(desk: &str) -> Actor {
    Actor { username: "retensi".into(), full_name: "Penghapusan foto terjadwal".into(), role: Role::Admin, desk: desk.to_string() }
}

impl Station {
    /// `ktpel data purge`: an admin erases what the retention period has passed.
    pub fn purge_images(&mut self, actor: &Actor) -> Result<Purged> {
        actor.require(Action::PurgeData)?;
        self.purge_as(actor)
    }

    /// The app's hourly run: the same, attributed to the station itself.
    pub fn purge_images_scheduled(&mut self) -> Result<Purged> {
        let actor = retention_actor(self.desk());
        self.purge_as(&actor)
    }

    fn purge_as(&mut self, actor: &Actor) -> Result<Purged> {
        let days = self.config()?.photo_retention_days;
        let closed_before = time::stamp(time::now() - chrono::Duration::days(i64::from(days)));
        let due = self.store.read(|c| c.requests_images_due(&closed_before))?;
        let mut erased = Vec::new();
        // One transaction per request: each erasure lands with its audit row, and a long purge
        // never holds the other desks' writes.
        for d in due {
            let at = time::stamp(time::now());
            let done = self.store.write(|tx| {
                if !tx.requests_erase_images(d.id, &at)? {
                    return Ok(false);
                }
                let detail = json!({ "retention_days": days, "status": d.status.as_str(), "closed_at": d.closed_at });
                audit(tx, actor, "request.images_erased", &format!("request:{}", d.request_id), detail)?;
                Ok(true)
            })?;
            if done {
                erased.push(d.request_id);
            }
        }
        if !erased.is_empty() {
            log::info!("retention: images of {} closed requests erased (after {days} days)", erased.len());
        }
        Ok(Purged { retention_days: days, closed_before, erased })
    }
}
