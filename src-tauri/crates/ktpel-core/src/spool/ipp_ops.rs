//! The few IPP operations the station needs, encoded and decoded with the `ipp` crate and sent
//! with our own transport: Print-Job, Get-Job-Attributes, Get-Jobs (to find a job by its name
//! after a crash), Cancel-Job, Get-Printer-Attributes and CUPS-Get-Printers.

use std::io::{Cursor, Read};
use std::time::Duration;

use ipp::prelude::*;
use ipp::parser::IppParser;
use ipp::reader::IppReader;

use super::identity::SpoolIdentity;
use super::media::{self, JobTemplate, MediaSupport};
use super::target::{Endpoint, PrinterTarget};
use super::transport::post_ipp;
use super::SpoolError;

/// IPP job-state values (RFC 8011 §5.3.7).
pub mod job_state {
    pub const PENDING: i32 = 3;
    pub const PENDING_HELD: i32 = 4;
    pub const PROCESSING: i32 = 5;
    pub const PROCESSING_STOPPED: i32 = 6;
    pub const CANCELED: i32 = 7;
    pub const ABORTED: i32 = 8;
    pub const COMPLETED: i32 = 9;

    /// Canceled, aborted or completed: the job will not move again.
    pub fn is_finished(state: i32) -> bool {
        state >= CANCELED
    }
}

/// IPP printer-state values.
pub mod printer_state {
    pub const IDLE: i32 = 3;
    pub const PROCESSING: i32 = 4;
    pub const STOPPED: i32 = 5;
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobInfo {
    pub id: i32,
    pub name: String,
    pub state: i32,
    pub reasons: Vec<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, ts_rs::TS)]
pub struct PrinterInfo {
    pub name: String,
    pub state: i32,
    pub reasons: Vec<String>,
    pub accepting: bool,
    pub message: String,
    /// printer-info: the description an admin gave the queue.
    pub info: String,
    /// The sizes, scaling and orientations the queue offers (what a card job names).
    #[serde(skip)]
    #[ts(skip)]
    pub media: MediaSupport,
    /// The supplies the printer reports (IPP marker-names / marker-levels): a card printer's
    /// driver reports its ribbon this way. Empty when it reports none.
    pub markers: Vec<Marker>,
}

/// One supply as the printer reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Marker {
    pub name: String,
    /// Percent left, 0–100; below 0 when the printer cannot say (IPP: -1 unavailable, -2
    /// unknown, -3 "some left").
    pub level: i32,
}

const STATUS_NOT_FOUND: i16 = 0x0406;
const STATUS_NOT_ACCEPTING: i16 = 0x0506;
/// client-error-forbidden, -not-authenticated, -not-authorized.
const STATUS_REFUSALS: [i16; 3] = [0x0401, 0x0402, 0x0403];

/// One printer as seen through its spooler, by one account. CUPS lets only a job's owner see its
/// name or cancel it, so the account that submits is the account that follows, finds and cancels.
pub struct Spooler {
    pub target: PrinterTarget,
    pub who: SpoolIdentity,
    pub timeout: Duration,
}

type Attrs = Vec<(String, IppValue)>;

impl Spooler {
    pub fn new(target: PrinterTarget, who: SpoolIdentity) -> Self {
        Spooler { target, who, timeout: Duration::from_secs(10) }
    }

    /// Submits `pdf` as one job named `job_name` with the card's job template (media, scaling,
    /// orientation: see `media`); returns the job id CUPS assigned.
    pub async fn print_job(&self, pdf: Vec<u8>, job_name: &str, template: &JobTemplate) -> Result<i32, SpoolError> {
        let mut req = self.request(Operation::PrintJob)?;
        add(&mut req, "requesting-user-name", IppValue::new_name_without_language(self.who.user.as_str()))?;
        add(&mut req, "job-name", IppValue::new_name_without_language(job_name))?;
        add(&mut req, "document-format", IppValue::new_mime_media_type("application/pdf"))?;
        add_template(&mut req, template)?;
        *req.payload_mut() = IppPayload::new(Cursor::new(pdf));
        let groups = self.call(req).await?;
        let job_id = groups.iter().flatten().find(|(n, _)| n == "job-id").and_then(|(_, v)| int(v));
        job_id.ok_or_else(|| SpoolError::Protocol("CUPS tidak memberi job-id".into()))
    }

    /// None when the spooler no longer knows the job (purged from history): unknown, not failed.
    pub async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError> {
        let mut req = self.request(Operation::GetJobAttributes)?;
        add(&mut req, "job-id", Ok(IppValue::Integer(job_id)))?;
        add(&mut req, "requesting-user-name", IppValue::new_name_without_language(self.who.user.as_str()))?;
        add(&mut req, "requested-attributes", keywords(&["job-id", "job-name", "job-state", "job-state-reasons", "job-printer-state-message", "job-state-message"]))?;
        match self.call(req).await {
            Ok(groups) => Ok(groups.first().map(job_from)),
            Err(SpoolError::QueueNotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// All jobs of this queue that the spooler still remembers, finished ones included. CUPS
    /// shows a job's name only to its owner (JobPrivateValues), so this asks as `self.who`.
    pub async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError> {
        let mut req = self.request(Operation::GetJobs)?;
        add(&mut req, "requesting-user-name", IppValue::new_name_without_language(self.who.user.as_str()))?;
        add(&mut req, "which-jobs", IppValue::new_keyword("all"))?;
        add(&mut req, "requested-attributes", keywords(&["job-id", "job-name", "job-state", "job-state-reasons", "job-printer-state-message"]))?;
        Ok(self.call(req).await?.iter().map(job_from).collect())
    }

    pub async fn cancel_job(&self, job_id: i32) -> Result<(), SpoolError> {
        let mut req = self.request(Operation::CancelJob)?;
        add(&mut req, "job-id", Ok(IppValue::Integer(job_id)))?;
        add(&mut req, "requesting-user-name", IppValue::new_name_without_language(self.who.user.as_str()))?;
        self.call(req).await.map(|_| ())
    }

    pub async fn printer_info(&self) -> Result<PrinterInfo, SpoolError> {
        let mut req = self.request(Operation::GetPrinterAttributes)?;
        add(&mut req, "requested-attributes", keywords(&printer_attrs()))?;
        let groups = self.call(req).await?;
        let g = groups.first().ok_or_else(|| SpoolError::Protocol("atribut printer kosong".into()))?;
        Ok(printer_from(g, self.target.queue()))
    }

    fn request(&self, op: Operation) -> Result<IppRequestResponse, SpoolError> {
        let uri: Uri = self.target.printer_uri().parse::<Uri>().map_err(|e| SpoolError::BadTarget { target: self.target.display.clone(), reason: e.to_string() })?;
        IppRequestResponse::new(IppVersion::v1_1(), op, Some(uri)).map_err(|e| SpoolError::Protocol(e.to_string()))
    }

    /// Sends and returns the attribute groups after the operation group, or the IPP status as an error.
    async fn call(&self, req: IppRequestResponse) -> Result<Vec<Attrs>, SpoolError> {
        let raw = call_raw(&self.target.endpoint, &self.target.path, req, &self.who, self.timeout).await?;
        match raw.status {
            s if s < 0x0100 => Ok(raw.groups),
            STATUS_NOT_FOUND => Err(SpoolError::QueueNotFound { queue: self.target.queue().to_string() }),
            STATUS_NOT_ACCEPTING => Err(SpoolError::NotAccepting { queue: self.target.queue().to_string(), message: suffix(&raw.message) }),
            s if STATUS_REFUSALS.contains(&s) => Err(SpoolError::NotAllowed { user: self.who.user.clone(), message: suffix(&raw.message) }),
            s => Err(SpoolError::Rejected { status: format!("0x{s:04x}"), message: suffix(&raw.message) }),
        }
    }
}

/// CUPS behind the station's spooler interface: the card goes as its PDF.
impl super::spooler::PrintSpooler for Spooler {
    fn target(&self) -> &PrinterTarget {
        &self.target
    }
    fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }
    async fn printer_info(&self) -> Result<PrinterInfo, SpoolError> {
        Spooler::printer_info(self).await
    }
    async fn submit(&self, job: super::spooler::CardJob<'_>) -> Result<i32, SpoolError> {
        self.print_job(job.pdf.to_vec(), job.name, job.template).await
    }
    async fn job_info(&self, job_id: i32) -> Result<Option<JobInfo>, SpoolError> {
        Spooler::job_info(self, job_id).await
    }
    async fn jobs(&self) -> Result<Vec<JobInfo>, SpoolError> {
        Spooler::jobs(self).await
    }
    async fn cancel_job(&self, job_id: i32) -> Result<(), SpoolError> {
        Spooler::cancel_job(self, job_id).await
    }
}

const PRINTER_ATTRS: [&str; 8] = [
    "printer-name",
    "printer-state",
    "printer-state-reasons",
    "printer-is-accepting-jobs",
    "printer-state-message",
    "printer-info",
    "marker-names",
    "marker-levels",
];

fn printer_attrs() -> Vec<&'static str> {
    PRINTER_ATTRS.iter().chain(media::ATTRIBUTES.iter()).copied().collect()
}

/// The queues a CUPS server has, with their state and media (CUPS-Get-Printers).
pub async fn list_printers(endpoint: &Endpoint, who: &SpoolIdentity, timeout: Duration) -> Result<Vec<PrinterInfo>, SpoolError> {
    let mut req = IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsGetPrinters, None).map_err(|e| SpoolError::Protocol(e.to_string()))?;
    add(&mut req, "requesting-user-name", IppValue::new_name_without_language(who.user.as_str()))?;
    add(&mut req, "requested-attributes", keywords(&printer_attrs()))?;
    let raw = call_raw(endpoint, "/", req, who, timeout).await?;
    match raw.status {
        s if s < 0x0100 => Ok(raw.groups.iter().map(|g| printer_from(g, "")).collect()),
        STATUS_NOT_FOUND => Ok(Vec::new()),
        s if STATUS_REFUSALS.contains(&s) => Err(SpoolError::NotAllowed { user: who.user.clone(), message: suffix(&raw.message) }),
        s => Err(SpoolError::Rejected { status: format!("0x{s:04x}"), message: suffix(&raw.message) }),
    }
}

struct RawResponse {
    status: i16,
    message: String,
    groups: Vec<Attrs>,
}

async fn call_raw(endpoint: &Endpoint, path: &str, req: IppRequestResponse, who: &SpoolIdentity, timeout: Duration) -> Result<RawResponse, SpoolError> {
    let mut body = Vec::new();
    req.into_read().read_to_end(&mut body).map_err(|e| SpoolError::Protocol(e.to_string()))?;
    let bytes = post_ipp(endpoint, path, body, who, timeout).await?;
    let resp = IppParser::new(IppReader::new(Cursor::new(bytes))).parse().map_err(|e| SpoolError::Protocol(e.to_string()))?;
    let mut message = String::new();
    let mut groups = Vec::new();
    for group in resp.attributes().groups() {
        let attrs: Attrs = group.attributes().iter().map(|a| (a.name().to_string(), a.value().clone())).collect();
        if group.tag() == DelimiterTag::OperationAttributes {
            if let Some((_, v)) = attrs.iter().find(|(n, _)| n == "status-message") {
                message = v.to_string();
            }
        } else {
            groups.push(attrs);
        }
    }
    Ok(RawResponse { status: resp.header().operation_or_status, message, groups })
}

fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn add(req: &mut IppRequestResponse, name: &str, value: Result<IppValue, ipp::parser::IppParseError>) -> Result<(), SpoolError> {
    let protocol = |e: ipp::parser::IppParseError| SpoolError::Protocol(format!("{name}: {e}"));
    let value = value.map_err(protocol)?;
    let name = ipp::value::IppName::new(name).map_err(protocol)?;
    req.attributes_mut().add(DelimiterTag::OperationAttributes, IppAttribute::new(name, value));
    Ok(())
}

/// The card's job template, in the job attributes group where RFC 8011 puts them.
fn add_template(req: &mut IppRequestResponse, t: &JobTemplate) -> Result<(), SpoolError> {
    let protocol = |e: ipp::parser::IppParseError| SpoolError::Protocol(format!("job template: {e}"));
    let mut job = Vec::new();
    if let Some(media) = &t.media {
        job.push(("media", IppValue::new_keyword(media.as_str()).map_err(protocol)?));
    }
    if let Some((x, y)) = t.media_size {
        let name = |n: &str| ipp::value::IppName::new(n).map_err(protocol);
        let size = IppValue::Collection([(name("x-dimension")?, IppValue::Integer(x)), (name("y-dimension")?, IppValue::Integer(y))].into_iter().collect());
        job.push(("media-col", IppValue::Collection([(name("media-size")?, size)].into_iter().collect())));
    }
    if let Some(scaling) = &t.print_scaling {
        job.push(("print-scaling", IppValue::new_keyword(scaling.as_str()).map_err(protocol)?));
    }
    if let Some(o) = t.orientation {
        job.push(("orientation-requested", IppValue::Enum(o)));
    }
    for (n, v) in job {
        let n = ipp::value::IppName::new(n).map_err(protocol)?;
        req.attributes_mut().add(DelimiterTag::JobAttributes, IppAttribute::new(n, v));
    }
    Ok(())
}

fn keywords(names: &[&str]) -> Result<IppValue, ipp::parser::IppParseError> {
    names.iter().map(|n| IppValue::new_keyword(*n)).collect::<Result<Vec<_>, _>>().map(IppValue::Array)
}

fn int(v: &IppValue) -> Option<i32> {
    match v {
        IppValue::Integer(i) | IppValue::Enum(i) => Some(*i),
        _ => None,
    }
}

fn strings(v: &IppValue) -> Vec<String> {
    match v {
        IppValue::Array(items) => items.iter().map(|i| i.to_string()).collect(),
        other => vec![other.to_string()],
    }
}

fn get<'a>(g: &'a Attrs, name: &str) -> Option<&'a IppValue> {
    g.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn job_from(g: &Attrs) -> JobInfo {
    let text = |n| get(g, n).map(|v| v.to_string()).unwrap_or_default();
    let mut message = text("job-printer-state-message");
    if message.is_empty() {
        message = text("job-state-message");
    }
    JobInfo {
        id: get(g, "job-id").and_then(int).unwrap_or(0),
        name: text("job-name"),
        state: get(g, "job-state").and_then(int).unwrap_or(0),
        reasons: get(g, "job-state-reasons").map(strings).unwrap_or_default(),
        message,
    }
}

fn printer_from(g: &Attrs, queue: &str) -> PrinterInfo {
    let text = |n| get(g, n).map(|v| v.to_string()).unwrap_or_default();
    let name = text("printer-name");
    PrinterInfo {
        name: if name.is_empty() { queue.to_string() } else { name },
        state: get(g, "printer-state").and_then(int).unwrap_or(0),
        reasons: get(g, "printer-state-reasons").map(strings).unwrap_or_default().into_iter().filter(|r| r != "none").collect(),
        accepting: matches!(get(g, "printer-is-accepting-jobs"), Some(IppValue::Boolean(true))),
        message: text("printer-state-message"),
        info: text("printer-info"),
        media: MediaSupport::from_attrs(|n| get(g, n).cloned()),
        markers: markers(g),
    }
}

/// marker-names paired with marker-levels, position by position.
fn markers(g: &Attrs) -> Vec<Marker> {
    let names = get(g, "marker-names").map(strings).unwrap_or_default();
    let levels: Vec<i32> = match get(g, "marker-levels") {
        Some(IppValue::Array(items)) => items.iter().map(|i| int(i).unwrap_or(-2)).collect(),
        Some(v) => vec![int(v).unwrap_or(-2)],
        None => Vec::new(),
    };
    names.into_iter().zip(levels).map(|(name, level)| Marker { name, level }).collect()
}
