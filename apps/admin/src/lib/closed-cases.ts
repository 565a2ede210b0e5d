// Where the closed cases live: children who have left the service, for coordinators, at
// /admin/closed-cases/<child id>, and the API's address for them.
import { BASE } from "./return-path.ts";

/** A closed case's address, or one of its parts: `closedCasePath(id, "reopen")`; the list with none. */
export function closedCasePath(childId?: string, ...parts: readonly string[]): string {
  const path = [`${BASE}/closed-cases`, ...(childId === undefined ? [] : [childId, ...parts])];
  return path.map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}

/** The API's address for a closed case, or one of its parts; the list with none. */
export function closedCaseApi(childId?: string, ...parts: readonly string[]): string {
  const path = ["/api/closed-cases", ...(childId === undefined ? [] : [childId, ...parts])];
  return path.map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}
