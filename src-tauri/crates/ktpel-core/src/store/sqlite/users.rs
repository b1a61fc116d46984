//! SQLite: the `users` tables' schema, their migrations and the operations of `store::users` over them.

use crate::store::users::*;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::auth::Role;

use crate::error::{CoreError, Result};

pub const SCHEMA_V1: &str = "
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 32),
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;
";

impl UserRow {
    fn from_row(r: &Row) -> rusqlite::Result<Self> {
        let role: String = r.get("role")?;
        Ok(UserRow {
            id: r.get("id")?,
            username: r.get("username")?,
            full_name: r.get("full_name")?,
            // The CHECK constraint keeps unknown roles out; a corrupt row is an error, never a guess.
            role: Role::parse(&role).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, "role".into(), rusqlite::types::Type::Text))?,
            password_hash: r.get("password_hash")?,
            active: r.get("active")?,
            created_at: r.get("created_at")?,
        })
    }
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

pub fn by_name(conn: &Connection, username: &str) -> Result<Option<UserRow>> {
    Ok(conn.query_row("SELECT * FROM users WHERE username = ?1", [username], UserRow::from_row).optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<UserRow>> {
    let mut stmt = conn.prepare("SELECT * FROM users ORDER BY username")?;
    let rows = stmt.query_map([], UserRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert(conn: &Connection, username: &str, full_name: &str, role: Role, hash: &str, at: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![username, full_name, role.as_str(), hash, at],
    )
    .map_err(|e| {
        if super::is_constraint(&e) {
            CoreError::Conflict(format!("pengguna '{username}' sudah ada; pilih nama lain"))
        } else {
            e.into()
        }
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn set_password(conn: &Connection, username: &str, hash: &str) -> Result<()> {
    conn.execute("UPDATE users SET password_hash = ?2 WHERE username = ?1", params![username, hash])?;
    Ok(())
}

pub fn set_active(conn: &Connection, username: &str, active: bool) -> Result<()> {
    conn.execute("UPDATE users SET active = ?2 WHERE username = ?1", params![username, active])?;
    Ok(())
}

impl UsersStore for Connection {
    fn users_count(&self) -> Result<i64> {
        count(self)
    }

    fn users_by_name(&self, username: &str) -> Result<Option<UserRow>> {
        by_name(self, username)
    }

    fn users_list(&self) -> Result<Vec<UserRow>> {
        list(self)
    }

    fn users_insert(&self, username: &str, full_name: &str, role: Role, hash: &str, at: &str) -> Result<i64> {
        insert(self, username, full_name, role, hash, at)
    }

    fn users_set_password(&self, username: &str, hash: &str) -> Result<()> {
        set_password(self, username, hash)
    }

    fn users_set_active(&self, username: &str, active: bool) -> Result<()> {
        set_active(self, username, active)
    }
}
