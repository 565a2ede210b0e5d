// How a target is going, judged from its activity records by the target's own criterion.
import type { IsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import type { Criterion, Target } from "../plan/schema.js";
import { type ActivityRecord, parseActivityRecord } from "./activity-record.js";
import { count, dateList } from "./words.js";

/** The steps of progress on a target, as the Early Years Developmental Journal marks them, from none to achieved. */
export const PROGRESS_STATUSES = ["not-started", "emerging", "developing", "achieved"] as const;

/** How far a target has come. */
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** A record that was not counted because it is not a valid activity record, and why. */
export interface IgnoredRecord {
  readonly record: ActivityRecord;
  readonly reason: string;
}

/** How a target is going on a day, and the records that show it. */
export interface TargetProgress {
  readonly targetId: string;
  readonly status: ProgressStatus;
  /**
   * The records that prove the status: for `achieved`, one record meeting the criterion on each
   * of the first `days` days it was met; for `developing`, one on each day it was met; for
   * `emerging`, every record with a success; for `not-started`, none.
   */
  readonly evidence: readonly ActivityRecord[];
  /** Staff words: what was reached, on which days, against the criterion. */
  readonly summary: string;
  /** Every day on which the criterion was met, in date order. */
  readonly daysMet: readonly IsoDate[];
  /** How many such days the criterion needs. */
  readonly daysNeeded: number;
  /** The day the target was achieved: the `days`-th day the criterion was met. */
  readonly achievedOn?: IsoDate;
  /** How many of this target's records were counted (valid, and on or before `asOf`). */
  readonly recordsCounted: number;
  /** This target's records that are not valid activity records, with why. */
  readonly ignored: readonly IgnoredRecord[];
}

/** "3 out of 4". */
export function criterionInWords(criterion: Criterion): string {
  return `${criterion.successes} out of ${criterion.outOf}`;
}

/**
 * Whether one record meets the criterion for its day: a ticked `done` does; a count of tries
 * does when it has at least `successes` successes at a rate no lower than `successes` out of
 * `outOf` (3 of 4, 4 of 5 and 6 of 8 all meet "3 out of 4"; 2 of 2 and 3 of 5 do not).
 */
export function meetsCriterion(record: ActivityRecord, criterion: Criterion): boolean {
  if ("practised" in record) return false;
  if ("done" in record) return record.done;
  return (
    record.successes >= criterion.successes && record.successes * criterion.outOf >= criterion.successes * record.tries
  );
}

function hasSuccess(record: ActivityRecord): boolean {
  if ("practised" in record) return false;
  return "done" in record ? record.done : record.successes > 0;
}

/**
 * Judges a target on `asOf` from its activity records, by the target's own criterion
 * (`successes` out of `outOf` tries on `days` different days):
 * - `achieved`: the criterion was met on at least `days` different days;
 * - `developing`: it was met on some days, but fewer than `days`;
 * - `emerging`: some success recorded, but no day has met the criterion yet;
 * - `not-started`: no success recorded by `asOf` (no records at all, or tries without success).
 *
 * A day meets the criterion when any one record on it does (see {@link meetsCriterion}); records
 * on the same day are not added together, so a session that went well is not undone by a
 * tired one later, and adding records can never lower the status. A record with `done: true`
 * meets the criterion for its day; `done: false` is a day practised without success; a day
 * marked `practised: false` was not practised and counts neither way.
 * Only this target's records dated on or before `asOf` count; records that are not valid
 * (more successes than tries, a date that is not real) are listed in `ignored`.
 */
export function targetProgress(
  target: Pick<Target, "id" | "criterion">,
  records: readonly ActivityRecord[],
  asOf: IsoDate,
): TargetProgress {
  const { criterion } = target;
  const ignored: IgnoredRecord[] = [];
  const counted: ActivityRecord[] = [];
  for (const record of records) {
    if (record.targetId !== target.id) continue;
    const parsed = parseActivityRecord(record);
    if (!parsed.ok) {
      ignored.push({
        record,
        reason: parsed.problems.map((p) => `${p.path === "" ? "" : `${p.path}: `}${p.message}`).join("; "),
      });
    } else if (record.date <= asOf) {
      counted.push(record);
    }
  }
  // A stable sort keeps same-day records in the order given.
  counted.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const firstMeeting = new Map<IsoDate, ActivityRecord>();
  for (const record of counted) {
    if (meetsCriterion(record, criterion) && !firstMeeting.has(record.date)) firstMeeting.set(record.date, record);
  }
  const daysMet = [...firstMeeting.keys()];
  const met = criterionInWords(criterion);
  const base = { targetId: target.id, daysMet, daysNeeded: criterion.days, recordsCounted: counted.length, ignored };

  if (daysMet.length >= criterion.days) {
    const proving = daysMet.slice(0, criterion.days);
    const achievedOn = proving[proving.length - 1] as IsoDate;
    return {
      ...base,
      status: "achieved",
      evidence: proving.map((day) => firstMeeting.get(day) as ActivityRecord),
      achievedOn,
      summary: `Achieved on ${dateInWords(achievedOn)}: ${met} reached on ${count(criterion.days, "different day")} (${dateList(proving)}).`,
    };
  }
  if (daysMet.length > 0) {
    return {
      ...base,
      status: "developing",
      evidence: [...firstMeeting.values()],
      summary: `${met} reached on ${daysMet.length} of the ${count(criterion.days, "day")} needed (${dateList(daysMet)}).`,
    };
  }
  const successes = counted.filter(hasSuccess);
  const practisedDays = new Set(counted.filter((r) => !("practised" in r)).map((r) => r.date)).size;
  if (successes.length > 0) {
    const successDays = new Set(successes.map((r) => r.date)).size;
    return {
      ...base,
      status: "emerging",
      evidence: successes,
      summary: `Successes recorded on ${count(successDays, "day")}; no day has reached ${met} yet.`,
    };
  }
  return {
    ...base,
    status: "not-started",
    evidence: [],
    summary:
      counted.length === 0
        ? `No activity records up to ${dateInWords(asOf)}.`
        : practisedDays === 0
          ? `Recorded as not practised on ${count(new Set(counted.map((r) => r.date)).size, "day")}; no practice yet.`
          : `Practised on ${count(practisedDays, "day")}; no success recorded yet.`,
  };
}

/** Orders progress statuses: negative when `a` is less far on than `b`. */
export function compareProgress(a: ProgressStatus, b: ProgressStatus): number {
  return PROGRESS_STATUSES.indexOf(a) - PROGRESS_STATUSES.indexOf(b);
}
