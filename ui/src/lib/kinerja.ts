// Which requests the Kinerja screen lists. A day: all of them. A month of a busy office is
// thousands of lines, so it starts with the late and unfinished ones (as the month's PDF); the
// officer can still show them all.
import type { RequestSteps } from "../bindings/RequestSteps";

export function listedRequests(requests: RequestSteps[], onlyLate: boolean): RequestSteps[] {
  return onlyLate ? requests.filter((q) => q.on_time !== true) : requests;
}
