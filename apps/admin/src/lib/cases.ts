// Where the casework screens live: one child's case at /admin/cases/<child id>, and its parts.
import { BASE } from "./return-path.ts";

/** The case's screens, in the order of its sub navigation. */
export type CaseScreen =
  | "overview"
  | "plan"
  | "visits"
  | "practice"
  | "profile"
  | "reviews"
  | "leaving"
  | "sharing"
  | "family"
  | "history";

/** The case's address, or one of its screens: `casePath(id, "plan", "goals", "new")`. */
export function casePath(childId: string, ...parts: readonly string[]): string {
  return [`${BASE}/cases`, childId, ...parts].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}

/** The API's address for the case, or one of its parts: `caseApi(id, "plan", "goals")`. */
export function caseApi(childId: string, ...parts: readonly string[]): string {
  return ["/api/cases", childId, ...parts].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}

/** A child's name as the screens show it. */
export function childName(child: { readonly firstName: string; readonly lastName: string }): string {
  return `${child.firstName} ${child.lastName}`;
}
