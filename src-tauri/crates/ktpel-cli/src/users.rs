//! `ktpel user`: adding the station's people (admin) and listing them.

use std::process::ExitCode;

use ktpel_core::auth::Role;
use ktpel_core::{CoreError, Result, Station};
use serde_json::json;

use crate::cli::{Cli, UserCmd};
use crate::output::{self, say, table};
use crate::session::{login, password_from};

pub fn user(cli: &Cli, station: &mut Station, cmd: &UserCmd) -> Result<ExitCode> {
    match cmd {
        UserCmd::Add { username, role, full_name } => {
            let actor = login(cli, station)?;
            let role = Role::parse(role).ok_or_else(|| CoreError::invalid("--role", "operator, supervisor atau admin"))?;
            let password = password_from("KTPEL_NEW_PASSWORD", &format!("Kata sandi baru untuk {username}: "))?;
            station.add_user(&actor, username, full_name.as_deref().unwrap_or(username), role, &password)?;
            say(cli, json!({ "username": username, "role": role }), &format!("Pengguna {username} ({}) ditambahkan", role.as_str()));
        }
        UserCmd::List => {
            let users = station.users()?;
            if cli.json {
                output::json(&users);
            } else {
                let rows = users.iter().map(|u| vec![u.username.clone(), u.full_name.clone(), u.role.as_str().into(), if u.active { "aktif" } else { "nonaktif" }.into()]).collect::<Vec<_>>();
                table(&["PENGGUNA", "NAMA", "PERAN", "STATUS"], &rows);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
