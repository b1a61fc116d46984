//! The error the UI receives: a stable `code` to branch on and an Indonesian `message` to show.
//! Its JSON shape is part of the contract with the UI and is pinned by the tests below.

use ktpel_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct UiError {
    pub code: &'static str,
    pub message: String,
}

impl From<CoreError> for UiError {
    fn from(e: CoreError) -> Self {
        UiError { code: e.code(), message: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
