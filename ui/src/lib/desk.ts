// The desk's rules that are more than wiring: idle lock timing, what a print's progress says,
// the handover form's checks, spoil reasons in words, and the feed's state in words.
import type { FeedState } from "../bindings/FeedState";
import type { JobState } from "../bindings/JobState";
import type { PrintEvent } from "../bindings/PrintEvent";
import type { Role } from "../bindings/Role";
import type { SpoilReason } from "../bindings/SpoilReason";
import { officeTime } from "./format";

/** True when the desk has been idle for at least `minutes` (the core locks on its side too). */
export function idleExpired(lastActivityMs: number, nowMs: number, minutes: number): boolean {
  return nowMs - lastActivityMs >= minutes * 60_000;
}

/** True when activity at `nowMs` should be reported to the core (at most every `everyMs`). */
export function shouldPing(lastPingMs: number, nowMs: number, everyMs = 30_000): boolean {
  return nowMs - lastPingMs >= everyMs;
}

/** One line of the print progress as the officer reads it. */
export function progressLine(e: PrintEvent): string {
  switch (e.stage) {
    case "checking_printer":
      return `Memeriksa printer ${e.printer}…`;
    case "reserved":
      return `Blanko ${e.blanko_serial} dicatat terpakai; mengirim ke printer…`;
    case "submitted":
      return `Pekerjaan ${e.job_id} diterima antrean cetak.`;
    case "job":
      return `Pekerjaan ${e.job_id}: ${e.words}`;
  }
}

export const JOB_STATE: Record<JobState, string> = {
  reserved: "blanko dicatat, belum terkirim",
  submitted: "terkirim, sedang diproses",
  completed: "selesai dikirim ke printer",
  failed: "gagal",
  unknown: "tidak diketahui",
};

export const ALASAN_RUSAK: Record<SpoilReason, string> = {
  data_salah: "Data salah",
  gangguan_cetak: "Gangguan cetak (tinta/pita)",
  laminasi_mengelupas: "Laminasi mengelupas (suhu salah)",
  chip_rusak: "Chip rusak",
  kartu_macet: "Kartu macet",
  lainnya: "Lainnya (tulis di catatan)",
};

/** A stored spoil reason ("data_salah: nama salah eja") in the desk's words ("Data salah: nama salah eja"). */
export function reasonWords(stored: string | null | undefined): string {
  if (!stored) return "";
  const [code, ...rest] = stored.split(": ");
  const words = (ALASAN_RUSAK as Record<string, string>)[code];
  if (!words) return stored;
  const label = code === "lainnya" ? "Lainnya" : words;
  return rest.length > 0 ? `${label}: ${rest.join(": ")}` : label;
}

export const PERAN: Record<Role, string> = { operator: "Operator", supervisor: "Supervisor", admin: "Admin" };

/** Operators and supervisors work the print desk; admins run the station. */
export const isDesk = (role: Role) => role === "operator" || role === "supervisor";

export interface HandoverForm {
  self: boolean;
  recipient: string;
  relation: string;
  oldCardRequired: boolean;
  oldCardWithdrawn: boolean;
}

/** What is still wrong with the handover form, in words; empty when it can be recorded. */
export function handoverProblems(f: HandoverForm): string[] {
  const out: string[] = [];
  if (!f.recipient.trim()) out.push("Nama penerima wajib diisi.");
  if (!f.self && !f.relation.trim()) out.push("Sebutkan hubungan wakil dengan pemohon (mis. ANAK, SUAMI).");
  if (f.oldCardRequired && !f.oldCardWithdrawn) out.push("KTP-el lama wajib ditarik (potong sudut kiri atas) sebelum kartu baru diserahkan.");
  return out;
}


/** The feed's state for the status bar, in plain words; `problem` when the last round failed. */
export function feedWords(f: FeedState): { text: string; problem: boolean } {
  if (!f.base_url) return { text: "Umpan: belum dikonfigurasi (impor berkas)", problem: false };
  const contact = f.last_contact_at ? `kontak terakhir ${officeTime(f.last_contact_at)}` : "belum pernah terhubung";
  const pending = f.pending > 0 ? `; ${f.pending} status menunggu dikirim` : "";
  const problem = f.failing ? `; masalah: ${f.last_error}` : "";
  return { text: `Umpan: ${contact}${pending}${problem}`, problem: f.failing };
}
