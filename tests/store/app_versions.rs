//! app_versions: the version of the station that opens a database is noted once, at the schema
//! the database then has; the history is never rewritten; the Tentang box and `ktpel data
//! versions` read it (an upgrade shows the old version first, the new one last).

use ktpel_tests::stores::{kind, open_station, reopen, rows, Kind};

use super::raw;

ktpel_tests::on_both_stores! {
    fn the_opening_version_is_noted_once_and_the_history_is_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let st = open_station(dir.path());
        let schema = match kind() {
            Kind::Sqlite => ktpel_core::store::SCHEMA_VERSION as i64,
            Kind::Postgres => ktpel_core::store::postgres::OFFICE_SCHEMA_VERSION,
        };
        let first = st.store().app_versions().unwrap();
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!((first[0].version.as_str(), first[0].schema_version), (ktpel_core::about::VERSION, schema));

        // Opened again (a restart, another desk of the office): nothing added, the day kept.
        let again = reopen(&st);
        assert_eq!(again.store().app_versions().unwrap(), first);
        assert_eq!(rows(&st, "SELECT count(*) FROM app_versions")[0][0].as_deref(), Some("1"));

        // The history is the database's own record: no writer rewrites or removes it.
        assert!(raw(&st, "UPDATE app_versions SET version = '9.9.9'").is_err());
        assert!(raw(&st, "DELETE FROM app_versions").is_err());

        // A database an earlier version had opened: that one first, this one after.
        raw(&st, "INSERT INTO app_versions (version, schema_version, first_opened) VALUES ('0.1.0', 7, '2026-11-30T01:00:00.000Z')").unwrap();
        let about = again.about().unwrap();
        let versions: Vec<&str> = about.opened_by.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["0.1.0", ktpel_core::about::VERSION]);
        let said = about.details();
        assert!(said.contains("dibuka versi 0.1.0 sejak 30-11-2026 08:00 WIB (skema 7)"), "{said}");
        assert!(said.contains(&format!("dibuka versi {} sejak", ktpel_core::about::VERSION)), "{said}");
    }
}
