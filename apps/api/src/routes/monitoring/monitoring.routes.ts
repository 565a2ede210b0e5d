// Monitoring visits to families on the waiting list, where the protocol makes them
// (`visits.monitoring.whileWaiting`): when the next is due (the domain's `monitoringVisitsDue`)
// and the visits recorded. A waiting child has no plan or block, so these are rows of their own
// (ADR 0041), keyed by the referral.
import type { IsoDate } from "@openportage/domain";
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { auditEvents, monitoringVisits, referrals, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { IdParam, jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { json, problem } from "../openapi-content.js";
import { referralFor } from "../referrals/access.js";
import { MonitoringAnswerSchema, MonitoringVisitBody } from "./contract.js";
import { lastHeldVisits, monitoringDue } from "./due.js";

/** The referral's monitoring visits (newest first) and when the next is due. */
async function monitoringAnswer(c: Context<AppEnv>, referral: { id: string; childId: string }) {
  const { db, protocol, clock } = c.get("deps");
  const asOf = englandDate(clock.now());
  const [[current], rows, last] = await Promise.all([
    db
      .select({ status: referrals.status, acceptedOn: referrals.acceptedOn })
      .from(referrals)
      .where(eq(referrals.id, referral.id)),
    db
      .select({
        id: monitoringVisits.id,
        date: monitoringVisits.date,
        time: monitoringVisits.time,
        status: monitoringVisits.status,
        note: monitoringVisits.note,
        recordedBy: { id: users.id, name: users.name },
        createdAt: monitoringVisits.createdAt,
      })
      .from(monitoringVisits)
      .innerJoin(users, eq(users.id, monitoringVisits.recordedBy))
      .where(eq(monitoringVisits.childId, referral.childId))
      .orderBy(desc(monitoringVisits.date), desc(monitoringVisits.createdAt)),
    lastHeldVisits(db, [referral.childId]),
  ]);
  const status = current?.status ?? "received";
  const acceptedOn = (current?.acceptedOn ?? null) as IsoDate | null;
  const rule = protocol.visits.monitoring;
  return {
    asOf,
    referralId: referral.id,
    childId: referral.childId,
    status,
    acceptedOn,
    whileWaiting: rule.whileWaiting,
    intervalWeeks: rule.intervalWeeks,
    // Only a waiting child is due one: once allocated, the home visitor's visits take over.
    due:
      status === "waiting" && acceptedOn ? monitoringDue(protocol, acceptedOn, asOf, last.get(referral.childId)) : null,
    visits: rows,
  };
}

export const monitoringRoutes = new Hono<AppEnv>()
  .get(
    "/referrals/:id/monitoring-visits",
    describeRoute({
      tags: ["Waiting list"],
      summary: "A waiting family's monitoring visits, and when the next is due",
      description:
        "The monitoring visits recorded for the child (newest first) and, while the referral is waiting, when the next is due by the protocol's `visits.monitoring` rule (`monitoringVisitsDue` in @openportage/domain: every `intervalWeeks` in term time from the last visit held, or from the day the child joined the list). Coordinators; a home visitor for a child allocated to them (the visits made while the family waited).",
      responses: {
        200: { description: "The visits and the rule", content: json(MonitoringAnswerSchema) },
        404: problem("No referral here that you can see"),
      },
    }),
    allow("coordinator", "home-visitor"),
    noStore,
    pathParams(IdParam),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const answer = await monitoringAnswer(c, referral);
      await audit(c, { action: "read", outcome: "success", recordType: "child", recordId: referral.childId });
      return c.json(answer);
    },
  )
  .post(
    "/referrals/:id/monitoring-visits",
    describeRoute({
      tags: ["Waiting list"],
      summary: "Record a monitoring visit to a waiting family",
      description:
        "For a child on the waiting list, where the protocol makes monitoring visits while a family waits. `date` is today or earlier and not before the child joined the list; one visit a day (a retried form records nothing twice). Checked inside the write transaction: a child allocated or closed meanwhile is refused with 409.",
      requestBody: { content: json(MonitoringVisitBody) },
      responses: {
        201: { description: "Recorded: the visits and when the next is due", content: json(MonitoringAnswerSchema) },
        404: problem("No referral here that you can see"),
        409: problem("The child is not waiting, the protocol makes no monitoring visits, or that day is recorded"),
        422: problem("A field is missing or wrong (the field is named)"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(MonitoringVisitBody),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const body = c.req.valid("json");
      const { db, protocol, clock } = c.get("deps");
      const now = clock.now();
      const today = englandDate(now);
      if (body.date > today) throw validationProblem([{ field: "date", message: "must be today or in the past" }]);
      if (!protocol.visits.monitoring.whileWaiting) {
        throw new ProblemError(
          "conflict",
          409,
          `The protocol makes no monitoring visits while a family waits. ${protocol.visits.monitoring.description}`,
        );
      }
      await db.transaction(
        async (tx) => {
          // As the referral is now: a child allocated (or closed) meanwhile has no monitoring visits.
          const [current] = await tx
            .select({ status: referrals.status, acceptedOn: referrals.acceptedOn })
            .from(referrals)
            .where(eq(referrals.id, referral.id));
          if (current?.status !== "waiting") {
            throw new ProblemError(
              "conflict",
              409,
              `Monitoring visits are for children on the waiting list (this referral is ${current?.status ?? "gone"})`,
            );
          }
          if (current.acceptedOn && body.date < current.acceptedOn) {
            throw validationProblem([
              {
                field: "date",
                message: `must be on or after the day the child joined the waiting list (${current.acceptedOn})`,
              },
            ]);
          }
          const [same] = await tx
            .select({ id: monitoringVisits.id })
            .from(monitoringVisits)
            .where(and(eq(monitoringVisits.childId, referral.childId), eq(monitoringVisits.date, body.date)))
            .limit(1);
          if (same) throw new ProblemError("conflict", 409, "A monitoring visit is already recorded for that day");
          await tx.insert(monitoringVisits).values({
            id: newId(),
            childId: referral.childId,
            referralId: referral.id,
            date: body.date,
            time: body.time ?? null,
            status: body.status,
            note: body.note ? body.note : null,
            recordedBy: staff(c).id,
            createdAt: now.toISOString(),
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: referral.childId,
              reason: "monitoring-visit-recorded",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json(await monitoringAnswer(c, referral), 201);
    },
  );
