// Targets achieved against targets set: the outcome figure Portage teams are asked for, per
// child, per block, per area and for the whole service.
import type { IsoDate } from "../dates/date-only.js";
import { type ExcludedRecord, groupInOrder, percentOf } from "./figures.js";

/** A target as the figures need it: its area and, once it has ended, how and when. */
export interface OutcomeTarget {
  readonly areaId: string;
  /** How the target ended (`achieved`, `carried-forward` or `stopped`) and on what day; absent while open. */
  readonly outcome?: { readonly result: string; readonly on: IsoDate } | undefined;
}

/** A block of visits as the figures need it: whose it is, its dates and its targets. */
export interface OutcomeBlock {
  readonly id: string;
  readonly childId: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
  /** A `draft` block has not been agreed, so its targets are not yet set. */
  readonly status?: string | undefined;
  readonly targets: readonly OutcomeTarget[];
}

/** Targets achieved against targets set, with how the others stand. `achieved + carriedForward + stopped + open === set`. */
export interface TargetFigures {
  readonly achieved: number;
  readonly set: number;
  /** `achieved` as a percentage of `set`, to one decimal place; `null` when no targets were set. */
  readonly percent: number | null;
  readonly carriedForward: number;
  readonly stopped: number;
  /** Still being worked on on `asOf`. */
  readonly open: number;
}

/** The target figures for the service and broken down by child, block and area. */
export interface TargetsAchieved {
  readonly asOf: IsoDate;
  readonly service: TargetFigures;
  readonly byChild: readonly ({ readonly childId: string } & TargetFigures)[];
  readonly byBlock: readonly ({
    readonly blockId: string;
    readonly childId: string;
    readonly start: IsoDate;
    readonly end: IsoDate;
  } & TargetFigures)[];
  readonly byArea: readonly ({ readonly areaId: string } & TargetFigures)[];
  /** Blocks and targets left out because their dates or outcome cannot be right. */
  readonly excluded: readonly ExcludedRecord[];
}

type Counted = {
  childId: string;
  blockId: string;
  areaId: string;
  state: "achieved" | "carried-forward" | "stopped" | "open";
};

function figures(targets: readonly Counted[]): TargetFigures {
  const count = (state: Counted["state"]) => targets.filter((t) => t.state === state).length;
  const achieved = count("achieved");
  return {
    achieved,
    set: targets.length,
    percent: percentOf(achieved, targets.length),
    carriedForward: count("carried-forward"),
    stopped: count("stopped"),
    open: count("open"),
  };
}

const RESULTS = ["achieved", "carried-forward", "stopped"] as const;

/**
 * Targets achieved against targets set on `asOf`. A target counts as set once its block has
 * started and is not a draft; it counts as achieved once its outcome says so on or before
 * `asOf`. A target carried forward is counted in each block that set it, so a block's figure
 * is that block's own. Blocks ending before they start, and targets with an unknown result or
 * an outcome before their block started, are left out and listed in `excluded`.
 */
export function targetsAchieved(blocks: readonly OutcomeBlock[], asOf: IsoDate): TargetsAchieved {
  const excluded: ExcludedRecord[] = [];
  const counted: Counted[] = [];
  const started: OutcomeBlock[] = [];
  blocks.forEach((block, b) => {
    if (block.end < block.start) {
      excluded.push({
        path: `${b}`,
        problem: `block "${block.id}" ends (${block.end}) before it starts (${block.start})`,
      });
      return;
    }
    if (block.start > asOf || block.status === "draft") return;
    started.push(block);
    block.targets.forEach((target, t) => {
      const outcome = target.outcome;
      const path = `${b}.targets.${t}`;
      if (outcome && !(RESULTS as readonly string[]).includes(outcome.result)) {
        excluded.push({ path, problem: `outcome "${outcome.result}" is not one of ${RESULTS.join(", ")}` });
        return;
      }
      if (outcome && outcome.on < block.start) {
        excluded.push({ path, problem: `outcome dated ${outcome.on}, before its block started (${block.start})` });
        return;
      }
      const state = outcome && outcome.on <= asOf ? (outcome.result as Counted["state"]) : "open";
      counted.push({ childId: block.childId, blockId: block.id, areaId: target.areaId, state });
    });
  });
  return {
    asOf,
    service: figures(counted),
    byChild: [...new Set(started.map((b) => b.childId))].map((childId) => ({
      childId,
      ...figures(counted.filter((t) => t.childId === childId)),
    })),
    byBlock: started.map((block) => ({
      blockId: block.id,
      childId: block.childId,
      start: block.start,
      end: block.end,
      ...figures(counted.filter((t) => t.blockId === block.id && t.childId === block.childId)),
    })),
    byArea: [...groupInOrder(counted, (t) => t.areaId)].map(([areaId, ts]) => ({ areaId, ...figures(ts) })),
    excluded,
  };
}
