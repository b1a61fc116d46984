//! One synchronisation round with the approval system: pull pages of approved requests after the
//! stored cursor (each record through the file import's validation; the cursor advances only after
//! its page is stored, and a re-pulled page is skipped record by record, so a crash neither skips
//! nor duplicates), then push the status messages that are due (oldest undelivered per request,
//! in order; a failure waits with exponential backoff). The station is taken only for database
//! steps; the network waits happen without it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::client::{FeedClient, Page};
use crate::auth::{Actor, Role};
use crate::error::{CoreError, Result};
use crate::station::StationAccess;
use crate::time;

/// Records per page asked of the server.
pub const PAGE_SIZE: u32 = 100;
/// Pages pulled in one round at most (the rest comes next round).
const MAX_PAGES: usize = 20;
/// Messages sent in one round at most.
const MAX_SENDS: i64 = 200;

/// The feed imports as this system user, at the desk that pulled; its audit rows say so.
pub fn feed_actor(desk: &str) -> Actor {
    Actor { username: "umpan".into(), full_name: "Umpan sistem persetujuan".into(), role: Role::Operator, desk: desk.to_string() }
}

/// Wait before the next try after `tries` failures: 5 s doubling, at most an hour.
pub fn backoff(tries: i64) -> Duration {
    let exp = tries.clamp(0, 10) as u32;
    Duration::from_secs((5u64 << exp).min(3600))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct SyncReport {
    pub pages: u32,
    pub imported: u32,
    pub skipped: u32,
    pub rejected: u32,
    pub conflicts: u32,
    pub cancelled: u32,
    /// Cancelled upstream after printing had started (the officer is told on the queue).
    pub cancel_too_late: u32,
    pub sent: u32,
    pub send_failures: u32,
    /// The first problem met, in plain words.
    pub error: Option<String>,
    /// Another desk of the office was talking to the approval system: this round did nothing.
    pub other_desk: bool,
}

/// The office-wide lease of the feed: one desk at a time pulls (the cursor is shared) and sends.
pub const FEED_LEASE: &str = "ktpel feed";

async fn client(access: &impl StationAccess) -> Result<FeedClient> {
    access
        .step(|s| {
            s.store().read(|c| {
                let state = c.feed_state_get()?;
                let base = state.base_url.ok_or_else(|| CoreError::Feed("belum dikonfigurasi; jalankan ktpel feed configure --url URL".into()))?;
                let token = c.feed_state_token()?.unwrap_or_default();
                Ok(FeedClient::new(&base, &token, Duration::from_secs(u64::from(state.timeout_seconds))))
            })
        })
        .await
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| CoreError::Feed(format!("tugas umpan berhenti: {e}")))?
}

/// One pull and one push, by whichever desk of the office holds the feed's lease.
pub async fn sync_once(access: &impl StationAccess) -> Result<SyncReport> {
    let client = std::sync::Arc::new(client(access).await?);
    if !access.step(|s| s.store().try_lease(FEED_LEASE)).await? {
        return Ok(SyncReport { other_desk: true, ..SyncReport::default() });
    }
    let round = sync_round(access, &client).await;
    let released = access.step(|s| s.store().release_lease(FEED_LEASE)).await;
    let report = round?;
    released?;
    Ok(report)
}

async fn sync_round(access: &impl StationAccess, client: &std::sync::Arc<FeedClient>) -> Result<SyncReport> {
    let client = client.clone();
    let mut report = SyncReport::default();
    if let Err(e) = pull(access, &client, &mut report).await {
        record_error(access, &e).await?;
        report.error = Some(e.to_string());
    }
    push(access, &client, &mut report).await?;
    Ok(report)
}

async fn record_error(access: &impl StationAccess, e: &CoreError) -> Result<()> {
    let text = e.to_string();
    access.step(|s| s.store_mut().write(|tx| tx.feed_state_failed(&text, &time::stamp(time::now())))).await
}

async fn pull(access: &impl StationAccess, client: &std::sync::Arc<FeedClient>, report: &mut SyncReport) -> Result<()> {
    for _ in 0..MAX_PAGES {
        let cursor = access.step(|s| Ok(s.feed_state()?.cursor)).await?;
        let c = client.clone();
        let page: Page = blocking(move || c.approved(cursor.as_deref(), PAGE_SIZE)).await?;
        let empty = page.records.is_empty();
        let next = page.next.clone();
        let summary = access
            .step(|s| {
                let values = page.records.into_iter().enumerate().map(|(i, v)| (i + 1, Ok(v))).collect();
                let summary = s.import_values(&feed_actor(s.desk()), values, false)?;
                for r in summary.rejected.iter().chain(&summary.conflicts).chain(&summary.cancel_too_late) {
                    log::warn!("feed: record {} ({}) refused: {}", r.record, r.request_id.as_deref().unwrap_or("-"), r.reason);
                }
                let refused = (summary.rejected.len() + summary.conflicts.len()) as i64;
                let at = time::stamp(time::now());
                s.store_mut().write(|c| match &next {
                    Some(n) => c.feed_state_advance(n, refused, &at),
                    None => c.feed_state_contact(&at),
                })?;
                Ok(summary)
            })
            .await?;
        report.pages += 1;
        report.imported += summary.imported as u32;
        report.skipped += summary.skipped as u32;
        report.rejected += summary.rejected.len() as u32;
        report.conflicts += summary.conflicts.len() as u32;
        report.cancelled += summary.cancelled as u32;
        report.cancel_too_late += summary.cancel_too_late.len() as u32;
        if empty || next.is_none() {
            break;
        }
    }
    Ok(())
}

async fn push(access: &impl StationAccess, client: &std::sync::Arc<FeedClient>, report: &mut SyncReport) -> Result<()> {
    for _ in 0..MAX_SENDS {
        let now = time::now();
        let due = access.step(|s| s.store().read(|c| c.outbox_due(&time::stamp(now), 1))).await?;
        let Some(message) = due.into_iter().next() else { break };
        let c = client.clone();
        let (request_id, body) = (message.request_id.clone(), message.body.clone());
        let sent = blocking(move || c.send_status(&request_id, &body)).await;
        let at: DateTime<Utc> = time::now();
        match sent {
            Ok(()) => {
                access.step(|s| s.store_mut().write(|tx| tx.outbox_mark_delivered(message.id, &time::stamp(at)))).await?;
                report.sent += 1;
            }
            Err(e) => {
                let next = at + chrono::Duration::from_std(backoff(message.tries)).unwrap_or_else(|_| chrono::Duration::hours(1));
                let text = e.to_string();
                access.step(|s| s.store_mut().write(|tx| tx.outbox_mark_failed(message.id, &text, &time::stamp(next)))).await?;
                record_error(access, &e).await?;
                report.send_failures += 1;
                report.error.get_or_insert(text);
                // The server is failing: stop this round, the backoff decides when to try again.
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0).as_secs(), 5);
        assert_eq!(backoff(3).as_secs(), 40);
        assert_eq!(backoff(10).as_secs(), 3600);
        assert_eq!(backoff(99).as_secs(), 3600);
    }
}
