//! Users of the station and their roles. Passwords are stored only as argon2 hashes.

use crate::auth::Role;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct UserRow {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    #[serde(skip)]
    #[ts(skip)]
    pub password_hash: String,
    pub active: bool,
    pub created_at: String,
}

/// The users operations every storage backend provides.
pub trait UsersStore {
    fn users_count(&self) -> Result<i64>;
    fn users_by_name(&self, username: &str) -> Result<Option<UserRow>>;
    fn users_list(&self) -> Result<Vec<UserRow>>;
    fn users_insert(&self, username: &str, full_name: &str, role: Role, hash: &str, at: &str) -> Result<i64>;
    fn users_set_password(&self, username: &str, hash: &str) -> Result<()>;
    fn users_set_active(&self, username: &str, active: bool) -> Result<()>;
}
