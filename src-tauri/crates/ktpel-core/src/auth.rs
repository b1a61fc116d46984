//! Who may do what. Every mutating operation of the core takes an `Actor` (a user who proved
//! their password) and checks the action against the actor's role here, whatever the UI shows.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Operator,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
    /// Operators and supervisors work the print desk; admins run the station.
    pub fn desk(self) -> bool {
        matches!(self, Role::Operator | Role::Supervisor)
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Role::Operator, Role::Supervisor, Role::Admin].into_iter().find(|r| r.as_str() == s)
    }
}

/// Every action the core guards, with the roles allowed to do it. The print desk (operators and
/// supervisors) handles cards; admins run the station (users, settings, printers) but do not
/// print, so the register always names a desk officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ImportRequests,
    Print,
    ConfirmPrint,
    Handover,
    Reconcile,
    ReceiveBlanko,
    /// Deciding a spoiled card's reprint (a second person: the supervisor).
    DecideReprint,
    /// Stock adjustments, destruction records and signing off a day's report.
    AdjustStock,
    RecordDestruction,
    SignDay,
    /// Recording that a spoiled card's corner was cut.
    DisableBlanko,
    ManageUsers,
    ChangeSettings,
    ConfigurePrinter,
    /// Erasing photos and signatures past their retention period.
    PurgeData,
    /// Recording where the year's paper register book ended (once, before the year's first card).
    ContinueRegister,
    /// Recording a new ribbon in a printer.
    ChangeRibbon,
}

impl Action {
    pub fn allowed(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::ImportRequests => &[Operator, Supervisor, Admin],
            Action::Print | Action::ConfirmPrint | Action::Handover | Action::Reconcile => &[Operator, Supervisor],
            Action::ReceiveBlanko => &[Supervisor, Admin],
            Action::DecideReprint | Action::AdjustStock | Action::RecordDestruction | Action::SignDay | Action::ContinueRegister => &[Supervisor],
            Action::DisableBlanko | Action::ChangeRibbon => &[Operator, Supervisor],
            Action::ManageUsers | Action::ChangeSettings | Action::ConfigurePrinter | Action::PurgeData => &[Admin],
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Action::ImportRequests => "mengimpor permohonan",
            Action::Print => "mencetak kartu",
            Action::ConfirmPrint => "mengonfirmasi hasil cetak",
            Action::Handover => "mencatat penyerahan",
            Action::Reconcile => "mencocokkan cetakan yang terputus",
            Action::ReceiveBlanko => "mencatat penerimaan blanko",
            Action::DecideReprint => "memutuskan cetak ulang",
            Action::AdjustStock => "membuat penyesuaian stok blanko",
            Action::RecordDestruction => "mencatat berita acara pemusnahan",
            Action::SignDay => "menandatangani laporan harian",
            Action::DisableBlanko => "mencatat pemotongan sudut blanko rusak",
            Action::ManageUsers => "mengelola pengguna",
            Action::ChangeSettings => "mengubah pengaturan",
            Action::ConfigurePrinter => "mengatur printer",
            Action::PurgeData => "menghapus foto yang lewat masa simpan",
            Action::ContinueRegister => "mencatat lanjutan buku register kertas",
            Action::ChangeRibbon => "mencatat penggantian pita printer",
        }
    }
}

/// A user who has proved their password in this process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Actor {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// The desk (station) the user works at, written beside the user in every attempt, register
    /// row and audit row the action makes.
    pub desk: String,
}

impl Actor {
    pub fn require(&self, action: Action) -> Result<()> {
        if action.allowed().contains(&self.role) {
            return Ok(());
        }
        Err(CoreError::Forbidden {
            role: self.role.as_str().to_string(),
            action: action.words().to_string(),
            needed: action.allowed().iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" atau "),
        })
    }
}

pub const MIN_PASSWORD_LEN: usize = 8;

pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(CoreError::invalid("kata sandi", format!("paling sedikit {MIN_PASSWORD_LEN} karakter")));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::invalid("kata sandi", e.to_string()))
}

pub fn verify_password(password: &str, stored: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|e| CoreError::corrupt("users.password_hash", e))?;
    Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A username: 2–32 letters, digits, '.', '_' or '-'.
pub fn check_username(name: &str) -> Result<()> {
    let ok = (2..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(CoreError::invalid("nama pengguna", "2–32 huruf, angka, titik, garis bawah atau tanda hubung"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip_and_policy() {
        let h = hash_password("rahasia-123").unwrap();
        assert!(verify_password("rahasia-123", &h).unwrap());
        assert!(!verify_password("rahasia-124", &h).unwrap());
        assert_eq!(hash_password("pendek").unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn roles_per_action() {
        let op = Actor { username: "op".into(), full_name: "Op".into(), role: Role::Operator, desk: "meja-1".into() };
        assert!(op.require(Action::Print).is_ok());
        assert_eq!(op.require(Action::ReceiveBlanko).unwrap_err().code(), "forbidden");
        let admin = Actor { role: Role::Admin, ..op };
        assert!(admin.require(Action::Print).is_err());
        assert!(admin.require(Action::ManageUsers).is_ok());
    }
}
