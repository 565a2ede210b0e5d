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

/** One link in the primary navigation. `match` is the path prefix that makes it current. */
export interface NavItem {
  readonly text: string;
  readonly href: string;
  readonly match: string;
}

const item = (text: string, path: string): NavItem => ({ text, href: `${BASE}${path}`, match: `${BASE}${path}` });

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
    item("Children", "/children"),
    item("Diary", "/diary"),
    item("Closed cases", "/closed-cases"),
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
  return path === navItem.match || path.startsWith(`${navItem.match}/`);
}

/** Whether a role may open a section at all (the API still checks every request). */
export function mayOpen(
  role: Role,
  section: "referrals" | "waiting-list" | "children" | "diary" | "closed-cases" | "reports" | "users" | "audit",
): boolean {
  return navigationFor(role).some((navItem) => navItem.match === `${BASE}/${section}`);
}
