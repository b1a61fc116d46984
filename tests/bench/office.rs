//! The office: several desks on one PostgreSQL server. How long a desk's confirm takes (the
//! register's counter row and the audit head are the points every desk meets) with 3, 10 and 30
//! desks confirming at once, and how many cards a minute the office registers; then the desk's
//! reads on the office server at the data section's sizes. A private server of Debian's
//! PostgreSQL, as in the tests.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ktpel_core::Station;
use ktpel_tests::pg_cluster::Cluster;

use crate::measure::{ms, of, Results};

const PER_DESK: usize = 25;
const P99_GOAL_MS: f64 = 50.0;

pub fn run(res: &mut Results, sizes: &[usize]) {
    let cluster = Cluster::private();
    // At the desks' pace: each desk confirms a card once a second (a card printer takes ~25 s a
    // card, so this is 25 times a real office's load); the goal applies here.
    for desks in [3usize, 10, 30] {
        let (latencies, wall) = confirm_at_once(&cluster, desks, Some(Duration::from_secs(1)));
        let (median, p99) = median_p99(&latencies);
        res.row(
            "Office (PostgreSQL)",
            format!("confirm, {desks} desks each once a second — median, p99"),
            format!("{}, {}", ms(median), ms(p99)),
            format!("{:.0} cards/min", latencies.len() as f64 / wall * 60.0),
            format!("p99 < {P99_GOAL_MS:.0} ms"),
            Some(p99 < P99_GOAL_MS),
        );
    }
    // Stress: every desk confirms back to back, all at once; the register's counter is the one
    // row they all wait for, so this shows the office's ceiling in cards per minute.
    for desks in [3usize, 10, 30] {
        let (latencies, wall) = confirm_at_once(&cluster, desks, None);
        let (median, p99) = median_p99(&latencies);
        res.row(
            "Office (PostgreSQL)",
            format!("confirm, {desks} desks back to back (stress) — median, p99"),
            format!("{}, {}", ms(median), ms(p99)),
            format!("{:.0} cards/min registered", latencies.len() as f64 / wall * 60.0),
            "",
            None,
        );
    }
    let today = ktpel_core::time::Zone::Wib.date(ktpel_core::time::now());
    for &cards in sizes {
        let url = cluster.new_database();
        let g = crate::generate::generate_at(&url, cards, today);
        res.note(format!("office: generated {} cards on the server in {:.0} s", g.cards, g.seconds));
        let r = crate::data::reads_at(&url, today);
        res.row("Office (PostgreSQL)", format!("open a desk on the server, {cards} cards"), ms(r.open), "", "", None);
        for (name, s) in r.rows {
            res.row(
                "Office (PostgreSQL)",
                format!("{name}, {}k cards — median (p95)", cards / 1000),
                format!("{} ({})", ms(s.median_ms), ms(s.p95_ms)),
                "",
                "< 50 ms",
                Some(s.median_ms < 50.0),
            );
        }
    }
}

fn median_p99(latencies: &[f64]) -> (f64, f64) {
    let mut all = latencies.to_vec();
    let stats = of(&mut all);
    (stats.median_ms, all[((all.len() as f64 - 1.0) * 0.99).round() as usize])
}

/// `desks` desks, each with its own connection and PER_DESK cards printed and waiting for the
/// verdict, all confirming at once (back to back, or one each `pace`, starting at staggered
/// moments); every confirm's time and the wall time in seconds.
fn confirm_at_once(cluster: &Cluster, desks: usize, pace: Option<Duration>) -> (Vec<f64>, f64) {
    let url = cluster.new_database();
    let (mut st, a) = ktpel_tests::with_users(Station::open_location(&url).expect("office"));
    let total = desks * PER_DESK;
    let text = ktpel_tests::records::jsonl(&ktpel_tests::records::good(total, "OFC-"));
    st.import_text(&a.operator, &text, false).expect("import");
    st.receive_blanko_range(&a.supervisor, "BA-OFC", "KT000001", &format!("KT{total:06}")).expect("receive");
    for i in 1..=total {
        ktpel_tests::print_answered(&mut st, &a.operator, &format!("OFC-{i:04}"), &format!("KT{i:06}"), true);
    }
    let start = Arc::new(Barrier::new(desks + 1));
    let handles: Vec<_> = (0..desks)
        .map(|d| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut st = Station::open_location(&url).expect("desk");
                st.set_desk(&format!("meja-{}", d + 1)).expect("desk name");
                let operator = st.login(ktpel_tests::OPERATOR.0, ktpel_tests::OPERATOR.1).expect("login");
                start.wait();
                let began = Instant::now();
                // Staggered starts, so paced desks do not all arrive on the same tick.
                let offset = pace.map(|p| p.mul_f64(d as f64 / desks as f64)).unwrap_or_default();
                (0..PER_DESK)
                    .map(|k| {
                        if let Some(p) = pace {
                            let due = offset + p * k as u32;
                            if let Some(wait) = due.checked_sub(began.elapsed()) {
                                std::thread::sleep(wait);
                            }
                        }
                        let request = format!("OFC-{:04}", d * PER_DESK + k + 1);
                        let t = Instant::now();
                        st.confirm_ok(&operator, &request).expect("confirm");
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect::<Vec<f64>>()
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let latencies: Vec<f64> = handles.into_iter().flat_map(|h| h.join().expect("desk thread")).collect();
    let wall = began.elapsed().as_secs_f64();
    let numbers: Vec<i64> = st.register_all().expect("register").iter().map(|r| r.seq).collect();
    assert_eq!(numbers, (1..=total as i64).collect::<Vec<_>>(), "gap-free under {desks} desks");
    crate::invariants_hold(&st);
    (latencies, wall)
}
