//! Throughput of the whole cycle without a printer's mechanics: import → print → confirm →
//! register, card after card, through the capture queue of a private cupsd (its backend takes the
//! job at once, as a printer with an empty hopper would not). Ten printers at ~25 s a card need
//! 24 cards a minute from the software.

use std::time::Instant;

use ktpel_core::spool::PrinterTarget;
use ktpel_core::station::{print_run, Exclusive};
use ktpel_tests::cupsd::{Cupsd, CAPTURE};

use crate::measure::Results;

const CARDS: usize = 100;
const TEN_PRINTERS_PER_MINUTE: f64 = 10.0 * 60.0 / 25.0;

pub fn run_section(res: &mut Results, cups: &Cupsd) {
    let tmp = tempfile::tempdir().expect("tmp");
    let (mut st, a) = ktpel_tests::core_station(tmp.path());
    st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", &format!("KT{CARDS:06}")).expect("receive");
    let uri = format!("ipp://{}/printers/{CAPTURE}", cups.server());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let records = ktpel_tests::records::jsonl(&ktpel_tests::records::good(CARDS, "CYC-"));
    let started = Instant::now();
    let imported = st.import_text(&a.operator, &records, false).expect("import");
    assert_eq!(imported.imported, CARDS);
    let before = cups.captured().len();
    for i in 0..CARDS {
        let request = format!("CYC-{:04}", i + 1);
        let target = PrinterTarget::parse(&uri, None).expect("target");
        let report = rt
            .block_on(print_run::run(&Exclusive::new(&mut st), &a.operator, &request, &format!("KT{:06}", i + 1), target, None, |_| {}))
            .expect("print");
        assert_eq!(report.job_state, ktpel_core::store::attempts::JobState::Completed, "{report:?}");
        st.confirm_ok(&a.operator, &request).expect("confirm");
    }
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let per_minute = CARDS as f64 / minutes;
    let register = st.register_all().expect("register");
    assert_eq!(register.len(), CARDS, "every card registered");
    assert_eq!(cups.wait_captured(before + CARDS).len(), before + CARDS, "every job reached the capture printer");
    res.row(
        "Whole cycle",
        format!("{CARDS} cards import → print → confirm → register, one after another"),
        format!("{per_minute:.0} cards/min"),
        format!("10 printers: {TEN_PRINTERS_PER_MINUTE:.0}/min"),
        "keep up with 10 printers",
        Some(per_minute >= TEN_PRINTERS_PER_MINUTE),
    );
}
