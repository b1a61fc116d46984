//! The supervisor at the officer's desk: approving the reprint of a spoiled card with their own
//! password while the operator stays logged in, and the daily blanko usage report screen with its
//! PDF and the sign-off of a finished day.

use ktpel_tests::window::Desk;
use ktpel_tests::{OPERATOR, SUPERVISOR};

#[test]
fn a_supervisor_approves_a_reprint_at_the_operators_desk() {
    let _one = crate::one_window();
    let desk = Desk::start(2, 10);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000003");
    s.click("[data-verdict] .rusak");
    s.choose("[data-verdict] .alasan", "data_salah");
    s.type_into("[data-verdict] .catatan", "tanggal lahir tertukar");
    s.click("[data-verdict] .simpan-rusak");
    s.wait_text("#hasil-akhir", "dicatat rusak");

    s.click("#nav-cetak-ulang");
    s.click("#putuskan-REQ-0001");
    let panel = s.wait_text("#keputusan", "KT000003");
    assert!(panel.contains("Data salah: tanggal lahir tertukar"), "the reason is shown in words: {panel}");
    // The operator cannot approve with their own password; a wrong supervisor password is refused.
    s.type_into("#sup-pengguna", OPERATOR.0);
    s.type_into("#sup-sandi", OPERATOR.1);
    s.type_into("#sup-catatan", "setuju");
    s.click("#setujui");
    s.wait_text("#keputusan-galat", "supervisor");
    s.clear("#sup-pengguna");
    s.type_into("#sup-pengguna", SUPERVISOR.0);
    s.clear("#sup-sandi");
    s.type_into("#sup-sandi", "bukan-sandinya-1");
    s.click("#setujui");
    s.wait_text("#keputusan-galat", "kata sandi salah");
    s.clear("#sup-sandi");
    s.type_into("#sup-sandi", SUPERVISOR.1);
    s.clear("#sup-catatan");
    s.type_into("#sup-catatan", "data sudah dibetulkan Kasi");
    desk.shot(&s, "15-cetak-ulang-persetujuan");
    s.click("#setujui");
    s.wait_text("#cetak-ulang-hasil", "disetujui oleh budi");
    assert!(s.text("#pengguna").contains("ani"), "the operator is still the one logged in");

    let st = desk.station();
    let case = st.reprint_case("REQ-0001").expect("case");
    let d = &case.decisions[0];
    assert_eq!((d.decided_by.as_str(), d.desk_user.as_deref(), d.note.as_str()), ("budi", Some("ani"), "data sudah dibetulkan Kasi"));
    assert_eq!(st.request("REQ-0001").expect("request").status.as_str(), "queued");

    // Back in the queue with its reprint count, and printed again on a new blank.
    s.click("#nav-antrian");
    s.wait_text("#antrian tr[data-request='REQ-0001']", "cetak ulang 1×");
    desk.shot(&s, "16-antrian-cetak-ulang");
    desk.print_to_capture(&s, "REQ-0001", "KT000004");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");
    let st = desk.station();
    let attempts = st.attempts_of("REQ-0001").expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1].reprint_of, Some(attempts[0].id), "the reprint names the spoiled attempt");
    assert_eq!(desk.cups.captured().len(), 2, "two jobs reached the printer: the spoiled card and the reprint");

    // The request's history and the spoiled blank's, from the Riwayat screen.
    s.click("#nav-riwayat");
    s.type_into("#riwayat-cari", "REQ-0001");
    s.click("#riwayat-lihat");
    let history = s.wait_text("#riwayat-permohonan", "cetak ulang disetujui");
    assert!(history.contains("kartu rusak") && history.contains("budi (Supervisor)"), "{history}");
    s.clear("#riwayat-cari");
    s.type_into("#riwayat-cari", "KT000003");
    s.click("#riwayat-lihat");
    s.wait_text("#riwayat-blanko-status", "rusak, belum dipotong sudutnya");
    let life = s.text("#riwayat-blanko");
    assert!(life.contains("Diterima") && life.contains("Dipakai untuk cetak") && life.contains("Rusak saat cetak"), "{life}");
    desk.shot(&s, "19-riwayat-blanko");
    // Neither a request id nor a serial: a fragment of the name (any case) lists the requests of
    // every year with their register numbers; a click opens that request's history.
    let request = desk.station().request("REQ-0001").expect("request");
    let number = desk.station().register_of("REQ-0001").expect("register").expect("printed").register_number;
    let fragment: String = request.person.nama.chars().skip(1).take(4).collect::<String>().to_lowercase();
    s.clear("#riwayat-cari");
    s.type_into("#riwayat-cari", &fragment);
    s.click("#riwayat-lihat");
    let found = s.wait_text("#riwayat-hasil", "REQ-0001");
    assert!(found.contains(&number) && found.contains(&request.person.nik), "{found}");
    desk.shot(&s, "20-riwayat-cari-nama");
    s.click("#riwayat-hasil tr[data-request='REQ-0001'] td");
    s.wait_text("#riwayat-permohonan", "cetak ulang disetujui");
    // The first digits of the NIK find it too.
    s.clear("#riwayat-cari");
    s.type_into("#riwayat-cari", &request.person.nik[..10]);
    s.click("#riwayat-lihat");
    s.wait_text("#riwayat-hasil", "REQ-0001");
}

#[test]
fn the_daily_report_screen_shows_the_day_and_the_supervisor_signs_a_finished_day() {
    let _one = crate::one_window();
    let desk = Desk::start(1, 10);
    desk.ktpel.ok(Some(SUPERVISOR), &["blanko", "adjust", "KT000010", "--kind", "written_off", "--reason", "tergores di kotak"]);
    let s = desk.open();
    desk.login(&s, OPERATOR);
    desk.print_to_capture(&s, "REQ-0001", "KT000001");
    s.click("[data-verdict] .baik");
    s.wait_text("#hasil-akhir", "Nomor register");

    s.click("#nav-laporan");
    s.wait_text("#lap-printed_good", "1");
    let figures: Vec<String> = ["#lap-opening_stock", "#lap-received", "#lap-printed_good", "#lap-spoiled", "#lap-adjustment_net", "#lap-closing_stock"].iter().map(|c| s.text(c)).collect();
    assert_eq!(figures, vec!["0", "10", "1", "0", "-1", "8"]);
    assert!(s.text("#lap-blanko").contains("KT000010"), "the written-off blank is listed");
    assert!(!s.page_text().contains("Tandatangani"), "an operator cannot sign, and today is not over");
    desk.shot(&s, "17-laporan-harian");
    s.click("#simpan-pdf");
    let saved = s.wait_text("#laporan-hasil", ".pdf");
    let path = saved.trim_start_matches("Disimpan: ").trim().to_string();
    let text = ktpel_tests::pdf::text(std::path::Path::new(&path));
    assert!(text.lines().any(|l| l.trim_start().starts_with("Tercetak baik") && l.trim_end().ends_with(" 1")), "{text}");
    assert!(text.contains("(ani)"), "the officer who saved it signs as petugas: {text}");

    // The supervisor signs yesterday (a finished day) from the same screen.
    s.click("#keluar");
    desk.login(&s, SUPERVISOR);
    s.click("#nav-laporan");
    let yesterday = (ktpel_core::time::Zone::Wib.date(ktpel_core::time::now()) - chrono::Duration::days(1)).to_string();
    for field in ["#lap-dari", "#lap-sampai"] {
        s.run_async(
            "const [css, v, done] = arguments; const el = document.querySelector(css); el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); done(true);",
            serde_json::json!([field, yesterday]),
        );
    }
    s.click("#tandatangani");
    s.wait_text("#ditandatangani", "Ditandatangani oleh budi");
    desk.shot(&s, "18-laporan-ditandatangani");
    let st = desk.station();
    let day = chrono::NaiveDate::parse_from_str(&yesterday, "%Y-%m-%d").expect("date");
    assert_eq!(st.usage_report(day, day).expect("report").signature.expect("signed").signed_by, "budi");
}
