//! PostgreSQL: the `app_versions` table (office schema v3). Every desk's version is noted the
//! first time it opens the office's server, so the IT person sees which desks still run an old one.

use super::PgDb;
use crate::error::Result;
use crate::store::app_versions::{AppVersionRow, AppVersionsStore};

pub const SCHEMA_V3: &str = "
CREATE TABLE app_versions (
    version        text PRIMARY KEY CHECK (length(version) BETWEEN 1 AND 40),
    schema_version bigint NOT NULL CHECK (schema_version >= 1),
    first_opened   text NOT NULL
);
CREATE TRIGGER app_versions_append_only BEFORE UPDATE OR DELETE ON app_versions FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('app_versions is append-only');
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ktpel_desk') THEN
        GRANT SELECT, INSERT ON app_versions TO ktpel_desk;
    END IF;
END $$;
";

impl AppVersionsStore for PgDb<'_> {
    fn app_versions_note(&self, version: &str, at: &str) -> Result<bool> {
        let added = self.exec(
            "INSERT INTO app_versions (version, schema_version, first_opened)
             SELECT $1, max(version), $2 FROM ktpel_schema ON CONFLICT (version) DO NOTHING",
            &[&version, &at],
        )?;
        Ok(added > 0)
    }

    fn app_versions_list(&self) -> Result<Vec<AppVersionRow>> {
        self.query("SELECT version, schema_version, first_opened FROM app_versions ORDER BY first_opened, version", &[])?
            .iter()
            .map(|r| Ok(AppVersionRow { version: r.try_get(0)?, schema_version: r.try_get(1)?, first_opened: r.try_get(2)? }))
            .collect()
    }
}
