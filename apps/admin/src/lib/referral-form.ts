// The referral form's answers as the admin app handles them: a posted form to the API's JSON
// shape, a refusal's field paths to the inputs on the page, stored answers back to form values.
import { fromFormEntries, referralField, toFormValues, toReferralInput } from "@openportage/referral-form";
import type { Problem } from "./problem.ts";
import { pathKey, sentence } from "./problem.ts";

/** Field names the staff pages add around the referral form's own. */
const OWN_FIELDS = new Set(["route", "referrerName", "referrerRole", "referrerOrganisation", "idempotencyKey"]);

/** What the staff page's own fields are called, to complete the API's terse messages. */
const OWN_LABELS: Readonly<Record<string, string>> = {
  route: "The route",
  referrerName: "The referrer's name",
  referrerRole: "The referrer's role",
  referrerOrganisation: "The referrer's organisation",
};

/** The referral form's answers from posted fields (the staff page's own fields left out). */
export function answersFrom(entries: Iterable<readonly [string, string]>): Record<string, unknown> {
  const own = [...entries].filter(([name]) => !OWN_FIELDS.has(name));
  return { ...fromFormEntries(own) };
}

/** The id of the input for a form field (a date's first input). */
export function inputId(field: string): string {
  return referralField(field)?.kind === "date" ? `${field}-day` : field;
}

/**
 * Field messages by form field name, and the error summary, from the API's refusal. Paths
 * `answers.x` belong to the form's field `x`; `referrer.name` to `referrerName`; the rest as given.
 */
export function referralErrors(problem: Problem): {
  fields: Record<string, string>;
  summary: { text: string; href?: string }[];
} {
  const fields: Record<string, string> = {};
  const summary: { text: string; href?: string }[] = [];
  for (const error of problem.errors ?? []) {
    const key = pathKey(error.path);
    let name = key.startsWith("answers.") ? (key.slice("answers.".length).split(".")[0] ?? "") : key;
    if (key.startsWith("referrer.")) {
      const part = key.slice("referrer.".length);
      name = `referrer${part.charAt(0).toUpperCase()}${part.slice(1)}`;
    }
    const known = name !== "" && (referralField(name) !== undefined || OWN_FIELDS.has(name));
    if (known) {
      const text = sentence(error.message, OWN_LABELS[name] ?? referralField(name)?.label);
      if (!(name in fields)) fields[name] = text;
      summary.push({ text, href: `#${inputId(name)}` });
    } else {
      summary.push({ text: key ? `${key}: ${error.message}` : error.message });
    }
  }
  if (summary.length === 0) summary.push({ text: problem.detail ?? problem.title });
  return { fields, summary };
}

/** A stored referral's answers as the form's values, to correct them. */
export function formValuesOf(answers: Readonly<Record<string, unknown>>): Record<string, string | readonly string[]> {
  const { referrer: _referrer, ...rest } = answers;
  try {
    return toFormValues(toReferralInput(rest as Parameters<typeof toReferralInput>[0]));
  } catch {
    return toFormValues(rest);
  }
}
