// Dates on the casework forms: the GOV.UK date input (day, month and year in three boxes, posted
// as `name-day`, `name-month`, `name-year`) to and from the API's `YYYY-MM-DD`, and the weeks the
// practice records are kept in (Monday to Sunday). The calendar itself is the domain package's.
import {
  addDays,
  dateFromParts,
  dateParts,
  type IsoDate,
  isIsoDate,
  isoWeekday,
  parseIsoDate,
} from "@openportage/domain";

/** What was typed into a date input's three boxes. */
export interface DateInputParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

/** The three boxes for a stored date (`2026-12-07` as 7, 12, 2026); empty for no date. */
export function datePartsOf(value: string | null | undefined): DateInputParts {
  if (!value || !isIsoDate(value)) return { day: "", month: "", year: "" };
  const { year, month, day } = dateParts(value);
  return { day: String(day), month: String(month), year: String(year) };
}

/** A date input's posted boxes, from a form's values. */
export function datePartsFrom(values: Readonly<Record<string, string>>, name: string): DateInputParts {
  return {
    day: (values[`${name}-day`] ?? "").trim(),
    month: (values[`${name}-month`] ?? "").trim(),
    year: (values[`${name}-year`] ?? "").trim(),
  };
}

/** The form values for a date input showing `value`, to start a form from a stored record. */
export function dateInputValues(name: string, value: string | null | undefined): Record<string, string> {
  const parts = datePartsOf(value);
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year };
}

/** A date read from its boxes: the date, nothing (all left blank), or what is wrong, in words. */
export type DateRead =
  | { readonly kind: "date"; readonly date: IsoDate }
  | { readonly kind: "blank" }
  | { readonly kind: "error"; readonly message: string };

/**
 * Reads a date input the GOV.UK way. `label` names the date in a message ("The start date must
 * include a year"). Two-digit years are refused rather than guessed.
 */
export function readDate(parts: DateInputParts, label: string): DateRead {
  const given = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  if (!given.day && !given.month && !given.year) return { kind: "blank" };
  const missing = (["day", "month", "year"] as const).filter((part) => !given[part]);
  if (missing.length > 0) return { kind: "error", message: `${label} must include a ${missing.join(" and ")}` };
  if (![given.day, given.month, given.year].every((part) => /^\d+$/.test(part))) {
    return { kind: "error", message: `${label} must be a real date, written in numbers` };
  }
  if (given.year.length !== 4)
    return { kind: "error", message: `${label} must include a year with 4 numbers, like 2027` };
  const date = dateFromParts(Number(given.year), Number(given.month), Number(given.day));
  if (date === undefined) return { kind: "error", message: `${label} must be a real date` };
  return { kind: "date", date };
}

/** The Monday of the week `date` (`YYYY-MM-DD`) falls in. */
export function mondayOf(date: string): IsoDate {
  const day = parseIsoDate(date);
  return addDays(day, 1 - isoWeekday(day));
}

/** The seven days of the week starting on `monday` (`YYYY-MM-DD`). */
export function weekFrom(monday: string): IsoDate[] {
  const first = parseIsoDate(monday);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** A `?week=` value when it is a real date, else undefined (the API then shows this week). */
export function weekParam(value: string | null): IsoDate | undefined {
  return value && isIsoDate(value) ? value : undefined;
}
