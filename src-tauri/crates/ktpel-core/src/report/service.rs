//! The service standard report (*Kinerja*): for each request approved in a span, the time of each
//! step at the desk — waiting (approved → print started), print (→ printed), register (→ in the
//! register), handover (→ handed over) — against the per-step standard, and the whole service
//! against the office's promise (in office: submission to handover within the minutes; remote:
//! ready by the next working day). Shares on time per step, per officer and per channel; the load
//! by hour of day and the distribution of in-office times against the standard, for the charts.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::Serialize;

use crate::domain::Channel;
use crate::error::{CoreError, Result};
use crate::holidays::Holidays;
use crate::service_standard::{due_at, StepMinutes};
use crate::store::usage::StepStamps;
use crate::store::Db;
use crate::time::{self, Zone};

/// One request's steps: stamps (UTC) and minutes per step (none while a step is not done).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RequestSteps {
    pub request_id: String,
    pub service: String,
    pub channel: String,
    pub operator: Option<String>,
    pub submitted_at: String,
    pub approved_at: String,
    pub print_started_at: Option<String>,
    pub printed_at: Option<String>,
    pub registered_at: Option<String>,
    pub handed_over_at: Option<String>,
    /// When the whole service was due (in office: submission + the minutes; remote: 16:00 of the
    /// next working day).
    pub due_at: String,
    pub wait_minutes: Option<f64>,
    pub print_minutes: Option<f64>,
    pub register_minutes: Option<f64>,
    /// In office only: a remote applicant collects the card another day.
    pub handover_minutes: Option<f64>,
    /// In office: submission to handover.
    pub total_minutes: Option<f64>,
    /// None while not yet due and not done.
    pub on_time: Option<bool>,
}

/// How many were measured and how many of them were on time.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Share {
    pub key: String,
    pub label: String,
    /// The standard in minutes (none for a group of requests).
    pub standard_minutes: Option<u32>,
    #[ts(type = "number")]
    pub measured: i64,
    #[ts(type = "number")]
    pub on_time: i64,
    /// on_time / measured, 0..1 (none when nothing was measured).
    pub share: Option<f64>,
}

impl Share {
    fn new(key: &str, label: &str, standard: Option<u32>) -> Share {
        Share { key: key.into(), label: label.into(), standard_minutes: standard, measured: 0, on_time: 0, share: None }
    }
    fn add(&mut self, ok: bool) {
        self.measured += 1;
        self.on_time += i64::from(ok);
        self.share = Some(self.on_time as f64 / self.measured as f64);
    }
}

/// A bar of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Bar {
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ServiceReport {
    pub office: String,
    pub zone: Zone,
    pub from: String,
    pub to: String,
    pub minutes_in_office: u32,
    pub steps_standard: StepMinutes,
    /// Working days in the span (weekends and the office's holidays left out).
    #[ts(type = "number")]
    pub working_days: i64,
    pub requests: Vec<RequestSteps>,
    /// The whole service first, then print, register, handover.
    pub steps: Vec<Share>,
    pub by_officer: Vec<Share>,
    pub by_channel: Vec<Share>,
    /// Requests approved by hour of the office's day (07, 08, …), hours with none left out.
    pub load_by_hour: Vec<Bar>,
    /// In-office end-to-end minutes in bands of the standard.
    pub distribution: Vec<Bar>,
}

fn stamp(field: &'static str, s: &str) -> Result<DateTime<Utc>> {
    time::parse_stamp(s).ok_or_else(|| CoreError::corrupt(field, s))
}

fn opt(field: &'static str, s: &Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.as_deref().map(|x| stamp(field, x)).transpose()
}

fn minutes(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(((b - a).num_seconds().max(0) as f64 / 60.0 * 10.0).round() / 10.0),
        _ => None,
    }
}

pub struct Standard<'a> {
    pub zone: Zone,
    pub holidays: &'a Holidays,
    pub minutes_in_office: u32,
    pub steps: StepMinutes,
}

pub fn compute(conn: &dyn Db, office: &str, std: &Standard, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Result<ServiceReport> {
    let (start, _) = std.zone.day_bounds(from);
    let (_, end) = std.zone.day_bounds(to);
    let rows = conn.usage_step_stamps(&time::stamp(start), &time::stamp(end))?;
    let mut r = ServiceReport {
        office: office.into(),
        zone: std.zone,
        from: from.to_string(),
        to: to.to_string(),
        minutes_in_office: std.minutes_in_office,
        steps_standard: std.steps,
        working_days: std.holidays.working_days(from, to).len() as i64,
        requests: Vec::new(),
        steps: vec![
            Share::new("overall", "Seluruh layanan", Some(std.minutes_in_office)),
            Share::new("print", "Cetak", Some(std.steps.print)),
            Share::new("register", "Register", Some(std.steps.register)),
            Share::new("handover", "Penyerahan", Some(std.steps.handover)),
        ],
        by_officer: Vec::new(),
        by_channel: Channel::ALL.iter().map(|c| Share::new(c.as_str(), c.as_str(), None)).collect(),
        load_by_hour: Vec::new(),
        distribution: bands(std.minutes_in_office).iter().map(|(label, _)| Bar { label: label.clone(), count: 0 }).collect(),
    };
    let mut hours = [0i64; 24];
    for row in rows {
        let steps = measure(&row, std, now)?;
        hours[std.zone.local(stamp("requests.approved_at", &row.approved_at)?).hour() as usize] += 1;
        let checks = [
            (1, steps.print_minutes, std.steps.print),
            (2, steps.register_minutes, std.steps.register),
            (3, steps.handover_minutes, std.steps.handover),
        ];
        for (i, m, limit) in checks {
            if let Some(m) = m {
                r.steps[i].add(m <= limit as f64);
            }
        }
        if let Some(ok) = steps.on_time {
            r.steps[0].add(ok);
            if let Some(c) = r.by_channel.iter_mut().find(|c| c.key == steps.channel) {
                c.add(ok);
            }
            if let Some(op) = &steps.operator {
                match r.by_officer.iter_mut().find(|s| &s.key == op) {
                    Some(s) => s.add(ok),
                    None => {
                        let mut s = Share::new(op, op, None);
                        s.add(ok);
                        r.by_officer.push(s);
                    }
                }
            }
        }
        if let Some(total) = steps.total_minutes {
            let band = bands(std.minutes_in_office).iter().position(|(_, upto)| total <= *upto).unwrap_or(5);
            r.distribution[band].count += 1;
        }
        r.requests.push(steps);
    }
    r.by_officer.sort_by(|a, b| a.key.cmp(&b.key));
    r.load_by_hour = hours.iter().enumerate().filter(|(_, n)| **n > 0).map(|(h, n)| Bar { label: format!("{h:02}"), count: *n }).collect();
    Ok(r)
}

/// The distribution's bands as shares of the standard S: ≤ S/3, ≤ 2S/3, ≤ S, ≤ 4S/3, ≤ 2S, more.
fn bands(standard: u32) -> Vec<(String, f64)> {
    let s = standard as f64;
    let edges = [s / 3.0, s * 2.0 / 3.0, s, s * 4.0 / 3.0, s * 2.0];
    let mut out = Vec::new();
    let mut lower: f64 = 0.0;
    for e in edges {
        out.push((format!("{}–{} mnt", lower.round(), e.round()), e));
        lower = e;
    }
    out.push((format!("> {} mnt", lower.round()), f64::INFINITY));
    out
}

fn measure(row: &StepStamps, std: &Standard, now: DateTime<Utc>) -> Result<RequestSteps> {
    let channel = Channel::parse(&row.channel).ok_or_else(|| CoreError::corrupt("requests.channel", &row.channel))?;
    let submitted = stamp("requests.submitted_at", &row.submitted_at)?;
    let approved = Some(stamp("requests.approved_at", &row.approved_at)?);
    let started = opt("print_attempts.created_at", &row.print_started_at)?;
    let printed = opt("print_attempts.finished_at", &row.printed_at)?;
    let registered = opt("register.registered_at", &row.registered_at)?;
    let handed = opt("handovers.handed_at", &row.handed_over_at)?;
    let due = due_at(std.zone, std.holidays, channel, submitted, std.minutes_in_office);
    let in_office = channel.is_in_office();
    // In office the promise runs to the handover; remote, to the card being ready.
    let end = if in_office { handed } else { registered };
    let on_time = match end {
        Some(t) => Some(t <= due),
        None if now > due => Some(false),
        None => None,
    };
    Ok(RequestSteps {
        request_id: row.request_id.clone(),
        service: row.service.clone(),
        channel: row.channel.clone(),
        operator: row.operator.clone(),
        submitted_at: row.submitted_at.clone(),
        approved_at: row.approved_at.clone(),
        print_started_at: row.print_started_at.clone(),
        printed_at: row.printed_at.clone(),
        registered_at: row.registered_at.clone(),
        handed_over_at: row.handed_over_at.clone(),
        due_at: time::stamp(due),
        wait_minutes: minutes(approved, started),
        print_minutes: minutes(started, printed),
        register_minutes: minutes(printed, registered),
        handover_minutes: if in_office { minutes(registered, handed) } else { None },
        total_minutes: if in_office { minutes(Some(submitted), handed) } else { None },
        on_time,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn bands_follow_the_standard() {
        let b = super::bands(15);
        assert_eq!(b.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["0–5 mnt", "5–10 mnt", "10–15 mnt", "15–20 mnt", "20–30 mnt", "> 30 mnt"]);
    }
}
