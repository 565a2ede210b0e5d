// The play plan of an allocated child: long-term goals, blocks of visits and their targets, the
// family's agreement and the start of the plan. Every rule is the domain's (newTarget, endTarget,
// transitionPlan, transitionBlock, validatePlan); this file turns requests into those calls.
import {
  addDays,
  addMonths,
  type Block,
  endTarget,
  type IsoDate,
  newTarget,
  type PlayPlan,
  previousTermDay,
  type Target,
  transitionBlock,
  transitionPlan,
} from "@openportage/domain";
import { asc, count, eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { playPlanRevisions, users, visits } from "../../db/schema.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import {
  AgreementBody,
  BlockBody,
  BlockChangeBody,
  GoalBody,
  GoalChangeBody,
  NewPlanBody,
  StartPlanBody,
  TargetBody,
  TargetChangeBody,
  TargetOutcomeBody,
} from "../cases/bodies.js";
import { PlanAnswerSchema, PlanRevisionsSchema } from "../cases/views.js";
import { json, problem } from "../openapi-content.js";
import { changePlan, currentPlan, startPlan } from "./store.js";
import { planAnswer } from "./view.js";

const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const GoalParam = v.object({ id: v.pipe(v.string(), v.uuid()), goalId: v.pipe(v.string(), v.uuid()) });
const BlockParam = v.object({ id: v.pipe(v.string(), v.uuid()), blockId: v.pipe(v.string(), v.uuid()) });
const TargetParam = v.object({ id: v.pipe(v.string(), v.uuid()), targetId: v.pipe(v.string(), v.uuid()) });

/** The answers every change of the plan can give. */
const changeResponses = {
  200: { description: "The plan as it now is", content: json(PlanAnswerSchema) },
  404: problem("No case here that you can see, or no such goal, block or target"),
  409: problem(
    "edit-conflict: the plan changed since the version sent (what changed is listed), or no plan in progress",
  ),
  422: problem("validation: a field is wrong, or the domain refuses the change (the reason is the detail)"),
};
const body = (schema: v.GenericSchema) => ({ content: json(schema) });
const ROLES = ["home-visitor", "coordinator"] as const;

function notFound(what: string): ProblemError {
  return new ProblemError("not-found", 404, `There is no such ${what} in this child's plan`);
}

function findBlock(plan: PlayPlan, blockId: string): { block: Block; index: number } {
  const index = plan.blocks.findIndex((b) => b.id === blockId);
  const block = plan.blocks[index];
  if (!block) throw notFound("block");
  return { block, index };
}

function findTarget(plan: PlayPlan, targetId: string): { target: Target; b: number; t: number } {
  for (const [b, block] of plan.blocks.entries()) {
    const t = block.targets.findIndex((x) => x.id === targetId);
    const target = block.targets[t];
    if (target) return { target, b, t };
  }
  throw notFound("target");
}

function withBlock(plan: PlayPlan, index: number, block: Block): PlayPlan {
  return { ...plan, blocks: plan.blocks.map((b, i) => (i === index ? block : b)) };
}

function withTarget(plan: PlayPlan, b: number, t: number, target: Target): PlayPlan {
  const block = plan.blocks[b] as Block;
  return withBlock(plan, b, { ...block, targets: block.targets.map((x, i) => (i === t ? target : x)) });
}

/** Teaching steps from their texts, keeping the ids of steps at the same place. */
function steps(texts: readonly string[], existing: Target["teachingSteps"] = []): Target["teachingSteps"] {
  return texts.map((text, i) => ({ id: existing[i]?.id ?? newId(), text }));
}

export const planRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/plan",
    describeRoute({
      tags: ["Casework"],
      summary: "The child's play plan",
      description:
        "The plan in progress (or the latest completed one), with each target's progress worked out by the domain's `targetProgress` from the family's practice records, and the protocol's choices (areas, frequencies, block length, achieved criterion). `plan` is null before a plan is started.",
      responses: {
        200: { description: "The plan", content: json(PlanAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const answer = await planAnswer(db, await currentPlan(db, id), protocol, englandDate(clock.now()));
      await auditCaseRead(c, id);
      return c.json(answer);
    },
  )
  .post(
    "/cases/:id/plan",
    describeRoute({
      tags: ["Casework"],
      summary: "Start a play plan (a draft)",
      requestBody: body(NewPlanBody),
      responses: {
        201: { description: "The new draft plan", content: json(PlanAnswerSchema) },
        409: problem("A plan is already in progress"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(NewPlanBody),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const stored = await startPlan(c, id);
      return c.json(await planAnswer(db, stored, protocol, englandDate(clock.now())), 201);
    },
  )
  .post(
    "/cases/:id/plan/goals",
    describeRoute({
      tags: ["Casework"],
      summary: "Add a long-term goal",
      description:
        "`reviewBy` left out: the protocol's review period (`plans.longTermGoalReviewMonths`) after `setOn`.",
      requestBody: body(GoalBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(GoalBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol } = c.get("deps");
      const setOn = input.setOn as IsoDate;
      const reviewBy =
        (input.reviewBy as IsoDate | undefined) ?? addMonths(setOn, protocol.plans.longTermGoalReviewMonths.months);
      const stored = await changePlan(c, id, input.version, "goal-added", (plan) => ({
        ok: true,
        value: {
          ...plan,
          longTermGoals: [
            ...plan.longTermGoals,
            { id: newId(), text: input.text, areaId: input.areaId, setOn, reviewBy },
          ],
        },
        prefix: `longTermGoals.${plan.longTermGoals.length}`,
      }));
      return c.json(await answer(c, stored));
    },
  )
  .patch(
    "/cases/:id/plan/goals/:goalId",
    describeRoute({
      tags: ["Casework"],
      summary: "Change a long-term goal",
      requestBody: body(GoalChangeBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(GoalParam),
    jsonBody(GoalChangeBody),
    async (c) => {
      const { id, goalId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const stored = await changePlan(c, id, input.version, "goal-changed", (plan) => {
        const index = plan.longTermGoals.findIndex((g) => g.id === goalId);
        const goal = plan.longTermGoals[index];
        if (!goal) throw notFound("long-term goal");
        const changed = {
          ...goal,
          ...(input.text !== undefined ? { text: input.text } : {}),
          ...(input.areaId !== undefined ? { areaId: input.areaId } : {}),
          ...(input.reviewBy !== undefined ? { reviewBy: input.reviewBy as IsoDate } : {}),
        };
        return {
          ok: true,
          value: { ...plan, longTermGoals: plan.longTermGoals.map((g, i) => (i === index ? changed : g)) },
          prefix: `longTermGoals.${index}`,
        };
      });
      return c.json(await answer(c, stored));
    },
  )
  .post(
    "/cases/:id/plan/blocks",
    describeRoute({
      tags: ["Casework"],
      summary: "Add a block of visits",
      description:
        "`end` left out: the protocol's block length (`visits.blocks.lengthWeeks`) from `start`, ending on the last term day within it. The domain checks the frequency is offered and the block starts and ends in term time, after the previous block.",
      requestBody: body(BlockBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(BlockBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol } = c.get("deps");
      const start = input.start as IsoDate;
      // Left out, the block runs the protocol's length, ending on the last term day within it.
      const fullLength = addDays(start, protocol.visits.blocks.lengthWeeks * 7 - 1);
      const end =
        (input.end as IsoDate | undefined) ?? previousTermDay(fullLength, protocol.visits.terms) ?? fullLength;
      const stored = await changePlan(c, id, input.version, "block-added", (plan) => {
        const block: Block = {
          id: newId(),
          number: plan.blocks.length + 1,
          start,
          end,
          frequency: input.frequency,
          weekday: input.weekday,
          time: input.time,
          status: "draft",
          targets: [],
        };
        return {
          ok: true,
          value: { ...plan, blocks: [...plan.blocks, block] },
          prefix: `blocks.${plan.blocks.length}`,
        };
      });
      return c.json(await answer(c, stored));
    },
  )
  .patch(
    "/cases/:id/plan/blocks/:blockId",
    describeRoute({
      tags: ["Casework"],
      summary: "Change a block's dates, frequency, weekday or time",
      description: "Refused (409) once the block's visits are in the diary: rearrange those visits one by one instead.",
      requestBody: body(BlockChangeBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    jsonBody(BlockChangeBody),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const stored = await changePlan(
        c,
        id,
        input.version,
        "block-changed",
        (plan) => {
          const { block, index } = findBlock(plan, blockId);
          if (block.status === "completed")
            throw new ProblemError("conflict", 409, "This block is completed and cannot change");
          const changed: Block = {
            ...block,
            ...(input.start !== undefined ? { start: input.start as IsoDate } : {}),
            ...(input.end !== undefined ? { end: input.end as IsoDate } : {}),
            ...(input.frequency !== undefined ? { frequency: input.frequency } : {}),
            ...(input.weekday !== undefined ? { weekday: input.weekday } : {}),
            ...(input.time !== undefined ? { time: input.time } : {}),
          };
          return { ok: true, value: withBlock(plan, index, changed), prefix: `blocks.${index}` };
        },
        async (plan, tx) => {
          const { block } = findBlock(plan, blockId);
          const [planned] = await tx.select({ n: count() }).from(visits).where(eq(visits.blockId, block.id));
          if ((planned?.n ?? 0) > 0) {
            throw new ProblemError(
              "conflict",
              409,
              "This block's visits are already in the diary: rearrange the visits one by one instead of changing the block",
            );
          }
        },
      );
      return c.json(await answer(c, stored));
    },
  )
  .post(
    "/cases/:id/plan/blocks/:blockId/targets",
    describeRoute({
      tags: ["Casework"],
      summary: "Add a target to a block",
      description:
        "Written as the service writes targets: what the child will do (`does`), under what conditions, to what degree of success (`criterion`, the protocol's by default), with teaching steps in order and how and how often to practise. Made by the domain's `newTarget`.",
      requestBody: body(TargetBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    jsonBody(TargetBody),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol } = c.get("deps");
      const stored = await changePlan(c, id, input.version, "target-added", (plan) => {
        const { block, index } = findBlock(plan, blockId);
        if (block.status === "completed")
          throw new ProblemError("conflict", 409, "This block is completed: add the target to the next block");
        const made = newTarget(
          {
            id: newId(),
            areaId: input.areaId,
            ...(input.longTermGoalId ? { longTermGoalId: input.longTermGoalId } : {}),
            does: input.does,
            conditions: input.conditions,
            ...(input.criterion ? { criterion: input.criterion } : {}),
            teachingSteps: steps(input.teachingSteps),
            practice: practiceOf(input.practice),
          },
          protocol,
        );
        if (!made.ok) return made;
        return {
          ok: true,
          value: withBlock(plan, index, { ...block, targets: [...block.targets, made.value] }),
          prefix: `blocks.${index}.targets.${block.targets.length}`,
        };
      });
      return c.json(await answer(c, stored));
    },
  )
  .patch(
    "/cases/:id/plan/targets/:targetId",
    describeRoute({
      tags: ["Casework"],
      summary: "Change a target",
      description: "An ended target cannot change. The plan keeps every version (see /plan/revisions).",
      requestBody: body(TargetChangeBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(TargetParam),
    jsonBody(TargetChangeBody),
    async (c) => {
      const { id, targetId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol } = c.get("deps");
      const stored = await changePlan(c, id, input.version, "target-changed", (plan) => {
        const { target, b, t } = findTarget(plan, targetId);
        if (target.status === "ended") {
          throw new ProblemError("conflict", 409, "This target has ended and cannot change; add a new target instead");
        }
        const made = newTarget(
          {
            id: target.id,
            areaId: input.areaId ?? target.areaId,
            ...((input.longTermGoalId ?? target.longTermGoalId)
              ? { longTermGoalId: input.longTermGoalId ?? target.longTermGoalId }
              : {}),
            does: input.does ?? target.does,
            conditions: input.conditions ?? target.conditions,
            criterion: input.criterion ?? target.criterion,
            teachingSteps: input.teachingSteps
              ? steps(input.teachingSteps, target.teachingSteps)
              : target.teachingSteps,
            practice: input.practice ? practiceOf(input.practice) : target.practice,
          } as Parameters<typeof newTarget>[0],
          protocol,
        );
        if (!made.ok) return made;
        return { ok: true, value: withTarget(plan, b, t, made.value), prefix: `blocks.${b}.targets.${t}` };
      });
      return c.json(await answer(c, stored));
    },
  )
  .post(
    "/cases/:id/plan/targets/:targetId/outcome",
    describeRoute({
      tags: ["Casework"],
      summary: "Mark a target achieved, carried forward or stopped",
      description:
        "The domain's `endTarget`: a stopped target needs a reason; an ended target's outcome cannot change.",
      requestBody: body(TargetOutcomeBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(TargetParam),
    jsonBody(TargetOutcomeBody),
    async (c) => {
      const { id, targetId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const stored = await changePlan(c, id, input.version, `target-${input.result}`, (plan) => {
        const { target, b, t } = findTarget(plan, targetId);
        const ended = endTarget(target, input.result, {
          on: input.on as IsoDate,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.note ? { note: input.note } : {}),
        });
        if (!ended.ok) {
          if (ended.code === "reason-required") {
            return { ...ended, problems: [{ path: "reason", message: "must say why the target is being stopped" }] };
          }
          throw new ProblemError("conflict", 409, ended.reason);
        }
        return { ok: true, value: withTarget(plan, b, t, ended.value), prefix: `blocks.${b}.targets.${t}` };
      });
      return c.json(await answer(c, stored));
    },
  )
  .post(
    "/cases/:id/plan/agreement",
    describeRoute({
      tags: ["Casework"],
      summary: "Record the family's agreement to the plan",
      description:
        "The plan (when still a draft) and each of its draft blocks move to `agreed`, recording who agreed and when, by the domain's `transitionPlan` and `transitionBlock`: refused with the reason when a block has no target or breaks the protocol.",
      requestBody: body(AgreementBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(AgreementBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol, clock } = c.get("deps");
      const on = input.agreedOn as IsoDate;
      if (on > englandDate(clock.now())) {
        throw new ProblemError("validation", 422, "The agreement cannot be dated in the future", {
          errors: [{ field: "agreedOn", pointer: "/agreedOn", message: "must be today or earlier" }],
        });
      }
      const context = { protocol, on, agreedBy: input.agreedBy };
      const stored = await changePlan(c, id, input.version, "plan-agreed", (plan) => {
        const drafts = plan.blocks.filter((b) => b.status === "draft");
        if (drafts.length === 0 && plan.status !== "draft") {
          throw new ProblemError("conflict", 409, "Every block of this plan is already agreed");
        }
        let next: PlayPlan = plan;
        for (const [index, block] of plan.blocks.entries()) {
          if (block.status !== "draft") continue;
          const agreed = transitionBlock(block, "agreed", context);
          if (!agreed.ok) return { ...agreed, reason: `Block ${block.number}: ${agreed.reason}` };
          next = withBlock(next, index, agreed.value);
        }
        if (next.status === "draft") {
          const agreedPlan = transitionPlan({ ...next, blocks: plan.blocks }, "agreed", context);
          if (!agreedPlan.ok) return agreedPlan;
          next = { ...agreedPlan.value, blocks: next.blocks };
        }
        return { ok: true, value: next };
      });
      return c.json(await answer(c, stored));
    },
  )
  .post(
    "/cases/:id/plan/start",
    describeRoute({
      tags: ["Casework"],
      summary: "Start the agreed plan (or its next agreed block)",
      description:
        "The plan moves from agreed to active, and its first agreed block with it, when no block is running.",
      requestBody: body(StartPlanBody),
      responses: changeResponses,
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(StartPlanBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { protocol, clock } = c.get("deps");
      const context = { protocol, on: englandDate(clock.now()) };
      const stored = await changePlan(c, id, input.version, "plan-started-visits", (plan) => {
        if (plan.status === "draft") {
          throw new ProblemError("conflict", 409, "Record the family's agreement to the plan before starting it");
        }
        let next = plan;
        if (plan.status === "agreed") {
          const active = transitionPlan(plan, "active", context);
          if (!active.ok) return active;
          next = active.value;
        }
        const running = next.blocks.some((b) => b.status === "active" || b.status === "in-review");
        const index = next.blocks.findIndex((b) => b.status === "agreed");
        const block = next.blocks[index];
        if (!running && block) {
          const started = transitionBlock(block, "active", context);
          if (!started.ok) return started;
          next = withBlock(next, index, started.value);
        } else if (next === plan) {
          throw new ProblemError(
            "conflict",
            409,
            running ? "A block of this plan is already running" : "There is no agreed block to start",
          );
        }
        return { ok: true, value: next };
      });
      return c.json(await answer(c, stored));
    },
  )
  .get(
    "/cases/:id/plan/revisions",
    describeRoute({
      tags: ["Casework"],
      summary: "Every version of the child's plan: what changed, who, when",
      responses: {
        200: { description: "Newest first", content: json(PlanRevisionsSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db } = c.get("deps");
      const stored = await currentPlan(db, id);
      const rows = stored
        ? await db
            .select({
              version: playPlanRevisions.version,
              change: playPlanRevisions.change,
              changedAt: playPlanRevisions.changedAt,
              changedBy: { id: users.id, name: users.name },
            })
            .from(playPlanRevisions)
            .innerJoin(users, eq(users.id, playPlanRevisions.changedBy))
            .where(eq(playPlanRevisions.planId, stored.id))
            .orderBy(asc(playPlanRevisions.version))
        : [];
      await auditCaseRead(c, id);
      return c.json({ revisions: rows.reverse() });
    },
  );

function practiceOf(p: {
  how: string;
  timesPerDay?: number | undefined;
  howOften?: string | undefined;
}): Target["practice"] {
  return {
    how: p.how,
    ...(p.timesPerDay !== undefined ? { timesPerDay: p.timesPerDay } : {}),
    ...(p.howOften ? { howOften: p.howOften } : {}),
  };
}

async function answer(c: import("hono").Context<AppEnv>, stored: Awaited<ReturnType<typeof changePlan>>) {
  const { db, protocol, clock } = c.get("deps");
  return planAnswer(db, stored, protocol, englandDate(clock.now()));
}
