import { describe, expect, it } from "vitest";
import type { QueueItem } from "../bindings/QueueItem";
import { exactMatch, moveSelection, officeDate, officeTime, setOfficeZone, timeLeft, statusWithReprints } from "./format";

const item = (request_id: string, nik: string): QueueItem => ({
  request_id,
  nik,
  nama: "X",
  service: "baru",
  channel: "loket",
  approved_at: "2026-11-21T01:00:00Z",
  status: "queued",
  due_at: "2026-11-21T01:15:00Z",
  minutes_left: 5,
  overdue: false,
  demo: false,
  reprints: 0,
  cancelled_upstream: false,
});

describe("timeLeft", () => {
  it("counts minutes, hours and days", () => {
    expect(timeLeft(12)).toBe("12 menit");
    expect(timeLeft(125)).toBe("2 jam 5 menit");
    expect(timeLeft(120)).toBe("2 jam");
    expect(timeLeft(1440 + 180)).toBe("1 hari 3 jam");
  });
  it("says late when overdue", () => {
    expect(timeLeft(-7)).toBe("Terlambat 7 menit");
    expect(timeLeft(0)).toBe("0 menit");
  });
});

describe("office time", () => {
  it("shows instants on the office's clock with its zone, whatever the PC zone", () => {
    expect(officeTime("2026-11-21T01:15:00Z")).toBe("21-11-2026 08:15 WIB");
    expect(officeTime("2026-11-20T23:30:00+00:00")).toBe("21-11-2026 06:30 WIB");
    expect(officeTime("2026-11-21T01:15:00Z", "WITA")).toBe("21-11-2026 09:15 WITA");
    expect(officeTime("2026-11-21T01:15:00Z", "WIT")).toBe("21-11-2026 10:15 WIT");
    expect(officeTime("bukan waktu")).toBe("bukan waktu");
  });

  it("turns the date over at the office's midnight, not UTC's", () => {
    expect(officeDate(Date.parse("2026-11-20T16:59:00Z"))).toBe("2026-11-20");
    expect(officeDate(Date.parse("2026-11-20T17:00:00Z"))).toBe("2026-11-21");
    // 16:30 UTC: still the 20th in WIB, already the 21st in WITA; a WITA office's year ends at 16:00 UTC.
    expect(officeDate(Date.parse("2026-11-20T16:30:00Z"), "WITA")).toBe("2026-11-21");
    expect(officeDate(Date.parse("2026-12-31T16:00:00Z"), "WITA")).toBe("2027-01-01");
    expect(officeDate(Date.parse("2026-12-31T15:59:00Z"), "WITA")).toBe("2026-12-31");
  });

  it("follows the zone the office set", () => {
    setOfficeZone("WITA");
    expect(officeTime("2026-11-21T01:15:00Z")).toBe("21-11-2026 09:15 WITA");
    setOfficeZone("WIB");
    expect(officeTime("2026-11-21T01:15:00Z")).toBe("21-11-2026 08:15 WIB");
  });
});

describe("exactMatch", () => {
  const items = [item("REQ-1", "3520065403920001"), item("REQ-2", "3520110211780002")];
  it("opens a scanned NIK or request id directly", () => {
    expect(exactMatch(items, " 3520110211780002 ")?.request_id).toBe("REQ-2");
    expect(exactMatch(items, "req-1")?.request_id).toBe("REQ-1");
  });
  it("does not guess on partial text", () => {
    expect(exactMatch(items, "3520")).toBeUndefined();
    expect(exactMatch(items, "")).toBeUndefined();
  });
});

describe("moveSelection", () => {
  it("stays inside the list", () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe("statusWithReprints", () => {
  it("adds the approved reprints to the status words", () => {
    expect(statusWithReprints("queued", 0)).toBe("Menunggu cetak");
    expect(statusWithReprints("queued", 2)).toBe("Menunggu cetak · cetak ulang 2×");
    expect(statusWithReprints("reprint_refused", 1)).toBe("Cetak ulang ditolak · cetak ulang 1×");
  });
});
