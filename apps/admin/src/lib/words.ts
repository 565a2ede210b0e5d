// The words the admin app uses for the API's codes, and dates written the GOV.UK way.
import { ageInMonths, dateInWords, isIsoDate, parseIsoDate } from "@openportage/domain";
import type { Decision, EligibilityOutcome, ReferralStatus } from "./records.ts";

/** A referral status as staff say it, and the tag colour that marks it. */
export const STATUS: Readonly<Record<ReferralStatus, { text: string; tag: string }>> = {
  received: { text: "New", tag: "govuk-tag--blue" },
  "more-information": { text: "More information asked for", tag: "govuk-tag--yellow" },
  "not-eligible": { text: "Not eligible", tag: "govuk-tag--grey" },
  waiting: { text: "On the waiting list", tag: "govuk-tag--purple" },
  allocated: { text: "Allocated", tag: "govuk-tag--green" },
  closed: { text: "Closed", tag: "govuk-tag--grey" },
};

/** The eligibility outcome as staff say it. */
export const OUTCOME: Readonly<Record<EligibilityOutcome, { text: string; tag: string }>> = {
  eligible: { text: "Eligible", tag: "govuk-tag--green" },
  "not-eligible": { text: "Not eligible", tag: "govuk-tag--red" },
  "more-information-needed": { text: "More information needed", tag: "govuk-tag--yellow" },
};

/** The words and tag for an eligibility outcome the API reports (its own code when unknown). */
export function outcomeWord(outcome: string): { text: string; tag: string } {
  return OUTCOME[outcome as EligibilityOutcome] ?? { text: outcome, tag: "govuk-tag--grey" };
}

/** A triage decision as staff say it. */
export const DECISION: Readonly<Record<Decision["outcome"], string>> = {
  accepted: "Accepted to the waiting list",
  "not-eligible": "Not eligible",
  "more-information": "More information asked for",
};

/** A clause result as staff say it. */
export const RESULT: Readonly<Record<"met" | "not-met" | "unknown", { text: string; tag: string }>> = {
  met: { text: "Met", tag: "govuk-tag--green" },
  "not-met": { text: "Not met", tag: "govuk-tag--red" },
  unknown: { text: "Not known yet", tag: "govuk-tag--yellow" },
};

/** The day a timestamp falls on in England, as `YYYY-MM-DD` (the time zone is Intl's job). */
function englandDate(date: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(date);
}

/**
 * `2026-11-22` (or a timestamp) as `22 November 2026`, in the domain's words; the value itself when
 * it is not a date. A timestamp is shown as the day it was in England.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (isIsoDate(value)) return dateInWords(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      const day = englandDate(date);
      if (isIsoDate(day)) return dateInWords(day);
    }
  }
  return value;
}

/** A timestamp as `22 November 2026 at 5:40pm`, in England's time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  })
    .format(date)
    .replace(/\s/g, "")
    .toLowerCase();
  return `${formatDate(value)} at ${time}`;
}

/** A child's age on `asOf` in years and months (`1 year 4 months`), by the domain's `ageInMonths`. */
export function ageOn(dateOfBirth: string, asOf: string): string {
  const on = asOf.slice(0, 10);
  if (!isIsoDate(dateOfBirth) || !isIsoDate(on)) return "";
  const months = ageInMonths(dateOfBirth, on);
  if (months < 0) return "not born yet";
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years === 1 ? "1 year" : `${years} years`;
  const m = rest === 1 ? "1 month" : `${rest} months`;
  if (years === 0) return m;
  return rest === 0 ? y : `${y} ${m}`;
}

/** `n` with the right noun: `1 child`, `3 children`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Today's date in England as `YYYY-MM-DD`. */
export function todayInEngland(now: Date = new Date()): string {
  return parseIsoDate(englandDate(now));
}
