// Priority points for one referral on the waiting list: each of the protocol's criteria adds
// points, and each addition says why, with the figures it used.
import { addDays, dayNumber, type IsoDate, isIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { supportEndDate } from "../eligibility/support-end.js";
import { count, figure, round2 } from "../eligibility/wording.js";
import type { PriorityCriterion, Protocol } from "../protocol/schema.js";
import { entryProblems, type WaitingListEntry, WaitingListError } from "./entry.js";

/** The points one criterion gave, and why. */
export interface PriorityPoints {
  /** The criterion's id in the protocol. */
  readonly criterionId: string;
  readonly kind: PriorityCriterion["kind"];
  /** Points, rounded to two decimal places. */
  readonly points: number;
  /** Why, in plain words with the figures used. */
  readonly why: string;
  /** The protocol clause applied: the criterion itself, which carries its description and reference. */
  readonly clauseId: string;
}

/** A referral's priority on a given day: the total and every criterion's part in it. */
export interface PriorityScore {
  readonly entryId: string;
  /** The sum of the points, rounded to two decimal places. */
  readonly total: number;
  /** One line per criterion, in the protocol's order. */
  readonly breakdown: readonly PriorityPoints[];
  /** Days since the referral was accepted onto the waiting list. */
  readonly daysWaited: number;
  /** The first day the child is past the age window (`supportEndDate`). */
  readonly agesOutOn: IsoDate;
  /** Days from `asOf` to `agesOutOn`: 0 or less once the child is past the age window. */
  readonly daysLeft: number;
  /** Whole weeks left before `agesOutOn`; 0 once past it. */
  readonly weeksLeft: number;
  /** The child is past the age window on `asOf` and should be allocated for a transition or exited. */
  readonly agedOut: boolean;
}

interface Figures {
  readonly weeksWaited: number;
  readonly daysWaited: number;
  readonly weeksLeft: number;
  readonly agesOutOn: IsoDate;
  readonly agedOut: boolean;
}

const COMPLEXITY_WORDS = { low: "low", moderate: "moderate", high: "high" } as const;

function criterionPoints(
  criterion: PriorityCriterion,
  entry: WaitingListEntry,
  figures: Figures,
): { points: number; why: string } {
  switch (criterion.kind) {
    case "complexity": {
      const points = criterion.points[entry.complexity];
      return {
        points,
        why: `Needs judged ${COMPLEXITY_WORDS[entry.complexity]} at triage: ${count(points, "point")}.`,
      };
    }
    case "no-setting":
      return entry.inSetting
        ? { points: 0, why: "Attends a nursery, pre-school or childminder: 0 points." }
        : {
            points: criterion.points,
            why: `Not at a nursery, pre-school or childminder: ${count(criterion.points, "point")}.`,
          };
    case "no-other-specialist-support":
      return entry.otherSpecialistSupport
        ? { points: 0, why: "Already has other specialist SEND support: 0 points." }
        : { points: criterion.points, why: `No other specialist SEND support: ${count(criterion.points, "point")}.` };
    case "first-time":
      return entry.hadPortageBefore
        ? { points: 0, why: "The family has had Portage before: 0 points." }
        : {
            points: criterion.points,
            why: `The family has not had Portage before: ${count(criterion.points, "point")}.`,
          };
    case "time-waited": {
      const raw = round2(figures.weeksWaited * criterion.pointsPerWeek);
      const points = Math.min(raw, criterion.maxPoints);
      const sum = `Waited ${count(figures.weeksWaited, "full week")} since being accepted on ${dateInWords(entry.acceptedOn)}: ${figures.weeksWaited} x ${figure(criterion.pointsPerWeek)} = ${count(raw, "point")}`;
      return {
        points,
        why: raw > criterion.maxPoints ? `${sum}, capped at ${count(criterion.maxPoints, "point")}.` : `${sum}.`,
      };
    }
    case "time-left": {
      const { maxPoints, fullWithinWeeks: full, noneBeyondWeeks: none } = criterion;
      // The last day of support, as the eligibility reasons and the referral say it (agesOutOn is the day after).
      const ends = dateInWords(addDays(figures.agesOutOn, -1));
      if (figures.agedOut) {
        return {
          points: maxPoints,
          why: `Past the last day of support (${ends}): all ${count(maxPoints, "point")}, so staff see this child first and can arrange a transition or an exit.`,
        };
      }
      const left = `${count(figures.weeksLeft, "full week")} left before the last day of support, ${ends}`;
      if (figures.weeksLeft <= full) {
        return { points: maxPoints, why: `${left}: ${full} or fewer, so all ${count(maxPoints, "point")}.` };
      }
      if (figures.weeksLeft >= none) return { points: 0, why: `${left}: ${none} or more, so 0 points.` };
      const points = round2((maxPoints * (none - figures.weeksLeft)) / (none - full));
      return {
        points,
        why: `${left}: between ${full} and ${none}, so ${maxPoints} x (${none} - ${figures.weeksLeft}) / (${none} - ${full}) = ${count(points, "point")}.`,
      };
    }
  }
}

/**
 * Works out a referral's priority on `asOf` under the protocol's criteria. Every criterion in
 * the protocol gives a line in the breakdown, 0 points included, so the total can be checked
 * by hand. Points are rounded to two decimal places.
 *
 * - complexity: the points for the level judged at triage;
 * - no-setting, no-other-specialist-support, first-time: their points when true of the child;
 * - time-waited: whole weeks since `acceptedOn` times `pointsPerWeek`, capped at `maxPoints`;
 * - time-left: with whole weeks left before `supportEndDate`, all `maxPoints` at
 *   `fullWithinWeeks` or fewer, none at `noneBeyondWeeks` or more, and a straight line
 *   between. A child already past the end date gets all the points: the waiting list is a
 *   work list, and such a child needs a decision now (a transition, or an exit with
 *   signposting), not a place at the bottom where nobody looks.
 *
 * @throws WaitingListError when `asOf` is not a real date or the entry's dates are impossible
 * (accepted after `asOf`, accepted before referral, referred before birth).
 */
export function scorePriority(entry: WaitingListEntry, protocol: Protocol, asOf: IsoDate): PriorityScore {
  const problems = isIsoDate(asOf)
    ? entryProblems(entry, asOf)
    : [{ id: "asOf", message: `"${asOf}" is not a date in the form YYYY-MM-DD` }];
  if (problems.length > 0) throw new WaitingListError(problems);
  return priorityScorer(protocol, asOf)(entry);
}

// The line a criterion gives depends on one fact of the entry (given the day): the level of
// need, a yes or no, the day it was accepted, or the day the child ages out. Lines are built
// once per distinct fact and shared, frozen, between entries: a list of 100,000 referrals
// holds a few thousand distinct lines, not 600,000.
function lineKey(criterion: PriorityCriterion, entry: WaitingListEntry, agesOutOn: IsoDate): string {
  switch (criterion.kind) {
    case "complexity":
      return entry.complexity;
    case "no-setting":
      return entry.inSetting ? "y" : "n";
    case "no-other-specialist-support":
      return entry.otherSpecialistSupport ? "y" : "n";
    case "first-time":
      return entry.hadPortageBefore ? "y" : "n";
    case "time-waited":
      return entry.acceptedOn;
    case "time-left":
      return agesOutOn;
  }
}

/**
 * A scorer for one protocol on one day, for entries already checked (the ranking checks the
 * whole list once). It remembers what entries share (end dates by date of birth, breakdown
 * lines), so scoring a long list costs little more than reading it.
 */
export function priorityScorer(protocol: Protocol, asOf: IsoDate): (entry: WaitingListEntry) => PriorityScore {
  const asOfDay = dayNumber(asOf);
  const criteria = protocol.priority.criteria;
  const endsByBirth = new Map<string, { agesOutOn: IsoDate; daysLeft: number }>();
  const lines = criteria.map(() => new Map<string, PriorityPoints>());
  return (entry) => {
    let ends = endsByBirth.get(entry.dateOfBirth);
    if (ends === undefined) {
      const agesOutOn = supportEndDate(entry.dateOfBirth, protocol);
      ends = { agesOutOn, daysLeft: dayNumber(agesOutOn) - asOfDay };
      endsByBirth.set(entry.dateOfBirth, ends);
    }
    const { agesOutOn, daysLeft } = ends;
    const daysWaited = asOfDay - dayNumber(entry.acceptedOn);
    const agedOut = daysLeft <= 0;
    const weeksLeft = agedOut ? 0 : Math.floor(daysLeft / 7);
    const breakdown: PriorityPoints[] = [];
    let sum = 0;
    criteria.forEach((criterion, i) => {
      const cache = lines[i] as Map<string, PriorityPoints>;
      const key = lineKey(criterion, entry, agesOutOn);
      let line = cache.get(key);
      if (line === undefined) {
        const figures = { weeksWaited: Math.floor(daysWaited / 7), daysWaited, weeksLeft, agesOutOn, agedOut };
        const { points, why } = criterionPoints(criterion, entry, figures);
        line = Object.freeze({
          criterionId: criterion.id,
          kind: criterion.kind,
          points: round2(points),
          why,
          clauseId: criterion.id,
        });
        cache.set(key, line);
      }
      breakdown.push(line);
      sum += line.points;
    });
    return { entryId: entry.id, total: round2(sum), breakdown, daysWaited, agesOutOn, daysLeft, weeksLeft, agedOut };
  };
}
