//! PostgreSQL: the office's one audit chain. Each row's hash covers the previous row's, so the
//! chain's head is one row every appending desk locks: desks append one after another, and a
//! trigger refuses a row that does not continue the head, whoever writes it.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::audit::{digest, AuditRow, AuditStore, GENESIS};

pub const SCHEMA_V1: &str = "
CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        text NOT NULL,
    username  text NOT NULL,
    role      text NOT NULL,
    station   text NOT NULL,
    action    text NOT NULL,
    subject   text NOT NULL,
    detail    text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL UNIQUE
);
CREATE INDEX audit_subject ON audit_log (subject);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('audit_log is append-only');
CREATE TABLE audit_head (id int PRIMARY KEY CHECK (id = 1), hash text NOT NULL);
INSERT INTO audit_head (id, hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF NEW.prev_hash IS DISTINCT FROM (SELECT hash FROM audit_head WHERE id = 1 FOR UPDATE) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'audit row does not continue the chain';
    END IF;
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();
-- The head, locked until the appending transaction ends; through a function of the owner's, so
-- the desks' account needs no UPDATE right on the head itself.
CREATE FUNCTION audit_head_lock() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    SELECT hash FROM audit_head WHERE id = 1 FOR UPDATE
$$;
";

impl AuditStore for PgDb<'_> {
    fn audit_append(&self, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &serde_json::Value) -> Result<()> {
        self.audit_append_text(at, username, role, station, action, subject, &detail.to_string())
    }

    fn audit_verify(&self) -> Result<Option<i64>> {
        // Walks the chain by its links, not by id: ids are drawn before a desk waits for the
        // head, so a later id can sit earlier in the chain.
        let rows = self.query("SELECT id, at, username, role, action, subject, detail, prev_hash, hash, station FROM audit_log", &[])?;
        let mut by_prev = std::collections::HashMap::new();
        for r in &rows {
            let prev: String = r.try_get(7)?;
            if by_prev.insert(prev, r).is_some() {
                return Ok(Some(r.try_get(0)?));
            }
        }
        let mut prev = GENESIS.to_string();
        let mut seen = 0;
        while let Some(r) = by_prev.get(&prev) {
            let fields: [String; 6] = [r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?];
            let stored: String = r.try_get(8)?;
            let station: String = r.try_get(9)?;
            if stored != digest(&prev, &fields[0], &fields[1], &fields[2], &station, &fields[3], &fields[4], &fields[5]) {
                return Ok(Some(r.try_get(0)?));
            }
            prev = stored;
            seen += 1;
        }
        if seen != rows.len() {
            // A row the chain never reaches: report the lowest such id.
            let mut reached = std::collections::HashSet::new();
            let mut p = GENESIS.to_string();
            while let Some(r) = by_prev.get(&p) {
                reached.insert(r.try_get::<_, i64>(0)?);
                p = r.try_get(8)?;
            }
            let mut stray = rows.iter().map(|r| r.try_get::<_, i64>(0)).collect::<std::result::Result<Vec<_>, _>>()?;
            stray.retain(|id| !reached.contains(id));
            return Ok(stray.into_iter().min());
        }
        Ok(None)
    }

    fn audit_for_subject(&self, subject: &str) -> Result<Vec<AuditRow>> {
        self.query("SELECT * FROM audit_log WHERE subject = $1 ORDER BY id", &[&subject])?.iter().map(audit_row).collect()
    }
}

impl PgDb<'_> {
    /// Appends a row whose detail is already JSON text (kept byte for byte), continuing the head.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn audit_append_text(&self, at: &str, username: &str, role: &str, station: &str, action: &str, subject: &str, detail: &str) -> Result<()> {
        // The head's lock: a second desk waits here for the first's commit, then reads its hash.
        let prev: String = self.one("SELECT audit_head_lock()", &[])?.try_get(0)?;
        let hash = digest(&prev, at, username, role, station, action, subject, detail);
        self.exec(
            "INSERT INTO audit_log (at, username, role, station, action, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[&at, &username, &role, &station, &action, &subject, &detail, &prev, &hash],
        )?;
        Ok(())
    }
}

fn audit_row(r: &Row) -> Result<AuditRow> {
    Ok(AuditRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        username: r.try_get("username")?,
        role: r.try_get("role")?,
        station: r.try_get("station")?,
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}
