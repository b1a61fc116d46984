//! Retention of citizens' photos: once a request's work is over (handed over, its reprint
//! refused, cancelled upstream) its photo and signature are erased after
//! `data.photo_retention_days` — not a day earlier, and never those of open work — while the
//! register, ledger, handovers and audit keep their text. Each erasure is audited and the audit
//! chain still verifies. A request whose photo is gone says so when laid out, and the same
//! record imported again gives the photo back. Walked through with the core's test clock.

use chrono::{Duration, Utc};
use ktpel_core::station::SpoilReason;
use ktpel_core::store::reprints::Decision;
use ktpel_core::time::set_thread_clock;
use ktpel_tests::{core_station, print_answered, records};
use serde_json::json;

ktpel_tests::on_both_stores! {
    fn photos_are_erased_after_the_retention_period_and_only_then() {
        let start = Utc::now();
        set_thread_clock(Some(start));
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let recs = records::good(5, "REQ-");
        assert_eq!(st.import_text(&a.operator, &records::jsonl(&recs), false).unwrap().imported, 5);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000010").unwrap();
        // Closed: handed over; reprint refused; cancelled upstream.
        print_answered(&mut st, &a.operator, "REQ-0001", "KT000001", true);
        st.confirm_ok(&a.operator, "REQ-0001").unwrap();
        st.handover(&a.operator, "REQ-0001", "SITI", None, true).unwrap();
        print_answered(&mut st, &a.operator, "REQ-0002", "KT000002", true);
        st.confirm_spoiled(&a.operator, "REQ-0002", SpoilReason::KartuMacet, "").unwrap();
        st.decide_reprint(&a.supervisor, "REQ-0002", Decision::Refused, "data perlu diperiksa ulang").unwrap();
        st.import_text(&a.operator, &json!({ "request_id": "REQ-0003", "cancelled": true }).to_string(), false).unwrap();
        // Open: ready but not yet collected; still queued.
        print_answered(&mut st, &a.operator, "REQ-0004", "KT000003", true);
        st.confirm_ok(&a.operator, "REQ-0004").unwrap();
        let register_before = st.register_all().unwrap();
        let has_photo = |st: &ktpel_core::Station, id: &str| {
            let r = st.request(id).unwrap();
            !st.store().read(|c| c.requests_images(r.id)).unwrap().photo_jpeg.is_empty()
        };

        // Only an admin may purge by hand.
        assert_eq!(st.purge_images(&a.operator).unwrap_err().code(), "forbidden");
        // Day 29: nothing is due yet.
        set_thread_clock(Some(start + Duration::days(29)));
        assert!(st.purge_images(&a.admin).unwrap().erased.is_empty());
        assert!((1..=5).all(|i| has_photo(&st, &format!("REQ-000{i}"))));

        // Day 31: the three closed requests lose their images, oldest work first.
        set_thread_clock(Some(start + Duration::days(31)));
        let purged = st.purge_images(&a.admin).unwrap();
        assert_eq!(purged.retention_days, 30);
        assert_eq!(purged.erased, ["REQ-0001", "REQ-0002", "REQ-0003"]);
        for id in ["REQ-0001", "REQ-0002", "REQ-0003"] {
            assert!(!has_photo(&st, id), "{id} erased");
            let r = st.request(id).unwrap();
            assert!(r.images_erased_at.is_some() && st.store().read(|c| c.requests_images(r.id)).unwrap().signature_png.is_none());
        }
        assert!(has_photo(&st, "REQ-0004") && has_photo(&st, "REQ-0005"), "open work keeps its photo");
        // The texts stay: register, handover, audit; one audit row per erasure; the chain holds.
        assert_eq!(st.register_all().unwrap(), register_before);
        assert_eq!(st.request("REQ-0001").unwrap().person.nama, recs[0]["person"]["nama"].as_str().unwrap().to_uppercase());
        let actions = |st: &ktpel_core::Station, id: &str, action: &str| st.audit_of(&format!("request:{id}")).unwrap().into_iter().filter(|r| r.action == action).collect::<Vec<_>>();
        for id in ["REQ-0001", "REQ-0002", "REQ-0003"] {
            let erasures = actions(&st, id, "request.images_erased");
            assert_eq!(erasures.len(), 1, "{id}: one audited erasure");
            assert_eq!(erasures[0].username, a.admin.username);
            assert!(erasures[0].detail.contains("\"retention_days\":30"), "{}", erasures[0].detail);
        }
        assert_eq!(st.verify_audit().unwrap(), None, "the audit chain verifies after the purge");
        // Again: nothing left to erase; the app's hourly run agrees.
        assert!(st.purge_images(&a.admin).unwrap().erased.is_empty());
        assert!(st.purge_images_scheduled().unwrap().erased.is_empty());

        // Its record still opens (the card's preview is left out)...
        let detail = st.request_detail("REQ-0001").unwrap();
        assert!(detail.preview_svg.is_empty() && detail.request.images_erased_at.is_some());
        // ...and a request whose photo is gone says what to do when its card is asked for...
        let err = st.preview("REQ-0002", None).unwrap_err();
        assert_eq!(err.code(), "conflict");
        assert!(err.to_string().contains("sudah dihapus") && err.to_string().contains("impor ulang"), "{err}");
        // ...and the same approved record, imported again, gives the photo back.
        let again = st.import_text(&a.operator, &recs[1].to_string(), false).unwrap();
        assert_eq!((again.images_restored, again.imported, again.conflicts.len()), (1, 0, 0), "{again:?}");
        assert!(has_photo(&st, "REQ-0002") && st.request("REQ-0002").unwrap().images_erased_at.is_none());
        assert!(st.preview("REQ-0002", None).unwrap().starts_with(b"%PDF-"));
        assert_eq!(actions(&st, "REQ-0002", "request.images_restored").len(), 1);

        // A shorter period set by the admin takes effect at the next run; below one day is refused.
        assert_eq!(st.set_setting(&a.admin, "data.photo_retention_days", "0").unwrap_err().code(), "bad_setting");
        st.set_setting(&a.admin, "data.photo_retention_days", "1").unwrap();
        set_thread_clock(Some(start + Duration::days(32)));
        st.handover(&a.operator, "REQ-0004", "BUDI", None, true).unwrap();
        set_thread_clock(Some(start + Duration::days(32) + Duration::hours(1)));
        assert_eq!(st.purge_images_scheduled().unwrap().erased, ["REQ-0002"], "REQ-0004 closed under a day ago");
        set_thread_clock(None);
    }
}
