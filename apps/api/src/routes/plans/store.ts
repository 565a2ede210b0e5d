// Reading and changing a child's play plan: one document per plan (the domain's `PlayPlan`),
// checked by the domain on every write, its version compared inside the write transaction, and
// every version kept as a revision with who made it and why.
import {
  type PlanProblem,
  type PlayPlan,
  PlayPlanSchema,
  type Protocol,
  type Refusal,
  validatePlan,
} from "@openportage/domain";
import { and, asc, desc, eq, gt, ne } from "drizzle-orm";
import type { Context } from "hono";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { auditEvents, playPlanRevisions, playPlans, users } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { editConflict } from "../cases/conflict.js";

/** A write transaction. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Reader = Database | Tx;

/** A stored plan: the row's columns and the parsed document. */
export interface StoredPlan {
  readonly id: string;
  readonly childId: string;
  readonly version: number;
  readonly plan: PlayPlan;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

function toStored(row: typeof playPlans.$inferSelect): StoredPlan {
  return {
    id: row.id,
    childId: row.childId,
    version: row.version,
    plan: v.parse(PlayPlanSchema, row.document),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The child's plan in progress, or else their latest completed one; undefined when none. */
export async function currentPlan(db: Reader, childId: string): Promise<StoredPlan | undefined> {
  const [open] = await db
    .select()
    .from(playPlans)
    .where(and(eq(playPlans.childId, childId), ne(playPlans.status, "completed")))
    .limit(1);
  if (open) return toStored(open);
  const [latest] = await db
    .select()
    .from(playPlans)
    .where(eq(playPlans.childId, childId))
    .orderBy(desc(playPlans.createdAt))
    .limit(1);
  return latest ? toStored(latest) : undefined;
}

/** Maps the domain's problems to the request's fields: a path under `prefix` loses the prefix. */
export function problemsAsFields(problems: readonly PlanProblem[], prefix = ""): { field: string; message: string }[] {
  return problems.map((p) => ({
    field: prefix !== "" && p.path.startsWith(`${prefix}.`) ? p.path.slice(prefix.length + 1) : p.path,
    message: p.message,
  }));
}

/** The refusal as a 422 problem, the domain's reason as the detail. */
export function refusalProblem(refusal: Refusal, prefix = ""): ProblemError {
  const errors = refusal.problems ? problemsAsFields(refusal.problems, prefix) : [];
  return validationProblem(errors, refusal.reason);
}

/** The conflict for a stale version: what changed since, and who made the latest change. */
async function planConflict(tx: Reader, planId: string, given: number, current: number): Promise<ProblemError> {
  const since = await tx
    .select({ change: playPlanRevisions.change, at: playPlanRevisions.changedAt, by: users.name })
    .from(playPlanRevisions)
    .innerJoin(users, eq(users.id, playPlanRevisions.changedBy))
    .where(and(eq(playPlanRevisions.planId, planId), gt(playPlanRevisions.version, given)))
    .orderBy(asc(playPlanRevisions.version));
  const last = since[since.length - 1];
  return editConflict("play plan", given, {
    currentVersion: current,
    changedBy: last?.by ?? null,
    changedAt: last?.at ?? null,
    changes: since.map((s) => s.change),
  });
}

/** What a change of the plan does: a new plan, or a refusal. `prefix` names where its fields sit in the plan. */
export type PlanChange = (plan: PlayPlan) => { ok: true; value: PlayPlan; prefix?: string } | Refusal;

/**
 * Applies `change` to the child's plan in progress, inside one write transaction: refused with
 * 409 when `version` is not the stored one, 422 when the domain refuses the change or finds a
 * problem with the plan it would make; otherwise stored as the next version, with a revision
 * and an audit entry (`change` as the reason code).
 */
export async function changePlan(
  c: Context<AppEnv>,
  childId: string,
  version: number,
  code: string,
  change: PlanChange,
  /** Checks what the document alone cannot show (other tables), inside the same transaction. */
  guard?: (plan: PlayPlan, tx: Tx) => Promise<void>,
): Promise<StoredPlan> {
  const { db, clock, protocol } = c.get("deps");
  const user = staff(c);
  const now = clock.now().toISOString();
  return db.transaction(
    async (tx) => {
      const stored = await currentPlan(tx, childId);
      if (!stored || stored.plan.status === "completed") {
        throw new ProblemError("conflict", 409, "This child has no play plan in progress: start a plan first");
      }
      if (stored.version !== version) throw await planConflict(tx, stored.id, version, stored.version);
      if (guard) await guard(stored.plan, tx);
      const result = change(stored.plan);
      if (!result.ok) throw refusalProblem(result);
      const problems = validatePlan(result.value, protocol as Protocol);
      if (problems.length > 0) {
        throw validationProblem(
          problemsAsFields(problems, result.prefix),
          "The plan would not be sound with this change",
        );
      }
      const next = stored.version + 1;
      const updated = await tx
        .update(playPlans)
        .set({ document: result.value, status: result.value.status, version: next, updatedAt: now, updatedBy: user.id })
        .where(and(eq(playPlans.id, stored.id), eq(playPlans.version, stored.version)))
        .returning({ id: playPlans.id });
      if (updated.length !== 1) throw await planConflict(tx, stored.id, version, next);
      await tx.insert(playPlanRevisions).values({
        id: newId(),
        planId: stored.id,
        version: next,
        change: code,
        document: result.value,
        changedBy: user.id,
        changedAt: now,
      });
      await tx
        .insert(auditEvents)
        .values(
          auditRow(c, { action: "change", outcome: "success", recordType: "child", recordId: childId, reason: code }),
        );
      return { ...stored, version: next, plan: result.value, updatedAt: now, updatedBy: user.id };
    },
    { behavior: "immediate" },
  );
}

/** Starts a new draft plan for the child; 409 while another plan is in progress. */
export async function startPlan(c: Context<AppEnv>, childId: string): Promise<StoredPlan> {
  const { db, clock } = c.get("deps");
  const user = staff(c);
  const now = clock.now().toISOString();
  const id = newId();
  const plan: PlayPlan = { id, childId, status: "draft", longTermGoals: [], blocks: [] };
  return db.transaction(
    async (tx) => {
      const [open] = await tx
        .select({ id: playPlans.id })
        .from(playPlans)
        .where(and(eq(playPlans.childId, childId), ne(playPlans.status, "completed")))
        .limit(1);
      if (open) throw new ProblemError("conflict", 409, "This child already has a play plan in progress");
      await tx.insert(playPlans).values({
        id,
        childId,
        status: "draft",
        document: plan,
        version: 1,
        createdAt: now,
        createdBy: user.id,
        updatedAt: now,
        updatedBy: user.id,
      });
      await tx.insert(playPlanRevisions).values({
        id: newId(),
        planId: id,
        version: 1,
        change: "plan-started",
        document: plan,
        changedBy: user.id,
        changedAt: now,
      });
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "create",
          outcome: "success",
          recordType: "child",
          recordId: childId,
          reason: "plan-started",
        }),
      );
      return { id, childId, version: 1, plan, createdAt: now, updatedAt: now, updatedBy: user.id };
    },
    { behavior: "immediate" },
  );
}
