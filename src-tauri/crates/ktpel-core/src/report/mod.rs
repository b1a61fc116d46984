//! The daily blanko usage report (laporan pemakaian blanko harian) for one office day or a span of
//! days: stock at the start, what came in, what was used and how, adjustments, stock at the end,
//! handovers and requests past the service standard. Computed from the ledger; a signed day is
//! read back as it was signed. Renderers for the paper and the files live beside this file.

pub mod csv;
pub mod destruction;
pub mod monthly;
pub mod paper;
pub mod pdf;
pub mod poster;
pub mod service;
pub mod service_pdf;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Channel, Service};
use crate::error::{CoreError, Result};
use crate::holidays::Holidays;
use crate::store::Db;
use crate::service_standard::due_at;
use crate::store::blanko::{self, BlankoState, LedgerEvent};
use crate::time::{self, Zone};

/// A labelled count (a service type, an operator, a receipt batch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Count {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// One blank in a list of the report (spoiled, not fed, adjusted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BlankLine {
    pub serial: String,
    /// Ledger event: spoiled, returned, written_off, lost, found.
    pub event: String,
    pub what: String,
    pub request_id: Option<String>,
    pub reason: Option<String>,
    /// For an adjustment correcting an earlier day: that day.
    pub refers_to: Option<String>,
    pub by: String,
    pub at: String,
    /// The desk whose print it was ('' before desks had names; none for an adjustment).
    #[serde(default)]
    pub desk: Option<String>,
    /// The blank's chip UID, where it was recorded (absent in reports signed before chips).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip: Option<String>,
}

/// A request that was not ready by its service standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LateLine {
    pub request_id: String,
    pub channel: String,
    pub due_at: String,
    pub ready_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Signature {
    pub signed_by: String,
    pub signed_at: String,
    pub report_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct UsageReport {
    pub office: String,
    /// The office's zone: the days below are its days, the times shown its times. Reports signed
    /// before offices had a zone were WIB.
    #[serde(default)]
    pub zone: Zone,
    /// First and last day covered (inclusive, YYYY-MM-DD), in the office's zone.
    pub from: String,
    pub to: String,
    pub generated_at: String,
    /// Unused blanks (in the box or on a print in progress) at the start.
    #[ts(type = "number")]
    pub opening_stock: i64,
    #[ts(type = "number")]
    pub received: i64,
    pub received_batches: Vec<Count>,
    #[ts(type = "number")]
    pub printed_good: i64,
    pub printed_by_service: Vec<Count>,
    pub printed_by_operator: Vec<Count>,
    /// Good cards by the desk that registered them (an office has several; '' before desks had
    /// names). Absent from reports signed before desks were counted.
    #[serde(default)]
    pub printed_by_desk: Vec<Count>,
    pub spoiled: Vec<BlankLine>,
    pub not_fed: Vec<BlankLine>,
    pub adjustments: Vec<BlankLine>,
    #[ts(type = "number")]
    pub disabled: i64,
    #[ts(type = "number")]
    pub destroyed: i64,
    /// Unused blanks at the end, and how many of them a print in progress holds.
    #[ts(type = "number")]
    pub closing_stock: i64,
    #[ts(type = "number")]
    pub closing_reserved: i64,
    #[ts(type = "number")]
    pub handed_over: i64,
    pub past_standard: Vec<LateLine>,
    #[ts(type = "number")]
    pub reprints_approved: i64,
    #[ts(type = "number")]
    pub reprints_refused: i64,
    /// opening + received − good − spoiled ± adjustments = closing, as the ledger replays it.
    pub balanced: bool,
    /// Present when the day was signed off: the report is then exactly what was signed.
    pub signature: Option<Signature>,
    /// Where the paper register book of the span's year ended, when the office began that year
    /// on paper: its numbers up to there are in the book, not in this station. Absent (not
    /// written) otherwise, so reports signed before it existed read back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper_register: Option<crate::store::register_carryover::RegisterCarryover>,
    /// Ribbons put into the printers in the span (the consumables used); absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ribbons_changed: Vec<crate::store::ribbons::RibbonChange>,
}

impl UsageReport {
    /// Adjustments' net effect on the unused stock (found in, written off and lost out).
    pub fn adjustment_net(&self) -> i64 {
        self.adjustments.iter().map(|a| if a.event == LedgerEvent::Found.as_str() { 1 } else { -1 }).sum()
    }

    pub fn spoiled_count(&self) -> i64 {
        self.spoiled.len() as i64
    }

    pub fn period_words(&self) -> String {
        let word = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(time::long_date).unwrap_or_else(|_| s.to_string());
        if self.from == self.to {
            word(&self.from)
        } else {
            format!("{} s.d. {}", word(&self.from), word(&self.to))
        }
    }
}

/// The report as the window shows it: the figures and the summary lines of the paper form.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReportView {
    pub report: UsageReport,
    pub summary: Vec<csv::Line>,
}

impl From<UsageReport> for ReportView {
    fn from(report: UsageReport) -> Self {
        ReportView { summary: csv::summary(&report), report }
    }
}

/// The longest span one report may cover (a year), so a typo cannot ask for a century.
pub const MAX_DAYS: i64 = 366;

pub fn check_span(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(CoreError::invalid("--to", format!("{to} sebelum {from}; tanggal akhir harus sama atau setelah tanggal awal")));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(CoreError::invalid("--to", format!("rentang paling panjang {MAX_DAYS} hari")));
    }
    Ok(())
}

/// Computes the report from the ledger for the office's days `from..=to` (in `zone`).
pub fn compute(conn: &dyn Db, office: &str, zone: Zone, holidays: &Holidays, minutes_in_office: u32, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Result<UsageReport> {
    check_span(from, to)?;
    let (start, _) = zone.day_bounds(from);
    let (_, end) = zone.day_bounds(to);
    let (a, b) = (time::stamp(start), time::stamp(end));
    let unused = |m: &HashMap<BlankoState, i64>| m.get(&BlankoState::InStock).copied().unwrap_or(0) + m.get(&BlankoState::Reserved).copied().unwrap_or(0);
    let before = conn.blanko_states_before(&a)?;
    // Counted in SQL: a month holds tens of thousands of events, and only a few are listed. The
    // stock after the span is the stock before it moved along the span's events.
    let span_events = conn.usage_event_counts(&a, &b)?;
    let mut after = before.clone();
    blanko::apply_event_counts(&mut after, &span_events, 1)?;
    let refers: HashMap<String, Option<String>> =
        conn.adjustments_between(&a, &b)?.into_iter().map(|x| (format!("adjustment:{}", x.id), x.refers_to)).collect();

    let mut r = UsageReport {
        office: office.to_string(),
        zone,
        from: from.to_string(),
        to: to.to_string(),
        generated_at: time::stamp(now),
        opening_stock: unused(&before),
        received: 0,
        received_batches: vec![],
        printed_good: 0,
        printed_by_service: vec![],
        printed_by_operator: vec![],
        printed_by_desk: vec![],
        spoiled: vec![],
        not_fed: vec![],
        adjustments: vec![],
        disabled: 0,
        destroyed: 0,
        closing_stock: unused(&after),
        closing_reserved: after.get(&BlankoState::Reserved).copied().unwrap_or(0),
        handed_over: conn.usage_handed_over(&a, &b)?,
        past_standard: vec![],
        reprints_approved: 0,
        reprints_refused: 0,
        balanced: false,
        signature: None,
        paper_register: conn.carryover_of(to.year() as i64)?,
        ribbons_changed: conn.ribbon_changes_between(&a, &b)?,
    };
    let mut services: BTreeMap<String, i64> = BTreeMap::new();
    let mut operators: BTreeMap<String, i64> = BTreeMap::new();
    for (event, n) in &span_events {
        let n = *n;
        match LedgerEvent::parse(event).ok_or_else(|| CoreError::corrupt("blanko_ledger.event", event))? {
            LedgerEvent::Received => r.received = n,
            LedgerEvent::Printed => r.printed_good = n,
            LedgerEvent::Disabled => r.disabled = n,
            LedgerEvent::Destroyed => r.destroyed = n,
            _ => {}
        }
    }
    let mut printed_traced = 0;
    let mut desks: BTreeMap<String, i64> = BTreeMap::new();
    for (service, by, desk, n) in conn.usage_printed_by_service_and_officer(&from.to_string(), &to.to_string())? {
        *services.entry(service).or_default() += n;
        *operators.entry(by).or_default() += n;
        *desks.entry(desk).or_default() += n;
        printed_traced += n;
    }
    // Every printed blank has its register row, written with it.
    if printed_traced != r.printed_good {
        return Err(CoreError::corrupt("register", format!("{} blanko tercetak, {} baris register pada rentang ini", r.printed_good, printed_traced)));
    }
    r.received_batches = conn.usage_received_by_batch(&a, &b)?.into_iter().map(|(k, n)| Count { label: k.clone(), key: k, count: n }).collect();
    for e in conn.usage_listed_events(&a, &b)? {
        let event = LedgerEvent::parse(&e.event).ok_or_else(|| CoreError::corrupt("blanko_ledger.event", &e.event))?;
        let chip = conn.chip_of_serial(&e.serial)?.map(|c| c.chip_uid);
        let line = BlankLine {
            what: event.words().to_string(),
            refers_to: e.reference.as_ref().and_then(|x| refers.get(x).cloned().flatten()),
            serial: e.serial,
            event: e.event,
            request_id: e.request_id,
            reason: e.reason,
            by: e.by_user,
            at: e.at,
            desk: e.desk,
            chip,
        };
        match event {
            LedgerEvent::Spoiled => r.spoiled.push(line),
            LedgerEvent::Returned => r.not_fed.push(line),
            _ => r.adjustments.push(line),
        }
    }
    // Every service type is listed, also with zero: the paper form has a line for each.
    r.printed_by_service = Service::ALL
        .iter()
        .map(|s| Count { key: s.as_str().into(), label: s.label().into(), count: services.get(s.as_str()).copied().unwrap_or(0) })
        .collect();
    r.printed_by_operator = operators.into_iter().map(|(k, n)| Count { label: k.clone(), key: k, count: n }).collect();
    r.printed_by_desk = desks.into_iter().map(|(k, n)| Count { label: if k.is_empty() { "(tanpa nama meja)".into() } else { k.clone() }, key: k, count: n }).collect();
    (r.reprints_approved, r.reprints_refused) = conn.usage_reprint_decisions(&a, &b)?;
    r.past_standard = past_standard(conn, zone, holidays, minutes_in_office, start, end, now)?;
    r.balanced = r.opening_stock + r.received - r.printed_good - r.spoiled_count() + r.adjustment_net() == r.closing_stock;
    Ok(r)
}

/// Requests whose service standard fell due in the span (and had passed by `now`) and that were
/// not ready by then.
fn past_standard(conn: &dyn Db, zone: Zone, holidays: &Holidays, minutes: u32, start: DateTime<Utc>, end: DateTime<Utc>, now: DateTime<Utc>) -> Result<Vec<LateLine>> {
    // A remote request is due at most a few days after submission (weekends): look back a week.
    let since = time::stamp(start - chrono::Duration::days(7));
    let mut out = Vec::new();
    for (request_id, channel, submitted, ready) in conn.usage_submitted_since(&since, &time::stamp(end))? {
        let channel = Channel::parse(&channel).ok_or_else(|| CoreError::corrupt("requests.channel", &channel))?;
        let submitted = time::parse_stamp(&submitted).ok_or_else(|| CoreError::corrupt("requests.submitted_at", &submitted))?;
        let due = due_at(zone, holidays, channel, submitted, minutes);
        if due < start || due >= end || due > now {
            continue;
        }
        let late = match ready.as_deref().and_then(time::parse_stamp) {
            Some(t) => t > due,
            None => true,
        };
        if late {
            out.push(LateLine { request_id, channel: channel.as_str().into(), due_at: time::stamp(due), ready_at: ready });
        }
    }
    Ok(out)
}
