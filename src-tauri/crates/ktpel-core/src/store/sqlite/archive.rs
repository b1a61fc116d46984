//! A backup as a compressed archive kept inside an encrypted SQLCipher file. A station file is
//! mostly text (names, addresses, JSON, hashes) that compresses several times over, but its
//! encrypted pages do not compress at all; so a backup is the database's rows read in one
//! consistent transaction, written as a simple value stream, compressed with zstd in chunks of a
//! few MB and stored as the rows of a small SQLCipher file with the station's own key. The same
//! engine, key and recovery key protect it as the station file; nothing plain is ever written.
//!
//! Restoring rebuilds a station file from it: the tables first (in their original order, from
//! their original SQL), then every row, then indexes, triggers and full-text tables (rebuilt from
//! their content), so the append-only triggers and the ledger's checks do not fire on the copy.
//! Each table's row count is kept in the archive and checked on the way back.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};

use super::cipher;
use crate::error::{CoreError, Result};
use crate::keys::DbKey;

/// The archive's own tables; a station file never has them.
const META: &str = "arsip_meta";
const FORMAT: &str = "1";
/// Raw bytes gathered before a chunk is compressed: big enough for zstd to find the repeats of
/// a table's rows, small enough to keep the memory of a backup flat at any database size.
const CHUNK: usize = 4 * 1024 * 1024;
const LEVEL: i32 = 3;

fn corrupt(path: &Path, why: impl std::fmt::Display) -> CoreError {
    CoreError::DatabaseOpen { path: path.display().to_string(), reason: format!("arsip cadangan rusak: {why}") }
}

/// True when the file (opened with `conn`) is an archive rather than a full copy of a station.
pub fn is_archive(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = ?1", [META], |r| r.get::<_, i64>(0))? > 0)
}

/// One object of the station's schema, as `sqlite_master` names it.
struct SchemaRow {
    kind: String,
    name: String,
    sql: String,
}

/// The schema in creation order, without SQLite's own objects and without the shadow tables a
/// virtual (full-text) table keeps for itself: those are rebuilt from the content on restore.
fn schema(conn: &Connection) -> Result<Vec<SchemaRow>> {
    let mut q = conn.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")?;
    let all = q.query_map([], |r| Ok(SchemaRow { kind: r.get(0)?, name: r.get(1)?, sql: r.get(2)? }))?.collect::<std::result::Result<Vec<_>, _>>()?;
    let virtuals: Vec<String> = all.iter().filter(|s| is_virtual(s)).map(|s| format!("{}_", s.name)).collect();
    Ok(all.into_iter().filter(|s| !(s.kind == "table" && !is_virtual(s) && virtuals.iter().any(|v| s.name.starts_with(v.as_str())))).collect())
}

fn is_virtual(s: &SchemaRow) -> bool {
    s.kind == "table" && s.sql.trim_start().to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE")
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Writes the rows of the open station `conn` (one read transaction: a consistent copy while the
/// station keeps working) into a new archive at `to`, encrypted with `key`. Returns the row
/// count of each table.
pub fn write(conn: &Connection, to: &Path, key: Option<&DbKey>) -> Result<BTreeMap<String, i64>> {
    let read = conn.unchecked_transaction()?;
    let version: i64 = read.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects = schema(&read)?;
    let mut out = Connection::open(to)?;
    cipher::key_new_file(&out, key)?;
    let _: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    let tx = out.transaction()?;
    tx.execute_batch(&format!(
        "CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
         CREATE TABLE arsip_schema (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, sql TEXT NOT NULL) STRICT;
         CREATE TABLE arsip_chunks (seq INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT;"
    ))?;
    for (i, s) in objects.iter().enumerate() {
        tx.execute("INSERT INTO arsip_schema VALUES (?1, ?2, ?3, ?4)", params![i as i64, s.kind, s.name, s.sql])?;
    }
    let mut sink = Chunks { tx: &tx, raw: Vec::with_capacity(CHUNK + 64 * 1024), seq: 0, path: to };
    let mut counts = BTreeMap::new();
    for s in objects.iter().filter(|s| s.kind == "table" && !is_virtual(s)) {
        let mut q = read.prepare(&format!("SELECT * FROM {}", quoted(&s.name)))?;
        let columns = q.column_count();
        let mut rows = q.query([])?;
        let mut n = 0i64;
        while let Some(row) = rows.next()? {
            put_str(&mut sink.raw, &s.name);
            for c in 0..columns {
                put_value(&mut sink.raw, row.get_ref(c)?);
            }
            n += 1;
            sink.maybe_flush()?;
        }
        counts.insert(s.name.clone(), n);
    }
    sink.flush()?;
    let meta = [
        ("format", FORMAT.to_string()),
        ("schema_version", version.to_string()),
        ("rows", serde_json::to_string(&counts).map_err(|e| corrupt(to, e))?),
    ];
    for (k, v) in meta {
        tx.execute(&format!("INSERT INTO {META} VALUES (?1, ?2)"), params![k, v])?;
    }
    tx.commit()?;
    drop(read);
    Ok(counts)
}

/// Compressed chunks going into the archive as they fill.
struct Chunks<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    raw: Vec<u8>,
    seq: i64,
    path: &'a Path,
}

impl Chunks<'_> {
    fn maybe_flush(&mut self) -> Result<()> {
        if self.raw.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.raw.is_empty() {
            return Ok(());
        }
        let packed = zstd::bulk::compress(&self.raw, LEVEL).map_err(|e| CoreError::Io { path: self.path.display().to_string(), source: e })?;
        self.tx.execute("INSERT INTO arsip_chunks VALUES (?1, ?2)", params![self.seq, packed])?;
        self.seq += 1;
        self.raw.clear();
        Ok(())
    }
}

// The value stream: a row is its table's name then one tagged value per column.
const NULL: u8 = 0;
const INT: u8 = 1;
const REAL: u8 = 2;
const TEXT: u8 = 3;
const BLOB: u8 = 4;

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

fn put_value(out: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => out.push(NULL),
        ValueRef::Integer(i) => {
            out.push(INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            out.push(REAL);
            out.extend_from_slice(&f.to_le_bytes());
        }
        ValueRef::Text(t) => {
            out.push(TEXT);
            put_bytes(out, t);
        }
        ValueRef::Blob(b) => {
            out.push(BLOB);
            put_bytes(out, b);
        }
    }
}

/// Reads the value stream of one decompressed chunk.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.buf.len())?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Some(s)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }

    fn value(&mut self) -> Option<rusqlite::types::Value> {
        use rusqlite::types::Value;
        let tag = *self.take(1)?.first()?;
        Some(match tag {
            NULL => Value::Null,
            INT => Value::Integer(i64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            REAL => Value::Real(f64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            TEXT => Value::Text(String::from_utf8(self.bytes()?.to_vec()).ok()?),
            BLOB => Value::Blob(self.bytes()?.to_vec()),
            _ => return None,
        })
    }

    fn done(&self) -> bool {
        self.at >= self.buf.len()
    }
}

/// What an archive says about itself.
pub struct Contents {
    pub schema_version: i64,
    rows: BTreeMap<String, i64>,
    /// Columns of each table whose rows the archive holds, from its CREATE statement.
    columns: BTreeMap<String, usize>,
    objects: Vec<SchemaRow>,
}

/// Opens the archive at `path` (with `key`), checks the file (`integrity_check`) and reads what
/// it holds.
fn contents(conn: &Connection, path: &Path) -> Result<Contents> {
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(corrupt(path, ok));
    }
    let meta = |k: &str| -> Result<String> { conn.query_row(&format!("SELECT value FROM {META} WHERE key = ?1"), [k], |r| r.get(0)).map_err(|e| corrupt(path, format!("{k}: {e}"))) };
    if meta("format")? != FORMAT {
        return Err(corrupt(path, "format arsip dari versi aplikasi lain"));
    }
    let schema_version = meta("schema_version")?.parse().map_err(|e| corrupt(path, e))?;
    let rows: BTreeMap<String, i64> = serde_json::from_str(&meta("rows")?).map_err(|e| corrupt(path, e))?;
    let mut q = conn.prepare("SELECT type, name, sql FROM arsip_schema ORDER BY seq")?;
    let objects = q.query_map([], |r| Ok(SchemaRow { kind: r.get(0)?, name: r.get(1)?, sql: r.get(2)? }))?.collect::<std::result::Result<Vec<_>, _>>()?;
    let columns = rows.keys().map(|t: &String| Ok((t.clone(), column_count(&objects, t).map_err(|e| corrupt(path, format!("{t}: {e}")))?))).collect::<Result<_>>()?;
    Ok(Contents { schema_version, rows, columns, objects })
}

/// Every row of the archive in order, handed to `each` with its table's name; then checks the
/// count of each table against the one written.
fn replay(conn: &Connection, path: &Path, c: &Contents, mut each: impl FnMut(&str, Vec<rusqlite::types::Value>) -> Result<()>) -> Result<()> {
    let mut seen: BTreeMap<String, i64> = BTreeMap::new();
    let mut q = conn.prepare("SELECT data FROM arsip_chunks ORDER BY seq")?;
    let mut chunks = q.query([])?;
    while let Some(row) = chunks.next()? {
        let packed: Vec<u8> = row.get(0)?;
        let raw = zstd::stream::decode_all(&packed[..]).map_err(|e| corrupt(path, e))?;
        let mut r = Reader { buf: &raw, at: 0 };
        while !r.done() {
            let table = r.bytes().and_then(|b| std::str::from_utf8(b).ok()).ok_or_else(|| corrupt(path, "nama tabel"))?.to_string();
            let n = *c.columns.get(&table).ok_or_else(|| corrupt(path, format!("tabel tak dikenal {table}")))?;
            let values = (0..n).map(|_| r.value()).collect::<Option<Vec<_>>>().ok_or_else(|| corrupt(path, format!("baris {table} terpotong")))?;
            *seen.entry(table.clone()).or_default() += 1;
            each(&table, values)?;
        }
    }
    for (table, n) in &c.rows {
        let got = seen.get(table).copied().unwrap_or(0);
        if got != *n {
            return Err(corrupt(path, format!("{table}: {got} baris, tertulis {n}")));
        }
    }
    Ok(())
}

/// Columns of `table` as its CREATE statement makes them (asked of a scratch in-memory table).
fn column_count(objects: &[SchemaRow], table: &str) -> std::result::Result<usize, String> {
    let s = objects.iter().find(|s| s.name == table).ok_or("tabel tanpa skema")?;
    let m = Connection::open_in_memory().map_err(|e| e.to_string())?;
    m.execute_batch(&s.sql).map_err(|e| e.to_string())?;
    m.prepare(&format!("SELECT * FROM {}", quoted(table))).map(|q| q.column_count()).map_err(|e| e.to_string())
}

/// Checks the archive at `path` whole (file check, every chunk decompressed, every row read and
/// counted). Returns the station schema version it holds.
pub fn check(conn: &Connection, path: &Path) -> Result<i64> {
    let c = contents(conn, path)?;
    replay(conn, path, &c, |_, _| Ok(()))?;
    Ok(c.schema_version)
}

/// Builds a station file at `to` (new; encrypted with `key`) from the archive at `path`.
pub fn restore_to(path: &Path, key: Option<&DbKey>, to: &Path) -> Result<()> {
    let src = cipher::open_file(path, key, false)?;
    let c = contents(&src, path)?;
    let _ = std::fs::remove_file(to);
    let built = (|| -> Result<()> {
        let mut out = Connection::open(to)?;
        cipher::key_new_file(&out, key)?;
        let _: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        // Rows come table by table, not in the order they refer to each other; the references
        // are checked once all are in.
        out.execute_batch("PRAGMA foreign_keys = OFF")?;
        let tx = out.transaction()?;
        let tables: Vec<&SchemaRow> = c.objects.iter().filter(|s| s.kind == "table" && !is_virtual(s)).collect();
        for s in &tables {
            tx.execute_batch(&s.sql)?;
        }
        {
            let mut inserts = BTreeMap::new();
            for (t, n) in &c.columns {
                let marks = vec!["?"; *n].join(", ");
                inserts.insert(t.clone(), tx.prepare(&format!("INSERT INTO {} VALUES ({marks})", quoted(t)))?);
            }
            replay(&src, path, &c, |table, values| {
                let q = inserts.get_mut(table).ok_or_else(|| corrupt(path, format!("tabel tak dikenal {table}")))?;
                q.execute(rusqlite::params_from_iter(values))?;
                Ok(())
            })?;
        }
        for s in c.objects.iter().filter(|s| !(s.kind == "table" && !is_virtual(s))) {
            tx.execute_batch(&s.sql)?;
            if is_virtual(s) && s.sql.to_ascii_lowercase().contains("fts5") {
                tx.execute(&format!("INSERT INTO {0}({0}) VALUES ('rebuild')", quoted(&s.name)), [])?;
            }
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}", c.schema_version))?;
        tx.commit()?;
        let ok: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let broken: i64 = out.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if ok != "ok" || broken > 0 {
            return Err(corrupt(path, format!("hasil pemulihan: {ok}; {broken} rujukan putus")));
        }
        Ok(())
    })();
    if built.is_err() {
        let _ = std::fs::remove_file(to);
    }
    built
}
