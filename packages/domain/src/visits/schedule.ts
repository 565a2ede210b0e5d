// The dates of a block's visits, from its agreed weekday, time and frequency and the term dates.
import * as v from "valibot";
import { addDays, type IsoDate, isoWeekday, WEEKDAYS } from "../dates/date-only.js";
import { refuse, type Verdict } from "../plan/result.js";
import { type Block, TimeOfDaySchema, WeekdaySchema } from "../plan/schema.js";
import { IsoDateSchema, type Protocol, VisitFrequencySchema } from "../protocol/schema.js";
import { describeTermDay, termDay } from "./term-time.js";
import type { Visit } from "./visit.js";

function listWeekdays(days: readonly string[]): string {
  const names = days.map((day) => `${day.charAt(0).toUpperCase()}${day.slice(1)}s`);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The parts of a block that set its visit dates. A whole {@link Block} will do. */
export type VisitPattern = Pick<Block, "start" | "end" | "frequency" | "weekday" | "time">;

const VisitPatternSchema = v.pipe(
  v.object({
    start: IsoDateSchema,
    end: IsoDateSchema,
    frequency: VisitFrequencySchema,
    weekday: WeekdaySchema,
    time: TimeOfDaySchema,
  }),
  v.forward(
    v.partialCheck([["start"], ["end"]], (b) => b.end >= b.start, "must not be before the block starts"),
    ["end"],
  ),
);

/** Why a date in the block's rhythm has no visit. */
export type SkipReason = "holiday" | "closure" | "outside-term-dates";

/** A date in the block's rhythm with no visit, and why, for staff to see. */
export interface SkippedVisit {
  readonly date: IsoDate;
  readonly reason: SkipReason;
  /** Staff words: "school holiday between Autumn 2025 (first half) and Autumn 2025 (second half)", "closure day: Staff training day". */
  readonly detail: string;
  /** The protocol clause (term dates) that rules the date out. */
  readonly clause: string;
}

/** A block's visits: the planned ones, and the dates in its rhythm that were skipped, with why. */
export interface VisitSchedule {
  /** The day the rhythm counts from: the first of the block's weekdays on or after its start. */
  readonly firstVisitDate: IsoDate | undefined;
  /** The visits, in date order, each at the block's time with status `planned`. */
  readonly visits: readonly Visit[];
  readonly skipped: readonly SkippedVisit[];
  /** The protocol clauses applied: blocks (frequency) and term dates. */
  readonly clauses: readonly string[];
}

/**
 * Plans a block's visits: every date on the block's weekday from `start` to `end` inclusive,
 * weekly or fortnightly, that falls inside one of the protocol's term periods and is not a
 * closure day, each at the block's time.
 *
 * The rhythm is anchored on the block's first visit date (the first of its weekdays on or
 * after `start`) and never moves: a date in a holiday or on a closure is skipped, not moved to
 * another day, and the next visit stays on the rhythm. A fortnightly block therefore keeps to
 * the same alternate weeks through a half-term, as the family agreed; when a one-week
 * half-term falls on a visit week that fortnight's visit is lost rather than shifting every
 * later visit. Skipped dates are returned with the reason (holiday, closure, or outside the
 * term dates the protocol lists) so staff can see them.
 *
 * Refused when the block's dates, weekday, time or frequency are not valid, the protocol
 * does not offer the frequency, or its visits are not on the block's weekday
 * (`visits.blocks.weekdays`).
 */
export function planVisits(block: VisitPattern, protocol: Pick<Protocol, "visits">): Verdict<VisitSchedule> {
  const parsed = v.safeParse(VisitPatternSchema, block, { abortEarly: false });
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
    return refuse(
      "invalid-input",
      `The block's visit pattern is not valid: ${problems.map((p) => `${p.path === "" ? "" : `${p.path}: `}${p.message}`).join("; ")}.`,
      {
        problems,
      },
    );
  }
  const { blocks, terms } = protocol.visits;
  if (!blocks.frequencies.includes(block.frequency)) {
    return refuse(
      "frequency-not-allowed",
      `${block.frequency} visits are not offered: the protocol allows ${blocks.frequencies.join(" or ")}.`,
      { clause: blocks.id },
    );
  }
  if (blocks.weekdays !== undefined && !blocks.weekdays.includes(block.weekday)) {
    return refuse(
      "weekday-not-allowed",
      `Visits on a ${block.weekday} are not offered: the protocol has visits on ${listWeekdays(blocks.weekdays)}.`,
      { clause: blocks.id },
    );
  }
  const step = block.frequency === "weekly" ? 7 : 14;
  const wanted = WEEKDAYS.indexOf(block.weekday) + 1;
  const first = addDays(block.start, (wanted - isoWeekday(block.start) + 7) % 7);
  const visits: Visit[] = [];
  const skipped: SkippedVisit[] = [];
  for (let date = first; date <= block.end; date = addDays(date, step)) {
    const day = termDay(date, terms);
    if (day.kind === "term") {
      visits.push({ date, time: block.time, status: "planned" });
    } else {
      skipped.push({ date, reason: day.kind, detail: describeTermDay(day), clause: terms.id });
    }
  }
  return {
    ok: true,
    value: { firstVisitDate: first <= block.end ? first : undefined, visits, skipped, clauses: [blocks.id, terms.id] },
  };
}
