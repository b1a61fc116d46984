//! Reading one JSON object field by field, collecting every problem with its dotted field path,
//! so a rejected record tells the officer all that is wrong with it at once.

use serde_json::{Map, Value};

/// Longest text accepted in any single field; longer is an upstream fault, not a name.
const MAX_TEXT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub reason: String,
}

pub struct Fields<'a> {
    obj: &'a Map<String, Value>,
    prefix: &'a str,
    pub errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    pub fn new(obj: &'a Map<String, Value>, prefix: &'a str) -> Self {
        Fields { obj, prefix, errors: Vec::new() }
    }

    pub fn path(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    pub fn fail(&mut self, name: &str, reason: impl Into<String>) {
        let field = self.path(name);
        self.errors.push(FieldError { field, reason: reason.into() });
    }

    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        self.obj.get(name).filter(|v| !v.is_null())
    }

    /// A required text: trimmed, at most MAX_TEXT characters, no control characters.
    pub fn text(&mut self, name: &str) -> String {
        match self.raw(name) {
            None => {
                self.fail(name, "wajib diisi");
                String::new()
            }
            Some(Value::String(s)) => self.clean(name, s),
            Some(_) => {
                self.fail(name, "harus berupa teks");
                String::new()
            }
        }
    }

    pub fn opt_text(&mut self, name: &str) -> Option<String> {
        match self.raw(name) {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(_) => Some(self.text(name)),
        }
    }

    fn clean(&mut self, name: &str, s: &str) -> String {
        let t = s.trim();
        if t.is_empty() {
            self.fail(name, "wajib diisi (kosong)");
        } else if t.chars().count() > MAX_TEXT {
            self.fail(name, format!("terlalu panjang (lebih dari {MAX_TEXT} karakter)"));
            return String::new();
        } else if t.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            self.fail(name, "mengandung karakter kendali yang tidak boleh dicetak");
        }
        t.to_string()
    }

    pub fn boolean(&mut self, name: &str) -> bool {
        match self.raw(name) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.fail(name, "harus true atau false");
                false
            }
        }
    }

    pub fn object(&mut self, name: &str) -> Option<&'a Map<String, Value>> {
        match self.raw(name) {
            Some(Value::Object(m)) => Some(m),
            None => {
                self.fail(name, "wajib diisi");
                None
            }
            Some(_) => {
                self.fail(name, "harus berupa objek JSON");
                None
            }
        }
    }

    pub fn absorb(&mut self, other: Vec<FieldError>) {
        self.errors.extend(other);
    }
}

/// Right-to-left overrides and similar would let a printed card read differently from the record.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub fn join(errors: &[FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect::<Vec<_>>().join("; ")
}
