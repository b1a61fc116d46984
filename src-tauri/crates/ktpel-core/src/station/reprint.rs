//! Supervised reprints: a spoiled card's request waits until a supervisor, a second person who
//! neither printed nor judged the spoiled card, approves (the request goes back to the queue and
//! the next attempt names the spoiled one) or refuses it (the request leaves the desk), always
//! with a note. At the desk the supervisor re-enters their password while the officer stays
//! logged in.

use serde::Serialize;
use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::attempts::AttemptRow;
use crate::store::reprints::{Decision, ReprintDecision};
use crate::store::requests::RequestStatus;
use crate::time;

const NOTE_MAX: usize = 500;

/// What a supervisor sees before deciding.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReprintCase {
    pub request_id: String,
    pub nama: String,
    pub service: crate::domain::Service,
    pub status: RequestStatus,
    /// The spoiled attempt waiting for (or given) the decision.
    pub spoiled: AttemptRow,
    /// Approved reprints of this request so far.
    #[ts(type = "number")]
    pub reprints: i64,
    pub decisions: Vec<ReprintDecision>,
}

impl Station {
    /// Requests waiting for a reprint decision, oldest spoiled card first.
    pub fn pending_reprints(&self) -> Result<Vec<ReprintCase>> {
        let held = self.store.read(|c| c.requests_with_status(&[RequestStatus::HeldForReprint]))?;
        let mut cases = held.iter().map(|r| self.reprint_case(&r.request_id)).collect::<Result<Vec<_>>>()?;
        cases.sort_by_key(|c| c.spoiled.id);
        Ok(cases)
    }

    /// The latest spoiled attempt of a request with the decisions taken so far.
    pub fn reprint_case(&self, request_id: &str) -> Result<ReprintCase> {
        let request = self.request(request_id)?;
        self.store.read(|c| {
            let spoiled_id = c.attempts_last_spoiled(request.id)?.ok_or_else(|| {
                CoreError::Conflict(format!("permohonan {} tidak punya kartu rusak; tidak ada cetak ulang untuk diputuskan", request.request_id))
            })?;
            Ok(ReprintCase {
                request_id: request.request_id.clone(),
                nama: request.person.nama.clone(),
                service: request.service,
                status: request.status,
                spoiled: c.attempts_get(spoiled_id)?,
                reprints: c.reprints_approved_count(request.id)?,
                decisions: c.reprints_for_request(request.id)?,
            })
        })
    }

    /// A supervisor, logged in (the CLI), decides.
    pub fn decide_reprint(&mut self, supervisor: &Actor, request_id: &str, decision: Decision, note: &str) -> Result<ReprintDecision> {
        self.decide(None, supervisor, request_id, decision, note)
    }

    /// At the desk: the supervisor proves their password while `desk` stays logged in.
    pub fn decide_reprint_at_desk(&mut self, desk: &Actor, username: &str, password: &str, request_id: &str, decision: Decision, note: &str) -> Result<ReprintDecision> {
        let supervisor = self.login(username.trim(), password)?;
        self.decide(Some(desk), &supervisor, request_id, decision, note)
    }

    fn decide(&mut self, desk: Option<&Actor>, supervisor: &Actor, request_id: &str, decision: Decision, note: &str) -> Result<ReprintDecision> {
        supervisor.require(Action::DecideReprint)?;
        let note = note.trim();
        if note.is_empty() || note.chars().count() > NOTE_MAX {
            return Err(CoreError::invalid("catatan", format!("wajib diisi (alasan keputusan), paling panjang {NOTE_MAX} karakter")));
        }
        let case = self.reprint_case(request_id)?;
        if case.status != RequestStatus::HeldForReprint {
            return Err(CoreError::Conflict(format!("permohonan {} {}; tidak menunggu persetujuan cetak ulang", case.request_id, case.status.words())));
        }
        let spoiled = &case.spoiled;
        if [Some(&spoiled.created_by), spoiled.resolved_by.as_ref()].into_iter().flatten().any(|u| *u == supervisor.username) {
            return Err(CoreError::Conflict(format!(
                "{} ikut mencetak atau menilai kartu rusak ini; cetak ulang harus disetujui orang kedua (supervisor lain)",
                supervisor.username
            )));
        }
        let after = match decision {
            Decision::Approved => RequestStatus::Queued,
            Decision::Refused => RequestStatus::ReprintRefused,
        };
        let row = self.store.write(|tx| {
            let at = time::stamp(time::now());
            let mut row = ReprintDecision {
                id: 0,
                request_ref: spoiled.request_ref,
                spoiled_attempt: spoiled.id,
                decision,
                note: note.to_string(),
                decided_by: supervisor.username.clone(),
                decided_at: at.clone(),
                desk_user: desk.map(|d| d.username.clone()),
            };
            row.id = tx.reprints_insert(&row)?;
            tx.requests_transition(spoiled.request_ref, RequestStatus::HeldForReprint, after, &at)?;
            let action = match decision {
                Decision::Approved => "reprint.approve",
                Decision::Refused => "reprint.refuse",
            };
            audit(tx, supervisor, action, &format!("request:{}", case.request_id), json!({
                "spoiled_attempt": spoiled.id,
                "blanko": spoiled.blanko_serial,
                "note": note,
                "desk_user": row.desk_user,
                "before": RequestStatus::HeldForReprint.as_str(),
                "after": after.as_str(),
            }))?;
            Ok(row)
        })?;
        log::info!("reprint of {}: {} by {}", case.request_id, decision.as_str(), supervisor.username);
        Ok(row)
    }
}
