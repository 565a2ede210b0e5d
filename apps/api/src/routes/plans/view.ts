// Turns a stored plan into what the plan screens show: area names from the protocol, each
// target's progress from the domain's `targetProgress` over the family's practice records.
import {
  type ActivityRecord,
  type Block,
  criterionInWords,
  type IsoDate,
  type Protocol,
  type Target,
  targetProgress,
} from "@openportage/domain";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { practiceRecords, users, visits } from "../../db/schema.js";
import type { BlockView, PlanAnswer, PlanRulesView, PlanView, TargetView } from "../cases/views.js";
import type { StoredPlan } from "./store.js";

/** A stored practice record as the domain reads it. */
export function toActivityRecord(row: typeof practiceRecords.$inferSelect): ActivityRecord {
  const base = {
    targetId: row.targetId,
    date: row.date as IsoDate,
    recordedBy: row.recordedBy,
    ...(row.note ? { note: row.note } : {}),
  };
  if (!row.practised) return { ...base, practised: false };
  return { ...base, tries: row.tries ?? 0, successes: row.successes ?? 0 };
}

/** "3 out of 4 times, on 3 different days". */
export function criterionText(target: Pick<Target, "criterion">): string {
  const { days } = target.criterion;
  return `${criterionInWords(target.criterion)} times, on ${days} different day${days === 1 ? "" : "s"}`;
}

/** "3 times a day", or the words given. */
export function practiceText(target: Pick<Target, "practice">): string {
  const { timesPerDay, howOften } = target.practice;
  if (howOften) return howOften;
  return timesPerDay === 1 ? "once a day" : `${timesPerDay} times a day`;
}

/** The area's name from the protocol (its id when the protocol no longer has it). */
export function areaName(protocol: Protocol, areaId: string): string {
  return protocol.plans.areas.areas.find((a) => a.id === areaId)?.name ?? areaId;
}

/** One target as the screens show it, with its progress on `asOf`. */
export function targetView(
  target: Target,
  blockId: string,
  records: readonly ActivityRecord[],
  protocol: Protocol,
  asOf: IsoDate,
): TargetView {
  const progress = targetProgress(target, records, asOf);
  return {
    id: target.id,
    blockId,
    areaId: target.areaId,
    area: areaName(protocol, target.areaId),
    ...(target.longTermGoalId ? { longTermGoalId: target.longTermGoalId } : {}),
    does: target.does,
    conditions: target.conditions,
    criterion: target.criterion,
    criterionText: criterionText(target),
    teachingSteps: target.teachingSteps.map((s) => ({ id: s.id, text: s.text })),
    practice: target.practice,
    practiceText: practiceText(target),
    status: target.status,
    ...(target.outcome ? { outcome: target.outcome } : {}),
    progress: {
      status: progress.status,
      summary: progress.summary,
      daysMet: [...progress.daysMet],
      daysNeeded: progress.daysNeeded,
      ...(progress.achievedOn ? { achievedOn: progress.achievedOn } : {}),
    },
  };
}

function blockView(
  block: Block,
  records: readonly ActivityRecord[],
  visitCounts: ReadonlyMap<string, number>,
  protocol: Protocol,
  asOf: IsoDate,
): BlockView {
  return {
    id: block.id,
    number: block.number,
    start: block.start,
    end: block.end,
    frequency: block.frequency,
    weekday: block.weekday,
    time: block.time,
    status: block.status,
    ...(block.agreedOn ? { agreedOn: block.agreedOn } : {}),
    ...(block.agreedBy ? { agreedBy: [...block.agreedBy] } : {}),
    targets: block.targets.map((t) => targetView(t, block.id, records, protocol, asOf)),
    visitCount: visitCounts.get(block.id) ?? 0,
  };
}

/** The protocol's rules the plan screens offer as choices. */
export function planRules(protocol: Protocol): PlanRulesView {
  const { blocks } = protocol.visits;
  const { achievement } = protocol.plans;
  return {
    areas: protocol.plans.areas.areas.map((a) => ({ id: a.id, name: a.name })),
    frequencies: [...blocks.frequencies],
    blockLengthWeeks: blocks.lengthWeeks,
    visitMinutes: blocks.visitMinutes,
    achievement: { successes: achievement.successes, outOf: achievement.outOf, days: achievement.days },
    longTermGoalReviewMonths: protocol.plans.longTermGoalReviewMonths.months,
  };
}

/** The family's practice records for a plan, as the domain reads them. */
export async function planRecords(db: Database, planId: string): Promise<ActivityRecord[]> {
  const rows = await db.select().from(practiceRecords).where(eq(practiceRecords.planId, planId));
  return rows.map(toActivityRecord);
}

/** The plan as the screens show it. */
export async function planView(db: Database, stored: StoredPlan, protocol: Protocol, asOf: IsoDate): Promise<PlanView> {
  const [records, counts, [editor]] = await Promise.all([
    planRecords(db, stored.id),
    db
      .select({ blockId: visits.blockId, n: count() })
      .from(visits)
      .where(and(eq(visits.planId, stored.id)))
      .groupBy(visits.blockId),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, stored.updatedBy)),
  ]);
  const visitCounts = new Map(counts.map((r) => [r.blockId, r.n]));
  const { plan } = stored;
  return {
    id: plan.id,
    status: plan.status,
    version: stored.version,
    ...(plan.agreedOn ? { agreedOn: plan.agreedOn } : {}),
    ...(plan.agreedBy ? { agreedBy: [...plan.agreedBy] } : {}),
    longTermGoals: plan.longTermGoals.map((g) => ({
      id: g.id,
      text: g.text,
      areaId: g.areaId,
      area: areaName(protocol, g.areaId),
      setOn: g.setOn,
      reviewBy: g.reviewBy,
    })),
    blocks: plan.blocks.map((b) => blockView(b, records, visitCounts, protocol, asOf)),
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    updatedBy: editor ?? { id: stored.updatedBy, name: "(unknown)" },
  };
}

/** The answer to `GET /plan` and to every change of the plan. */
export async function planAnswer(
  db: Database,
  stored: StoredPlan | undefined,
  protocol: Protocol,
  asOf: IsoDate,
): Promise<PlanAnswer> {
  return { plan: stored ? await planView(db, stored, protocol, asOf) : null, rules: planRules(protocol) };
}

/** The block running on `asOf` (active or in review), or else the next agreed or draft one. */
export function currentBlock(blocks: readonly Block[]): Block | undefined {
  return (
    blocks.find((b) => b.status === "active" || b.status === "in-review") ??
    blocks.find((b) => b.status === "agreed") ??
    blocks.find((b) => b.status === "draft")
  );
}
