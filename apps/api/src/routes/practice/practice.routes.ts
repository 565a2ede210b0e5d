// The family's practice records: what the activity chart says for each day (tries and
// successes, or not practised, with a comment), entered by the home visitor a week at a time.
// Progress and "achieved" are the domain's (`parseActivityRecord`, `targetProgress`).
import {
  addDays,
  type IsoDate,
  isoWeekday,
  parseActivityRecord,
  type Target,
  targetProgress,
} from "@openportage/domain";
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, practiceRecords, users } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { PracticeQuery, PracticeWeekBody } from "../cases/bodies.js";
import { editConflict } from "../cases/conflict.js";
import { PracticeAnswerSchema, type PracticeRecordView, PracticeSavedSchema } from "../cases/views.js";
import { json, problem } from "../openapi-content.js";
import { currentPlan } from "../plans/store.js";
import { planRecords, targetView, toActivityRecord } from "../plans/view.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const TargetParam = v.object({ id: v.pipe(v.string(), v.uuid()), targetId: v.pipe(v.string(), v.uuid()) });

/** The Monday of the week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

function recordView(row: typeof practiceRecords.$inferSelect, enteredByName: string): PracticeRecordView {
  return {
    id: row.id,
    targetId: row.targetId,
    date: row.date,
    recordedBy: row.recordedBy,
    tries: row.tries,
    successes: row.successes,
    practised: row.practised,
    note: row.note,
    enteredBy: { id: row.enteredBy ?? row.enteredByFamily ?? "", name: enteredByName },
    version: row.version,
  };
}

export const practiceRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/practice-records",
    describeRoute({
      tags: ["Casework"],
      summary: "A week of the family's practice records, target by target",
      description:
        "The week (Monday to Sunday) holding `week` (default: this week), for every target of the child's plan, with each target's progress to date.",
      responses: {
        200: { description: "The week", content: json(PracticeAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    queryParams(PracticeQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      const { week } = c.req.valid("query");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const from = mondayOf((week as IsoDate | undefined) ?? today);
      const to = addDays(from, 6);
      const stored = await currentPlan(db, id);
      const targets = stored ? stored.plan.blocks.flatMap((b) => b.targets.map((t) => ({ t, blockId: b.id }))) : [];
      const records = stored ? await planRecords(db, stored.id) : [];
      const rows = stored
        ? await db
            .select({ record: practiceRecords, name: users.name })
            .from(practiceRecords)
            .innerJoin(users, eq(users.id, practiceRecords.enteredBy))
            .where(
              and(
                eq(practiceRecords.planId, stored.id),
                gte(practiceRecords.date, from),
                lte(practiceRecords.date, to),
              ),
            )
            .orderBy(asc(practiceRecords.date))
        : [];
      await auditCaseRead(c, id);
      return c.json({
        from,
        to,
        targets: targets.map(({ t, blockId }) => ({
          target: targetView(t, blockId, records, protocol, today),
          records: rows.filter((r) => r.record.targetId === t.id).map((r) => recordView(r.record, r.name)),
        })),
      });
    },
  )
  .put(
    "/cases/:id/targets/:targetId/practice-records",
    describeRoute({
      tags: ["Casework"],
      summary: "Enter days of the family's activity chart for one target",
      description:
        "Each day: tries and successes (never more successes than tries), or `practised: false` for a day not practised, with an optional note; `clear: true` removes a day entered by mistake. One record a target a day: a day already recorded is changed only with its `version` (409 otherwise), so two people entering the same chart never overwrite each other, and sending the same week twice stores nothing twice. Days must fall in the target's block and not after today. `reachedCriterion` says when these records brought the target to its achieved criterion.",
      requestBody: { content: json(PracticeWeekBody) },
      responses: {
        200: { description: "The target with its progress, and its records", content: json(PracticeSavedSchema) },
        404: problem("No such target that you can see"),
        409: problem("edit-conflict: a day was changed since you read it"),
        422: problem("validation: the field names the day (`records.2.successes`)"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(TargetParam),
    jsonBody(PracticeWeekBody),
    async (c) => {
      const { id, targetId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const user = staff(c);
      const today = englandDate(clock.now());
      const now = clock.now().toISOString();
      const stored = await currentPlan(db, id);
      let found: { target: Target; blockId: string; start: IsoDate; end: IsoDate } | undefined;
      for (const block of stored?.plan.blocks ?? []) {
        const target = block.targets.find((t) => t.id === targetId);
        if (target) found = { target, blockId: block.id, start: block.start, end: block.end };
      }
      if (!stored || !found) throw new ProblemError("not-found", 404, "There is no such target in this child's plan");
      const { target } = found;

      const problems: { field: string; message: string }[] = [];
      const seen = new Set<string>();
      input.records.forEach((r, i) => {
        const at = `records.${i}`;
        if (seen.has(r.date)) problems.push({ field: `${at}.date`, message: "is given more than once" });
        seen.add(r.date);
        if (r.date > today) problems.push({ field: `${at}.date`, message: "must be today or earlier" });
        if (r.date < found.start || r.date > found.end) {
          problems.push({
            field: `${at}.date`,
            message: `must be in the target's block (${found.start} to ${found.end})`,
          });
        }
        if (r.clear) return;
        const practised = r.practised !== false;
        if (!practised && (r.tries !== undefined || r.successes !== undefined)) {
          problems.push({ field: `${at}.tries`, message: "must be left out for a day not practised" });
          return;
        }
        if (practised && r.tries === undefined)
          problems.push({ field: `${at}.tries`, message: "is required: how many times did the child try?" });
        if (practised && r.successes === undefined) {
          problems.push({ field: `${at}.successes`, message: "is required: how many times did the child succeed?" });
        }
        if (practised && r.tries === 0)
          problems.push({ field: `${at}.tries`, message: "must be at least 1, or mark the day as not practised" });
        const parsed = parseActivityRecord({
          targetId,
          date: r.date,
          recordedBy: "family",
          ...(practised ? { tries: r.tries ?? 1, successes: r.successes ?? 0 } : { practised: false }),
          ...(r.note ? { note: r.note } : {}),
        });
        if (!parsed.ok) {
          for (const p of parsed.problems) {
            if (p.path === "tries" && r.tries === 0) continue;
            problems.push({ field: p.path ? `${at}.${p.path}` : at, message: p.message });
          }
        }
      });
      if (problems.length > 0) throw validationProblem(problems);

      const before = targetProgress(target, await planRecords(db, stored.id), today);
      await db.transaction(
        async (tx) => {
          const dates = input.records.map((r) => r.date);
          const existing = await tx
            .select({ record: practiceRecords, name: users.name })
            .from(practiceRecords)
            .innerJoin(users, eq(users.id, practiceRecords.enteredBy))
            .where(and(eq(practiceRecords.targetId, targetId), inArray(practiceRecords.date, dates)));
          const byDate = new Map(existing.map((e) => [e.record.date, e]));
          for (const r of input.records) {
            const current = byDate.get(r.date);
            const given = r.version ?? 0;
            const practised = r.practised !== false;
            const values = {
              tries: practised ? (r.tries ?? null) : null,
              successes: practised ? (r.successes ?? null) : null,
              practised,
              note: r.note || null,
            };
            if (current) {
              const same =
                current.record.tries === values.tries &&
                current.record.successes === values.successes &&
                current.record.practised === values.practised &&
                current.record.note === values.note;
              // The same day sent again as it is stored (a retried form) changes nothing.
              if (!r.clear && same && (given === 0 || given === current.record.version)) continue;
              if (given !== current.record.version) {
                throw editConflict(`practice record for ${r.date}`, given, {
                  currentVersion: current.record.version,
                  changedBy: current.name,
                  changedAt: current.record.updatedAt,
                  changes: ["practice-recorded"],
                });
              }
              if (r.clear) {
                await tx.delete(practiceRecords).where(eq(practiceRecords.id, current.record.id));
              } else {
                await tx
                  .update(practiceRecords)
                  .set({ ...values, enteredBy: user.id, version: current.record.version + 1, updatedAt: now })
                  .where(and(eq(practiceRecords.id, current.record.id), eq(practiceRecords.version, given)));
              }
            } else if (!r.clear) {
              if (given !== 0) {
                throw editConflict(`practice record for ${r.date}`, given, {
                  currentVersion: 0,
                  changedBy: null,
                  changedAt: null,
                  changes: ["practice-cleared"],
                });
              }
              await tx.insert(practiceRecords).values({
                id: newId(),
                childId: id,
                planId: stored.id,
                targetId,
                date: r.date,
                recordedBy: "family",
                ...values,
                enteredBy: user.id,
                version: 1,
                createdAt: now,
                updatedAt: now,
              });
            }
          }
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "practice-recorded",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const rows = await db
        .select({ record: practiceRecords, name: users.name })
        .from(practiceRecords)
        .innerJoin(users, eq(users.id, practiceRecords.enteredBy))
        .where(eq(practiceRecords.targetId, targetId))
        .orderBy(asc(practiceRecords.date));
      const records = rows.map((r) => toActivityRecord(r.record));
      const view = targetView(target, found.blockId, records, protocol, today);
      return c.json({
        target: view,
        records: rows.map((r) => recordView(r.record, r.name)),
        reachedCriterion: before.status !== "achieved" && view.progress.status === "achieved",
      });
    },
  );
