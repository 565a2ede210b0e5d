// Allocation: a coordinator gives a child on the waiting list to a home visitor, seeing each
// visitor's current caseload; a home visitor sees their own caseload.
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { allocations, auditEvents, children, referrals, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { IdParam, jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { referralFor } from "../referrals/access.js";

function notWaiting(status: string) {
  return new ProblemError(
    "conflict",
    409,
    `Only a referral on the waiting list can be allocated (this one is ${status})`,
  );
}

/** True for SQLite's unique-constraint failure, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? "");
    const message = String((e as { message?: unknown }).message ?? "");
    if (code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || /UNIQUE constraint failed/.test(message)) return true;
  }
  return false;
}

const AllocationSchema = v.strictObject({ homeVisitorId: v.pipe(v.string(), v.uuid("must be a home visitor's id")) });

export const allocationRoutes = new Hono<AppEnv>()
  .get(
    "/home-visitors",
    describeRoute({
      tags: ["Allocation"],
      summary: "Home visitors with their current caseloads",
      responses: { 200: { description: "Each active home visitor and how many children they have now" } },
    }),
    allow("coordinator"),
    noStore,
    async (c) => {
      const { db } = c.get("deps");
      const rows = await db
        .select({ id: users.id, name: users.name, caseload: count(allocations.id) })
        .from(users)
        .leftJoin(allocations, and(eq(allocations.homeVisitorId, users.id), isNull(allocations.endedAt)))
        .where(and(eq(users.role, "home-visitor"), isNull(users.disabledAt)))
        .groupBy(users.id)
        .orderBy(asc(users.name));
      return c.json({ homeVisitors: rows });
    },
  )
  .post(
    "/referrals/:id/allocation",
    describeRoute({
      tags: ["Allocation"],
      summary: "Allocate a child on the waiting list to a home visitor",
      requestBody: { content: { "application/json": { schema: resolver(AllocationSchema) } } },
      responses: { 201: { description: "Allocated" }, 409: { description: "The referral is not on the waiting list" } },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(AllocationSchema),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const { homeVisitorId } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const [visitor] = await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(eq(users.id, homeVisitorId), eq(users.role, "home-visitor"), isNull(users.disabledAt)));
      if (!visitor) throw validationProblem([{ field: "homeVisitorId", message: "must be an active home visitor" }]);
      const now = clock.now().toISOString();
      const id = newId();
      await db
        .transaction(
          async (tx) => {
            // Checked inside the write transaction, against the row as it is now: a request that
            // read the referral before another allocated it must not allocate it a second time.
            const [current] = await tx
              .select({ status: referrals.status })
              .from(referrals)
              .where(eq(referrals.id, referral.id));
            const status = current?.status ?? referral.status;
            if (status !== "waiting") throw notWaiting(status);
            // The visitor too, as they are now: an account disabled meanwhile takes no new children.
            const [stillActive] = await tx
              .select({ id: users.id })
              .from(users)
              .where(and(eq(users.id, homeVisitorId), eq(users.role, "home-visitor"), isNull(users.disabledAt)));
            if (!stillActive) {
              throw validationProblem([{ field: "homeVisitorId", message: "must be an active home visitor" }]);
            }
            await tx.insert(allocations).values({
              id,
              referralId: referral.id,
              childId: referral.childId,
              homeVisitorId,
              allocatedBy: staff(c).id,
              allocatedAt: now,
            });
            await tx
              .update(referrals)
              .set({ status: "allocated", updatedAt: now })
              .where(eq(referrals.id, referral.id));
            await tx
              .insert(auditEvents)
              .values(
                auditRow(c, { action: "allocate", outcome: "success", recordType: "referral", recordId: referral.id }),
              );
          },
          { behavior: "immediate" },
        )
        .catch((error: unknown) => {
          // The partial unique index (one active allocation per referral) is the last line.
          if (isUniqueViolation(error)) throw notWaiting("allocated");
          throw error;
        });
      return c.json({ id, referralId: referral.id, homeVisitor: visitor, allocatedAt: now }, 201);
    },
  )
  .get(
    "/caseload",
    describeRoute({
      tags: ["Allocation"],
      summary: "My caseload (home visitors)",
      responses: { 200: { description: "The children allocated to the signed-in home visitor" } },
    }),
    allow("home-visitor"),
    noStore,
    async (c) => {
      const { db } = c.get("deps");
      const rows = await db
        .select({
          referralId: referrals.id,
          reference: referrals.reference,
          allocatedAt: allocations.allocatedAt,
          child: {
            id: children.id,
            firstName: children.firstName,
            lastName: children.lastName,
            dateOfBirth: children.dateOfBirth,
          },
        })
        .from(allocations)
        .innerJoin(referrals, eq(referrals.id, allocations.referralId))
        .innerJoin(children, eq(children.id, allocations.childId))
        .where(and(eq(allocations.homeVisitorId, staff(c).id), isNull(allocations.endedAt)))
        .orderBy(asc(children.lastName));
      await audit(
        c,
        ...rows.map((r) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: r.child.id,
        })),
      );
      return c.json({ caseload: rows });
    },
  );
