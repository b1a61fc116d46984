//! Print attempts: the persisted state machine of one card on one blank. Written before the job
//! is submitted; the spooler's progress (`job_state`) and the officer's verdict (`outcome`) are
//! separate, because "CUPS completed" does not mean "a good card came out".

use serde::Serialize;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Written and the blank reserved; not yet (known to be) submitted.
    Reserved,
    /// The spooler gave a job id; following it.
    Submitted,
    /// The spooler handed the job to the printer.
    Completed,
    /// The job ended without printing (or was never submitted).
    Failed,
    /// We could not learn how the job ended.
    Unknown,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Reserved => "reserved",
            JobState::Submitted => "submitted",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
            JobState::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Reserved, Self::Submitted, Self::Completed, Self::Failed, Self::Unknown].into_iter().find(|v| v.as_str() == s)
    }
    /// Still moving: the officer cannot judge the card yet.
    pub fn is_running(self) -> bool {
        matches!(self, JobState::Reserved | JobState::Submitted)
    }
    pub fn words(self) -> &'static str {
        match self {
            JobState::Reserved => "disiapkan, belum terkirim",
            JobState::Submitted => "terkirim ke antrean cetak",
            JobState::Completed => "selesai dikirim ke printer",
            JobState::Failed => "gagal",
            JobState::Unknown => "tidak diketahui",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    Spoiled,
    NotFed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Spoiled => "spoiled",
            Outcome::NotFed => "not_fed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ok, Self::Spoiled, Self::NotFed].into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AttemptRow {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub request_ref: i64,
    pub blanko_serial: String,
    pub printer: String,
    pub spool_server: String,
    pub printer_path: String,
    pub job_name: String,
    /// The desk that printed ('' on attempts from before desks were named).
    pub station: String,
    #[ts(type = "number")]
    pub template_version: i64,
    pub specimen: bool,
    pub job_state: JobState,
    #[ts(type = "number | null")]
    pub job_id: Option<i64>,
    pub spool_message: Option<String>,
    pub printer_reasons: Option<String>,
    pub outcome: Option<Outcome>,
    pub outcome_reason: Option<String>,
    #[ts(type = "number | null")]
    pub reprint_of: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    pub submitted_at: Option<String>,
    pub finished_at: Option<String>,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
}

pub struct NewAttempt<'a> {
    pub request_ref: i64,
    pub blanko_serial: &'a str,
    pub printer: &'a str,
    pub spool_server: &'a str,
    pub printer_path: &'a str,
    /// The desk printing; also the job name's prefix (`{station}-{id}`).
    pub station: &'a str,
    pub template_version: u32,
    pub specimen: bool,
    pub reprint_of: Option<i64>,
    pub at: &'a str,
    pub by: &'a str,
}

/// The attempts operations every storage backend provides.
pub trait AttemptsStore {
    fn attempts_insert(&self, a: &NewAttempt) -> Result<i64>;
    fn attempts_get(&self, id: i64) -> Result<AttemptRow>;
    fn attempts_open_for_request(&self, request_ref: i64) -> Result<Option<AttemptRow>>;
    fn attempts_for_request(&self, request_ref: i64) -> Result<Vec<AttemptRow>>;
    fn attempts_open(&self) -> Result<Vec<AttemptRow>>;
    fn attempts_record_job_id(&self, id: i64, job_id: i64, at: &str) -> Result<()>;
    fn attempts_record_job_end(&self, id: i64, state: JobState, message: &str, reasons: &str, at: &str) -> Result<()>;
    fn attempts_resolve(&self, id: i64, outcome: Outcome, reason: Option<&str>, at: &str, by: &str) -> Result<()>;
    fn attempts_last_spoiled(&self, request_ref: i64) -> Result<Option<i64>>;
}
