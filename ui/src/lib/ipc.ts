// Typed calls into the Rust shell. The types come from ui/src/bindings, generated from the Rust
// types (tests/bindings.rs fails when they drift), so the two sides cannot disagree.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { About } from "../bindings/About";
import type { CancelReport } from "../bindings/CancelReport";
import type { SpoolLogin } from "../bindings/SpoolLogin";
import type { BackupFile } from "../bindings/BackupFile";
import type { DataPlace } from "../bindings/DataPlace";
import type { DeskName } from "../bindings/DeskName";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { RestoreReport } from "../bindings/RestoreReport";
import type { ErrorReply } from "../bindings/ErrorReply";
import type { FoundRequest } from "../bindings/FoundRequest";
import type { HandoverRow } from "../bindings/HandoverRow";
import type { OpenAttempt } from "../bindings/OpenAttempt";
import type { PrintEvent } from "../bindings/PrintEvent";
import type { PrintReport } from "../bindings/PrintReport";
import type { PrinterView } from "../bindings/PrinterView";
import type { QueueItem } from "../bindings/QueueItem";
import type { ReadyItem } from "../bindings/ReadyItem";
import type { RegisterRow } from "../bindings/RegisterRow";
import type { RegisterCarryover } from "../bindings/RegisterCarryover";
import type { RibbonChange } from "../bindings/RibbonChange";
import type { RibbonStatus } from "../bindings/RibbonStatus";
import type { ChipTap } from "../bindings/ChipTap";
import type { RequestDetail } from "../bindings/RequestDetail";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { SettingItem } from "../bindings/SettingItem";
import type { SpoilReason } from "../bindings/SpoilReason";
import type { UserRow } from "../bindings/UserRow";
import type { BlankoHistory } from "../bindings/BlankoHistory";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReprintCase } from "../bindings/ReprintCase";
import type { ReprintDecision } from "../bindings/ReprintDecision";
import type { Signature } from "../bindings/Signature";
import type { ReportView } from "../bindings/ReportView";
import type { ServiceReport } from "../bindings/ServiceReport";
import type { DestroyedBlank } from "../bindings/DestroyedBlank";
import type { DestructionRecord } from "../bindings/DestructionRecord";
import type { LobbyView } from "../bindings/LobbyView";
import type { PosterKind } from "../bindings/PosterKind";

/** Every failure reaches the page as an ErrorReply {code, message}. */
export function asError(e: unknown): ErrorReply {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as ErrorReply;
  return { code: "internal", message: String(e) };
}

/** Codes after which the officer must log in again. */
export const SESSION_ENDED = new Set(["not_logged_in", "session_locked"]);

export const masuk = (username: string, password: string) => invoke<SessionInfo>("masuk", { username, password });
export const keluar = () => invoke<void>("keluar");
export const aktif = () => invoke<void>("aktif");
export const status = () => invoke<DeskStatus>("status");
export const meja = () => invoke<DeskName>("meja");
export const mejaSimpan = (nama: string) => invoke<DeskName>("meja_simpan", { nama });
export const tempatData = () => invoke<DataPlace>("tempat_data");
export const tentang = () => invoke<About>("tentang");
export const tempatDataSimpan = (lokasi: string) => invoke<DataPlace>("tempat_data_simpan", { lokasi });

export const antrian = (cari: string) => invoke<QueueItem[]>("antrian", { cari });
export const detail = (requestId: string) => invoke<RequestDetail>("detail", { requestId });
export const siapSerah = () => invoke<ReadyItem[]>("siap_serah");
export const serahkan = (requestId: string, penerima: string, wakil: string | null, kartuLamaDitarik: boolean) =>
  invoke<HandoverRow>("serahkan", { requestId, penerima, wakil, kartuLamaDitarik });
export const register = (tanggal: string, cari: string) => invoke<RegisterRow[]>("register", { tanggal, cari });
export const registerEkspor = (tanggal: string, cari: string) => invoke<string>("register_ekspor", { tanggal, cari });
export const registerBukuKertas = () => invoke<RegisterCarryover[]>("register_buku_kertas");
export const registerLanjutkan = (tahun: number, nomor: number, rujukan: string) =>
  invoke<RegisterCarryover>("register_lanjutkan", { tahun, nomor, rujukan });

export const printerDaftar = () => invoke<PrinterView[]>("printer_daftar");
export const printerPilih = (nama: string) => invoke<void>("printer_pilih", { nama });
export const pita = (printer: string) => invoke<RibbonStatus | null>("pita", { printer });
export const pitaGanti = (printer: string, kapasitas: number | null) => invoke<RibbonChange>("pita_ganti", { printer, kapasitas });
export const cekBlanko = (serial: string) => invoke<string>("cek_blanko", { serial });
export const cetak = (requestId: string, serial: string, printer: string, chip: string | null) => invoke<PrintReport>("cetak", { requestId, serial, printer, chip });
export const chipBaca = () => invoke<ChipTap>("chip_baca");
export const cadanganTerakhir = () => invoke<BackupFile | null>("cadangan_terakhir");
export const pulihkanCadangan = (username: string, password: string) => invoke<RestoreReport>("pulihkan_cadangan", { username, password });

/** A second launch of the app was sent to this window. */
export const onInstansKedua = (f: () => void): Promise<UnlistenFn> => listen("instans-kedua", () => f());
export const batalkanCetak = (requestId: string) => invoke<CancelReport>("batalkan_cetak", { requestId });
export const serverCetak = () => invoke<SpoolLogin[]>("server_cetak");
export const serverCetakSimpan = (server: string, pengguna: string, kataSandi: string, berkasCa: string) =>
  invoke<void>("server_cetak_simpan", { server, pengguna, kataSandi, berkasCa });
export const serverCetakHapus = (server: string) => invoke<void>("server_cetak_hapus", { server });
export const onCetak = (f: (e: PrintEvent) => void): Promise<UnlistenFn> => listen<PrintEvent>("cetak", (ev) => f(ev.payload));
export const hasilTerbuka = () => invoke<OpenAttempt[]>("hasil_terbuka");
export const hasilBaik = (requestId: string) => invoke<RegisterRow>("hasil_baik", { requestId });
export const hasilRusak = (requestId: string, alasan: SpoilReason, catatan: string) => invoke<void>("hasil_rusak", { requestId, alasan, catatan });
export const hasilTidakTerambil = (requestId: string) => invoke<void>("hasil_tidak_terambil", { requestId });

export const pengaturan = () => invoke<SettingItem[]>("pengaturan");
export const pengaturanUbah = (key: string, value: string) => invoke<void>("pengaturan_ubah", { key, value });
export const printerAtur = (nama: string, offsetXMm: number, offsetYMm: number, spesimen: boolean) =>
  invoke<void>("printer_atur", { nama, offsetXMm, offsetYMm, spesimen });
export const kartuKalibrasi = (nama: string) => invoke<number>("kartu_kalibrasi", { nama });
export const pengguna = () => invoke<UserRow[]>("pengguna");
export const penggunaTambah = (username: string, namaLengkap: string, peran: string, kataSandi: string) =>
  invoke<void>("pengguna_tambah", { username, namaLengkap, peran, kataSandi });

export const cetakUlangDaftar = () => invoke<ReprintCase[]>("cetak_ulang_daftar");
/** The supervisor's own name and password: a second person's approval at the officer's desk. */
export const cetakUlangPutuskan = (requestId: string, pengguna: string, sandi: string, setuju: boolean, catatan: string) =>
  invoke<ReprintDecision>("cetak_ulang_putuskan", { requestId, pengguna, sandi, setuju, catatan });
export const laporan = (dari: string, sampai: string) => invoke<ReportView>("laporan", { dari, sampai });
export const laporanEkspor = (dari: string, sampai: string, format: ReportFormat) => invoke<string>("laporan_ekspor", { dari, sampai, format });
export const laporanTandatangani = (tanggal: string) => invoke<Signature>("laporan_tandatangani", { tanggal });
export const riwayatPermohonan = (requestId: string) => invoke<HistoryEntry[]>("riwayat_permohonan", { requestId });
export const riwayatBlanko = (serial: string) => invoke<BlankoHistory>("riwayat_blanko", { serial });
export const cariPermohonan = (query: string) => invoke<FoundRequest[]>("cari_permohonan", { query });

/** A day (tanggal) or, when bulan (TTTT-BB) is given, that month. */
export const kinerja = (tanggal: string, bulan: string) => invoke<ServiceReport>("kinerja", { tanggal, bulan });
export const kinerjaEkspor = (tanggal: string, bulan: string) => invoke<string>("kinerja_ekspor", { tanggal, bulan });
export const pemusnahanMenunggu = () => invoke<DestroyedBlank[]>("pemusnahan_menunggu");
export const pemusnahanDaftar = (tahun: number) => invoke<DestructionRecord[]>("pemusnahan_daftar", { tahun });
export const pemusnahanCatat = (nomor: string, tanggal: string, saksi: string[], seri: string[]) =>
  invoke<string>("pemusnahan_catat", { nomor, tanggal, saksi, seri });
export const pemusnahanCetak = (nomor: string) => invoke<string>("pemusnahan_cetak", { nomor });
export const laporanBulananEkspor = (bulan: string, format: ReportFormat) => invoke<string>("laporan_bulanan_ekspor", { bulan, format });
export const posterSimpan = (jenis: PosterKind) => invoke<string>("poster_simpan", { jenis });
export const layarPublik = () => invoke<LobbyView>("layar_publik");
/** The lobby screen in its own window (full screen on a second monitor): true when it went there. */
export const layarPublikJendela = () => invoke<boolean>("layar_publik_jendela");
export const layarPublikTutup = () => invoke<void>("layar_publik_tutup");
export const layarPublikPenuh = () => invoke<void>("layar_publik_penuh");
