// A block's visits: planned by the domain from the agreed weekday, time and frequency, the
// council's term dates and England's bank holidays; rearranged one by one; recorded as held
// (the three elements of a Portage visit) or missed, with the protocol's missed-visit rule.
import {
  type Block,
  describeTermDay,
  type IsoDate,
  missedVisitFlag,
  type Protocol,
  planVisits,
  termDay,
  type Visit,
  withClosures,
} from "@openportage/domain";
import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { auditEvents, cases, users, visits } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { englandBankHolidays } from "../../lib/bank-holidays.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { GenerateVisitsBody, RearrangeVisitBody, RecordVisitBody } from "../cases/bodies.js";
import { editConflict } from "../cases/conflict.js";
import {
  GeneratedVisitsSchema,
  type MissedVisitsView,
  VisitAnswerSchema,
  VisitsAnswerSchema,
  type VisitView,
} from "../cases/views.js";
import { json, problem } from "../openapi-content.js";
import type { Tx } from "../plans/store.js";
import { currentPlan } from "../plans/store.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const BlockParam = v.object({ id: v.pipe(v.string(), v.uuid()), blockId: v.pipe(v.string(), v.uuid()) });
const VisitParam = v.object({ id: v.pipe(v.string(), v.uuid()), visitId: v.pipe(v.string(), v.uuid()) });

/** The protocol's term dates with England's bank holidays as closure days, for the years given. */
export function termsWithBankHolidays(
  protocol: Protocol,
  fromYear: number,
  toYear: number,
): Protocol["visits"]["terms"] {
  return withClosures(protocol.visits.terms, englandBankHolidays(fromYear, toYear));
}

const recorder = alias(users, "recorder");
type Reader = Database | Tx;

async function visitRows(db: Reader, where: ReturnType<typeof eq>) {
  return db
    .select({ visit: visits, recorderName: recorder.name })
    .from(visits)
    .leftJoin(recorder, eq(recorder.id, visits.recordedBy))
    .where(where)
    .orderBy(asc(visits.date), asc(visits.time));
}

/** A stored visit as the screens show it. */
export function visitView(
  row: { visit: typeof visits.$inferSelect; recorderName: string | null },
  blockNumbers: ReadonlyMap<string, number>,
): VisitView {
  const vs = row.visit;
  return {
    id: vs.id,
    blockId: vs.blockId,
    blockNumber: blockNumbers.get(vs.blockId) ?? 0,
    plannedDate: vs.plannedDate,
    date: vs.date,
    time: vs.time,
    status: vs.status,
    rearranged: vs.date !== vs.plannedDate,
    kind: vs.kind,
    place: vs.place,
    familyFocus: vs.familyFocus,
    structuredTeaching: vs.structuredTeaching,
    childLedPlay: vs.childLedPlay,
    targetsWorkedOn: Array.isArray(vs.targetsWorkedOn) ? (vs.targetsWorkedOn as string[]) : [],
    practiseNext: vs.practiseNext,
    durationMinutes: vs.durationMinutes,
    note: vs.note,
    recordedAt: vs.recordedAt,
    recordedBy: vs.recordedBy ? { id: vs.recordedBy, name: row.recorderName ?? "(unknown)" } : null,
    version: vs.version,
  };
}

/** The domain's missed-visit rule over the child's visits. */
export function missedVisits(
  rows: readonly { visit: typeof visits.$inferSelect }[],
  protocol: Protocol,
): MissedVisitsView {
  const domainVisits: Visit[] = rows.map((r) => ({
    date: r.visit.date as IsoDate,
    time: r.visit.time,
    status: r.visit.status,
  }));
  const check = missedVisitFlag(domainVisits, protocol);
  return {
    flagged: check.flagged,
    reason: check.reason,
    limit: check.limit,
    runLength: check.run.length,
    ...(check.action ? { action: check.action } : {}),
    clause: check.clause,
  };
}

async function blockNumbers(db: Reader, childId: string): Promise<Map<string, number>> {
  const stored = await currentPlan(db, childId);
  return new Map((stored?.plan.blocks ?? []).map((b) => [b.id, b.number]));
}

/** The child's visits and the missed-visit rule, for the visits screen and the case page. */
export async function childVisits(db: Reader, childId: string, protocol: Protocol, blocks?: readonly Block[]) {
  const [rows, numbers] = await Promise.all([
    visitRows(db, eq(visits.childId, childId)),
    blocks ? new Map(blocks.map((b) => [b.id, b.number])) : blockNumbers(db, childId),
  ]);
  return { visits: rows.map((r) => visitView(r, numbers)), missedVisits: missedVisits(rows, protocol) };
}

async function oneVisit(c: Context<AppEnv>, db: Reader, childId: string, visitId: string) {
  const [row] = await visitRows(db, and(eq(visits.id, visitId), eq(visits.childId, childId)) as ReturnType<typeof eq>);
  if (!row) throw new ProblemError("not-found", 404, "There is no such visit for this child");
  void c;
  return row;
}

function staleVisit(row: { visit: typeof visits.$inferSelect; recorderName: string | null }, given: number) {
  return editConflict("visit", given, {
    currentVersion: row.visit.version,
    changedBy: row.recorderName,
    changedAt: row.visit.updatedAt,
    changes: [row.visit.status === "planned" ? "visit-rearranged" : "visit-recorded"],
  });
}

/**
 * A change's visit kind and place, as columns: left out, the visit keeps its own; a home visit has
 * no place; a transition visit must say where (`problems` gets the field when it does not).
 */
function visitPlace(
  input: { kind?: "home" | "transition" | undefined; place?: string | undefined },
  current: { kind: "home" | "transition"; place: string | null },
): { kind: "home" | "transition"; place: string | null } | { field: string; message: string } {
  const kind = input.kind ?? current.kind;
  if (kind === "home") return { kind, place: null };
  const place = input.place === undefined ? current.place : input.place || null;
  if (!place) return { field: "place", message: "must say where the transition visit happens" };
  return { kind, place };
}

/** Applies the missed-visit rule after a change and keeps the case's flag in step (cleared by a held visit). */
async function applyMissedVisitRule(
  c: Context<AppEnv>,
  tx: Tx,
  childId: string,
  today: IsoDate,
): Promise<MissedVisitsView> {
  const { protocol, clock } = c.get("deps");
  const rows = await tx.select({ visit: visits }).from(visits).where(eq(visits.childId, childId));
  const result = missedVisits(rows, protocol);
  const [existing] = await tx.select().from(cases).where(eq(cases.childId, childId));
  const flaggedOn = result.flagged ? (existing?.missedVisitsFlaggedOn ?? today) : null;
  if ((existing?.missedVisitsFlaggedOn ?? null) !== flaggedOn) {
    const now = clock.now().toISOString();
    if (existing) await tx.update(cases).set({ missedVisitsFlaggedOn: flaggedOn }).where(eq(cases.childId, childId));
    else await tx.insert(cases).values({ childId, missedVisitsFlaggedOn: flaggedOn, version: 0, updatedAt: now });
    if (flaggedOn) {
      // The coordinator is alerted on their dashboard (GET /api/cases/alerts); the trail records when.
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "alert",
          outcome: "success",
          recordType: "child",
          recordId: childId,
          reason: "missed-visits-flagged",
        }),
      );
    }
  }
  return result;
}

export const visitRoutes = new Hono<AppEnv>()
  .post(
    "/cases/:id/plan/blocks/:blockId/visits",
    describeRoute({
      tags: ["Casework"],
      summary: "Plan a block's visits",
      description:
        "The domain's `planVisits`: every date on the block's weekday, weekly or fortnightly, in the protocol's term dates, skipping closure days and England's bank holidays (from the maintained `date-holidays` calendar). Dates already planned are kept as they are (safe to repeat). The block must be agreed with the family first.",
      requestBody: { content: json(GenerateVisitsBody) },
      responses: {
        201: {
          description: "The block's visits, and the dates skipped with why",
          content: json(GeneratedVisitsSchema),
        },
        404: problem("No case or block here that you can see"),
        409: problem("The block is not agreed yet, or is completed"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    jsonBody(GenerateVisitsBody),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const now = clock.now().toISOString();
      const stored = await currentPlan(db, id);
      const block: Block | undefined = stored?.plan.blocks.find((b) => b.id === blockId);
      if (!stored || !block) throw new ProblemError("not-found", 404, "There is no such block in this child's plan");
      if (block.status === "draft") {
        throw new ProblemError("conflict", 409, "Agree the block with the family before planning its visits");
      }
      if (block.status === "completed") throw new ProblemError("conflict", 409, "This block is completed");
      const terms = termsWithBankHolidays(protocol, Number(block.start.slice(0, 4)), Number(block.end.slice(0, 4)));
      const schedule = planVisits(block, { visits: { ...protocol.visits, terms } });
      if (!schedule.ok) throw validationProblem([], schedule.reason);
      const created = await db.transaction(
        async (tx) => {
          const values = schedule.value.visits.map((visit) => ({
            id: newId(),
            childId: id,
            planId: stored.id,
            blockId,
            plannedDate: visit.date,
            date: visit.date,
            time: visit.time,
            status: "planned" as const,
            createdAt: now,
            updatedAt: now,
          }));
          const inserted =
            values.length === 0
              ? []
              : await tx.insert(visits).values(values).onConflictDoNothing().returning({ id: visits.id });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "visits-planned",
            }),
          );
          return inserted.length;
        },
        { behavior: "immediate" },
      );
      const numbers = new Map(stored.plan.blocks.map((b) => [b.id, b.number]));
      const rows = await visitRows(db, eq(visits.blockId, blockId));
      return c.json(
        {
          created,
          visits: rows.map((r) => visitView(r, numbers)),
          skipped: schedule.value.skipped.map((s) => ({ date: s.date, reason: s.reason, detail: s.detail })),
        },
        201,
      );
    },
  )
  .get(
    "/cases/:id/visits",
    describeRoute({
      tags: ["Casework"],
      summary: "The child's visits, with the missed-visit rule applied",
      responses: {
        200: { description: "Oldest first", content: json(VisitsAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol } = c.get("deps");
      const answer = await childVisits(db, id, protocol);
      await auditCaseRead(c, id);
      return c.json(answer);
    },
  )
  .get(
    "/cases/:id/visits/:visitId",
    describeRoute({
      tags: ["Casework"],
      summary: "One visit",
      responses: {
        200: { description: "The visit", content: json(VisitAnswerSchema) },
        404: problem("No such visit that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(VisitParam),
    async (c) => {
      const { id, visitId } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol } = c.get("deps");
      const row = await oneVisit(c, db, id, visitId);
      const all = await visitRows(db, eq(visits.childId, id));
      await auditCaseRead(c, id);
      return c.json({ visit: visitView(row, await blockNumbers(db, id)), missedVisits: missedVisits(all, protocol) });
    },
  )
  .patch(
    "/cases/:id/visits/:visitId",
    describeRoute({
      tags: ["Casework"],
      summary: "Rearrange a planned visit",
      description:
        "Moves a visit still planned to another date and time: today or later, in term time, not on a closure day or bank holiday. The date the block's rhythm gave it is kept (`plannedDate`).",
      requestBody: { content: json(RearrangeVisitBody) },
      responses: {
        200: { description: "The visit", content: json(VisitAnswerSchema) },
        404: problem("No such visit that you can see"),
        409: problem("edit-conflict: the visit changed since the version sent; or it is no longer planned"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(VisitParam),
    jsonBody(RearrangeVisitBody),
    async (c) => {
      const { id, visitId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const date = input.date as IsoDate;
      const problems: { field: string; message: string }[] = [];
      if (date < today) problems.push({ field: "date", message: "must be today or later" });
      const year = Number(date.slice(0, 4));
      const day = termDay(date, termsWithBankHolidays(protocol, year, year));
      if (day.kind !== "term")
        problems.push({ field: "date", message: `is not a day for visits: ${describeTermDay(day)}` });
      if (problems.length > 0) throw validationProblem(problems);
      const now = clock.now().toISOString();
      await db.transaction(
        async (tx) => {
          const row = await oneVisit(c, tx, id, visitId);
          if (row.visit.version !== input.version) throw staleVisit(row, input.version);
          if (row.visit.status !== "planned") {
            throw new ProblemError(
              "conflict",
              409,
              "Only a visit still planned can be rearranged; this one is recorded",
            );
          }
          const where = visitPlace(input, row.visit);
          if ("field" in where) throw validationProblem([where]);
          await tx
            .update(visits)
            .set({
              date,
              time: input.time,
              kind: where.kind,
              place: where.place,
              ...(input.note ? { note: input.note } : {}),
              version: row.visit.version + 1,
              updatedAt: now,
            })
            .where(and(eq(visits.id, visitId), eq(visits.version, input.version)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "visit-rearranged",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const row = await oneVisit(c, db, id, visitId);
      const all = await visitRows(db, eq(visits.childId, id));
      return c.json({ visit: visitView(row, await blockNumbers(db, id)), missedVisits: missedVisits(all, protocol) });
    },
  )
  .put(
    "/cases/:id/visits/:visitId/record",
    describeRoute({
      tags: ["Casework"],
      summary: "Record what happened at a visit",
      description:
        "Held: the three elements of a Portage visit (family focus, structured teaching, child-led play), the targets worked on (targets of the child's plan), what to practise next and how long it lasted (the protocol's visit length when left out); not before the visit's date. Missed (the family was not at home), cancelled by the family, or cancelled by the service, with a note. The protocol's missed-visit rule is then applied (`missedVisitFlag`): when it fires the coordinator's dashboard lists the family. A recorded visit can be corrected, with its version.",
      requestBody: { content: json(RecordVisitBody) },
      responses: {
        200: { description: "The visit and the missed-visit rule", content: json(VisitAnswerSchema) },
        404: problem("No such visit that you can see"),
        409: problem("edit-conflict: the visit changed since the version sent"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(VisitParam),
    jsonBody(RecordVisitBody),
    async (c) => {
      const { id, visitId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const now = clock.now().toISOString();
      const stored = await currentPlan(db, id);
      const targetIds = new Set((stored?.plan.blocks ?? []).flatMap((b) => b.targets.map((t) => t.id)));
      const held = input.status === "held";
      const problems: { field: string; message: string }[] = [];
      (input.targetsWorkedOn ?? []).forEach((t, i) => {
        if (!targetIds.has(t))
          problems.push({ field: `targetsWorkedOn.${i}`, message: "must be one of the child's targets" });
      });
      if (!held) {
        for (const field of [
          "familyFocus",
          "structuredTeaching",
          "childLedPlay",
          "practiseNext",
          "durationMinutes",
        ] as const) {
          if (input[field] !== undefined && input[field] !== "") {
            problems.push({ field, message: "is recorded only for a visit that was held" });
          }
        }
        if ((input.targetsWorkedOn ?? []).length > 0) {
          problems.push({ field: "targetsWorkedOn", message: "is recorded only for a visit that was held" });
        }
      }
      if (problems.length > 0) throw validationProblem(problems);
      const result = await db.transaction(
        async (tx) => {
          const row = await oneVisit(c, tx, id, visitId);
          if (row.visit.version !== input.version) throw staleVisit(row, input.version);
          // A visit held or missed has happened; a cancellation may be known in advance.
          if ((held || input.status === "missed") && row.visit.date > today) {
            throw validationProblem([
              { field: "status", message: `cannot be ${input.status} before the visit's date (${row.visit.date})` },
            ]);
          }
          const where = visitPlace(input, row.visit);
          if ("field" in where) throw validationProblem([where]);
          await tx
            .update(visits)
            .set({
              status: input.status,
              kind: where.kind,
              place: where.place,
              familyFocus: held ? input.familyFocus || null : null,
              structuredTeaching: held ? input.structuredTeaching || null : null,
              childLedPlay: held ? input.childLedPlay || null : null,
              targetsWorkedOn: held ? (input.targetsWorkedOn ?? []) : [],
              practiseNext: held ? input.practiseNext || null : null,
              durationMinutes: held ? (input.durationMinutes ?? protocol.visits.blocks.visitMinutes) : null,
              note: input.note || null,
              recordedBy: staff(c).id,
              recordedAt: now,
              version: row.visit.version + 1,
              updatedAt: now,
            })
            .where(and(eq(visits.id, visitId), eq(visits.version, input.version)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: `visit-${input.status}`,
            }),
          );
          return applyMissedVisitRule(c, tx, id, today);
        },
        { behavior: "immediate" },
      );
      const row = await oneVisit(c, db, id, visitId);
      return c.json({ visit: visitView(row, await blockNumbers(db, id)), missedVisits: result });
    },
  );
