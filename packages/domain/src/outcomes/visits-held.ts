// Visits held against visits planned, for the service, each child and each block.
import type { IsoDate } from "../dates/date-only.js";
import { type ExcludedRecord, groupInOrder, percentOf } from "./figures.js";

/** What happened to a visit, in the words the visit records use. */
export type OutcomeVisitStatus = "planned" | "held" | "missed" | "cancelled-by-service" | "cancelled-by-family";

/** A visit as the figures need it. */
export interface OutcomeVisit {
  readonly childId: string;
  readonly blockId?: string | undefined;
  readonly date: IsoDate;
  readonly status: OutcomeVisitStatus;
}

/** Visits held against visits planned. `held + missed + cancelledByFamily + cancelledByService + notRecorded === planned`. */
export interface VisitFigures {
  readonly held: number;
  /** Visits planned for `asOf` or earlier. */
  readonly planned: number;
  /** `held` as a percentage of `planned`, to one decimal place; `null` when none were planned. */
  readonly percent: number | null;
  readonly missed: number;
  readonly cancelledByFamily: number;
  readonly cancelledByService: number;
  /** Past visits still marked planned: what happened has not been recorded yet. */
  readonly notRecorded: number;
}

/** Visit figures for the service, by child and by block. */
export interface VisitsHeld {
  readonly asOf: IsoDate;
  readonly service: VisitFigures;
  readonly byChild: readonly ({ readonly childId: string } & VisitFigures)[];
  /** Only visits that name their block. */
  readonly byBlock: readonly ({ readonly childId: string; readonly blockId: string } & VisitFigures)[];
  /** Visits left out: recorded as happening on a day still to come. */
  readonly excluded: readonly ExcludedRecord[];
}

function figures(visits: readonly OutcomeVisit[]): VisitFigures {
  const count = (status: OutcomeVisitStatus) => visits.filter((v) => v.status === status).length;
  const held = count("held");
  return {
    held,
    planned: visits.length,
    percent: percentOf(held, visits.length),
    missed: count("missed"),
    cancelledByFamily: count("cancelled-by-family"),
    cancelledByService: count("cancelled-by-service"),
    notRecorded: count("planned"),
  };
}

/**
 * Visits held against visits planned up to `asOf`. Every visit dated on or before `asOf` counts
 * as planned, whatever became of it; later visits are not counted yet. A visit dated after
 * `asOf` but already marked held, missed or cancelled cannot be right and is left out.
 */
export function visitsHeld(visits: readonly OutcomeVisit[], asOf: IsoDate): VisitsHeld {
  const excluded: ExcludedRecord[] = [];
  const counted: OutcomeVisit[] = [];
  visits.forEach((visit, i) => {
    if (visit.date <= asOf) counted.push(visit);
    else if (
      visit.status !== "planned" &&
      visit.status !== "cancelled-by-service" &&
      visit.status !== "cancelled-by-family"
    ) {
      excluded.push({ path: `${i}`, problem: `marked ${visit.status} on ${visit.date}, a day after ${asOf}` });
    }
  });
  const inBlocks = counted.filter((v) => v.blockId !== undefined);
  return {
    asOf,
    service: figures(counted),
    byChild: [...groupInOrder(counted, (v) => v.childId)].map(([childId, vs]) => ({ childId, ...figures(vs) })),
    byBlock: [...groupInOrder(inBlocks, (v) => JSON.stringify([v.childId, v.blockId]))].map(([, vs]) => {
      const first = vs[0] as OutcomeVisit;
      return { childId: first.childId, blockId: first.blockId as string, ...figures(vs) };
    }),
    excluded,
  };
}
