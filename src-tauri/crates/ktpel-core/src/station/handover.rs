//! Handing the finished card over: to the applicant, or to a representative (with the relation
//! recorded); for rusak and perubahan data the old card must have been withdrawn.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{Action, Actor};
use crate::error::{CoreError, Result};
use crate::store::outbox::{self, FeedStatus};
use crate::store::handovers::HandoverRow;
use crate::store::requests::RequestStatus;
use crate::time;

impl Station {
    pub fn handover(&mut self, actor: &Actor, request_id: &str, recipient: &str, representative: Option<&str>, old_card_withdrawn: bool) -> Result<HandoverRow> {
        actor.require(Action::Handover)?;
        let recipient = recipient.trim();
        if recipient.is_empty() || recipient.chars().count() > 100 || recipient.chars().any(char::is_control) {
            return Err(CoreError::invalid("--recipient", "nama penerima wajib diisi (paling panjang 100 karakter)"));
        }
        let representative = representative.map(str::trim);
        if representative.is_some_and(|r| r.is_empty() || r.chars().count() > 60) {
            return Err(CoreError::invalid("--representative", "sebutkan hubungan wakil dengan pemohon, mis. ANAK, SUAMI"));
        }
        let request = self.request(request_id)?;
        if request.status != RequestStatus::Ready {
            return Err(CoreError::Conflict(format!("permohonan {request_id} {}; hanya kartu yang siap diserahkan dapat diserahkan", request.status.words())));
        }
        if request.service.withdraws_old_card() && !old_card_withdrawn {
            return Err(CoreError::invalid(
                "--old-card-withdrawn",
                format!("layanan {} wajib menarik KTP-el lama (potong sudut kiri atas) sebelum kartu baru diserahkan", request.service.label()),
            ));
        }
        let row = HandoverRow {
            request_ref: request.id,
            recipient_name: recipient.to_uppercase(),
            representative_relation: representative.map(str::to_uppercase),
            old_card_withdrawn,
            handed_at: time::stamp(time::now()),
            handed_by: actor.username.clone(),
        };
        self.store.write(|tx| {
            tx.handovers_insert(&row)?;
            tx.requests_transition(request.id, RequestStatus::Ready, RequestStatus::HandedOver, &row.handed_at)?;
            tx.outbox_push(&request.request_id, FeedStatus::HandedOver, &row.handed_at, &outbox::Extra::default())?;
            audit(
                tx,
                actor,
                "request.handover",
                &format!("request:{request_id}"),
                json!({ "representative": row.representative_relation, "old_card_withdrawn": old_card_withdrawn }),
            )
        })?;
        Ok(row)
    }
}
