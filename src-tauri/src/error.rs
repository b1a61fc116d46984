//! The error the UI receives: `ktpel_core::error::ErrorReply`, a stable `code` to branch on and an
//! Indonesian `message` to show. Its JSON shape is part of the contract with the UI and is pinned
//! by the tests below.

pub use ktpel_core::error::ErrorReply as UiError;

/// For failures of the shell itself (not of the core).
pub fn internal(message: &str) -> UiError {
    UiError { code: "internal".into(), message: message.into() }
}


#[cfg(test)]
mod tests {
    use super::*;
    use ktpel_core::CoreError;

    #[test]
    fn json_shape_is_code_and_message() {
        let e: UiError = CoreError::Forbidden { role: "operator".into(), action: "mengatur printer".into(), needed: "admin".into() }.into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "forbidden",
                "message": "peran operator tidak boleh mengatur printer; minta pengguna dengan peran admin"
            })
        );
        let e: UiError = CoreError::invalid("blanko", "nomor seri tidak sesuai pola").into();
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"invalid_input","message":"blanko: nomor seri tidak sesuai pola"}"#);
        let e: UiError = CoreError::SessionLocked { minutes: 5 }.into();
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"session_locked","message":"layar terkunci karena tidak ada aktivitas selama 5 menit; masuk kembali dengan kata sandi"}"#
        );
        assert_eq!(serde_json::to_value(UiError::from(CoreError::NotLoggedIn)).unwrap()["code"], "not_logged_in");
    }
}
