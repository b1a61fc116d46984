//! Approved-request records for the tests: good ones from the demo generator, and bad ones that
//! each break one rule.

use serde_json::{json, Value};

pub fn good(count: usize, prefix: &str) -> Vec<Value> {
    ktpel_core::demo::requests(count, chrono::Utc::now(), prefix)
}

/// (record, the field the rejection must name)
pub fn bad(prefix: &str) -> Vec<(Value, &'static str)> {
    let base = good(1, prefix).remove(0);
    let with = |id: &str, path: &[&str], value: Value| {
        let mut v = base.clone();
        v["request_id"] = json!(format!("{prefix}{id}"));
        let mut cur = &mut v;
        for p in &path[..path.len() - 1] {
            cur = &mut cur[*p];
        }
        cur[path[path.len() - 1]] = value;
        v
    };
    vec![
        // A woman's record whose NIK day part lacks the +40.
        (with("BAD-NIK", &["person", "nik"], json!("3520061403920001")), "person.nik"),
        (with("BAD-AGAMA", &["person", "agama"], json!("ISLAM KTP")), "person.agama"),
        (with("BAD-PHOTO", &["photo_jpeg_base64"], json!("bm90IGEgcGhvdG8=")), "photo_jpeg_base64"),
        (with("BAD-SERVICE", &["service"], json!("ganti")), "service"),
        (with("BAD-DOCS", &["requirements", "kk"], json!(false)), "requirements.kk"),
        (with("BAD-TYPE", &["person", "rt"], json!(5)), "person.rt"),
        (with("BAD-DATE", &["approved_at"], json!("kemarin")), "approved_at"),
        (with("BAD-EMOJI", &["person", "nama"], json!("SITI 😀 AMINAH")), "person.nama"),
        (with("BAD-RTL", &["person", "alamat"], json!("JL. MAWAR \u{202E}21 ON")), "person.alamat"),
    ]
}

/// JSON Lines text of the given records.
pub fn jsonl(records: &[Value]) -> String {
    records.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("\n") + "\n"
}
