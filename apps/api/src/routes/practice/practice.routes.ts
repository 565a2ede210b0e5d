// The family's practice records: what the activity chart says for each day (tries and
// successes, or not practised, with a comment), entered by the home visitor a week at a time or
// by the family in the family app. Progress and "achieved" are the domain's (`targetProgress`);
// what a day may hold and how a day is written (versions, earlier versions kept) are
// `store.ts`'s, shared with the family app's routes.
import { addDays, type IsoDate, isoWeekday, targetProgress } from "@openportage/domain";
import { and, eq, gte, lte } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, practiceRecords } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { PracticeQuery, PracticeWeekBody } from "../cases/bodies.js";
import { PracticeAnswerSchema, PracticeSavedSchema } from "../cases/views.js";
import { json, problem } from "../openapi-content.js";
import { currentPlan } from "../plans/store.js";
import { planRecords, targetView, toActivityRecord } from "../plans/view.js";
import { checkDay, findTarget, practiceRecordsWhere, recordView, writePracticeDay } from "./store.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const TargetParam = v.object({ id: v.pipe(v.string(), v.uuid()), targetId: v.pipe(v.string(), v.uuid()) });

/** The Monday of the week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
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
        ? await practiceRecordsWhere(
            db,
            and(eq(practiceRecords.planId, stored.id), gte(practiceRecords.date, from), lte(practiceRecords.date, to)),
          )
        : [];
      await auditCaseRead(c, id);
      return c.json({
        from,
        to,
        targets: targets.map(({ t, blockId }) => ({
          target: targetView(t, blockId, records, protocol, today),
          records: rows.filter((r) => r.record.targetId === t.id).map(recordView),
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
      const found = stored ? findTarget(stored.plan, targetId) : undefined;
      if (!stored || !found) throw new ProblemError("not-found", 404, "There is no such target in this child's plan");
      const { target, block } = found;

      const problems: { field: string; message: string }[] = [];
      const seen = new Set<string>();
      const days = input.records.map((r, i) => {
        const at = `records.${i}`;
        if (seen.has(r.date)) problems.push({ field: `${at}.date`, message: "is given more than once" });
        seen.add(r.date);
        if (r.clear) {
          // A day removed needs only a day the chart could have held.
          const checked = checkDay({ date: r.date, practised: false }, { targetId, block }, today, at);
          if (!checked.ok) problems.push(...checked.problems);
          return { r, at, values: "clear" as const };
        }
        const checked = checkDay(r, { targetId, block }, today, at);
        if (!checked.ok) {
          problems.push(...checked.problems);
          return { r, at, values: "clear" as const };
        }
        return { r, at, values: checked.values };
      });
      if (problems.length > 0) throw validationProblem(problems);

      const before = targetProgress(target, await planRecords(db, stored.id), today);
      await db.transaction(
        async (tx) => {
          for (const day of days) {
            await writePracticeDay(tx, {
              childId: id,
              planId: stored.id,
              targetId,
              date: day.r.date,
              values: day.values,
              version: day.r.version,
              by: { staff: user.id },
              now,
              at: day.at,
            });
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
      const rows = await practiceRecordsWhere(db, eq(practiceRecords.targetId, targetId));
      const records = rows.map((r) => toActivityRecord(r.record));
      const view = targetView(target, block.id, records, protocol, today);
      return c.json({
        target: view,
        records: rows.map(recordView),
        reachedCriterion: before.status !== "achieved" && view.progress.status === "achieved",
      });
    },
  );
