// The steps a play plan, a block and a target go through, and the checks at each step. Every
// function returns a new value or a refusal saying why; the value passed in is never changed.
import * as v from "valibot";
import type { IsoDate } from "../dates/date-only.js";
import { accept, type Refusal, refuse, type Verdict } from "./result.js";
import {
  type Block,
  type Criterion,
  PLAN_STATUSES,
  type PlanStatus,
  type PlayPlan,
  type Target,
  type TargetOutcome,
  type TargetResult,
  TargetSchema,
} from "./schema.js";
import { type PlanRules, validateBlock, validatePlan } from "./validate.js";

/** What a change of status needs to know. */
export interface TransitionContext {
  /** The council's protocol, which an agreed plan or block must meet. */
  readonly protocol: PlanRules;
  /** The day the change is made. */
  readonly on: IsoDate;
  /** Who agreed, by name and role ("Sam Jones (parent)", "Priya Shah (home visitor)"): needed to move to `agreed`. */
  readonly agreedBy?: readonly string[];
}

/** The status that follows `status`, or `undefined` once completed. Plans and blocks only move forward, one step at a time. */
export function nextStatus(status: PlanStatus): PlanStatus | undefined {
  return PLAN_STATUSES[PLAN_STATUSES.indexOf(status) + 1];
}

function stepRefusal(what: "block" | "plan", from: PlanStatus, to: PlanStatus): Refusal | undefined {
  const next = nextStatus(from);
  if (to === next) return undefined;
  if (next === undefined) return refuse("not-next-step", `This ${what} is completed and cannot change.`);
  if (to === "completed") {
    return refuse("not-next-step", `Only a ${what} in review can be completed; this ${what} is ${from}.`);
  }
  return refuse("not-next-step", `A ${what} that is ${from} can move to ${next} next, not to ${to}.`);
}

function agreedNames(context: TransitionContext): string[] {
  return (context.agreedBy ?? []).map((name) => name.trim()).filter((name) => name !== "");
}

const agreementMissing = (what: "block" | "plan") =>
  refuse(
    "agreement-missing",
    `Say who agreed the ${what} (the parents or carers and the home visitor) before marking it agreed.`,
  );

function problemList(problems: readonly { path: string; message: string }[]): string {
  return problems.map((p) => `${p.path === "" ? "" : `${p.path}: `}${p.message}`).join("; ");
}

/**
 * Moves a block to its next status: draft -> agreed (with the family: records `agreedOn` and
 * `agreedBy`) -> active -> in-review -> completed. Refused, with the reason, when the step is
 * not the next one or its checks fail: agreeing needs the names of who agreed, at least one
 * target and a block that meets the protocol (see {@link validateBlock}); activating needs a
 * target; a review cannot start before the block does; completing needs every target ended.
 */
export function transitionBlock(block: Block, to: PlanStatus, context: TransitionContext): Verdict<Block> {
  const wrongStep = stepRefusal("block", block.status, to);
  if (wrongStep) return wrongStep;
  switch (to) {
    case "agreed": {
      const names = agreedNames(context);
      if (names.length === 0) return agreementMissing("block");
      if (block.targets.length === 0) {
        return refuse("no-targets", "A block is agreed with at least one target; add a target first.");
      }
      const problems = validateBlock(block, context.protocol);
      if (problems.length > 0) {
        return refuse("invalid-plan", `The block cannot be agreed yet: ${problemList(problems)}.`, { problems });
      }
      return accept({ ...block, status: to, agreedOn: context.on, agreedBy: names });
    }
    case "active":
      if (block.targets.length === 0) {
        return refuse("no-targets", "A block with no targets cannot start; add a target first.");
      }
      break;
    case "in-review":
      if (context.on < block.start) {
        return refuse("before-block-start", `The block starts on ${block.start}; it cannot be reviewed before then.`);
      }
      break;
    case "completed": {
      const open = block.targets.filter((t) => t.status === "open");
      if (open.length > 0) {
        return refuse(
          "targets-open",
          `Record an outcome for every target before completing the block; still open: ${open.map((t) => t.id).join(", ")}.`,
        );
      }
      break;
    }
  }
  return accept({ ...block, status: to });
}

/**
 * Moves a play plan to its next status, as {@link transitionBlock} does for a block. Agreeing
 * needs the names of who agreed, a block with at least one target and a plan with no problems
 * (see {@link validatePlan}); a plan becomes active once one of its blocks is agreed or active;
 * it is completed once every block is.
 */
export function transitionPlan(plan: PlayPlan, to: PlanStatus, context: TransitionContext): Verdict<PlayPlan> {
  const wrongStep = stepRefusal("plan", plan.status, to);
  if (wrongStep) return wrongStep;
  switch (to) {
    case "agreed": {
      const names = agreedNames(context);
      if (names.length === 0) return agreementMissing("plan");
      if (!plan.blocks.some((block) => block.targets.length > 0)) {
        return refuse("no-targets", "A plan is agreed with at least one block of targets; add a target first.");
      }
      const problems = validatePlan(plan, context.protocol);
      if (problems.length > 0) {
        return refuse("invalid-plan", `The plan cannot be agreed yet: ${problemList(problems)}.`, { problems });
      }
      return accept({ ...plan, status: to, agreedOn: context.on, agreedBy: names });
    }
    case "active":
      if (!plan.blocks.some((block) => block.status === "agreed" || block.status === "active")) {
        return refuse("blocks-not-ready", "A plan becomes active once one of its blocks is agreed with the family.");
      }
      break;
    case "completed": {
      const unfinished = plan.blocks.filter((block) => block.status !== "completed");
      if (unfinished.length > 0) {
        return refuse(
          "blocks-unfinished",
          `Complete every block before completing the plan; not completed: block ${unfinished.map((b) => b.number).join(", ")}.`,
        );
      }
      break;
    }
  }
  return accept({ ...plan, status: to });
}

/** What ending a target needs: the day, and for a stopped target the reason. */
export interface EndTargetContext {
  readonly on: IsoDate;
  /** Why the target was stopped: required for `stopped`, ignored otherwise. */
  readonly reason?: string;
  /** A note on an achieved or carried-forward target ("carried forward with the next teaching step"). */
  readonly note?: string;
}

/**
 * Ends an open target as achieved, carried forward or stopped, recording the outcome. Refused
 * when the target has already ended, or when a stopped target has no reason.
 */
export function endTarget(target: Target, result: TargetResult, context: EndTargetContext): Verdict<Target> {
  if (target.status === "ended" || target.outcome !== undefined) {
    const already = target.outcome ? ` (${target.outcome.result} on ${target.outcome.on})` : "";
    return refuse("already-ended", `This target has already ended${already}; its outcome cannot change.`);
  }
  let outcome: TargetOutcome;
  if (result === "stopped") {
    const reason = context.reason?.trim() ?? "";
    if (reason === "") return refuse("reason-required", "Say why the target is being stopped.");
    outcome = { result, on: context.on, reason };
  } else {
    const note = context.note?.trim() ?? "";
    outcome = { result, on: context.on, ...(note === "" ? {} : { note }) };
  }
  return accept({ ...target, status: "ended", outcome });
}

/** A new target as staff write it: the criterion may be left out to use the protocol's. */
export type NewTarget = Omit<Target, "criterion" | "status" | "outcome"> & { readonly criterion?: Criterion };

/**
 * Makes an open target from what staff wrote, taking the protocol's "achieved" criterion
 * (`plans.achievement`) when none is given. Refused when the area is not one the protocol has,
 * or when the target is incomplete (no teaching step, no practice frequency, ...).
 */
export function newTarget(fields: NewTarget, protocol: Pick<PlanRules, "plans">): Verdict<Target> {
  const { areas, achievement } = protocol.plans;
  if (!areas.areas.some((area) => area.id === fields.areaId)) {
    return refuse(
      "unknown-area",
      `"${fields.areaId}" is not one of the protocol's developmental areas (${areas.areas.map((a) => a.id).join(", ")}).`,
      { clause: areas.id },
    );
  }
  const criterion = fields.criterion ?? {
    successes: achievement.successes,
    outOf: achievement.outOf,
    days: achievement.days,
  };
  const parsed = v.safeParse(TargetSchema, { ...fields, criterion, status: "open" }, { abortEarly: false });
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
    return refuse("invalid-input", `The target is not complete: ${problemList(problems)}.`, { problems });
  }
  return accept(parsed.output);
}
