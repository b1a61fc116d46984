//! The UI's TypeScript types are generated from the Rust types that cross the IPC boundary, and
//! committed under ui/src/bindings. This test fails when they drift: run it with
//! KTPEL_UPDATE_BINDINGS=1 to regenerate, then commit the result.

use std::path::PathBuf;

use ktpel_core::auth::{Actor, Role};
use ktpel_core::domain::{Channel, Person, Requirements, Service};
use ktpel_core::error::ErrorReply;
use ktpel_core::spool::{JobProgress, PrinterInfo};
use ktpel_core::about::About;
use ktpel_core::config::SettingItem;
use ktpel_core::session::SessionInfo;
use ktpel_core::station::{
    CancelReport, DataPlace, DeskName, DeskStatus, SpoolLogin, DocumentCheck, OpenAttempt, PrintEvent, PrintReport, PrinterView, QueueItem, ReadyItem, RequestDetail, SpoilReason, StationStatus,
};
use ktpel_core::store::users::UserRow;
use ktpel_core::store::app_versions::AppVersionRow;
use ktpel_core::report::csv::Line as SummaryLine;
use ktpel_core::report::{BlankLine, Count, LateLine, ReportView, Signature, UsageReport};
use ktpel_core::station::{BlankoHistory, HistoryEntry, ReportFormat, ReprintCase};
use ktpel_core::store::blanko::{LedgerEvent, LedgerRow};
use ktpel_core::store::reprints::{Decision, ReprintDecision};
use ktpel_core::store::feed_state::FeedState;
use ktpel_core::store::attempts::{AttemptRow, JobState, Outcome};
use ktpel_core::store::blanko::{BlankoRow, BlankoState, StockCount};
use ktpel_core::store::handovers::HandoverRow;
use ktpel_core::store::register::RegisterRow;
use ktpel_core::store::register_carryover::RegisterCarryover;
use ktpel_core::store::ribbons::RibbonChange;
use ktpel_core::time::Zone;
use ktpel_core::store::chips::BlankChip;
use ktpel_core::chip::reader::ChipTap;
use ktpel_core::spool::Marker;
use ktpel_core::station::ribbons::RibbonStatus;
use ktpel_core::report::destruction::DestroyedBlank;
use ktpel_core::report::poster::PublicStock;
use ktpel_core::report::service::{Bar, RequestSteps, ServiceReport, Share};
use ktpel_core::service_standard::StepMinutes;
use ktpel_core::station::public_papers::{LobbyView, PosterKind};
use ktpel_core::store::adjustments::DestructionRecord;
use ktpel_core::store::requests::{RequestRow, RequestStatus};
use ktpel_core::store::request_search::FoundRequest;
use ktpel_core::station::backup_ops::RestoreReport;
use ktpel_core::store::backup::BackupFile;
use ts_rs::TS;

fn generated() -> Vec<(String, String)> {
    macro_rules! all {
        ($($t:ty),* $(,)?) => {
            vec![$((<$t>::name(&Default::default()), <$t>::export_to_string(&Default::default()).expect("ts export"))),*]
        };
    }
    all![
        Actor, Role, Service, Channel, Person, Requirements, ErrorReply, JobProgress, PrinterInfo, OpenAttempt, PrintReport,
        QueueItem, SpoilReason, AttemptRow, JobState, Outcome, BlankoRow, BlankoState, StockCount, HandoverRow, RegisterRow, RegisterCarryover, RibbonChange, RibbonStatus, Zone, BlankChip, ChipTap, Marker,
        ServiceReport, RequestSteps, Share, Bar, StepMinutes, LobbyView, PublicStock, PosterKind, DestroyedBlank, DestructionRecord,
        RequestRow, RequestStatus, RequestDetail, DocumentCheck, StationStatus, PrintEvent, PrinterView, DeskStatus, SessionInfo,
        SettingItem, ReadyItem, UserRow, ReprintCase, ReprintDecision, Decision, UsageReport, Count, BlankLine, LateLine, Signature,
        ReportFormat, HistoryEntry, BlankoHistory, LedgerRow, LedgerEvent, FeedState, ReportView, SummaryLine, BackupFile, RestoreReport,
        FoundRequest, CancelReport, SpoolLogin, DeskName, DataPlace, About, AppVersionRow,
    ]
}

#[test]
fn ui_bindings_match_the_rust_types() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    let update = std::env::var_os("KTPEL_UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (name, text) in generated() {
        let path = dir.join(format!("{name}.ts"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "ui/src/bindings out of date for {stale:?}: run KTPEL_UPDATE_BINDINGS=1 cargo test -p ktpel-tests --test bindings");
}
