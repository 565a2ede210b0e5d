// Object-level access to a child's case: a case is a child with a current allocation. A
// coordinator reaches every case; a home visitor only the children allocated to them now.
// Anything else is answered as if the case did not exist, and the refusal is audited.
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { allocations } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { ProblemError } from "../../lib/problem.js";
import { staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

/** The case the signed-in member of staff asked for. */
export interface CaseAccess {
  readonly childId: string;
  readonly referralId: string;
  readonly homeVisitorId: string;
  readonly allocatedAt: string;
}

/** The case of child `childId`, if the caller may reach it; otherwise a 404 (audited). */
export async function caseFor(c: Context<AppEnv>, childId: string): Promise<CaseAccess> {
  const user = staff(c);
  const { db } = c.get("deps");
  const [allocation] = await db
    .select({
      childId: allocations.childId,
      referralId: allocations.referralId,
      homeVisitorId: allocations.homeVisitorId,
      allocatedAt: allocations.allocatedAt,
    })
    .from(allocations)
    .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
    .limit(1);
  const allowed =
    allocation !== undefined &&
    (user.role === "coordinator" || (user.role === "home-visitor" && allocation.homeVisitorId === user.id));
  if (!allocation || !allowed) {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      recordType: "child",
      recordId: childId,
      reason: allocation ? "not-allocated" : "no-such-case",
    });
    throw new ProblemError("not-found", 404, "There is no case here that you can see");
  }
  return allocation;
}

/** Audits a read of a child's case. */
export function auditCaseRead(c: Context<AppEnv>, childId: string): Promise<void> {
  return audit(c, { action: "read", outcome: "success", recordType: "child", recordId: childId });
}
