//! Users, log-in, settings and printer settings.

use serde_json::json;

use super::{audit, Station};
use crate::auth::{self, Action, Actor, Role};
use crate::card::Calibration;
use crate::config;
use crate::error::{CoreError, Result};
use crate::store::{printers, users};
use crate::time;

impl Station {
    /// Creates the first admin of a new database. Refused once any user exists.
    pub fn init(&mut self, username: &str, full_name: &str, password: &str) -> Result<Actor> {
        auth::check_username(username)?;
        let hash = auth::hash_password(password)?;
        let actor = Actor { username: username.to_string(), full_name: full_name.to_string(), role: Role::Admin, desk: self.desk.clone() };
        self.store.write(|tx| {
            if tx.users_count()? > 0 {
                return Err(CoreError::Conflict("basis data sudah diinisialisasi; masuk dengan pengguna yang ada".into()));
            }
            let at = time::stamp(time::now());
            tx.users_insert(username, full_name, Role::Admin, &hash, &at)?;
            // A random id per station keeps job names unique when stations share a spooler.
            let id = tx.random_hex8()?;
            tx.settings_set("station.id", &format!("ktpel-{id}"))?;
            audit(tx, &actor, "user.init", &format!("user:{username}"), json!({ "role": "admin" }))
        })?;
        Ok(actor)
    }

    pub fn is_initialised(&self) -> Result<bool> {
        self.store.read(|c| Ok(c.users_count()? > 0))
    }

    /// Checks a password; the same answer whether the user is unknown, inactive or mistyped.
    pub fn login(&self, username: &str, password: &str) -> Result<Actor> {
        let user = self.store.read(|c| c.users_by_name(username))?;
        match user {
            Some(u) if u.active && auth::verify_password(password, &u.password_hash)? => {
                Ok(Actor { username: u.username, full_name: u.full_name, role: u.role, desk: self.desk.clone() })
            }
            _ => Err(CoreError::BadCredentials),
        }
    }

    pub fn add_user(&mut self, actor: &Actor, username: &str, full_name: &str, role: Role, password: &str) -> Result<()> {
        actor.require(Action::ManageUsers)?;
        auth::check_username(username)?;
        if full_name.trim().is_empty() {
            return Err(CoreError::invalid("nama lengkap", "wajib diisi"));
        }
        let hash = auth::hash_password(password)?;
        self.store.write(|tx| {
            tx.users_insert(username, full_name.trim(), role, &hash, &time::stamp(time::now()))?;
            audit(tx, actor, "user.add", &format!("user:{username}"), json!({ "role": role.as_str(), "full_name": full_name.trim() }))
        })
    }

    pub fn users(&self) -> Result<Vec<users::UserRow>> {
        self.store.read(|c| c.users_list())
    }

    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        actor.require(Action::ChangeSettings)?;
        let value = config::validate(key, value)?;
        self.store.write(|tx| {
            let before = tx.settings_get(key)?;
            tx.settings_set(key, &value)?;
            audit(tx, actor, "setting.set", &format!("setting:{key}"), json!({ "before": before, "after": value }))
        })
    }

    /// Every key with its current value (stored or default).
    pub fn settings(&self) -> Result<Vec<(String, String)>> {
        self.store.read(|c| config::KEYS.iter().map(|(k, _, _)| Ok((k.to_string(), config::get_raw(c, k)?))).collect())
    }

    /// Every key with its current value and what it means, for the settings screen.
    pub fn settings_described(&self) -> Result<Vec<config::SettingItem>> {
        self.store.read(|c| {
            config::KEYS.iter().map(|(k, _, meaning)| Ok(config::SettingItem { key: k.to_string(), value: config::get_raw(c, k)?, meaning: meaning.to_string() })).collect()
        })
    }

    pub fn set_printer(&mut self, actor: &Actor, name: &str, calibration: Calibration, specimen: bool) -> Result<()> {
        actor.require(Action::ConfigurePrinter)?;
        if name.trim().is_empty() {
            return Err(CoreError::invalid("printer", "nama antrean wajib diisi"));
        }
        let row = printers::PrinterRow {
            name: name.trim().to_string(),
            offset_x_mm: calibration.offset_x_mm as f64,
            offset_y_mm: calibration.offset_y_mm as f64,
            specimen,
        };
        self.store.write(|tx| {
            let before = tx.printers_get(&row.name)?;
            tx.printers_upsert(&row, &time::stamp(time::now()))?;
            audit(tx, actor, "printer.set", &format!("printer:{}", row.name), json!({ "before": before, "after": row }))
        })
    }

    pub fn printer_settings(&self, name: &str) -> Result<Option<printers::PrinterRow>> {
        self.store.read(|c| c.printers_get(name))
    }

    pub fn printers(&self) -> Result<Vec<printers::PrinterRow>> {
        self.store.read(|c| c.printers_list())
    }

    /// Recomputes the audit hash chain; the id of the first broken row, if any.
    pub fn verify_audit(&self) -> Result<Option<i64>> {
        self.store.read(|c| c.audit_verify())
    }

    pub fn audit_of(&self, subject: &str) -> Result<Vec<crate::store::audit::AuditRow>> {
        self.store.read(|c| c.audit_for_subject(subject))
    }

    pub fn station_id(&self) -> Result<Option<String>> {
        self.store.read(|c| c.settings_get("station.id"))
    }
}
