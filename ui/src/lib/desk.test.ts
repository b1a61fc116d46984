import { describe, expect, it } from "vitest";
import { handoverProblems, idleExpired, progressLine, shouldPing, feedWords, reasonWords } from "./desk";

describe("idle lock", () => {
  it("locks after the configured minutes and not before", () => {
    expect(idleExpired(0, 4 * 60_000 + 59_000, 5)).toBe(false);
    expect(idleExpired(0, 5 * 60_000, 5)).toBe(true);
    expect(idleExpired(1_000, 61_000, 1)).toBe(true);
  });
  it("reports activity to the core at most every 30 s", () => {
    expect(shouldPing(0, 29_999)).toBe(false);
    expect(shouldPing(0, 30_000)).toBe(true);
  });
});

describe("print progress", () => {
  it("says each stage in Indonesian with its numbers", () => {
    expect(progressLine({ stage: "checking_printer", printer: "KARTU-1" })).toBe("Memeriksa printer KARTU-1…");
    expect(progressLine({ stage: "reserved", attempt_id: 3, blanko_serial: "KT000007" })).toContain("KT000007");
    expect(progressLine({ stage: "submitted", job_id: 41 })).toBe("Pekerjaan 41 diterima antrean cetak.");
    const job = { stage: "job" as const, job_id: 41, job_state: 5, job_words: "sedang dicetak", printer_state: 4, printer_reasons: [], words: "sedang dicetak" };
    expect(progressLine(job)).toBe("Pekerjaan 41: sedang dicetak");
  });
});

describe("handover form", () => {
  const base = { self: true, recipient: "SITI", relation: "", oldCardRequired: false, oldCardWithdrawn: false };
  it("accepts the applicant collecting a new card", () => {
    expect(handoverProblems(base)).toEqual([]);
  });
  it("needs a relation for a representative and the old card for rusak/perubahan data", () => {
    const p = handoverProblems({ ...base, self: false, oldCardRequired: true });
    expect(p).toHaveLength(2);
    expect(p[0]).toContain("hubungan wakil");
    expect(p[1]).toContain("KTP-el lama");
    expect(handoverProblems({ ...base, recipient: "  " })).toEqual(["Nama penerima wajib diisi."]);
  });
});


describe("reasonWords", () => {
  it("puts a stored spoil reason in the desk's words and keeps the note", () => {
    expect(reasonWords("data_salah: tanggal lahir tertukar")).toBe("Data salah: tanggal lahir tertukar");
    expect(reasonWords("kartu_macet")).toBe("Kartu macet");
    expect(reasonWords("lainnya: pita habis")).toBe("Lainnya: pita habis");
    expect(reasonWords("tergores di kotak")).toBe("tergores di kotak");
    expect(reasonWords(null)).toBe("");
  });
});

describe("feedWords", () => {
  const base = { base_url: null, token_set: false, cursor: null, poll_seconds: 60, timeout_seconds: 30, last_contact_at: null, last_error: null, last_error_at: null, rejected: 0, pending: 0, failing: false };
  it("says when no feed is configured", () => {
    expect(feedWords(base)).toEqual({ text: "Umpan: belum dikonfigurasi (impor berkas)", problem: false });
  });
  it("shows the last contact, pending messages and a current problem", () => {
    const ok = { ...base, base_url: "https://x", last_contact_at: "2026-11-21T01:00:00.000Z", pending: 2 };
    expect(feedWords(ok)).toEqual({ text: "Umpan: kontak terakhir 21-11-2026 08:00 WIB; 2 status menunggu dikirim", problem: false });
    const failing = { ...ok, last_error: "server menjawab 503", last_error_at: "2026-11-21T01:05:00.000Z", failing: true };
    expect(feedWords(failing).problem).toBe(true);
    expect(feedWords(failing).text).toContain("masalah: server menjawab 503");
    const recovered = { ...failing, last_contact_at: "2026-11-21T01:10:00.000Z", failing: false };
    expect(feedWords(recovered).problem).toBe(false);
  });
});
