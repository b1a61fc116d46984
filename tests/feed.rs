//! The upstream feed against a real local HTTP server playing the approval system: requests
//! arrive through the import's validation, a bad record never stops the good ones, the cursor
//! survives a restart, and status messages arrive in order, once per event id, through failures.

use chrono::{Duration, Utc};
use ktpel_core::feed::sync::sync_once;
use ktpel_core::station::Exclusive;
use ktpel_core::time::set_thread_clock;
use ktpel_core::Station;
use ktpel_tests::feed_server::FeedServer;
use ktpel_tests::{block, core_station, print_answered};

const TOKEN: &str = "token-rahasia-feed";


fn sync(st: &mut Station) -> ktpel_core::feed::sync::SyncReport {
    block(sync_once(&Exclusive::new(st))).expect("sync round")
}

ktpel_tests::on_both_stores! {
    fn requests_arrive_bad_records_are_counted_and_the_cursor_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        let mut records = ktpel_tests::records::good(5, "UP-");
        records.insert(2, serde_json::json!({ "request_id": "UP-BAD", "service": "baru" }));
        server.with(|u| u.records = records);
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 30).unwrap();
        let r = sync(&mut st);
        assert_eq!((r.imported, r.rejected, r.error.as_deref()), (5, 1, None), "{r:?}");
        assert_eq!(r.pages, 4, "pages of two, then the empty page");
        let state = st.feed_state().unwrap();
        assert_eq!((state.cursor.as_deref(), state.rejected), (Some("6"), 1));
        assert!(state.last_contact_at.is_some());
        let imported = st.audit_of("request:UP-0001").unwrap();
        assert_eq!(imported[0].username, "umpan");
        let location = st.store().location();
        drop(st);

        // Restart: the cursor is where it was; nothing is pulled twice; new approvals arrive.
        let mut st = Station::open_location(&location).unwrap();
        let r = sync(&mut st);
        assert_eq!((r.imported, r.skipped), (0, 0));
        server.with(|u| u.records.extend(ktpel_tests::records::good(7, "UP-").into_iter().skip(5)));
        let r = sync(&mut st);
        assert_eq!(r.imported, 2);
        assert_eq!(st.queue(ktpel_core::time::now()).unwrap().len(), 7);

        // A wrong token is an error in plain words, kept for the status bar.
        st.configure_feed(&a.admin, &server.url, "salah", 30, 30).unwrap();
        let r = sync(&mut st);
        assert!(r.error.as_deref().unwrap().contains("token ditolak"), "{r:?}");
        assert!(st.feed_state().unwrap().last_error.unwrap().contains("token ditolak"));
    }
}

ktpel_tests::on_both_stores! {
    fn status_messages_arrive_in_order_once_each_through_failures_and_drops() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(2, "UP-"));
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 30).unwrap();
        sync(&mut st);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000003").unwrap();
        print_answered(&mut st, &a.operator, "UP-0001", "KT000001", true);
        st.confirm_ok(&a.operator, "UP-0001").unwrap();
        st.handover(&a.operator, "UP-0001", "SITI", None, false).unwrap();
        print_answered(&mut st, &a.operator, "UP-0002", "KT000002", true);

        // The server fails twice, then drops a connection: nothing is lost, retries back off.
        server.with(|u| {
            u.fail_next = 2;
            u.drop_next = 0;
        });
        let mut clock = Utc::now();
        for round in 0..8 {
            set_thread_clock(Some(clock));
            if round == 3 {
                server.with(|u| u.drop_next = 1);
            }
            sync(&mut st);
            clock += Duration::hours(2);
        }
        set_thread_clock(None);
        let got: Vec<(String, String)> = server.with(|u| u.statuses.iter().map(|(id, b)| (id.clone(), b["status"].as_str().unwrap_or("").to_string())).collect());
        let of = |id: &str| got.iter().filter(|(r, _)| r == id).map(|(_, s)| s.as_str()).collect::<Vec<_>>();
        assert_eq!(of("UP-0001"), vec!["printing", "printed", "ready", "handed_over"]);
        assert_eq!(of("UP-0002"), vec!["printing"]);
        assert_eq!(st.feed_state().unwrap().pending, 0);
        let rows = st.outbox_of("UP-0001").unwrap();
        assert!(rows.iter().all(|r| r.delivered_at.is_some()));
        assert!(rows[0].tries >= 2, "the first message was tried again after the failures: {}", rows[0].tries);
    }
}

ktpel_tests::on_both_stores! {
    /// The CLI as an admin and an officer use it: the token comes from the environment (or a prompt),
    /// never the command line; one round; the state in words and JSON.
    fn the_cli_configures_syncs_and_reports_the_feed() {
        let dir = tempfile::tempdir().unwrap();
        let k = ktpel_tests::station_with_users(dir.path(), None);
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(3, "UP-"));
        let configure = |token: Option<&str>| {
            let mut cmd = std::process::Command::new(ktpel_tests::ktpel_bin());
            cmd.arg("--db").arg(&k.db).args(["--as", ktpel_tests::ADMIN.0, "feed", "configure", "--url", &server.url]).env("KTPEL_PASSWORD", ktpel_tests::ADMIN.1);
            match token {
                Some(t) => cmd.env("KTPEL_FEED_TOKEN", t),
                None => cmd.env_remove("KTPEL_FEED_TOKEN"),
            };
            cmd.stdin(std::process::Stdio::null()).output().unwrap()
        };
        let out = configure(None);
        assert!(!out.status.success() && ktpel_tests::text(&out.stderr).contains("KTPEL_FEED_TOKEN"), "{}", ktpel_tests::text(&out.stderr));
        assert!(configure(Some(TOKEN)).status.success());
        let said = k.ok(None, &["feed", "sync"]);
        assert!(said.contains("3 permohonan baru"), "{said}");
        let state: serde_json::Value = serde_json::from_str(&k.ok(None, &["--json", "feed", "status"])).unwrap();
        assert_eq!((state["cursor"].as_str(), state["pending"].as_i64(), state["token_set"].as_bool()), (Some("3"), Some(0), Some(true)));
        assert!(!k.ok(None, &["--json", "feed", "status"]).contains(TOKEN), "the token is never shown");
        server.with(|u| u.fail_next = 5);
        let out = k.run(None, &["feed", "sync"]);
        assert_eq!(out.status.code(), Some(6));
        assert!(ktpel_tests::text(&out.stdout).contains("503"), "{}", ktpel_tests::text(&out.stdout));
    }
}

ktpel_tests::on_both_stores! {
    /// A request cancelled upstream leaves the queue; one already printing stays, marked for the
    /// officer; a repeated cancellation changes nothing.
    fn a_cancelled_request_leaves_the_queue_unless_it_is_already_printing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(3, "UP-"));
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 30).unwrap();
        sync(&mut st);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000002").unwrap();
        let (target, info) = ktpel_tests::answered_printer();
        st.begin_print(&a.operator, "UP-0002", "KT000001", target, &info).ok().expect("printing");
        server.with(|u| {
            for id in ["UP-0001", "UP-0002", "UP-0001", "UP-NEVER"] {
                u.records.push(serde_json::json!({ "request_id": id, "cancelled": true }));
            }
        });
        let r = sync(&mut st);
        assert_eq!((r.cancelled, r.cancel_too_late, r.skipped, r.rejected), (1, 1, 2, 0), "{r:?}");
        assert_eq!(st.request("UP-0001").unwrap().status.as_str(), "cancelled");
        let queue = st.queue(ktpel_core::time::now()).unwrap();
        let ids: Vec<(&str, bool)> = queue.iter().map(|q| (q.request_id.as_str(), q.cancelled_upstream)).collect();
        assert_eq!(ids, vec![("UP-0002", true), ("UP-0003", false)]);
        assert_eq!(st.request("UP-0002").unwrap().status.as_str(), "printing", "a print in progress is never pulled away");
        let history = st.request_history("UP-0001").unwrap();
        assert_eq!(history.last().unwrap().words, "dibatalkan oleh sistem persetujuan");
    }
}

ktpel_tests::on_both_stores! {
    /// The server stores a message but its answer is lost: the station sends the same event id again
    /// and the server, recognising it, keeps it once.
    fn a_message_whose_answer_was_lost_is_resent_with_the_same_event_id_and_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(1, "UP-"));
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 30).unwrap();
        sync(&mut st);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000001").unwrap();
        print_answered(&mut st, &a.operator, "UP-0001", "KT000001", true);
        server.with(|u| u.lose_answer_next = 2); // the GET of the next round, then the POST
        let r = sync(&mut st);
        assert_eq!(r.send_failures, 1, "{r:?}");
        assert_eq!(server.with(|u| u.statuses.len()), 1, "the server did store it");
        set_thread_clock(Some(Utc::now() + Duration::hours(1)));
        sync(&mut st);
        set_thread_clock(None);
        let (kept, seen) = server.with(|u| (u.statuses.len(), u.requests_seen));
        assert_eq!(kept, 1, "the same event id, kept once");
        assert!(seen >= 5);
        let rows = st.outbox_of("UP-0001").unwrap();
        assert_eq!((rows.len(), rows[0].tries, rows[0].delivered_at.is_some()), (1, 2, true));
    }
}

ktpel_tests::on_both_stores! {
    /// A server slower than the timeout counts as a failure (retried later), and while the station
    /// waits on it the desk still gets its answers: the round holds the station only for database steps.
    fn a_slow_server_times_out_without_holding_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| {
            u.records = ktpel_tests::records::good(1, "UP-");
            u.delay = std::time::Duration::from_secs(3);
        });
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 1).unwrap();
        let shared = std::sync::Arc::new(tokio::sync::Mutex::new(st));
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let (report, desk_waited) = rt.block_on(async {
            let round = tokio::spawn({
                let shared = shared.clone();
                async move { sync_once(&*shared).await }
            });
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let asked = std::time::Instant::now();
            let queue = shared.lock().await.queue(ktpel_core::time::now()).map(|q| q.len());
            let waited = asked.elapsed();
            assert!(queue.is_ok());
            (round.await.unwrap().unwrap(), waited)
        });
        assert!(report.error.as_deref().unwrap_or("").contains("tidak dapat dihubungi"), "{report:?}");
        assert!(desk_waited < std::time::Duration::from_millis(500), "the desk waited {desk_waited:?} on the network");
        let mut st = std::sync::Arc::try_unwrap(shared).ok().unwrap().into_inner();
        server.with(|u| u.delay = std::time::Duration::ZERO);
        assert_eq!(sync(&mut st).imported, 1);
    }
}

ktpel_tests::on_both_stores! {
    /// Pages that are not what the contract says are refused whole with the reason kept, and the next
    /// good page is stored: invalid JSON, a body over the limit, a list that is not a list.
    fn broken_pages_are_refused_with_a_reason_and_the_next_good_page_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(2, "UP-"));
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 30).unwrap();
        let huge = {
            let mut b = br#"{"requests": [], "next": ""#.to_vec();
            b.extend(std::iter::repeat_n(b'x', (ktpel_core::feed::client::MAX_PAGE_BYTES + 10) as usize));
            b
        };
        for (body, says) in [
            (b"{not json".to_vec(), "bukan JSON"),
            (br#"{"requests": {"a": 1}}"#.to_vec(), "requests"),
            (br#"{"requests": [], "next": 7}"#.to_vec(), "next"),
            (huge, "lebih dari 64 MB"),
        ] {
            server.with(|u| u.raw_next = Some((200, body)));
            let r = sync(&mut st);
            assert!(r.error.as_deref().unwrap_or("").contains(says), "{says}: {r:?}");
            assert_eq!(st.feed_state().unwrap().cursor, None, "a refused page moves nothing");
        }
        let r = sync(&mut st);
        assert_eq!((r.imported, r.error), (2, None));
    }
}

ktpel_tests::on_both_stores! {
    /// The server is down for hours while the station keeps working and is restarted: the messages
    /// wait in the database and arrive in order once it is back.
    fn messages_wait_through_a_server_outage_and_a_station_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut st, a) = core_station(dir.path());
        let server = FeedServer::start(TOKEN);
        server.with(|u| u.records = ktpel_tests::records::good(1, "UP-"));
        st.configure_feed(&a.admin, &server.url, TOKEN, 30, 5).unwrap();
        sync(&mut st);
        server.with(|u| u.down = true);
        st.receive_blanko_range(&a.supervisor, "BA-1", "KT000001", "KT000001").unwrap();
        print_answered(&mut st, &a.operator, "UP-0001", "KT000001", true);
        st.confirm_ok(&a.operator, "UP-0001").unwrap();
        let mut clock = Utc::now();
        for _ in 0..3 {
            set_thread_clock(Some(clock));
            let r = sync(&mut st);
            assert!(r.error.is_some());
            clock += Duration::hours(1);
        }
        assert_eq!(st.feed_state().unwrap().pending, 3);
        let location = st.store().location();
        drop(st);
        let mut st = Station::open_location(&location).unwrap();
        server.with(|u| u.down = false);
        set_thread_clock(Some(clock + Duration::hours(2)));
        sync(&mut st);
        set_thread_clock(None);
        let got: Vec<String> = server.with(|u| u.statuses.iter().map(|(_, b)| b["status"].as_str().unwrap_or("").to_string()).collect());
        assert_eq!(got, vec!["printing", "printed", "ready"]);
        assert_eq!(st.feed_state().unwrap().pending, 0);
    }
}
