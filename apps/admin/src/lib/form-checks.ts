// What a casework form checks itself before it calls the API: only what the API could not be sent
// at all (a date that is not a date, a number that is not a number). Every other rule (what must
// be filled in, ranges, the protocol's areas and term dates) is the API's, and its refusal comes
// back linked to the fields by the `fieldIds` each form builder gives.
import { type DateRead, datePartsFrom, readDate } from "./dates.ts";
import type { ErrorItem, FieldRef, FormErrors } from "./problem.ts";

/** A form turned into an API body, or the reasons it could not be; and where each API path is shown. */
export interface Checked<T> {
  /** The body to send (undefined when `errors` says why not). */
  readonly body: T | undefined;
  /** The form's own errors, when it could not be sent. */
  readonly errors: FormErrors | undefined;
  /** API field paths (`teachingSteps.0`, `practice.how`) to the inputs on the page. */
  readonly fieldIds: Readonly<Record<string, FieldRef>>;
}

/** Collects a form's own errors, in the order of the fields on the page. */
export function errorList() {
  const summary: ErrorItem[] = [];
  const fields: Record<string, string> = {};
  return {
    add(id: string, text: string): void {
      if (id in fields) return;
      fields[id] = text;
      summary.push({ text, href: `#${id}` });
    },
    /** The errors, or undefined when there are none. */
    result(): FormErrors | undefined {
      return summary.length > 0 ? { summary, fields } : undefined;
    },
  };
}

/** The result of a form builder. */
export function checked<T>(
  body: T,
  errors: FormErrors | undefined,
  fieldIds: Readonly<Record<string, FieldRef>>,
): Checked<T> {
  return { body: errors ? undefined : body, errors, fieldIds };
}

/** A whole number typed into a box: the number, undefined for a blank box, or NaN when it is not one. */
export function wholeNumber(text: string | undefined): number | undefined {
  const value = (text ?? "").trim();
  if (value === "") return undefined;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Reads a date input named `name` (the error goes to its day box, `name-day`). Undefined for a
 * blank input: the API says when the date is needed.
 */
export function dateField(
  values: Readonly<Record<string, string>>,
  name: string,
  label: string,
  errors: ReturnType<typeof errorList>,
): string | undefined {
  const read: DateRead = readDate(datePartsFrom(values, name), label);
  if (read.kind === "error") errors.add(`${name}-day`, read.message);
  return read.kind === "date" ? read.date : undefined;
}

/** `{ key: value }` when the value is there, `{}` when it is not: for optional body fields. */
export function given<K extends string, V>(key: K, value: V | undefined | ""): { [P in K]?: V } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: V };
}
