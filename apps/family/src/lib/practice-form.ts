// A day of practice as the family writes it down: for each target, how many times they tried and
// how many times the child did it, or "We did not practise today", and a comment. One form for a
// day, one API call for each target that changed (`PUT .../practice/:targetId/:date`, with the
// version of the day read, so a change the home visitor made meanwhile is not overwritten).
import type { FamilyPracticeDay, FamilyPracticeDayInput } from "./records.ts";

type Values = Readonly<Record<string, string>>;

/** The parts of one target's boxes on a day's form. */
export type PracticePart = "tries" | "successes" | "none" | "note" | "version";

/** The form's name (and id) for one target's box: `t3-tries` for the fourth target's tries. */
export function practiceField(index: number, part: PracticePart): string {
  return `t${index}-${part}`;
}

/** A target on the day's form: its id, its words, and the day as it stands. */
export interface DayTarget {
  readonly id: string;
  /** What the target is, to name it in a message ("Ada will say 'more'"). */
  readonly goalText: string;
  readonly day: Pick<FamilyPracticeDay, "date" | "canChange" | "whyNot" | "record">;
}

/** The form values for a day as it stands, to start the form from. */
export function dayValues(targets: readonly DayTarget[]): Record<string, string> {
  const values: Record<string, string> = {};
  targets.forEach((target, index) => {
    const record = target.day.record;
    values[practiceField(index, "version")] = record ? String(record.version) : "";
    if (!record) return;
    if (!record.practised) values[practiceField(index, "none")] = "yes";
    if (record.tries !== null) values[practiceField(index, "tries")] = String(record.tries);
    if (record.successes !== null) values[practiceField(index, "successes")] = String(record.successes);
    if (record.note) values[practiceField(index, "note")] = record.note;
  });
  return values;
}

/** The same values with each target's version taken from the day read again (after a conflict). */
export function withFreshVersions(values: Values, targets: readonly DayTarget[]): Record<string, string> {
  const fresh = dayValues(targets);
  const out: Record<string, string> = { ...values };
  targets.forEach((_, index) => {
    out[practiceField(index, "version")] = fresh[practiceField(index, "version")] ?? "";
  });
  return out;
}

/** A box's number: undefined when empty, NaN when it is not a whole number from 0 to 100. */
function count(value: string | undefined): number | undefined {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  if (!/^\d{1,3}$/.test(text)) return Number.NaN;
  const n = Number(text);
  return n > 100 ? Number.NaN : n;
}

/** One change to send: the target, and the day's body for the API. */
export interface DayChange {
  readonly targetId: string;
  readonly index: number;
  readonly body: FamilyPracticeDayInput;
}

/** What the day's form came to: the changes to send, or each problem linked to its box. */
export interface DayForm {
  readonly changes: readonly DayChange[];
  readonly errors: readonly { readonly id: string; readonly text: string }[];
}

/**
 * The changes a day's form asks for. A target left empty is left as it was (the family cannot
 * remove a day: they can say they did not practise); one that matches what is stored is not sent.
 * `childName` words the messages ("How many times Ada did it").
 */
export function readDayForm(values: Values, targets: readonly DayTarget[], childName: string): DayForm {
  const changes: DayChange[] = [];
  const errors: { id: string; text: string }[] = [];
  const several = targets.length > 1;
  targets.forEach((target, index) => {
    const field = (part: PracticePart) => practiceField(index, part);
    const about = several ? `${target.goalText}: ` : "";
    const tries = count(values[field("tries")]);
    const successes = count(values[field("successes")]);
    const none = values[field("none")] === "yes";
    const note = (values[field("note")] ?? "").trim();
    const before = errors.length;
    if (Number.isNaN(tries)) {
      errors.push({ id: field("tries"), text: `${about}Times you tried must be a number from 0 to 100, like 5` });
    }
    if (Number.isNaN(successes)) {
      errors.push({
        id: field("successes"),
        text: `${about}Times ${childName} did it must be a number from 0 to 100, like 3`,
      });
    }
    if (errors.length > before) return;
    const numbers = tries !== undefined || successes !== undefined;
    if (none && numbers) {
      errors.push({
        id: field("tries"),
        text: `${about}Either write how many times you tried, or tick "We did not practise today", not both`,
      });
      return;
    }
    if (!none && !numbers && !note) return; // left empty: unchanged
    if (note.length > 500) {
      errors.push({ id: field("note"), text: `${about}Your comment must be 500 characters or fewer` });
      return;
    }
    if (!none && tries === undefined) {
      errors.push({
        id: field("tries"),
        text: `${about}Write how many times you tried, or tick "We did not practise today"`,
      });
      return;
    }
    if (!none && successes === undefined) {
      errors.push({
        id: field("successes"),
        text: `${about}Write how many times ${childName} did it. Write 0 if ${childName} did not do it yet`,
      });
      return;
    }
    if (!none && tries === 0) {
      errors.push({
        id: field("tries"),
        text: `${about}Times you tried must be 1 or more. If you did not try, tick "We did not practise today"`,
      });
      return;
    }
    if (!none && tries !== undefined && successes !== undefined && successes > tries) {
      errors.push({
        id: field("successes"),
        text: `${about}Times ${childName} did it cannot be more than the times you tried`,
      });
      return;
    }
    if (!target.day.canChange) return;
    const stored = target.day.record;
    const version = Number(values[field("version")] ?? "");
    const versioned = Number.isInteger(version) && version > 0 ? { version } : {};
    const body: FamilyPracticeDayInput = none
      ? { practised: false, ...(note ? { note } : {}), ...versioned }
      : { practised: true, tries: tries ?? 1, successes: successes ?? 0, ...(note ? { note } : {}), ...versioned };
    if (stored && sameAsStored(body, stored)) return;
    changes.push({ targetId: target.id, index, body });
  });
  return { changes, errors };
}

function sameAsStored(body: FamilyPracticeDayInput, stored: NonNullable<FamilyPracticeDay["record"]>): boolean {
  return (
    body.practised === stored.practised &&
    (body.practised ? body.tries === stored.tries && body.successes === stored.successes : true) &&
    (body.note ?? "") === (stored.note ?? "")
  );
}

/** What a refused day says, once the API's answer to each change is known. */
export interface ConflictWords {
  /** Who changed the day (a name from the API), or null. */
  readonly changedBy: string | null;
  /** When, in words ("10:42am" or "30 November 2026 at 4:05pm"), or "". */
  readonly when: string;
  readonly goalText: string;
  readonly dayText: string;
}

/** The error summary's line for a day changed by someone else while the family member was typing. */
export function conflictLine(words: ConflictWords): string {
  const who = words.changedBy ?? "Someone else";
  const when = words.when ? ` at ${words.when}` : "";
  return `${who} changed "${words.goalText}" for ${words.dayText}${when}, while you were writing. What you wrote is still below: check it, then save again.`;
}
