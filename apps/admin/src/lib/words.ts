// The words the admin app uses for the API's codes, and dates written the GOV.UK way.
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

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `2026-11-22` (or a timestamp) as `22 November 2026`; the value itself when it is not a date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  // A timestamp is shown as the day it was in England.
  if (value.length > 10) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      const parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/London",
        day: "numeric",
        month: "long",
        year: "numeric",
      }).format(date);
      return parts;
    }
  }
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
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

/** A child's age on `asOf` in years and months (`1 year 4 months`), from ISO dates. */
export function ageOn(dateOfBirth: string, asOf: string): string {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ay, am, ad] = asOf.slice(0, 10).split("-").map(Number);
  if (!by || !bm || !bd || !ay || !am || !ad) return "";
  let months = (ay - by) * 12 + (am - bm);
  if (ad < bd) months -= 1;
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
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);
}
