// Checks a play plan against its schema and against the council's protocol, listing every
// problem with its path so a form can show them all at once.
import * as v from "valibot";
import { addMonths, daysBetween } from "../dates/date-only.js";
import type { Protocol } from "../protocol/schema.js";
import { describeTermDay, termDay } from "../visits/term-time.js";
import type { PlanProblem } from "./result.js";
import { type Block, BlockSchema, type PlayPlan, PlayPlanSchema, type Target } from "./schema.js";

/** The parts of a protocol a plan is checked against. */
export type PlanRules = Pick<Protocol, "visits" | "plans">;

function join(prefix: string, path: string): string {
  return prefix === "" ? path : `${prefix}.${path}`;
}

// valibot's messages for missing and unknown keys are written for programmers; say them plainly.
function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.expected === "never") return "is not part of a play plan";
  if (issue.kind === "schema" && issue.received === "undefined") return "is required";
  return issue.message;
}

function schemaProblems<T extends v.GenericSchema>(
  schema: T,
  value: unknown,
  prefix: string,
): { readonly output: v.InferOutput<T> } | { readonly problems: PlanProblem[] } {
  const parsed = v.safeParse(schema, value, { abortEarly: false });
  if (parsed.success) return { output: parsed.output };
  return {
    problems: parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return { path: path === null ? prefix || "(the whole plan)" : join(prefix, path), message: plainMessage(issue) };
    }),
  };
}

// Every use of an id after its first is a problem, reported at that use.
function duplicateProblems(items: readonly { id: string; path: string }[], what: string): PlanProblem[] {
  return items.flatMap((item, i) =>
    items.findIndex((other) => other.id === item.id) === i
      ? []
      : [{ path: item.path, message: `the ${what} id "${item.id}" is used more than once` }],
  );
}

function areaProblem(areaId: string, path: string, rules: PlanRules): PlanProblem[] {
  const areas = rules.plans.areas;
  if (areas.areas.some((area) => area.id === areaId)) return [];
  return [
    {
      path,
      message: `"${areaId}" is not one of the protocol's developmental areas (${areas.areas.map((a) => a.id).join(", ")})`,
      clause: areas.id,
    },
  ];
}

function targetProblems(target: Target, prefix: string, rules: PlanRules): PlanProblem[] {
  return [
    ...areaProblem(target.areaId, join(prefix, "areaId"), rules),
    ...duplicateProblems(
      target.teachingSteps.map((step, i) => ({ id: step.id, path: join(prefix, `teachingSteps.${i}.id`) })),
      "teaching step",
    ),
  ];
}

// The protocol rules one block must meet, whatever the rest of the plan says.
function blockRuleProblems(block: Block, prefix: string, rules: PlanRules): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const { blocks, terms } = rules.visits;
  if (!blocks.frequencies.includes(block.frequency)) {
    problems.push({
      path: join(prefix, "frequency"),
      message: `${block.frequency} visits are not offered: the protocol allows ${blocks.frequencies.join(" or ")}`,
      clause: blocks.id,
    });
  }
  if (blocks.weekdays !== undefined && !blocks.weekdays.includes(block.weekday)) {
    problems.push({
      path: join(prefix, "weekday"),
      message: `visits on a ${block.weekday} are not offered: the protocol allows ${blocks.weekdays.join(", ")}`,
      clause: blocks.id,
    });
  }
  // Counted in days, inclusive: a 26-week block runs from a Monday to the Sunday 26 weeks on.
  if (blocks.maxLengthWeeks !== undefined && daysBetween(block.start, block.end) + 1 > blocks.maxLengthWeeks * 7) {
    problems.push({
      path: join(prefix, "end"),
      message: `the block runs ${daysBetween(block.start, block.end) + 1} days, longer than the protocol's maximum of ${blocks.maxLengthWeeks} weeks`,
      clause: blocks.id,
    });
  }
  for (const edge of ["start", "end"] as const) {
    const day = termDay(block[edge], terms);
    // A block may start or end on a closure day: it is still inside the term.
    if (day.kind === "holiday" || day.kind === "outside-term-dates") {
      problems.push({
        path: join(prefix, edge),
        message: `${edge === "start" ? "starts" : "ends"} on ${block[edge]}, ${describeTermDay(day)}; a block starts and ends in term time`,
        clause: terms.id,
      });
    }
  }
  block.targets.forEach((target, i) => {
    problems.push(...targetProblems(target, join(prefix, `targets.${i}`), rules));
  });
  return problems;
}

/**
 * Lists every problem with one block: its shape (dates, weekday, `HH:MM` time, targets with
 * teaching steps) and the protocol's rules (frequency offered, start and end in term time,
 * target areas the protocol has). An empty list means the block is sound.
 */
export function validateBlock(block: unknown, protocol: PlanRules): readonly PlanProblem[] {
  const parsed = schemaProblems(BlockSchema, block, "");
  if ("problems" in parsed) return parsed.problems;
  return [
    ...blockRuleProblems(parsed.output, "", protocol),
    ...duplicateProblems(
      parsed.output.targets.map((t, i) => ({ id: t.id, path: `targets.${i}.id` })),
      "target",
    ),
  ];
}

function planProblems(plan: PlayPlan, rules: PlanRules): PlanProblem[] {
  const problems: PlanProblem[] = [];
  plan.blocks.forEach((block, i) => {
    const at = `blocks.${i}`;
    problems.push(...blockRuleProblems(block, at, rules));
    if (block.number !== i + 1) {
      problems.push({ path: `${at}.number`, message: `must be ${i + 1}: blocks are numbered 1, 2, 3 in date order` });
    }
    const previous = plan.blocks[i - 1];
    if (previous && block.start <= previous.end) {
      problems.push({
        path: `${at}.start`,
        message: `starts (${block.start}) before block ${previous.number} ends (${previous.end}); blocks follow one another`,
      });
    }
    if (plan.status === "draft" && block.status !== "draft") {
      problems.push({ path: `${at}.status`, message: `a block cannot be ${block.status} while the plan is a draft` });
    }
    if (plan.status === "completed" && block.status !== "completed") {
      problems.push({ path: `${at}.status`, message: `the plan is completed, so every block must be completed` });
    }
  });
  const running = plan.blocks.flatMap((block, i) =>
    block.status === "active" || block.status === "in-review" ? [i] : [],
  );
  for (const i of running.slice(1)) {
    problems.push({
      path: `blocks.${i}.status`,
      message: "only one block can be active or in review at a time",
    });
  }
  problems.push(
    ...duplicateProblems(
      plan.blocks.map((b, i) => ({ id: b.id, path: `blocks.${i}.id` })),
      "block",
    ),
  );
  // Records point at targets by id alone, so a target id names one target in the whole plan:
  // a target carried forward into the next block is a new target with its own id.
  problems.push(
    ...duplicateProblems(
      plan.blocks.flatMap((block, b) =>
        block.targets.map((t, i) => ({ id: t.id, path: `blocks.${b}.targets.${i}.id` })),
      ),
      "target",
    ),
  );
  // A target names the long-term goal it serves; that goal must be one of this plan's.
  const goalIds = new Set(plan.longTermGoals.map((g) => g.id));
  plan.blocks.forEach((block, b) => {
    block.targets.forEach((t, i) => {
      if (t.longTermGoalId !== undefined && !goalIds.has(t.longTermGoalId)) {
        problems.push({
          path: `blocks.${b}.targets.${i}.longTermGoalId`,
          message: `"${t.longTermGoalId}" is not one of this plan's long-term goals`,
        });
      }
    });
  });
  const reviewMonths = rules.plans.longTermGoalReviewMonths;
  plan.longTermGoals.forEach((goal, i) => {
    problems.push(...areaProblem(goal.areaId, `longTermGoals.${i}.areaId`, rules));
    const latest = addMonths(goal.setOn, reviewMonths.months);
    if (goal.reviewBy > latest) {
      problems.push({
        path: `longTermGoals.${i}.reviewBy`,
        message: `must be no later than ${latest}: long-term goals are reviewed within ${reviewMonths.months} months of being set`,
        clause: reviewMonths.id,
      });
    }
  });
  problems.push(
    ...duplicateProblems(
      plan.longTermGoals.map((g, i) => ({ id: g.id, path: `longTermGoals.${i}.id` })),
      "long-term goal",
    ),
  );
  return problems;
}

/**
 * Lists every problem with a play plan (from storage, a form, or JSON), each with its path and,
 * where the protocol sets the rule, the clause id: the plan's shape; each block's frequency,
 * term-time start and end, weekday and time; target and goal areas the protocol has; each target's long-term goal one of the plan's; blocks
 * numbered in order without overlaps, one running at a time; ids used once; long-term goals
 * reviewed in time. An empty list means the plan is sound.
 */
export function validatePlan(plan: unknown, protocol: PlanRules): readonly PlanProblem[] {
  const parsed = schemaProblems(PlayPlanSchema, plan, "");
  if ("problems" in parsed) return parsed.problems;
  return planProblems(parsed.output, protocol);
}
