//! outbox: a status message is written in the same transaction as the change it reports (none
//! without a feed, none for a refused change), messages are fixed once written, delivery is in
//! order per request, and a delivered message is final.

use ktpel_tests::{core_station, print_answered, stocked};

use super::raw;

ktpel_tests::on_both_stores! {
    fn each_change_writes_its_message_in_its_own_transaction_and_delivery_is_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        stocked(&mut st, &a, 2, 4);
        // No feed configured: nobody to tell.
        print_answered(&mut st, &a.operator, "REQ-0002", "KT000004", true);
        assert!(st.outbox_of("REQ-0002").unwrap().is_empty());

        st.configure_feed(&a.admin, "http://127.0.0.1:9/api", "rahasia-token", 30, 30).unwrap();
        assert_eq!(st.configure_feed(&a.operator, "http://127.0.0.1:9/api", "t", 30, 30).unwrap_err().code(), "forbidden");
        print_answered(&mut st, &a.operator, "REQ-0001", "KT000001", true);
        st.confirm_spoiled(&a.operator, "REQ-0001", ktpel_core::station::SpoilReason::KartuMacet, "").unwrap();
        // A refused change writes no message.
        assert!(st.confirm_ok(&a.operator, "REQ-0001").is_err());
        st.decide_reprint(&a.supervisor, "REQ-0001", ktpel_core::store::reprints::Decision::Approved, "boleh").unwrap();
        print_answered(&mut st, &a.operator, "REQ-0001", "KT000002", true);
        let reg = st.confirm_ok(&a.operator, "REQ-0001").unwrap();
        st.handover(&a.operator, "REQ-0001", "SITI", None, false).unwrap();

        let rows = st.outbox_of("REQ-0001").unwrap();
        let statuses: Vec<&str> = rows.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(statuses, vec!["printing", "spoiled", "printing", "printed", "ready", "handed_over"]);
        let mut ids: Vec<&str> = rows.iter().map(|r| r.event_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 6, "every message has its own event id");
        let printed: serde_json::Value = serde_json::from_str(&rows[3].body).unwrap();
        assert_eq!(printed["register_number"].as_str(), Some(reg.register_number.as_str()));
        assert_eq!(printed["blanko_serial"].as_str(), Some("KT000002"));
        assert_eq!(printed["event_id"].as_str(), Some(rows[3].event_id.as_str()));
        let spoiled: serde_json::Value = serde_json::from_str(&rows[1].body).unwrap();
        assert_eq!(spoiled["reason"].as_str(), Some("kartu_macet"));
        let nik = st.request("REQ-0001").unwrap().person.nik;
        assert!(!rows.iter().any(|r| r.body.contains(&nik)), "no NIK in a status message");

        // In order per request: only the oldest undelivered message of a request is due.
        let far = "9999-01-01T00:00:00.000Z";
        let due = st.store().read(|c| c.outbox_due(far, 10)).unwrap();
        assert_eq!(due.iter().map(|r| (r.request_id.as_str(), r.status.as_str())).collect::<Vec<_>>(), vec![("REQ-0001", "printing")]);
        st.store_mut().write(|c| c.outbox_mark_failed(due[0].id, "server 503", far)).unwrap();
        assert!(st.store().read(|c| c.outbox_due("2100-01-01T00:00:00.000Z", 10)).unwrap().is_empty(), "a message waiting to retry holds back the later ones");
        st.store_mut().write(|c| c.outbox_mark_delivered(due[0].id, "2026-11-21T00:00:00.000Z")).unwrap();
        let next = st.store().read(|c| c.outbox_due(far, 10)).unwrap();
        assert_eq!(next[0].status, "spoiled");
        assert_eq!(st.feed_state().unwrap().pending, 5);

        // Fixed once written; delivered is final; never deleted.
        assert!(raw(&st, "UPDATE outbox SET body = '{}' WHERE delivered_at IS NULL").unwrap_err().contains("fixed"));
        assert!(raw(&st, &format!("UPDATE outbox SET tries = 0 WHERE id = {}", due[0].id)).unwrap_err().contains("final"));
        assert!(raw(&st, "DELETE FROM outbox").unwrap_err().contains("kept"));
        let state = st.feed_state().unwrap();
        assert!(state.token_set && state.base_url.as_deref() == Some("http://127.0.0.1:9/api"));
    }
}
