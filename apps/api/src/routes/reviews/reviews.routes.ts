// Block reviews and long-term goal reviews (ADR 0041). The domain's `reviewBlock` works out what
// the records show; staff add the family's celebrations in their words and the focus for the
// next block; saving ends every open target (`endTarget`), completes the block
// (`transitionBlock`), and applies the decision: a next block (targets carried forward as new
// targets) through `changePlan`, so the plan's version and revisions stay right; a return to the
// waiting list or an exit is stored and carried out by its own route.
import {
  addDays,
  addMonths,
  type Block,
  type BlockReview,
  compareProfiles,
  type DevelopmentalProfile,
  endTarget,
  type IsoDate,
  maxDate,
  newTarget,
  nextTermDay,
  type PlanProblem,
  type PlayPlan,
  type ProfileComparison,
  type ProfileEntry,
  previousTermDay,
  type Refusal,
  reviewBlock,
  type Target,
  transitionBlock,
  type Visit,
  validatePlan,
  weekdayOf,
} from "@openportage/domain";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import {
  auditEvents,
  blockReviews,
  children,
  developmentalProfiles,
  goalReviews,
  practiceRecords,
  users,
  visits,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { reviewReportPdf } from "../../lib/review-report-pdf.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { editConflict } from "../cases/conflict.js";
import { json, problem } from "../openapi-content.js";
import { changePlan, currentPlan, type Tx } from "../plans/store.js";
import { areaName, toActivityRecord } from "../plans/view.js";
import {
  type BlockReviewAnswer,
  BlockReviewAnswerSchema,
  BlockReviewBody,
  BlockReviewChangeBody,
  type BlockReviewFigures,
  type BlockReviewView,
  BlockReviewViewSchema,
  GoalReviewBody,
  type GoalReviewsView,
  GoalReviewsViewSchema,
  type ReviewDecision,
  type ReviewNextStep,
  type ReviewProfileComparison,
  type ReviewsAnswer,
  ReviewsAnswerSchema,
} from "./contract.js";
import { familyReport } from "./report.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const Uuid = v.pipe(v.string(), v.uuid());
const CaseParam = v.object({ id: Uuid });
const BlockParam = v.object({ id: Uuid, blockId: Uuid });
const GoalParam = v.object({ id: Uuid, goalId: Uuid });
const body = (schema: v.GenericSchema) => ({ content: json(schema) });

type Reader = Database | Tx;
type BlockReviewRow = typeof blockReviews.$inferSelect;

function notFound(what: string): ProblemError {
  return new ProblemError("not-found", 404, `There is no such ${what} in this child's plan`);
}

function fieldProblem(field: string, message: string, detail?: string): ProblemError {
  return validationProblem([{ field, message }], detail);
}

function findBlock(plan: PlayPlan, blockId: string): { block: Block; index: number } {
  const index = plan.blocks.findIndex((b) => b.id === blockId);
  const block = plan.blocks[index];
  if (!block) throw notFound("block");
  return { block, index };
}

/** Whether a block's review is due on `today`: its end has passed, or it is in review. */
export function reviewDue(block: Block, today: IsoDate, reviewed: boolean): boolean {
  if (reviewed) return false;
  return block.status === "in-review" || (block.status === "active" && block.end < today);
}

/** Why a block cannot be reviewed on `on`, or null when it can. */
function notYet(block: Block, on: IsoDate, reviewed: boolean): string | null {
  if (reviewed || block.status === "completed")
    return "This block has been reviewed already: correct the saved review instead";
  if (block.status === "draft" || block.status === "agreed") {
    return "This block has not started: a block is reviewed once its visits have run";
  }
  if (block.status === "active" && on < block.end) {
    return `This block runs until ${block.end}: review it on its last day or later`;
  }
  return null;
}

async function childFirstName(db: Reader, childId: string): Promise<string> {
  const [child] = await db.select({ firstName: children.firstName }).from(children).where(eq(children.id, childId));
  return child?.firstName ?? "";
}

async function blockVisits(db: Reader, blockId: string): Promise<Visit[]> {
  const rows = await db
    .select({ date: visits.date, time: visits.time, status: visits.status })
    .from(visits)
    .where(eq(visits.blockId, blockId));
  return rows.map((r) => ({ date: r.date as IsoDate, time: r.time, status: r.status }));
}

/** The domain's review of the block on `asOf`. */
async function review(
  c: Context<AppEnv>,
  db: Reader,
  plan: PlayPlan,
  blockId: string,
  asOf: IsoDate,
  childName: string,
): Promise<BlockReview> {
  const { protocol } = c.get("deps");
  const [records, blockVisitList] = await Promise.all([
    db.select().from(practiceRecords).where(eq(practiceRecords.planId, plan.id)),
    blockVisits(db, blockId),
  ]);
  const result = reviewBlock(plan, records.map(toActivityRecord), blockVisitList, asOf, {
    protocol,
    childName,
    blockId,
  });
  if (!result.ok) throw notFound("block");
  return result.value;
}

/** The figures as the screens show them: the domain's review without the records themselves. */
function figuresView(figures: BlockReview, block: Block | undefined): BlockReviewFigures {
  return {
    blockId: figures.blockId,
    blockNumber: figures.blockNumber,
    period: { ...figures.period },
    asOf: figures.asOf,
    targets: figures.targets.map((t) => {
      const outcome = block?.targets.find((x) => x.id === t.targetId)?.outcome;
      return {
        targetId: t.targetId,
        areaId: t.areaId,
        area: t.area,
        does: t.does,
        status: t.status,
        progressSummary: t.progress.summary,
        daysMet: [...t.progress.daysMet],
        daysNeeded: t.progress.daysNeeded,
        recordsCounted: t.progress.recordsCounted,
        suggestedOutcome: t.suggestedOutcome,
        decided: t.decided,
        ...(t.nextTeachingStep
          ? { nextTeachingStep: { id: t.nextTeachingStep.id, text: t.nextTeachingStep.text } }
          : {}),
        nextStep: t.nextStep,
        ...(outcome
          ? {
              outcome: {
                result: outcome.result,
                on: outcome.on,
                ...("reason" in outcome && outcome.reason ? { reason: outcome.reason } : {}),
                ...("note" in outcome && outcome.note ? { note: outcome.note } : {}),
              },
            }
          : {}),
      };
    }),
    targetsSet: figures.targetsSet,
    targetsAchieved: figures.targetsAchieved,
    visitsPlanned: figures.visitsPlanned,
    visitsHeld: figures.visitsHeld,
    visitsMissed: figures.visitsMissed,
    visitsCancelledByService: figures.visitsCancelledByService,
    visitsToCome: figures.visitsToCome,
    celebrate: [...figures.celebrate],
    nextFocus: [...figures.nextFocus],
  };
}

type ProfileRow = typeof developmentalProfiles.$inferSelect;
const asDomainProfile = (p: ProfileRow): DevelopmentalProfile => ({
  recordedOn: p.recordedOn as IsoDate,
  entries: p.entries as ProfileEntry[],
});

async function childProfiles(db: Reader, childId: string): Promise<ProfileRow[]> {
  return db
    .select()
    .from(developmentalProfiles)
    .where(eq(developmentalProfiles.childId, childId))
    .orderBy(asc(developmentalProfiles.recordedOn), asc(developmentalProfiles.createdAt));
}

function comparisonView(comparison: ProfileComparison): ReviewProfileComparison {
  return {
    from: comparison.from,
    to: comparison.to,
    areas: comparison.areas.map((a) => ({ ...a })),
    movedOn: comparison.movedOn,
    same: comparison.same,
    movedBack: comparison.movedBack,
  };
}

/** The profile `profileId` compared with the child's first one (null when it is the first, or there is none). */
function compareWithFirst(
  c: Context<AppEnv>,
  profiles: readonly ProfileRow[],
  profileId: string | null,
): ProfileComparison | null {
  const first = profiles[0];
  const later = profiles.find((p) => p.id === profileId);
  if (!first || !later || first.id === later.id) return null;
  return compareProfiles(asDomainProfile(first), asDomainProfile(later), c.get("deps").protocol);
}

function nextStep(decision: ReviewDecision, childId: string, nextBlockId: string | undefined): ReviewNextStep {
  switch (decision) {
    case "next-block":
      return {
        decision,
        ...(nextBlockId ? { blockId: nextBlockId } : {}),
        text: "The next block is a draft on the play plan: add any new targets, then record the family's agreement.",
      };
    case "waiting-list":
      return {
        decision,
        route: `POST /api/cases/${childId}/return-to-waiting-list`,
        text: "Return the child to the waiting list: the play plan is kept and continues when they are allocated again.",
      };
    case "exit":
      return {
        decision,
        route: `POST /api/cases/${childId}/exit`,
        text: "Record the child leaving the service, with the reason and, when they move on to a setting, a transition report.",
      };
  }
}

/** A saved review as the screens show it, with the family's report. */
async function reviewView(
  c: Context<AppEnv>,
  db: Reader,
  row: BlockReviewRow,
  plan: PlayPlan | undefined,
): Promise<BlockReviewView> {
  const figures = row.summary as BlockReview;
  const block = plan?.blocks.find((b) => b.id === row.blockId);
  const following = block ? plan?.blocks.find((b) => b.number === block.number + 1) : undefined;
  const [[recorder], profiles, firstName] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.recordedBy)),
    childProfiles(db, row.childId),
    childFirstName(db, row.childId),
  ]);
  const comparison = compareWithFirst(c, profiles, row.profileId);
  const decision = row.decision;
  return {
    id: row.id,
    blockId: row.blockId,
    blockNumber: figures.blockNumber,
    reviewedOn: row.reviewedOn,
    celebrations: row.celebrations,
    nextFocus: row.nextFocus,
    decision,
    profileId: row.profileId,
    figures: figuresView(figures, block),
    comparison: comparison ? comparisonView(comparison) : null,
    report: familyReport({
      childFirstName: firstName,
      figures,
      celebrations: row.celebrations,
      nextFocus: row.nextFocus,
      decision,
      ...(decision === "next-block" && following ? { nextBlock: following } : {}),
      comparison,
    }),
    next: nextStep(decision, row.childId, decision === "next-block" ? following?.id : undefined),
    recordedBy: recorder ?? { id: row.recordedBy, name: "(unknown)" },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function savedReview(db: Reader, childId: string, blockId: string): Promise<BlockReviewRow | undefined> {
  const [row] = await db
    .select()
    .from(blockReviews)
    .where(and(eq(blockReviews.childId, childId), eq(blockReviews.blockId, blockId)));
  return row;
}

/** The first term day on the block's weekday after `after`: where the review form starts the next block. */
function nextBlockStart(c: Context<AppEnv>, block: Block, after: IsoDate): IsoDate | null {
  const { terms } = c.get("deps").protocol.visits;
  let day = addDays(after, 1);
  for (let i = 0; i < 120; i++) {
    const next = nextTermDay(day, terms);
    if (!next) return null;
    if (weekdayOf(next) === block.weekday) return next;
    day = addDays(next, 1);
  }
  return null;
}

/** Ends the block's open targets with the outcomes given and completes the block. */
function endBlock(
  c: Context<AppEnv>,
  plan: PlayPlan,
  index: number,
  on: IsoDate,
  outcomes: v.InferOutput<typeof BlockReviewBody>["outcomes"],
): { ok: true; block: Block } | Refusal {
  const block = plan.blocks[index] as Block;
  const problems: PlanProblem[] = [];
  outcomes.forEach((o, i) => {
    const target = block.targets.find((t) => t.id === o.targetId);
    if (!target) problems.push({ path: `outcomes.${i}.targetId`, message: "is not one of this block's targets" });
    else if (target.status === "ended") {
      problems.push({ path: `outcomes.${i}.targetId`, message: "has already ended: its outcome cannot change" });
    } else if (outcomes.findIndex((x) => x.targetId === o.targetId) !== i) {
      problems.push({ path: `outcomes.${i}.targetId`, message: "is given more than once" });
    }
  });
  const targets = block.targets.map((target) => {
    if (target.status === "ended") return target;
    const i = outcomes.findIndex((o) => o.targetId === target.id);
    const given = outcomes[i];
    if (!given) {
      problems.push({ path: "outcomes", message: `must give an outcome for the target "${target.does}"` });
      return target;
    }
    const ended = endTarget(target, given.result, {
      on,
      ...(given.reason ? { reason: given.reason } : {}),
      ...(given.note ? { note: given.note } : {}),
    });
    if (!ended.ok) {
      problems.push({
        path: ended.code === "reason-required" ? `outcomes.${i}.reason` : `outcomes.${i}.targetId`,
        message: ended.code === "reason-required" ? "must say why the target is being stopped" : ended.reason,
      });
      return target;
    }
    return ended.value;
  });
  if (problems.length > 0) {
    return { ok: false, code: "invalid-input", reason: "Give an outcome for every open target of the block", problems };
  }
  let ended: Block = { ...block, targets };
  const context = { protocol: c.get("deps").protocol, on };
  if (ended.status === "active") {
    const inReview = transitionBlock(ended, "in-review", context);
    if (!inReview.ok) return { ...inReview, problems: [{ path: "reviewedOn", message: inReview.reason }] };
    ended = inReview.value;
  }
  const completed = transitionBlock(ended, "completed", context);
  if (!completed.ok) return completed;
  return { ok: true, block: completed.value };
}

/** The new draft block, each target carried forward made again as a new target (new ids, same words and steps). */
function followingBlock(
  c: Context<AppEnv>,
  plan: PlayPlan,
  reviewed: Block,
  next: v.InferOutput<typeof BlockReviewBody>["nextBlock"] & object,
): { ok: true; block: Block } | Refusal {
  const { protocol } = c.get("deps");
  const start = next.start as IsoDate;
  const fullLength = addDays(start, protocol.visits.blocks.lengthWeeks * 7 - 1);
  const end = (next.end as IsoDate | undefined) ?? previousTermDay(fullLength, protocol.visits.terms) ?? fullLength;
  const targets: Target[] = [];
  for (const target of reviewed.targets) {
    if (target.outcome?.result !== "carried-forward") continue;
    const made = newTarget(
      {
        id: newId(),
        areaId: target.areaId,
        ...(target.longTermGoalId ? { longTermGoalId: target.longTermGoalId } : {}),
        does: target.does,
        conditions: target.conditions,
        criterion: target.criterion,
        teachingSteps: target.teachingSteps.map((s) => ({ id: newId(), text: s.text })),
        practice: target.practice,
      },
      protocol,
    );
    if (!made.ok) return made;
    targets.push(made.value);
  }
  return {
    ok: true,
    block: {
      id: newId(),
      number: plan.blocks.length + 1,
      start,
      end,
      frequency: next.frequency,
      weekday: next.weekday,
      time: next.time,
      status: "draft",
      targets,
    },
  };
}

/** Stale review: 409 with who corrected it last (from the audit trail) and when. */
async function staleReview(db: Reader, row: BlockReviewRow, given: number): Promise<ProblemError> {
  const [last] = await db
    .select({ name: users.name, at: auditEvents.at, reason: auditEvents.reason })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.recordType, "child"),
        eq(auditEvents.recordId, row.childId),
        eq(auditEvents.reason, "block-review-corrected"),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return editConflict("review", given, {
    currentVersion: row.version,
    changedBy: last?.name ?? null,
    changedAt: last?.at ?? row.updatedAt,
    changes: ["block-review-corrected"],
  });
}

const coordinator = alias(users, "coordinator");
const recorder = alias(users, "recorder");

async function goalsView(c: Context<AppEnv>, db: Reader, childId: string, plan: PlayPlan | undefined, today: IsoDate) {
  const { protocol } = c.get("deps");
  const months = protocol.plans.longTermGoalReviewMonths.months;
  const rows = await db
    .select({ review: goalReviews, coordinatorName: coordinator.name, recorderName: recorder.name })
    .from(goalReviews)
    .leftJoin(coordinator, eq(coordinator.id, goalReviews.coordinatorId))
    .innerJoin(recorder, eq(recorder.id, goalReviews.recordedBy))
    .where(eq(goalReviews.childId, childId))
    .orderBy(asc(goalReviews.reviewedOn), asc(goalReviews.createdAt));
  return (plan?.longTermGoals ?? []).map((goal): GoalReviewsView => {
    const reviews = rows
      .filter((r) => r.review.goalId === goal.id)
      .map(({ review: r, coordinatorName, recorderName }) => ({
        id: r.id,
        goalId: r.goalId,
        reviewedOn: r.reviewedOn,
        outcome: r.outcome,
        note: r.note,
        coordinator: r.coordinatorId ? { id: r.coordinatorId, name: coordinatorName ?? "(unknown)" } : null,
        recordedBy: { id: r.recordedBy, name: recorderName },
        createdAt: r.createdAt,
      }));
    const last = reviews[reviews.length - 1];
    const finished = last?.outcome === "achieved" || last?.outcome === "stopped";
    const nextReviewBy = finished ? null : last ? addMonths(last.reviewedOn as IsoDate, months) : goal.reviewBy;
    return {
      id: goal.id,
      text: goal.text,
      area: areaName(protocol, goal.areaId),
      setOn: goal.setOn,
      reviewBy: goal.reviewBy,
      nextReviewBy,
      due: nextReviewBy !== null && nextReviewBy <= today,
      reviews: reviews.reverse(),
    };
  });
}

async function activeCoordinators(db: Reader) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, "coordinator"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}

async function blockReviewAnswer(c: Context<AppEnv>, childId: string, blockId: string): Promise<BlockReviewAnswer> {
  const { db, clock } = c.get("deps");
  const today = englandDate(clock.now());
  const stored = await currentPlan(db, childId);
  if (!stored) throw notFound("block");
  const { block } = findBlock(stored.plan, blockId);
  const [row, firstName, profiles] = await Promise.all([
    savedReview(db, childId, blockId),
    childFirstName(db, childId),
    childProfiles(db, childId),
  ]);
  const saved = row ? await reviewView(c, db, row, stored.plan) : null;
  const figures = saved
    ? saved.figures
    : figuresView(await review(c, db, stored.plan, blockId, today, firstName), block);
  const first = profiles[0];
  const latest = profiles[profiles.length - 1];
  const comparison = compareWithFirst(c, profiles, latest?.id ?? null);
  return {
    asOf: today,
    planVersion: stored.version,
    block: {
      id: block.id,
      number: block.number,
      start: block.start,
      end: block.end,
      frequency: block.frequency,
      weekday: block.weekday,
      time: block.time,
      status: block.status,
    },
    due: reviewDue(block, today, row !== undefined),
    notYet: notYet(block, today, row !== undefined),
    figures,
    profiles: {
      first: first ? { id: first.id, recordedOn: first.recordedOn } : null,
      latest: latest ? { id: latest.id, recordedOn: latest.recordedOn } : null,
      comparison: comparison ? comparisonView(comparison) : null,
    },
    nextBlock: {
      start: nextBlockStart(c, block, maxDate(block.end, today)),
      frequency: block.frequency,
      weekday: block.weekday,
      time: block.time,
    },
    frequencies: [...c.get("deps").protocol.visits.blocks.frequencies],
    review: saved,
  };
}

/**
 * A block's review report as the PDF the family gets (and a professional may be sent): 404 for no
 * such block, 409 while the block has no saved review. The caller has checked access to the case.
 */
export async function reviewReportDocument(
  c: Context<AppEnv>,
  childId: string,
  blockId: string,
  homeVisitorId: string,
): Promise<{ pdf: Uint8Array<ArrayBuffer>; fileName: string; title: string }> {
  const { db, protocol } = c.get("deps");
  const stored = await currentPlan(db, childId);
  if (!stored) throw notFound("block");
  findBlock(stored.plan, blockId);
  const row = await savedReview(db, childId, blockId);
  if (!row) throw new ProblemError("conflict", 409, "This block has no saved review yet");
  const [view, [child], [visitor]] = await Promise.all([
    reviewView(c, db, row, stored.plan),
    db.select({ firstName: children.firstName }).from(children).where(eq(children.id, childId)),
    db.select({ name: users.name }).from(users).where(eq(users.id, homeVisitorId)),
  ]);
  const pdf = await reviewReportPdf({
    serviceName: protocol.serviceName,
    childFirstName: child?.firstName ?? "",
    homeVisitorName: visitor?.name ?? "",
    report: view.report,
  });
  return {
    pdf,
    fileName: `review-block-${view.blockNumber}.pdf`,
    title: `Review report for block ${view.blockNumber}`,
  };
}

export const reviewRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/reviews",
    describeRoute({
      tags: ["Reviews"],
      summary: "The child's reviews: blocks due a review, block reviews done, long-term goals and their reviews",
      description:
        "A block's review is due once its end date has passed (or it is in review) and it has no review. A long-term goal's next review is the protocol's period (`plans.longTermGoalReviewMonths`) after its last review, or its `reviewBy` date before the first; none once achieved or stopped.",
      responses: {
        200: { description: "Due and done", content: json(ReviewsAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, clock, protocol } = c.get("deps");
      const today = englandDate(clock.now());
      const stored = await currentPlan(db, id);
      const [rows, goals, coordinators] = await Promise.all([
        db
          .select({ review: blockReviews, name: users.name })
          .from(blockReviews)
          .innerJoin(users, eq(users.id, blockReviews.recordedBy))
          .where(eq(blockReviews.childId, id))
          .orderBy(desc(blockReviews.reviewedOn), desc(blockReviews.createdAt)),
        goalsView(c, db, id, stored?.plan, today),
        activeCoordinators(db),
      ]);
      const reviewed = new Set(rows.map((r) => r.review.blockId));
      const answer: ReviewsAnswer = {
        asOf: today,
        planVersion: stored?.version ?? null,
        due: (stored?.plan.blocks ?? [])
          .filter((b) => reviewDue(b, today, reviewed.has(b.id)))
          .map((b) => ({
            id: b.id,
            number: b.number,
            start: b.start,
            end: b.end,
            frequency: b.frequency,
            weekday: b.weekday,
            time: b.time,
            status: b.status,
          })),
        blockReviews: rows.map(({ review: r, name }) => ({
          id: r.id,
          blockId: r.blockId,
          blockNumber: (r.summary as BlockReview).blockNumber,
          reviewedOn: r.reviewedOn,
          decision: r.decision,
          recordedBy: { id: r.recordedBy, name },
        })),
        goals,
        goalReviewMonths: protocol.plans.longTermGoalReviewMonths.months,
        coordinators,
      };
      await auditCaseRead(c, id);
      return c.json(answer);
    },
  )
  .get(
    "/cases/:id/plan/blocks/:blockId/review",
    describeRoute({
      tags: ["Reviews"],
      summary: "A block's review: the draft from the records, and the saved review if any",
      description:
        "The domain's `reviewBlock` on today (or, once saved, the figures as they were on the review's day): each target's progress and suggested outcome, words to celebrate, the suggested focus, the visit figures; the first profile compared with the latest; where the next block would start.",
      responses: {
        200: { description: "The review", content: json(BlockReviewAnswerSchema) },
        404: problem("No case here that you can see, or no such block"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      await caseFor(c, id);
      const answer = await blockReviewAnswer(c, id, blockId);
      await auditCaseRead(c, id);
      return c.json(answer);
    },
  )
  .post(
    "/cases/:id/plan/blocks/:blockId/review",
    describeRoute({
      tags: ["Reviews"],
      summary: "Save a block's review and its decision",
      description:
        "Sends the plan's `version`. Ends every open target of the block with the outcome given (`endTarget`: a stopped target needs a reason), completes the block (`transitionBlock`) and stores the domain's figures on the review's day. `next-block` (with `nextBlock`) adds a draft block in which each target carried forward is a new target (new id, the same words and steps); `waiting-list` and `exit` are stored, and `next.route` names the route that carries them out. The review is dated today or earlier, and on or after the block's last day unless the block is in review. One review per block.",
      requestBody: body(BlockReviewBody),
      responses: {
        201: { description: "The saved review", content: json(BlockReviewViewSchema) },
        404: problem("No case here that you can see, or no such block"),
        409: problem(
          "edit-conflict: the plan changed since the version sent; or the block is reviewed already or has not started",
        ),
        422: problem("validation: names the field (`outcomes.0.reason`, `nextBlock.start`, `reviewedOn`)"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    jsonBody(BlockReviewBody),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock, protocol } = c.get("deps");
      const user = staff(c);
      const today = englandDate(clock.now());
      const on = input.reviewedOn as IsoDate;
      if (on > today) throw fieldProblem("reviewedOn", "must be today or earlier");
      if (input.decision === "next-block" && !input.nextBlock) {
        throw fieldProblem("nextBlock", "must say when the next block starts, how often and when");
      }
      if (input.decision !== "next-block" && input.nextBlock) {
        throw fieldProblem("nextBlock", "is only for a next-block decision");
      }
      const profiles = await childProfiles(db, id);
      if (input.profileId && !profiles.some((p) => p.id === input.profileId)) {
        throw fieldProblem("profileId", "must be one of this child's profiles");
      }
      const firstName = await childFirstName(db, id);
      const now = clock.now().toISOString();
      const reviewId = newId();
      let next: PlayPlan | undefined;
      const stored = await changePlan(
        c,
        id,
        input.version,
        "block-reviewed",
        (plan) => (next ? { ok: true, value: next } : { ok: true, value: plan }),
        async (plan, tx) => {
          const { block, index } = findBlock(plan, blockId);
          const existing = await savedReview(tx, id, blockId);
          const refused = notYet(block, on, existing !== undefined);
          if (refused && block.status !== "active") throw new ProblemError("conflict", 409, refused);
          if (refused)
            throw fieldProblem("reviewedOn", `must be on or after the block's last day, ${block.end}`, refused);
          if (on < block.start) {
            throw fieldProblem("reviewedOn", `must be on or after the block's first day, ${block.start}`);
          }
          const ended = endBlock(c, plan, index, on, input.outcomes);
          if (!ended.ok) throw refusalAsProblem(ended);
          let changed: PlayPlan = { ...plan, blocks: plan.blocks.map((b, i) => (i === index ? ended.block : b)) };
          if (input.decision === "next-block" && input.nextBlock) {
            const following = followingBlock(c, changed, ended.block, input.nextBlock);
            if (!following.ok) throw refusalAsProblem(following);
            changed = { ...changed, blocks: [...changed.blocks, following.block] };
            // The new block's problems (term dates, overlap) are named as the form's fields.
            const problems = validatePlan(changed, protocol).map((p) => {
              const prefix = `blocks.${changed.blocks.length - 1}.`;
              return { ...p, path: p.path.startsWith(prefix) ? `nextBlock.${p.path.slice(prefix.length)}` : p.path };
            });
            if (problems.length > 0) {
              throw validationProblem(
                problems.map((p) => ({ field: p.path, message: p.message })),
                "The next block would not fit the protocol",
              );
            }
          }
          next = changed;
          const figures = await review(c, tx, changed, blockId, on, firstName);
          await tx.insert(blockReviews).values({
            id: reviewId,
            childId: id,
            planId: plan.id,
            blockId,
            reviewedOn: on,
            celebrations: input.celebrations,
            nextFocus: input.nextFocus,
            decision: input.decision,
            summary: figures,
            profileId: input.profileId ?? null,
            recordedBy: user.id,
            version: 1,
            createdAt: now,
            updatedAt: now,
          });
        },
      );
      const row = await savedReview(db, id, blockId);
      if (!row) throw notFound("review");
      return c.json(await reviewView(c, db, row, stored.plan), 201);
    },
  )
  .put(
    "/cases/:id/plan/blocks/:blockId/review",
    describeRoute({
      tags: ["Reviews"],
      summary: "Correct a saved review: the family's words, the next focus or the profile",
      description:
        "Sends the review's `version` (a stale one gets 409 edit-conflict). The outcomes, the decision and the date are part of the plan's history and cannot change here.",
      requestBody: body(BlockReviewChangeBody),
      responses: {
        200: { description: "The review as it now is", content: json(BlockReviewViewSchema) },
        404: problem("No case here that you can see, or no such block"),
        409: problem("edit-conflict: the review changed since the version sent; or the block has no review yet"),
        422: problem("validation: names the field"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    jsonBody(BlockReviewChangeBody),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const stored = await currentPlan(db, id);
      if (!stored) throw notFound("block");
      findBlock(stored.plan, blockId);
      if (input.profileId) {
        const profiles = await childProfiles(db, id);
        if (!profiles.some((p) => p.id === input.profileId)) {
          throw fieldProblem("profileId", "must be one of this child's profiles");
        }
      }
      const now = clock.now().toISOString();
      const row = await db.transaction(
        async (tx) => {
          const current = await savedReview(tx, id, blockId);
          if (!current) throw new ProblemError("conflict", 409, "This block has no review yet: save the review first");
          if (current.version !== input.version) throw await staleReview(tx, current, input.version);
          const [updated] = await tx
            .update(blockReviews)
            .set({
              ...(input.celebrations !== undefined ? { celebrations: input.celebrations } : {}),
              ...(input.nextFocus !== undefined ? { nextFocus: input.nextFocus } : {}),
              ...(input.profileId !== undefined ? { profileId: input.profileId } : {}),
              version: current.version + 1,
              updatedAt: now,
            })
            .where(and(eq(blockReviews.id, current.id), eq(blockReviews.version, current.version)))
            .returning();
          if (!updated) throw await staleReview(tx, current, input.version);
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "block-review-corrected",
            }),
          );
          return updated;
        },
        { behavior: "immediate" },
      );
      return c.json(await reviewView(c, db, row, stored.plan));
    },
  )
  .get(
    "/cases/:id/plan/blocks/:blockId/review.pdf",
    describeRoute({
      tags: ["Reviews"],
      summary: "The family's review report, as a PDF to print or send",
      description:
        "A4, tagged for screen readers: the report's sections as headings, lists and tables. `409` while the block has no saved review.",
      responses: {
        200: {
          description: "The PDF",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        404: problem("No case here that you can see, or no such block"),
        409: problem("The block has no saved review yet"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(BlockParam),
    async (c) => {
      const { id, blockId } = c.req.valid("param");
      const access = await caseFor(c, id);
      const { pdf, fileName } = await reviewReportDocument(c, id, blockId, access.homeVisitorId);
      await audit(c, {
        action: "read",
        outcome: "success",
        recordType: "child",
        recordId: id,
        reason: "review-report",
      });
      return c.body(pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
      });
    },
  )
  .post(
    "/cases/:id/plan/goals/:goalId/reviews",
    describeRoute({
      tags: ["Reviews"],
      summary: "Record a long-term goal's review, with the coordinator",
      description:
        "About every six months (the protocol's `plans.longTermGoalReviewMonths`), with a coordinator: `coordinatorId` names an active coordinator (a home visitor records it with one; a coordinator may name themselves). Dated today or earlier, not before the goal was set. `changed`: change the goal's words on the plan too.",
      requestBody: body(GoalReviewBody),
      responses: {
        201: { description: "The goal with its reviews and next review date", content: json(GoalReviewsViewSchema) },
        404: problem("No case here that you can see, or no such goal"),
        422: problem("validation: names the field (`coordinatorId`, `reviewedOn`)"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(GoalParam),
    jsonBody(GoalReviewBody),
    async (c) => {
      const { id, goalId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const today = englandDate(clock.now());
      const stored = await currentPlan(db, id);
      const goal = stored?.plan.longTermGoals.find((g) => g.id === goalId);
      if (!stored || !goal) throw notFound("long-term goal");
      const [named] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.coordinatorId), eq(users.role, "coordinator"), isNull(users.disabledAt)));
      const errors = [
        ...(named ? [] : [{ field: "coordinatorId", message: "must name a coordinator the goal was reviewed with" }]),
        ...(input.reviewedOn > today ? [{ field: "reviewedOn", message: "must be today or earlier" }] : []),
        ...(input.reviewedOn < goal.setOn
          ? [{ field: "reviewedOn", message: `must not be before the goal was set, ${goal.setOn}` }]
          : []),
      ];
      if (errors.length > 0) throw validationProblem(errors);
      const now = clock.now().toISOString();
      await db.transaction(
        async (tx) => {
          await tx.insert(goalReviews).values({
            id: newId(),
            childId: id,
            planId: stored.id,
            goalId,
            reviewedOn: input.reviewedOn,
            outcome: input.outcome,
            note: input.note ? input.note : null,
            coordinatorId: input.coordinatorId,
            recordedBy: user.id,
            createdAt: now,
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "goal-reviewed",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const goals = await goalsView(c, db, id, stored.plan, today);
      return c.json(goals.find((g) => g.id === goalId) as GoalReviewsView, 201);
    },
  );

function refusalAsProblem(refusal: Refusal): ProblemError {
  return validationProblem(
    (refusal.problems ?? []).map((p) => ({ field: p.path, message: p.message })),
    refusal.reason,
  );
}
