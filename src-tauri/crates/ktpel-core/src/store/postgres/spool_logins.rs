//! PostgreSQL: logins for print servers that ask for one (see the SQLite side for why they are
//! kept at all). In the office they are shared: a print server is the office's.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::spool_logins::{LoginRow, SpoolLoginsStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE spool_logins (
    server     text PRIMARY KEY CHECK (length(server) BETWEEN 1 AND 300),
    username   text CHECK (username IS NULL OR length(username) BETWEEN 1 AND 255),
    password   text,
    ca_file    text CHECK (ca_file IS NULL OR length(ca_file) BETWEEN 1 AND 4096),
    updated_at text NOT NULL,
    CHECK ((username IS NULL) = (password IS NULL)),
    CHECK (username IS NOT NULL OR ca_file IS NOT NULL)
);
";

fn login(r: &Row) -> Result<LoginRow> {
    let (user, password): (Option<String>, Option<String>) = (r.try_get("username")?, r.try_get("password")?);
    Ok(LoginRow { server: r.try_get("server")?, login: user.zip(password), ca_file: r.try_get("ca_file")? })
}

impl SpoolLoginsStore for PgDb<'_> {
    fn spool_logins_get(&self, server: &str) -> Result<Option<LoginRow>> {
        self.opt("SELECT * FROM spool_logins WHERE server = $1", &[&server])?.as_ref().map(login).transpose()
    }

    fn spool_logins_list(&self) -> Result<Vec<LoginRow>> {
        self.query("SELECT * FROM spool_logins ORDER BY server", &[])?.iter().map(login).collect()
    }

    fn spool_logins_set(&self, row: &LoginRow, at: &str) -> Result<()> {
        let (user, password) = match &row.login {
            Some((u, p)) => (Some(u.as_str()), Some(p.as_str())),
            None => (None, None),
        };
        self.exec(
            "INSERT INTO spool_logins (server, username, password, ca_file, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (server) DO UPDATE SET username = excluded.username, password = excluded.password,
             ca_file = excluded.ca_file, updated_at = excluded.updated_at",
            &[&row.server, &user, &password, &row.ca_file, &at],
        )?;
        Ok(())
    }

    fn spool_logins_remove(&self, server: &str) -> Result<bool> {
        Ok(self.exec("DELETE FROM spool_logins WHERE server = $1", &[&server])? > 0)
    }
}
