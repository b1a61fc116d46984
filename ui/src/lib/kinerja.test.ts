import { describe, expect, it } from "vitest";
import type { RequestSteps } from "../bindings/RequestSteps";
import { listedRequests } from "./kinerja";

const request = (request_id: string, on_time: boolean | null): RequestSteps => ({
  request_id,
  service: "baru",
  channel: "loket",
  operator: "ani",
  submitted_at: "2026-11-24T01:00:00.000Z",
  approved_at: "2026-11-24T01:02:00.000Z",
  print_started_at: null,
  printed_at: null,
  registered_at: null,
  handed_over_at: null,
  due_at: "2026-11-24T01:15:00.000Z",
  wait_minutes: null,
  print_minutes: null,
  register_minutes: null,
  handover_minutes: null,
  total_minutes: null,
  on_time,
});

describe("Kinerja list", () => {
  const all = [request("A", true), request("B", false), request("C", null)];
  it("lists every request of a day", () => {
    expect(listedRequests(all, false).map((q) => q.request_id)).toEqual(["A", "B", "C"]);
  });
  it("keeps the late and unfinished ones when asked (a month)", () => {
    expect(listedRequests(all, true).map((q) => q.request_id)).toEqual(["B", "C"]);
  });
});
