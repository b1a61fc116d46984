//! PostgreSQL: the office's one register. Numbers are gap-free per year across every desk: the
//! year's counter row is locked in the confirm transaction (no sequence, which would leave a gap
//! for every rolled-back confirm), and a trigger refuses any number but the next.

use tokio_postgres::Row;

use super::PgDb;
use crate::error::Result;
use crate::store::register::{RegisterRow, RegisterStore};

pub const SCHEMA_V1: &str = "
CREATE TABLE register (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year            bigint NOT NULL,
    seq             bigint NOT NULL CHECK (seq >= 1),
    register_number text NOT NULL UNIQUE,
    registered_at   text NOT NULL,
    register_date   text NOT NULL,
    nik             text NOT NULL,
    nama            text NOT NULL,
    alamat          text NOT NULL,
    rt              text NOT NULL,
    rw              text NOT NULL,
    kel_desa        text NOT NULL,
    kecamatan       text NOT NULL,
    service         text NOT NULL,
    blanko_serial   text NOT NULL UNIQUE REFERENCES blanko (serial),
    operator        text NOT NULL,
    station         text NOT NULL,
    approver        text NOT NULL,
    request_id      text NOT NULL UNIQUE,
    attempt_id      bigint NOT NULL UNIQUE REFERENCES print_attempts (id),
    UNIQUE (year, seq)
);
CREATE INDEX register_date ON register (register_date);
CREATE INDEX register_nik ON register (nik);
CREATE TABLE register_years (year bigint PRIMARY KEY, last bigint NOT NULL CHECK (last >= 0));
CREATE FUNCTION register_gap_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq <> (SELECT COALESCE(max(seq), 0) + 1 FROM register WHERE year = NEW.year) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'register number out of sequence';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER register_gap_free BEFORE INSERT ON register FOR EACH ROW EXECUTE FUNCTION register_gap_free();
-- The year's counter follows the register on the server, saving the confirm a round trip while
-- it holds the counter's lock (and keeping it right for rows written any other way).
CREATE FUNCTION register_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO register_years (year, last) VALUES (NEW.year, NEW.seq)
        ON CONFLICT (year) DO UPDATE SET last = GREATEST(register_years.last, excluded.last);
    RETURN NULL;
END $$;
CREATE TRIGGER register_count AFTER INSERT ON register FOR EACH ROW EXECUTE FUNCTION register_count();
CREATE TRIGGER register_append_only BEFORE UPDATE OR DELETE ON register FOR EACH ROW EXECUTE FUNCTION ktpel_refuse('register is append-only');
CREATE TRIGGER register_no_truncate BEFORE TRUNCATE ON register FOR EACH STATEMENT EXECUTE FUNCTION ktpel_refuse('register is append-only');
";

fn register_row(r: &Row) -> Result<RegisterRow> {
    Ok(RegisterRow {
        year: r.try_get("year")?,
        seq: r.try_get("seq")?,
        register_number: r.try_get("register_number")?,
        registered_at: r.try_get("registered_at")?,
        register_date: r.try_get("register_date")?,
        nik: r.try_get("nik")?,
        nama: r.try_get("nama")?,
        alamat: r.try_get("alamat")?,
        rt: r.try_get("rt")?,
        rw: r.try_get("rw")?,
        kel_desa: r.try_get("kel_desa")?,
        kecamatan: r.try_get("kecamatan")?,
        service: r.try_get("service")?,
        blanko_serial: r.try_get("blanko_serial")?,
        chip_uid: r.try_get("chip_uid")?,
        operator: r.try_get("operator")?,
        station: r.try_get("station")?,
        approver: r.try_get("approver")?,
        request_id: r.try_get("request_id")?,
        attempt_id: r.try_get("attempt_id")?,
    })
}

impl RegisterStore for PgDb<'_> {
    fn register_next_seq(&self, year: i64) -> Result<i64> {
        // One round trip: the first confirm of a year makes the row from the register itself;
        // every confirm takes the row's lock (the no-op update) and holds it to its commit, so
        // a second desk waits here and then reads the number after the first's.
        // A year with no card yet starts after its paper book (`register_carryover`), or at 1.
        let sql = "INSERT INTO register_years (year, last)
                   SELECT $1, COALESCE(max(seq), (SELECT last_seq FROM register_carryover WHERE year = $1), 0) FROM register WHERE year = $1
                   ON CONFLICT (year) DO UPDATE SET last = register_years.last RETURNING last + 1";
        Ok(self.one(sql, &[&year])?.try_get(0)?)
    }

    fn register_insert(&self, row: &RegisterRow) -> Result<()> {
        self.exec(
            "INSERT INTO register (year, seq, register_number, registered_at, register_date, nik, nama, alamat, rt, rw,
                kel_desa, kecamatan, service, blanko_serial, operator, approver, request_id, attempt_id, station, chip_uid)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            &[
                &row.year,
                &row.seq,
                &row.register_number,
                &row.registered_at,
                &row.register_date,
                &row.nik,
                &row.nama,
                &row.alamat,
                &row.rt,
                &row.rw,
                &row.kel_desa,
                &row.kecamatan,
                &row.service,
                &row.blanko_serial,
                &row.operator,
                &row.approver,
                &row.request_id,
                &row.attempt_id,
                &row.station,
                &row.chip_uid,
            ],
        )?;
        Ok(())
    }

    fn register_on_date(&self, date: &str) -> Result<Vec<RegisterRow>> {
        self.query("SELECT * FROM register WHERE register_date = $1 ORDER BY year, seq", &[&date])?.iter().map(register_row).collect()
    }

    fn register_all(&self) -> Result<Vec<RegisterRow>> {
        self.query("SELECT * FROM register ORDER BY year, seq", &[])?.iter().map(register_row).collect()
    }

    fn register_by_request(&self, request_id: &str) -> Result<Option<RegisterRow>> {
        self.opt("SELECT * FROM register WHERE request_id = $1", &[&request_id])?.as_ref().map(register_row).transpose()
    }
}
