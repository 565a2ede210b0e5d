// Allocation: a coordinator gives a child on the waiting list to a home visitor, seeing each
// visitor's current caseload; a home visitor sees their own caseload. After allocation the child
// can move to another home visitor (with a handover note) or go back to the waiting list
// (ADR 0041); caseloads follow from the current allocations.
import { caseloadLimitFor } from "@openportage/council";
import { checkCaseload } from "@openportage/domain";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { type Database, isUniqueViolation } from "../../db/client.js";
import { allocations, auditEvents, children, referrals, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { IdParam, jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { multiLine } from "../../lib/input-check.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { caseFor } from "../cases/access.js";
import { queueRoutineNotices } from "../consent/store.js";
import { json, problem } from "../openapi-content.js";
import { referralFor } from "../referrals/access.js";
import { ReallocationAnswerSchema, ReallocationBody, ReturnAnswerSchema, ReturnBody } from "./contract.js";

function notWaiting(status: string) {
  return new ProblemError(
    "conflict",
    409,
    `Only a referral on the waiting list can be allocated (this one is ${status})`,
  );
}

/** An active home visitor's id and name, as they are now (in `db` or a transaction). */
async function activeVisitor(db: Pick<Database, "select">, id: string) {
  const [visitor] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "home-visitor"), isNull(users.disabledAt)));
  return visitor;
}

/**
 * The child's current allocation, read inside the write transaction: it must be the one the
 * change was made from, or someone else moved the case meanwhile and nothing is written.
 */
async function currentAllocationIs(tx: Pick<Database, "select">, childId: string, allocationId: string) {
  const [current] = await tx
    .select({ id: allocations.id, homeVisitorId: allocations.homeVisitorId, referralId: allocations.referralId })
    .from(allocations)
    .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
    .limit(1);
  if (!current || current.id !== allocationId) {
    throw new ProblemError(
      "conflict",
      409,
      current
        ? "The case has moved to another home visitor since you opened it. Open the case again and check before you change it."
        : "The child is no longer allocated: the case has changed since you opened it.",
    );
  }
  return current;
}

/** The case's change, audited on the child's record with its change code (ADR 0040). */
function caseChange(c: Context<AppEnv>, childId: string, code: string) {
  return auditRow(c, { action: "change", outcome: "success", recordType: "child", recordId: childId, reason: code });
}

const AllocationSchema = v.strictObject({
  homeVisitorId: v.pipe(v.string(), v.uuid("must be a home visitor's id")),
  overCaseloadReason: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2000, "must be 2000 characters or fewer"),
      multiLine,
      v.description(
        "Why the child goes to a home visitor at or above the council's caseload limit: required then, and kept with the allocation",
      ),
    ),
  ),
});

/** The council's caseload limit, as configured (OPENPORTAGE_CASELOAD_LIMIT) or the council's own. */
function caseloadLimit(c: Context<AppEnv>): number {
  const { protocol, config } = c.get("deps");
  return caseloadLimitFor(protocol, config.OPENPORTAGE_CASELOAD_LIMIT);
}

/** The refusal of a child for a home visitor at or above the limit when no reason was given. */
function overLimitProblem(name: string, caseload: number, limit: number) {
  return validationProblem([
    {
      field: "overCaseloadReason",
      message: `Enter why you are allocating to ${name}, who already has ${caseload} ${caseload === 1 ? "child" : "children"}: the service's caseload limit is ${limit}`,
    },
  ]);
}

/** How many children a home visitor holds now (in `db` or a transaction). */
async function caseloadOf(db: Pick<Database, "select">, homeVisitorId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(allocations)
    .where(and(eq(allocations.homeVisitorId, homeVisitorId), isNull(allocations.endedAt)));
  return row?.n ?? 0;
}

export const allocationRoutes = new Hono<AppEnv>()
  .get(
    "/home-visitors",
    describeRoute({
      tags: ["Allocation"],
      summary: "Home visitors with their current caseloads",
      description:
        "With the council's `caseloadLimit`; `atOrAboveLimit` marks a visitor to whom one more child can only be allocated with a reason (`overCaseloadReason`).",
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
      const limit = caseloadLimit(c);
      return c.json({
        caseloadLimit: limit,
        homeVisitors: rows.map((row) => ({ ...row, atOrAboveLimit: checkCaseload(row.caseload, limit).atOrAbove })),
      });
    },
  )
  .post(
    "/referrals/:id/allocation",
    describeRoute({
      tags: ["Allocation"],
      summary: "Allocate a child on the waiting list to a home visitor",
      description:
        "When the home visitor already holds the council's caseload limit or more (see `GET /api/home-visitors`), the allocation needs `overCaseloadReason`: without it the answer is 422 naming that field, and nothing is written. The reason is kept with the allocation and the audit event is marked `over-caseload-limit`.",
      requestBody: { content: { "application/json": { schema: resolver(AllocationSchema) } } },
      responses: {
        201: { description: "Allocated" },
        409: problem("The referral is not on the waiting list"),
        422: problem("Not an active home visitor, or at or above the caseload limit without a reason"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(AllocationSchema),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const { homeVisitorId, overCaseloadReason } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const limit = caseloadLimit(c);
      let overLimit = false;
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
            // The caseload as it is now, in the transaction: two allocations racing cannot both slip under the limit.
            const check = checkCaseload(await caseloadOf(tx, homeVisitorId), limit);
            overLimit = check.atOrAbove;
            if (overLimit && !overCaseloadReason) throw overLimitProblem(visitor.name, check.caseload, check.limit);
            await tx.insert(allocations).values({
              id,
              referralId: referral.id,
              childId: referral.childId,
              homeVisitorId,
              allocatedBy: staff(c).id,
              allocatedAt: now,
              overCaseloadReason: overLimit ? (overCaseloadReason ?? null) : null,
            });
            await tx
              .update(referrals)
              .set({ status: "allocated", updatedAt: now })
              .where(eq(referrals.id, referral.id));
            await tx.insert(auditEvents).values([
              auditRow(c, {
                action: "allocate",
                outcome: "success",
                recordType: "referral",
                recordId: referral.id,
                ...(overLimit ? { reason: "over-caseload-limit" } : {}),
              }),
              // The case's history starts (or, after a return to the waiting list, starts again) here.
              caseChange(c, referral.childId, overLimit ? "allocated-over-caseload-limit" : "allocated"),
            ]);
            // The family has started: a routine notice the family's consent already allows goes now.
            await queueRoutineNotices(tx, c, referral.childId);
          },
          { behavior: "immediate" },
        )
        .catch((error: unknown) => {
          // The partial unique index (one active allocation per referral) is the last line.
          if (isUniqueViolation(error)) throw notWaiting("allocated");
          throw error;
        });
      return c.json(
        {
          id,
          referralId: referral.id,
          homeVisitor: visitor,
          allocatedAt: now,
          overCaseloadReason: overLimit ? (overCaseloadReason ?? null) : null,
        },
        201,
      );
    },
  )
  .post(
    "/cases/:id/reallocation",
    describeRoute({
      tags: ["Allocation"],
      summary: "Move a child to another home visitor, with a handover note",
      description:
        "`id` is the child's id. In one transaction the current allocation ends (`reallocated`, keeping the handover note) and a new one starts for the same referral with the home visitor chosen. Send the `allocationId` you saw in the case view: a case that moved on since is refused with 409 and nothing is written. From then on the home visitor before gets 404 for the case and the new one sees it, with the handover note. As for an allocation, a home visitor at or above the council's caseload limit takes the child only with `overCaseloadReason` (422 naming it otherwise), kept with the new allocation.",
      requestBody: { content: json(ReallocationBody) },
      responses: {
        201: { description: "Re-allocated", content: json(ReallocationAnswerSchema) },
        404: problem("No case here that you can see"),
        409: problem("The case changed since the allocation you saw"),
        422: problem(
          "Not an active home visitor, the child's own home visitor already, a note missing, or at or above the caseload limit without a reason",
        ),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(ReallocationBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await caseFor(c, id);
      const { allocationId, homeVisitorId, handoverNote, overCaseloadReason } = c.req.valid("json");
      const limit = caseloadLimit(c);
      let overLimit = false;
      const { db, clock } = c.get("deps");
      const sameVisitor = () =>
        validationProblem([{ field: "homeVisitorId", message: "is already the child's home visitor: choose another" }]);
      const notActive = () =>
        validationProblem([{ field: "homeVisitorId", message: "must be an active home visitor" }]);
      const visitor = await activeVisitor(db, homeVisitorId);
      if (!visitor) throw notActive();
      const now = clock.now().toISOString();
      const newAllocationId = newId();
      const previous = await db
        .transaction(
          async (tx) => {
            const current = await currentAllocationIs(tx, id, allocationId);
            if (current.homeVisitorId === homeVisitorId) throw sameVisitor();
            if (!(await activeVisitor(tx, homeVisitorId))) throw notActive();
            const check = checkCaseload(await caseloadOf(tx, homeVisitorId), limit);
            overLimit = check.atOrAbove;
            if (overLimit && !overCaseloadReason) throw overLimitProblem(visitor.name, check.caseload, check.limit);
            await tx
              .update(allocations)
              .set({ endedAt: now, endReason: "reallocated", handoverNote })
              .where(and(eq(allocations.id, current.id), isNull(allocations.endedAt)));
            await tx.insert(allocations).values({
              id: newAllocationId,
              referralId: current.referralId,
              childId: id,
              homeVisitorId,
              allocatedBy: staff(c).id,
              allocatedAt: now,
              overCaseloadReason: overLimit ? (overCaseloadReason ?? null) : null,
            });
            await tx
              .insert(auditEvents)
              .values(caseChange(c, id, overLimit ? "reallocated-over-caseload-limit" : "reallocated"));
            return current;
          },
          { behavior: "immediate" },
        )
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new ProblemError("conflict", 409, "The case changed meanwhile");
          throw error;
        });
      const [before] = await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(eq(users.id, previous.homeVisitorId));
      return c.json(
        {
          id: newAllocationId,
          referralId: access.referralId,
          childId: id,
          homeVisitor: visitor,
          allocatedAt: now,
          previous: { id: previous.id, homeVisitor: before ?? { id: previous.homeVisitorId, name: "" }, endedAt: now },
        },
        201,
      );
    },
  )
  .post(
    "/cases/:id/return-to-waiting-list",
    describeRoute({
      tags: ["Allocation"],
      summary: "Return a child to the waiting list",
      description:
        "`id` is the child's id. A coordinator, or the child's own home visitor (a block review's \"waiting list\" decision is made with the family), returns the child with a reason. In one transaction the allocation ends (`returned-to-waiting-list`, keeping the reason, which the next home visitor is shown), and the referral is `waiting` again with its `accepted_on` kept, so the list counts the original wait. The play plan is kept and continues when the child is allocated again (`POST /api/referrals/:id/allocation`). Send the `allocationId` you saw: a case that moved on since is refused with 409.",
      requestBody: { content: json(ReturnBody) },
      responses: {
        200: { description: "Back on the waiting list", content: json(ReturnAnswerSchema) },
        404: problem("No case here that you can see"),
        409: problem("The case changed since the allocation you saw"),
        422: problem("The reason is missing"),
      },
    }),
    allow("coordinator", "home-visitor"),
    noStore,
    pathParams(IdParam),
    jsonBody(ReturnBody),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { allocationId, reason } = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const answer = await db.transaction(
        async (tx) => {
          const current = await currentAllocationIs(tx, id, allocationId);
          // A home visitor returns only a child who is still theirs (a re-allocation may have won).
          if (user.role === "home-visitor" && current.homeVisitorId !== user.id) {
            throw new ProblemError("conflict", 409, "The case has moved to another home visitor since you opened it.");
          }
          const [referral] = await tx
            .select({ status: referrals.status, acceptedOn: referrals.acceptedOn })
            .from(referrals)
            .where(eq(referrals.id, current.referralId));
          if (referral?.status !== "allocated") {
            throw new ProblemError(
              "conflict",
              409,
              `The referral is ${referral?.status ?? "gone"}: it cannot wait again from here`,
            );
          }
          await tx
            .update(allocations)
            .set({ endedAt: now, endReason: "returned-to-waiting-list", handoverNote: reason })
            .where(and(eq(allocations.id, current.id), isNull(allocations.endedAt)));
          // accepted_on is left as it is: the protocol's tie-breaks count the original wait.
          await tx
            .update(referrals)
            .set({ status: "waiting", updatedAt: now })
            .where(eq(referrals.id, current.referralId));
          await tx.insert(auditEvents).values(caseChange(c, id, "returned-to-waiting-list"));
          return {
            childId: id,
            referralId: current.referralId,
            status: "waiting" as const,
            acceptedOn: referral.acceptedOn,
            endedAt: now,
          };
        },
        { behavior: "immediate" },
      );
      return c.json(answer);
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
