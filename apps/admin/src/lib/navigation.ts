// What each role sees in the primary navigation. The API decides what each role may do; this
// only spares staff links that would end in "you do not have permission".
import { BASE } from "./return-path.ts";

/** A member of staff's role, as the API names it. */
export type Role = "home-visitor" | "coordinator" | "administrator";

/** Role names as staff say them. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  "home-visitor": "Home visitor",
  coordinator: "Coordinator",
  administrator: "Administrator",
};

/**
 * One link in the primary navigation. `match` is the path prefix that makes it current; `also`,
 * the other sections grouped under it (reached from its sub navigation), current there too.
 */
export interface NavItem {
  readonly text: string;
  readonly href: string;
  readonly match: string;
  readonly also: readonly string[];
}

const item = (text: string, path: string, also: readonly string[] = []): NavItem => ({
  text,
  href: `${BASE}${path}`,
  match: `${BASE}${path}`,
  also: also.map((other) => `${BASE}${other}`),
});

// Kept to what fits on one row at 1280 px wide (the MOJ pattern's one row of top-level sections):
// a coordinator's Closed cases are children too, so they sit in the Children section, its sub
// navigation's second tab, rather than taking a place of their own.

const NAVIGATION: Readonly<Record<Role, readonly NavItem[]>> = {
  "home-visitor": [
    item("Home", "/"),
    item("My children", "/children"),
    item("Diary", "/diary"),
    item("Reports", "/reports"),
  ],
  coordinator: [
    item("Home", "/"),
    item("Referrals", "/referrals"),
    item("Waiting list", "/waiting-list"),
    item("Children", "/children", ["/closed-cases"]),
    item("Diary", "/diary"),
    item("Reports", "/reports"),
    item("Notifications", "/notifications"),
    item("Audit", "/audit"),
  ],
  administrator: [
    item("Home", "/"),
    item("Users", "/users"),
    item("Import", "/import"),
    item("Notifications", "/notifications"),
    item("Audit", "/audit"),
  ],
};

/** The primary navigation for a role. */
export function navigationFor(role: Role): readonly NavItem[] {
  return NAVIGATION[role];
}

/** Whether `navItem` is the current section for `pathname` (Home only on the home page itself). */
export function isCurrent(navItem: NavItem, pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (navItem.match === `${BASE}/`) return path === BASE || path === `${BASE}/`;
  return [navItem.match, ...navItem.also].some((match) => path === match || path.startsWith(`${match}/`));
}

/** Whether a role may open a section at all (the API still checks every request). */
export function mayOpen(
  role: Role,
  section: "referrals" | "waiting-list" | "children" | "diary" | "closed-cases" | "reports" | "users" | "audit",
): boolean {
  const wanted = `${BASE}/${section}`;
  return navigationFor(role).some((navItem) => navItem.match === wanted || navItem.also.includes(wanted));
}
