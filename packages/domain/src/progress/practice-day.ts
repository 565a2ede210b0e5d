// One day of the family's activity chart as a person enters it (a form, the family app): practised
// with tries and successes, or not practised, with a comment. The rules for what may be entered
// live here so the home visitor's screens and the family app refuse the same things in the same
// words.
import { type IsoDate, isIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { type ActivityRecord, parseActivityRecord, type RecordedBy, type RecordProblem } from "./activity-record.js";

/** What someone enters for one target on one day. */
export interface PracticeDayEntry {
  readonly targetId: string;
  readonly date: string;
  readonly recordedBy: RecordedBy;
  /** `false` for a day not practised; left out, the day was practised. */
  readonly practised?: boolean | undefined;
  readonly tries?: number | undefined;
  readonly successes?: number | undefined;
  readonly note?: string | undefined;
}

/** When a day may be entered: not after `asOf`, and inside the block of visits the target belongs to. */
export interface PracticeDayWindow {
  /** Today: a day after it cannot have been practised yet. */
  readonly asOf: IsoDate;
  /** The target's block. */
  readonly block: { readonly start: IsoDate; readonly end: IsoDate };
}

/**
 * Checks one day's entry against the activity chart's rules and returns the activity record it
 * makes, or every problem with its field (`date`, `tries`, `successes`, `note`):
 * - the day is a real date, not after `asOf`, inside the target's block;
 * - a day practised needs tries (at least 1: a day with no try is a day not practised) and
 *   successes (never more than tries);
 * - a day not practised has no tries or successes, only an optional note.
 */
export function checkPracticeDay(
  entry: PracticeDayEntry,
  window: PracticeDayWindow,
): { readonly ok: true; readonly record: ActivityRecord } | { readonly ok: false; readonly problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  if (!isIsoDate(entry.date)) {
    problems.push({ path: "date", message: "must be a real date written YYYY-MM-DD" });
  } else if (entry.date > window.asOf) {
    problems.push({ path: "date", message: "must be today or earlier" });
  } else if (entry.date < window.block.start || entry.date > window.block.end) {
    problems.push({
      path: "date",
      message: `must be in the target's block of visits (${dateInWords(window.block.start)} to ${dateInWords(window.block.end)})`,
    });
  }
  const practised = entry.practised !== false;
  if (!practised) {
    for (const field of ["tries", "successes"] as const) {
      if (entry[field] !== undefined)
        problems.push({ path: field, message: "must be left out for a day not practised" });
    }
  } else {
    if (entry.tries === undefined) {
      problems.push({ path: "tries", message: "is required: how many times did the child try?" });
    } else if (entry.tries === 0) {
      problems.push({ path: "tries", message: "must be at least 1, or mark the day as not practised" });
    }
    if (entry.successes === undefined) {
      problems.push({ path: "successes", message: "is required: how many times did the child succeed?" });
    }
  }
  // The record's own rules (whole numbers, never more successes than tries, a non-blank note),
  // for the fields not already refused above.
  const note = entry.note?.trim() ? { note: entry.note } : {};
  const base = { targetId: entry.targetId, date: entry.date, recordedBy: entry.recordedBy, ...note };
  const parsed = parseActivityRecord(
    practised
      ? { ...base, tries: entry.tries ?? 1, successes: entry.successes ?? 0 }
      : { ...base, practised: false as const },
  );
  if (!parsed.ok) {
    const refused = new Set(problems.map((p) => p.path));
    for (const p of parsed.problems) {
      const field = p.path.split(".")[0] ?? "";
      if (refused.has(field)) continue;
      // A tries problem found with the stand-in value (tries left out) is already reported.
      if (field === "successes" && entry.tries === undefined) continue;
      problems.push(p);
    }
  }
  if (problems.length > 0 || !parsed.ok) return { ok: false, problems };
  return { ok: true, record: parsed.record };
}
