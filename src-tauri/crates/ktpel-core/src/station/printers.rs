//! The printers as the desk sees them: every queue the spooler has, with its state in words, this
//! station's calibration for it and whether it is the one chosen; and the calibration card.

use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use super::access::StationAccess;
use super::audit;
use crate::auth::{Action, Actor};
use crate::card::{self, Calibration};
use crate::error::Result;
use crate::spool::{reasons, target, CardJob, PrintSpooler, PrinterInfo, PrinterTarget};

/// The status bar: the station's figures and the chosen printer's state.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeskStatus {
    pub station: super::StationStatus,
    pub printer: Option<PrinterView>,
    pub feed: crate::store::feed_state::FeedState,
}

/// One printer queue with what the station knows about it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PrinterView {
    pub name: String,
    pub state_words: String,
    pub reasons_words: String,
    pub accepting: bool,
    /// Idle or printing and accepting jobs, with the card's size: a card can be sent now.
    pub ready: bool,
    /// Why this queue cannot print a card (no ID-1 size), with the fix; empty when it can.
    pub card_size_problem: String,
    pub info: String,
    pub offset_x_mm: f64,
    pub offset_y_mm: f64,
    pub specimen: bool,
    pub chosen: bool,
    /// The supplies the printer itself reports (IPP marker levels), e.g. its ribbon; empty
    /// when it reports none (then the desk's own count of the ribbon stands).
    pub supplies: Vec<crate::spool::Marker>,
    /// Those supplies in words: "Ribbon 73%".
    pub supplies_words: String,
}

fn view(p: &PrinterInfo, setting: Option<&crate::store::printers::PrinterRow>, chosen: Option<&str>) -> PrinterView {
    let card_size_problem = p.media.problem().unwrap_or_default();
    PrinterView {
        name: p.name.clone(),
        // An idle queue that cannot take a card is not "siap" for the desk.
        state_words: if card_size_problem.is_empty() { reasons::printer_state_words(p.state).to_string() } else { "tanpa ukuran kartu ID-1".into() },
        reasons_words: reasons::summary(&p.reasons),
        accepting: p.accepting,
        ready: p.accepting && p.state != crate::spool::ipp_ops::printer_state::STOPPED && card_size_problem.is_empty(),
        card_size_problem,
        info: p.info.clone(),
        offset_x_mm: setting.map_or(0.0, |s| s.offset_x_mm),
        offset_y_mm: setting.map_or(0.0, |s| s.offset_y_mm),
        specimen: setting.is_some_and(|s| s.specimen) || p.info.to_uppercase().contains(super::print::SPECIMEN_MARK),
        chosen: chosen == Some(p.name.as_str()),
        supplies: p.markers.clone(),
        supplies_words: supplies_words(&p.markers),
    }
}

/// "Ribbon 73%, Film 40%" (a level the printer cannot tell: "tidak diketahui").
pub fn supplies_words(markers: &[crate::spool::Marker]) -> String {
    markers
        .iter()
        .map(|m| if (0..=100).contains(&m.level) { format!("{} {}%", m.name, m.level) } else { format!("{} tidak diketahui", m.name) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every printer of this PC's spooler (Windows's; or CUPS at `CUPS_SERVER` or the local socket),
/// with this station's settings.
pub async fn printer_views(station: &impl StationAccess) -> Result<Vec<PrinterView>> {
    let endpoint = target::local_endpoint()
        .map_err(|reason| crate::spool::SpoolError::BadTarget { target: "CUPS_SERVER".into(), reason })?;
    let who = station.step(|s| s.spool_identity(&endpoint)).await?;
    let queues = crate::spool::spooler::list_printers(&endpoint, &who, Duration::from_secs(5)).await?;
    station
        .step(|s| {
            let (settings, chosen) = (s.printers()?, s.chosen_printer()?);
            Ok(queues.iter().map(|q| view(q, settings.iter().find(|p| p.name == q.name), chosen.as_deref())).collect())
        })
        .await
}

/// A ribbon the printer itself reports at or under this percentage is warned of.
pub const SUPPLY_LOW_PERCENT: i32 = 10;

/// The status bar: the station's figures, the chosen printer and the feed. Where the printer
/// reports its supplies itself (IPP marker levels), its figure stands instead of the desk's own
/// count of the ribbon.
pub async fn desk_status(station: &impl StationAccess) -> Result<DeskStatus> {
    let mut figures = station.step(|s| s.status()).await?;
    let printer = chosen_printer_view(station).await?;
    if let Some(p) = printer.as_ref().filter(|p| p.supplies.iter().any(|m| (0..=100).contains(&m.level))) {
        let counted = station.step(|s| s.ribbon_warnings()).await?;
        figures.warnings.retain(|w| !counted.contains(w));
        for m in p.supplies.iter().filter(|m| (0..=SUPPLY_LOW_PERCENT).contains(&m.level)) {
            figures.warnings.push(format!("pita printer {}: {} tinggal {}% menurut printer: siapkan pita baru", p.name, m.name, m.level));
        }
    }
    let feed = station.step(|s| s.feed_state()).await?;
    Ok(DeskStatus { station: figures, printer, feed })
}

/// The chosen printer's state now, for the status bar; None when none is chosen.
pub async fn chosen_printer_view(station: &impl StationAccess) -> Result<Option<PrinterView>> {
    let Some(name) = station.step(|s| s.chosen_printer()).await? else { return Ok(None) };
    let target = PrinterTarget::parse(&name, target::server_from_env().as_deref())?;
    let mut spooler = station.step(|s| s.spooler(target)).await?;
    spooler.set_timeout(Duration::from_secs(3));
    match spooler.printer_info().await {
        Ok(info) => station.step(|s| Ok(Some(view(&info, s.printer_settings(&name)?.as_ref(), Some(&name))))).await,
        // The status bar still names the printer and says why it cannot be reached.
        Err(e) => Ok(Some(PrinterView {
            name: name.clone(),
            state_words: "tidak terjangkau".into(),
            reasons_words: e.to_string(),
            accepting: false,
            ready: false,
            card_size_problem: String::new(),
            info: String::new(),
            offset_x_mm: 0.0,
            offset_y_mm: 0.0,
            specimen: false,
            chosen: true,
            supplies: Vec::new(),
            supplies_words: String::new(),
        })),
    }
}

/// Sends the calibration card to `printer`, shifted by its stored offset. Returns the job id.
/// It uses a test card, not a blanko, so the stock is untouched; the audit log records it.
pub async fn print_calibration_card(station: &impl StationAccess, actor: &Actor, printer: &str) -> Result<i32> {
    actor.require(Action::ConfigurePrinter)?;
    let target = PrinterTarget::parse(printer, target::server_from_env().as_deref())?;
    let layout = station
        .step(|s| {
            let calibration = match s.printer_settings(&target.display)? {
                Some(p) => Calibration::new(p.offset_x_mm as f32, p.offset_y_mm as f32)?,
                None => Calibration::default(),
            };
            Ok(card::calibration::layout(calibration, &target.display))
        })
        .await?;
    let pdf = card::pdf::to_pdf(&layout)?;
    let spooler = station.step(|s| s.spooler(target.clone())).await?;
    // The same checks and page as a card: a calibration measured on an A4 page would be wrong.
    let printer = super::print::preflight(&spooler).await?;
    let template = printer.media.template();
    let job_id = spooler.submit(CardJob { name: "ktpel-kalibrasi", pdf: &pdf, layout: &layout, template: &template }).await?;
    station
        .step(|s| s.store.write(|tx| audit(tx, actor, "printer.calibration_card", &format!("printer:{}", target.display), json!({ "job_id": job_id }))))
        .await?;
    Ok(job_id)
}
