// What every request can reach: the app's dependencies and, once signed in, the member of staff.
import type { Protocol } from "@openportage/domain";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { AuditRow } from "./audit.js";
import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";
import type { Notifier } from "./notify.js";
import type { AppLimits } from "./rate-limit.js";

/** Staff roles. Deny by default: each route lists the roles it lets in. */
export const ROLES = ["home-visitor", "coordinator", "administrator"] as const;
/** A staff role. */
export type Role = (typeof ROLES)[number];

/** The dependencies the app is built from (see createApp). */
export interface Deps {
  readonly db: Database;
  readonly config: Config;
  readonly protocol: Protocol;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly logger: Logger;
}

/** The signed-in member of staff. */
export interface StaffUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** The session's token hash, to end it at sign-out. */
  readonly sessionHash: string;
}

/** A sign-in not finished yet: the password was right, and the session waits for `step`. */
export interface SigningIn {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly step: "second-factor" | "new-password" | "enrol";
  /** The pending session's token hash. */
  readonly sessionHash: string;
}

/** Hono's environment for this app. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    limits: AppLimits;
    user: StaffUser | undefined;
    /** A sign-in waiting for its next step (never lets in to a staff route: `user` stays unset). */
    signingIn: SigningIn | undefined;
    /** The signed-in family member (family app), never set from the staff cookie. */
    family: import("./family-session.js").FamilyMember | undefined;
    /** The caller's address (for rate limits and the audit trail). */
    address: string;
    /** The built public site, when this server serves it (its page template frames the API's HTML pages). */
    site?: import("./site.js").Site | undefined;
    secureHeadersNonce?: string;
    /** This request's audit rows, written together before the response leaves (lib/audit.ts). */
    auditPending?: AuditRow[] | undefined;
  };
}
