// Words and numbers as the desk reads them: Indonesian labels, times in the office's zone, time left.
import type { Zone } from "../bindings/Zone";
import type { Channel } from "../bindings/Channel";
import type { QueueItem } from "../bindings/QueueItem";
import type { RequestStatus } from "../bindings/RequestStatus";
import type { Service } from "../bindings/Service";
import type { BlankoState } from "../bindings/BlankoState";
import type { LedgerEvent } from "../bindings/LedgerEvent";

export const LAYANAN: Record<Service, string> = {
  perubahan_data: "Perubahan data",
  hilang: "Hilang",
  rusak: "Rusak",
  baru: "Baru",
};

export const KANAL: Record<Channel, string> = { loket: "Loket", paktuwa: "PAKTUWA", online: "Online" };

export const STATUS: Record<RequestStatus, string> = {
  queued: "Menunggu cetak",
  printing: "Sedang dicetak",
  held_for_reprint: "Menunggu persetujuan cetak ulang",
  reprint_refused: "Cetak ulang ditolak",
  cancelled: "Dibatalkan oleh sistem persetujuan",
  ready: "Siap diserahkan",
  handed_over: "Sudah diserahkan",
};

/** "12 menit", "2 jam 5 menit", "1 hari 3 jam"; "Terlambat …" when negative. */
export function timeLeft(minutes: number): string {
  const late = minutes < 0;
  let m = Math.abs(Math.trunc(minutes));
  const days = Math.floor(m / 1440);
  m -= days * 1440;
  const hours = Math.floor(m / 60);
  m -= hours * 60;
  const parts = days > 0 ? [`${days} hari`, hours > 0 ? `${hours} jam` : ""] : hours > 0 ? [`${hours} jam`, m > 0 ? `${m} menit` : ""] : [`${m} menit`];
  const text = parts.filter(Boolean).join(" ");
  return late ? `Terlambat ${text}` : text;
}

const OFFSET_HOURS: Record<Zone, number> = { WIB: 7, WITA: 8, WIT: 9 };

/** The office's zone (setting office.timezone), from the status the window polls. */
let zone: Zone = "WIB";

export function setOfficeZone(z: Zone) {
  zone = z;
}

export function officeZone(): Zone {
  return zone;
}

/** An RFC 3339 instant on the office's wall clock, with its zone: "21-11-2026 08:15 WIB". */
export function officeTime(instant: string, z: Zone = zone): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return instant;
  const d = new Date(t + OFFSET_HOURS[z] * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}-${p(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${z}`;
}

/** The office's calendar date of an instant, as YYYY-MM-DD. */
export function officeDate(nowMs: number, z: Zone = zone): string {
  return new Date(nowMs + OFFSET_HOURS[z] * 3600_000).toISOString().slice(0, 10);
}

/**
 * What a scanned or typed search should open directly: the one queue item whose NIK or request
 * id equals the text exactly (a barcode scanner types the whole value, then Enter).
 */
export function exactMatch(items: QueueItem[], text: string): QueueItem | undefined {
  const q = text.trim().toUpperCase();
  if (!q) return undefined;
  const hits = items.filter((i) => i.nik === q || i.request_id.toUpperCase() === q);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Moves a selection index by `step` within `length` items, staying in range. */
export function moveSelection(index: number, step: number, length: number): number {
  if (length === 0) return -1;
  if (index < 0) return step > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, index + step));
}

/** "Menunggu cetak · cetak ulang 1×": a request's status with its approved reprints. */
export function statusWithReprints(status: RequestStatus, reprints: number): string {
  return reprints > 0 ? `${STATUS[status]} · cetak ulang ${reprints}×` : STATUS[status];
}

export const KEJADIAN: Record<LedgerEvent, string> = {
  received: "Diterima",
  reserved: "Dipakai untuk cetak",
  printed: "Tercetak baik",
  spoiled: "Rusak saat cetak",
  returned: "Kembali ke stok (tidak terambil)",
  written_off: "Penyesuaian: rusak di stok",
  lost: "Penyesuaian: hilang",
  found: "Penyesuaian: ditemukan kembali",
  disabled: "Dipotong sudutnya",
  destroyed: "Dimusnahkan",
};

export const KEADAAN_BLANKO: Record<BlankoState, string> = {
  in_stock: "tersedia di stok",
  reserved: "sedang dipakai untuk cetak",
  printed: "sudah tercetak",
  spoiled: "rusak, belum dipotong sudutnya",
  disabled: "rusak, sudah dipotong sudutnya",
  destroyed: "sudah dimusnahkan",
  lost: "hilang (selisih hitung stok)",
};
