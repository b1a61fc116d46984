//! PostgreSQL: the office's users. Names are unique regardless of case, as on the station.

use tokio_postgres::Row;

use super::PgDb;
use crate::auth::Role;
use crate::error::{CoreError, Result};
use crate::store::users::{UserRow, UsersStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL CHECK (length(username) BETWEEN 2 AND 32),
    full_name     text NOT NULL,
    role          text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    text NOT NULL
);
CREATE UNIQUE INDEX users_name ON users (lower(username));
";

fn user(r: &Row) -> Result<UserRow> {
    let role: String = r.try_get("role")?;
    Ok(UserRow {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        full_name: r.try_get("full_name")?,
        role: Role::parse(&role).ok_or_else(|| CoreError::corrupt("users.role", &role))?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get("active")?,
        created_at: r.try_get("created_at")?,
    })
}

impl UsersStore for PgDb<'_> {
    fn users_count(&self) -> Result<i64> {
        Ok(self.one("SELECT count(*) FROM users", &[])?.try_get(0)?)
    }

    fn users_by_name(&self, username: &str) -> Result<Option<UserRow>> {
        self.opt("SELECT * FROM users WHERE lower(username) = lower($1)", &[&username])?.as_ref().map(user).transpose()
    }

    fn users_list(&self) -> Result<Vec<UserRow>> {
        self.query("SELECT * FROM users ORDER BY lower(username)", &[])?.iter().map(user).collect()
    }

    fn users_insert(&self, username: &str, full_name: &str, role: Role, hash: &str, at: &str) -> Result<i64> {
        let sql = "INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let row = self.one(sql, &[&username, &full_name, &role.as_str(), &hash, &at]).map_err(|e| {
            if super::is_constraint(&e) {
                CoreError::Conflict(format!("pengguna '{username}' sudah ada; pilih nama lain"))
            } else {
                e
            }
        })?;
        Ok(row.try_get(0)?)
    }

    fn users_set_password(&self, username: &str, hash: &str) -> Result<()> {
        self.exec("UPDATE users SET password_hash = $2 WHERE lower(username) = lower($1)", &[&username, &hash])?;
        Ok(())
    }

    fn users_set_active(&self, username: &str, active: bool) -> Result<()> {
        self.exec("UPDATE users SET active = $2 WHERE lower(username) = lower($1)", &[&username, &active])?;
        Ok(())
    }
}
