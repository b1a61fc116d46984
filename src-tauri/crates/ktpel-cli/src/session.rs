//! Who is acting: the user named with `--as`, their password (from the environment or asked on
//! the terminal, never an argument), and the office day a command is about.

use chrono::NaiveDate;
use ktpel_core::auth::Actor;
use ktpel_core::{CoreError, Result, Station};

use crate::cli::Cli;

/// A password from `var`, or asked on the terminal.
pub fn password_from(var: &str, prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt).map_err(|_| CoreError::invalid(var, format!("tidak ada terminal untuk meminta kata sandi; isi variabel lingkungan {var}")))
}

pub fn login(cli: &Cli, station: &Station) -> Result<Actor> {
    let user = cli.user.as_deref().ok_or_else(|| CoreError::invalid("--as", "perintah ini mengubah data: sebutkan pengguna dengan --as NAMA"))?;
    let password = password_from("KTPEL_PASSWORD", &format!("Kata sandi {user}: "))?;
    station.login(user, &password)
}

/// A --date value, or the office's today (in its zone).
pub fn office_day(station: &Station, date: Option<&str>) -> Result<NaiveDate> {
    match date {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| CoreError::invalid("--date", "format YYYY-MM-DD, mis. 2026-11-21")),
        None => station.today(),
    }
}
