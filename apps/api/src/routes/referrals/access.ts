// Object-level access to a child's records: coordinators see every child; a home visitor only
// the children allocated to them. Anything else is answered as if the record did not exist.
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { allocations, referrals } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { ProblemError } from "../../lib/problem.js";
import { staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

/** The referral with `id`, if the signed-in member of staff may see it; otherwise a 404 (audited). */
export async function referralFor(c: Context<AppEnv>, id: string) {
  const user = staff(c);
  const { db } = c.get("deps");
  const [referral] = await db.select().from(referrals).where(eq(referrals.id, id)).limit(1);
  let allowed = referral !== undefined && user.role === "coordinator";
  if (referral && user.role === "home-visitor") {
    const [own] = await db
      .select({ id: allocations.id })
      .from(allocations)
      .where(
        and(
          eq(allocations.referralId, referral.id),
          eq(allocations.homeVisitorId, user.id),
          isNull(allocations.endedAt),
        ),
      )
      .limit(1);
    allowed = own !== undefined;
  }
  if (!referral || !allowed) {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      recordType: "referral",
      recordId: id,
      reason: referral ? "not-allocated" : "no-such-record",
    });
    throw new ProblemError("not-found", 404, "There is no referral here that you can see");
  }
  return referral;
}
