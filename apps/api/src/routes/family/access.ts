// Object-level access on the family app's routes, on top of `familyAccessFor`: while Portage goes
// on, what the access allows; once the child has left (access `ended`), only the reports, until
// `ends_at`. A helper (not a parent or carer) never changes the sharing choices or asks to leave.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../../db/client.js";
import { allocations, users } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { type FamilyAccessRow, type FamilyPermissions, familyAccessFor } from "../../lib/family-session.js";
import { ProblemError } from "../../lib/problem.js";
import type { AppEnv } from "../../lib/types.js";
import type { FamilyMay } from "./contract.js";

/** The access the family member has to one child, as `familyAccessFor` gives it. */
export type FamilyChildAccess = FamilyAccessRow & { can: FamilyPermissions };

/**
 * The family member's access to `childId` for `need` (404 otherwise, audited): a child they were
 * invited for, the permission `need` (a carer has them all), and Portage still going on, except
 * for `reports`, which stay until `ends_at` after the child left.
 */
export async function familyChild(
  c: Context<AppEnv>,
  childId: string,
  need?: keyof FamilyPermissions,
): Promise<FamilyChildAccess> {
  const access = await familyAccessFor(c, childId, need);
  if (access.status !== "active" && need !== "reports") {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      recordType: "child",
      recordId: childId,
      reason: "family-access-ended",
    });
    throw new ProblemError("not-found", 404, "There is nothing here that you can see");
  }
  return access;
}

/**
 * Only a parent or carer (`carer`) changes the sharing choices or asks to leave: a helper who may
 * see the page gets 403 (they know the child is there), audited.
 */
export async function carerOnly(c: Context<AppEnv>, access: FamilyChildAccess, what: string): Promise<void> {
  if (access.kind === "carer") return;
  await audit(c, {
    action: "denied",
    outcome: "denied",
    recordType: "child",
    recordId: access.childId,
    reason: "not-carer",
  });
  throw new ProblemError("forbidden", 403, `Only a parent or carer can ${what}.`);
}

/** What the access lets the family member see and do, for the app's menus. */
export function mayOf(access: FamilyChildAccess): FamilyMay {
  const active = access.status === "active";
  return {
    practice: active && access.can.practice,
    visits: active && access.can.visits,
    reports: access.can.reports,
    sharing: active && access.can.sharing,
    changeSharing: active && access.can.sharing && access.kind === "carer",
    askToLeave: active && access.kind === "carer",
    sendMessages: active,
  };
}

/** The child's home visitor now, or the last one (after the child left); undefined before allocation. */
export async function homeVisitorOf(db: Database, childId: string): Promise<{ id: string; name: string } | undefined> {
  const [current] = await db
    .select({ id: users.id, name: users.name })
    .from(allocations)
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
    .limit(1);
  if (current) return current;
  const [last] = await db
    .select({ id: users.id, name: users.name })
    .from(allocations)
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .where(eq(allocations.childId, childId))
    .orderBy(desc(allocations.allocatedAt))
    .limit(1);
  return last;
}
