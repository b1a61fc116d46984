// Typed calls into the Rust shell. The types come from ui/src/bindings, generated from the Rust
// types (tests/bindings.rs fails when they drift), so the two sides cannot disagree.
import { invoke } from "@tauri-apps/api/core";
import type { Actor } from "../bindings/Actor";
import type { ErrorReply } from "../bindings/ErrorReply";
import type { QueueItem } from "../bindings/QueueItem";
import type { RequestDetail } from "../bindings/RequestDetail";
import type { StationStatus } from "../bindings/StationStatus";

/** Every failure reaches the page as an ErrorReply {code, message}. */
export function asError(e: unknown): ErrorReply {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as ErrorReply;
  return { code: "internal", message: String(e) };
}

export const masuk = (username: string, password: string) => invoke<Actor>("masuk", { username, password });
export const keluar = () => invoke<void>("keluar");
export const antrian = (cari: string) => invoke<QueueItem[]>("antrian", { cari });
export const detail = (requestId: string) => invoke<RequestDetail>("detail", { requestId });
export const status = () => invoke<StationStatus>("status");
