// The review at the end of a block: what each target reached, what to celebrate, what comes
// next, and the figures and words a review report shows.
import type { IsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { accept, refuse, type Verdict } from "../plan/result.js";
import type { Block, PlayPlan, Target, TargetResult, TeachingStep } from "../plan/schema.js";
import type { ActivityRecord } from "../progress/activity-record.js";
import {
  criterionInWords,
  meetsCriterion,
  type ProgressStatus,
  type TargetProgress,
  targetProgress,
} from "../progress/progress.js";
import { count } from "../progress/words.js";
import type { Protocol } from "../protocol/schema.js";
import type { Visit } from "../visits/visit.js";

/** What a review needs besides the plan, records and visits. */
export interface ReviewContext {
  /** The protocol, for the names of the developmental areas. */
  readonly protocol: Pick<Protocol, "plans">;
  /** The child's first name, for the words the family reads ("Amira can now ..."). */
  readonly childName: string;
  /** The block to review. Left out: the latest block in review, or else the latest active block. */
  readonly blockId?: string;
}

/** One target at the review. */
export interface TargetReview {
  readonly targetId: string;
  readonly areaId: string;
  /** The area's name from the protocol. */
  readonly area: string;
  /** What the child will do, as the target says. */
  readonly does: string;
  readonly status: ProgressStatus;
  readonly progress: TargetProgress;
  /** The outcome recorded on the target, or else the one the records suggest. */
  readonly suggestedOutcome: TargetResult;
  /** True when the outcome is already recorded on the target, not only suggested. */
  readonly decided: boolean;
  /** For a target carried forward: the teaching step to work on next, when the records show which step was practised. */
  readonly nextTeachingStep?: TeachingStep;
  /** Staff words on what to do next with this target. */
  readonly nextStep: string;
}

/** A part of a review report, ready to render: a key-value summary, a list, or a table. */
export type ReportSection =
  | {
      readonly kind: "summary";
      readonly heading: string;
      readonly rows: readonly { readonly key: string; readonly value: string }[];
    }
  | { readonly kind: "list"; readonly heading: string; readonly items: readonly string[] }
  | {
      readonly kind: "table";
      readonly heading: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

/** A review report: a title and sections, in the order they are shown. */
export interface ReviewReport {
  readonly title: string;
  readonly sections: readonly ReportSection[];
}

/** The review of one block. */
export interface BlockReview {
  readonly blockId: string;
  readonly blockNumber: number;
  readonly period: { readonly start: IsoDate; readonly end: IsoDate };
  readonly asOf: IsoDate;
  readonly targets: readonly TargetReview[];
  readonly targetsSet: number;
  readonly targetsAchieved: number;
  /** Every visit recorded for the block's dates, whatever happened to it. */
  readonly visitsPlanned: number;
  readonly visitsHeld: number;
  /** Missed, or cancelled by the family. */
  readonly visitsMissed: number;
  readonly visitsCancelledByService: number;
  /** Visits still marked planned. */
  readonly visitsToCome: number;
  /** Warm, specific words for the family on what went well. */
  readonly celebrate: readonly string[];
  /** What the next block focuses on, area by area. */
  readonly nextFocus: readonly string[];
  readonly report: ReviewReport;
}

function chooseBlock(plan: PlayPlan, blockId: string | undefined): Verdict<Block> {
  if (blockId !== undefined) {
    const block = plan.blocks.find((b) => b.id === blockId);
    return block ? accept(block) : refuse("no-block", `The plan has no block with the id "${blockId}".`);
  }
  const latest = (status: Block["status"]) => plan.blocks.filter((b) => b.status === status).at(-1);
  const block = latest("in-review") ?? latest("active");
  return block
    ? accept(block)
    : refuse("no-block", "No block is in review or active; name the block to review (blockId) to review another.");
}

// The step to work on next, from the steps the records name: the one after the furthest step
// the child has met the criterion on, or else the furthest step practised. Records that name no
// step cannot say where the child is, so then there is no suggestion.
function nextTeachingStep(target: Target, records: readonly ActivityRecord[]): TeachingStep | undefined {
  const steps = target.teachingSteps;
  let furthest = -1;
  let furthestMet = -1;
  for (const record of records) {
    const index = steps.findIndex((step) => step.id === record.stepId);
    furthest = Math.max(furthest, index);
    if (meetsCriterion(record, target.criterion)) furthestMet = Math.max(furthestMet, index);
  }
  if (furthest < 0) return undefined;
  if (furthestMet === furthest) return steps[Math.min(furthest + 1, steps.length - 1)];
  return steps[furthest];
}

function suggest(target: Target, progress: TargetProgress): TargetResult {
  if (target.outcome) return target.outcome.result;
  if (progress.status === "achieved") return "achieved";
  // Practised all block without a single success: the target is probably too big a step.
  if (progress.status === "not-started" && progress.recordsCounted > 0) return "stopped";
  return "carried-forward";
}

function reviewTarget(
  target: Target,
  records: readonly ActivityRecord[],
  asOf: IsoDate,
  areaName: (id: string) => string,
): TargetReview {
  const progress = targetProgress(target, records, asOf);
  const suggestedOutcome = suggest(target, progress);
  const area = areaName(target.areaId);
  const counted = records.filter((r) => r.targetId === target.id && r.date <= asOf);
  const step = suggestedOutcome === "carried-forward" ? nextTeachingStep(target, counted) : undefined;
  let nextStep: string;
  switch (suggestedOutcome) {
    case "achieved":
      nextStep = `Move on: set a new target in ${area} that builds on this one.`;
      break;
    case "stopped":
      nextStep =
        target.outcome?.result === "stopped"
          ? `Stopped: ${target.outcome.reason}`
          : `Consider stopping: no success recorded in ${count(progress.recordsCounted, "record")}. Break it into smaller steps or choose another target in ${area}.`;
      break;
    case "carried-forward":
      nextStep = step
        ? `Carry forward with the next teaching step: ${step.text}.`
        : progress.recordsCounted === 0
          ? "Carry forward: no records this block. Agree with the family how to note practice."
          : "Carry forward: the records do not say which teaching step was practised, so agree the next step at the review.";
      break;
  }
  return {
    targetId: target.id,
    areaId: target.areaId,
    area,
    does: target.does,
    status: progress.status,
    progress,
    suggestedOutcome,
    decided: target.outcome !== undefined,
    ...(step ? { nextTeachingStep: step } : {}),
    nextStep,
  };
}

function celebrationFor(name: string, target: Target, review: TargetReview): string | undefined {
  if (review.suggestedOutcome === "achieved" || review.status === "achieved") return `${name} can now ${target.does}.`;
  if (review.status === "developing") {
    const days = review.progress.daysMet.length;
    return `${name} managed to ${target.does} ${criterionInWords(target.criterion)} times on ${count(days, "day")}.`;
  }
  if (review.status === "emerging") return `${name} has started to ${target.does}.`;
  return undefined;
}

function focusFor(name: string, target: Target, review: TargetReview): string {
  switch (review.suggestedOutcome) {
    case "achieved":
      return `${review.area}: a new target that builds on ${name} being able to ${target.does}.`;
    case "carried-forward":
      return review.nextTeachingStep
        ? `${review.area}: keep practising "${target.does}", next step: ${review.nextTeachingStep.text}.`
        : `${review.area}: keep practising "${target.does}".`;
    case "stopped":
      return `${review.area}: a smaller step, or a new target, in place of "${target.does}".`;
  }
}

const OUTCOME_WORDS: Record<TargetResult, string> = {
  achieved: "Achieved",
  "carried-forward": "Carry forward",
  stopped: "Stop",
};

const STATUS_WORDS: Record<ProgressStatus, string> = {
  "not-started": "Not started",
  emerging: "Emerging",
  developing: "Developing",
  achieved: "Achieved",
};

function pattern(block: Block): string {
  const frequency = block.frequency === "weekly" ? "Weekly" : "Fortnightly";
  const day = `${block.weekday.charAt(0).toUpperCase()}${block.weekday.slice(1)}s`;
  return `${frequency} on ${day} at ${block.time}`;
}

/**
 * Reviews a block of a play plan on `asOf`: each target's progress (by {@link targetProgress},
 * from the records dated from the block's start up to `asOf`), the outcome it suggests (the
 * outcome already recorded on the target wins), the next step, the visit figures for the
 * block's dates, warm words to celebrate with the family, the focus for the next block, and a
 * report ready to render.
 *
 * Which block: `context.blockId` when given, or else the latest block in review, or else the
 * latest active block; refused when there is none.
 *
 * Suggested outcomes: achieved when the criterion is met on enough days; stopped (for staff to
 * consider) when the family practised but no success was recorded all block, since the target
 * is then probably too big a step; otherwise carried forward, with the next teaching step when
 * records name the steps practised (the step after the furthest one met, or else the furthest
 * one practised). Family cancellations count as missed visits, as in the missed-visit rule.
 */
export function reviewBlock(
  plan: PlayPlan,
  records: readonly ActivityRecord[],
  visits: readonly Visit[],
  asOf: IsoDate,
  context: ReviewContext,
): Verdict<BlockReview> {
  const chosen = chooseBlock(plan, context.blockId);
  if (!chosen.ok) return chosen;
  const block = chosen.value;
  const name = context.childName.trim() || "Your child";
  const areas = context.protocol.plans.areas.areas;
  const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? id;

  // Practice belongs to the block whose dates it falls in; later records count towards the next block.
  const blockRecords = records.filter((r) => r.date >= block.start && r.date <= block.end);
  const targets = block.targets.map((t) => reviewTarget(t, blockRecords, asOf, areaName));
  const targetsAchieved = targets.filter((t) => t.suggestedOutcome === "achieved").length;

  const blockVisits = visits.filter((v) => v.date >= block.start && v.date <= block.end);
  const visitCount = (...statuses: Visit["status"][]) => blockVisits.filter((v) => statuses.includes(v.status)).length;
  const visitsHeld = visitCount("held");
  const visitsMissed = visitCount("missed", "cancelled-by-family");
  const visitsCancelledByService = visitCount("cancelled-by-service");

  const celebrate = block.targets.flatMap((target, i) => {
    const words = celebrationFor(name, target, targets[i] as TargetReview);
    return words === undefined ? [] : [words];
  });
  const targetIds = new Set(block.targets.map((t) => t.id));
  const familyDays = new Set(
    blockRecords
      .filter((r) => r.recordedBy === "family" && r.date <= asOf && targetIds.has(r.targetId))
      .map((r) => r.date),
  ).size;
  if (familyDays > 0) celebrate.push(`Thank you for practising together and noting it on ${count(familyDays, "day")}.`);
  if (visitsHeld > 0) celebrate.push(`We enjoyed ${count(visitsHeld, "visit")} together.`);
  if (celebrate.length === 0)
    celebrate.push(`${name} has made a start on ${count(block.targets.length, "new target")}.`);

  const nextFocus = block.targets.map((target, i) => focusFor(name, target, targets[i] as TargetReview));

  const period = { start: block.start, end: block.end };
  const missedDetail = [
    visitsMissed > 0 ? `${visitsMissed} missed` : "",
    visitsCancelledByService > 0 ? `${visitsCancelledByService} cancelled by the service` : "",
  ].filter((part) => part !== "");
  const report: ReviewReport = {
    title: `Block ${block.number} review: ${dateInWords(block.start)} to ${dateInWords(block.end)}`,
    sections: [
      {
        kind: "summary",
        heading: "The block",
        rows: [
          { key: "Dates", value: `${dateInWords(block.start)} to ${dateInWords(block.end)}` },
          { key: "Visits", value: pattern(block) },
          {
            key: "Visits held",
            value: `${visitsHeld} of ${blockVisits.length}${missedDetail.length > 0 ? ` (${missedDetail.join(", ")})` : ""}`,
          },
          { key: "Targets achieved", value: `${targetsAchieved} of ${targets.length}` },
          { key: "Reviewed on", value: dateInWords(asOf) },
        ],
      },
      { kind: "list", heading: "What we are celebrating", items: celebrate },
      {
        kind: "table",
        heading: "Targets",
        columns: ["Area", "Target", "Progress", "Outcome", "Next step"],
        rows: targets.map((t) => [
          t.area,
          t.does,
          `${STATUS_WORDS[t.status]}. ${t.progress.summary}`,
          `${OUTCOME_WORDS[t.suggestedOutcome]}${t.decided ? " (recorded)" : " (suggested)"}`,
          t.nextStep,
        ]),
      },
      { kind: "list", heading: "Next focus", items: nextFocus },
    ],
  };

  return accept({
    blockId: block.id,
    blockNumber: block.number,
    period,
    asOf,
    targets,
    targetsSet: targets.length,
    targetsAchieved,
    visitsPlanned: blockVisits.length,
    visitsHeld,
    visitsMissed,
    visitsCancelledByService,
    visitsToCome: visitCount("planned"),
    celebrate,
    nextFocus,
    report,
  });
}
