// The referral form's answers as flat form fields (what a plain HTML form posts), and the helpers
// the island uses on them: which section has which questions, which to show, how to validate a
// section and how each answer reads on the "check your answers" page. The questions, messages
// and schema all come from @openportage/referral-form.
import { dateFromParts, dateInWords, type IsoDate } from "@openportage/domain";
import {
  type FieldDefinition,
  type FormTextValues,
  fillText,
  fromFormEntries,
  parseReferral,
  type ReferralError,
  referralFields,
  referralSections,
  type SectionId,
} from "@openportage/referral-form";

/** The answers as form fields: a date as `name-day`, `name-month`, `name-year`; checkboxes as lists. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

/** The questions in a section, in order (hidden bookkeeping fields left out). */
export function sectionFields(section: SectionId): readonly FieldDefinition[] {
  return referralFields.filter((field) => field.section === section && field.kind !== "hidden");
}

/** True when a question applies given the answers so far (its `showWhen` is met, or it has none). */
export function isShown(field: FieldDefinition, values: FormValues): boolean {
  if (!field.showWhen) return true;
  return values[field.showWhen.field] === field.showWhen.value;
}

/** The flat `[name, value]` pairs a form would post, with questions that do not apply left out. */
export function formEntries(values: FormValues): [string, string][] {
  const entries: [string, string][] = [];
  for (const field of referralFields) {
    if (!isShown(field, values)) continue;
    if (field.kind === "date") {
      for (const part of ["day", "month", "year"]) {
        const value = values[`${field.name}-${part}`];
        entries.push([`${field.name}-${part}`, typeof value === "string" ? value : ""]);
      }
      continue;
    }
    const value = values[field.name];
    if (Array.isArray(value)) for (const item of value) entries.push([field.name, item]);
    else if (typeof value === "string" && value !== "") entries.push([field.name, value]);
  }
  return entries;
}

/** The JSON body the API takes: the same shape `fromFormEntries` gives the API for a form post. */
export function jsonBody(values: FormValues, extra: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  return { ...fromFormEntries(formEntries(values)), ...extra };
}

/** Every problem with the answers, by the referral form's schema, as of `today`, in the council's words. */
export function validate(values: FormValues, today: IsoDate, text: FormTextValues): readonly ReferralError[] {
  const result = parseReferral(jsonBody(values), { today, text });
  return result.success ? [] : result.errors;
}

/** The problems that belong to one section's questions. */
export function sectionErrors(errors: readonly ReferralError[], section: SectionId): ReferralError[] {
  const names = new Set(sectionFields(section).map((f) => f.name));
  return errors.filter((error) => names.has(error.field));
}

/** The first section with a problem, or undefined. */
export function firstSectionWithError(errors: readonly ReferralError[]): SectionId | undefined {
  return referralSections.find((section) => sectionErrors(errors, section.id).length > 0)?.id;
}

/** An answer as the "check your answers" page shows it. */
export function answerText(field: FieldDefinition, values: FormValues, text: FormTextValues): string {
  if (field.kind === "date") {
    const [day, month, year] = ["day", "month", "year"].map((p) => String(values[`${field.name}-${p}`] ?? "").trim());
    const date = dateFromParts(Number(year), Number(month), Number(day));
    return date ? dateInWords(date) : "Not given";
  }
  const value = values[field.name];
  const labelOf = (v: string) => fillText(field.options?.find((o) => o.value === v)?.label ?? v, text);
  if (Array.isArray(value)) return value.length > 0 ? value.map(labelOf).join(", ") : "None selected";
  if (typeof value !== "string" || value.trim() === "") return "Not given";
  return field.options ? labelOf(value) : value.trim();
}

/** A fresh idempotency key for one form: a retry with it never stores a second referral. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
