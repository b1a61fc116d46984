//! Approved requests as imported, with the request's place in the print cycle (`status`).
//! The person is kept as validated JSON; NIK and name are also columns for searching.

use serde::Serialize;
use crate::domain::{ApprovedRequest, Channel, Person, Requirements, Service};

use crate::error::Result;

/// Where a request stands in the print cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Approved and waiting for a print.
    Queued,
    /// An attempt is open (printing, or waiting for the officer's confirmation).
    Printing,
    /// The card was spoiled; a supervisor must approve a reprint.
    HeldForReprint,
    /// The supervisor refused the reprint: the request leaves the desk (the note says why).
    ReprintRefused,
    /// Cancelled by the approval system before it was printed.
    Cancelled,
    /// Printed and registered: siap diserahkan.
    Ready,
    HandedOver,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Queued => "queued",
            RequestStatus::Printing => "printing",
            RequestStatus::HeldForReprint => "held_for_reprint",
            RequestStatus::ReprintRefused => "reprint_refused",
            RequestStatus::Cancelled => "cancelled",
            RequestStatus::Ready => "ready",
            RequestStatus::HandedOver => "handed_over",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Queued, Self::Printing, Self::HeldForReprint, Self::ReprintRefused, Self::Cancelled, Self::Ready, Self::HandedOver].into_iter().find(|v| v.as_str() == s)
    }

    /// The request's work is over: its photo and signature are kept only for the retention period.
    pub fn is_closed(self) -> bool {
        matches!(self, RequestStatus::HandedOver | RequestStatus::ReprintRefused | RequestStatus::Cancelled)
    }

    pub fn words(self) -> &'static str {
        match self {
            RequestStatus::Queued => "menunggu cetak",
            RequestStatus::Printing => "sedang dicetak",
            RequestStatus::HeldForReprint => "menunggu persetujuan cetak ulang",
            RequestStatus::ReprintRefused => "cetak ulang ditolak",
            RequestStatus::Cancelled => "dibatalkan oleh sistem persetujuan",
            RequestStatus::Ready => "siap diserahkan",
            RequestStatus::HandedOver => "sudah diserahkan",
        }
    }
}

/// A stored request, everything but the images.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RequestRow {
    #[ts(type = "number")]
    pub id: i64,
    pub request_id: String,
    pub service: Service,
    pub channel: Channel,
    pub submitted_at: String,
    pub approved_at: String,
    pub approved_by: String,
    pub requirements: Requirements,
    pub person: Person,
    pub payload_sha256: String,
    pub demo: bool,
    pub status: RequestStatus,
    pub imported_at: String,
    pub ready_at: Option<String>,
    pub handed_over_at: Option<String>,
    /// When the approval system cancelled it (also while it was already printing).
    pub cancelled_at: Option<String>,
    /// When its photo and signature were erased (retention); until given again, it cannot print.
    pub images_erased_at: Option<String>,
}

/// A closed request whose images the retention period has passed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImagesDue {
    pub id: i64,
    pub request_id: String,
    pub status: RequestStatus,
    /// When its work ended (handed over, cancelled, or its reprint refused).
    pub closed_at: String,
}

pub struct Images {
    pub photo_jpeg: Vec<u8>,
    pub signature_png: Option<Vec<u8>>,
}

/// The requests operations every storage backend provides.
pub trait RequestsStore {
    fn requests_insert(&self, req: &ApprovedRequest, sha: &str, demo: bool, at: &str, by: &str) -> Result<i64>;
    fn requests_by_request_id(&self, request_id: &str) -> Result<Option<RequestRow>>;
    fn requests_get(&self, request_id: &str) -> Result<RequestRow>;
    fn requests_id_and_name(&self, id: i64) -> Result<(String, String)>;
    fn requests_images(&self, id: i64) -> Result<Images>;
    fn requests_with_status(&self, statuses: &[RequestStatus]) -> Result<Vec<RequestRow>>;
    /// How many requests are in each status (statuses with none left out): the lobby's figures,
    /// without reading a single record.
    fn requests_status_counts(&self) -> Result<Vec<(String, i64)>>;
    fn requests_transition(&self, id: i64, from: RequestStatus, to: RequestStatus, at: &str) -> Result<()>;
    fn requests_cancel(&self, id: i64, at: &str) -> Result<RequestStatus>;
    /// Closed requests (handed over, reprint refused, cancelled) still holding images, whose
    /// work ended before `before`; oldest first.
    fn requests_images_due(&self, before: &str) -> Result<Vec<ImagesDue>>;
    /// Empties the request's photo and signature; false when they were already erased.
    fn requests_erase_images(&self, id: i64, at: &str) -> Result<bool>;
    /// Puts a request's images back (given again after they were erased).
    fn requests_restore_images(&self, id: i64, photo_jpeg: &[u8], signature_png: Option<&[u8]>) -> Result<()>;
}
