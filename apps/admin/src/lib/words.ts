// The words the admin app uses for the API's codes, and dates written the GOV.UK way.

import type { PlanView, ProfilesAnswer, TargetView, VisitView } from "@openportage/api";
import { addDays, ageInMonths, dateInWords, isIsoDate, parseIsoDate, weekdayOf } from "@openportage/domain";
import type { Decision, EligibilityOutcome, ReferralStatus } from "./records.ts";

/** A status in words, and the GOV.UK tag colour that marks it. */
export interface Word {
  readonly text: string;
  readonly tag: string;
}

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
  return `${formatDate(value)} at ${formatTime(value)}`;
}

/**
 * The last day of support, in words, from the day a child is past the age window (the API's
 * `agesOutOn` and `supportEnds`): the day before it, as the eligibility reasons say it.
 */
export function lastDayOfSupport(firstDayPast: string | null | undefined): string {
  if (!firstDayPast || !isIsoDate(firstDayPast)) return "";
  return dateInWords(addDays(firstDayPast, -1));
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

/** A play plan's (or a block's: they share the lifecycle) status as staff say it. */
export const PLAN_STATUS: Readonly<Record<PlanView["status"], Word>> = {
  draft: { text: "Draft", tag: "govuk-tag--grey" },
  agreed: { text: "Agreed with the family", tag: "govuk-tag--purple" },
  active: { text: "Active", tag: "govuk-tag--green" },
  "in-review": { text: "In review", tag: "govuk-tag--yellow" },
  completed: { text: "Completed", tag: "govuk-tag--teal" },
};

/** A visit's status as staff say it. */
export const VISIT_STATUS: Readonly<Record<VisitView["status"], Word>> = {
  planned: { text: "Planned", tag: "govuk-tag--blue" },
  held: { text: "Held", tag: "govuk-tag--green" },
  missed: { text: "Missed: not at home", tag: "govuk-tag--red" },
  "cancelled-by-family": { text: "Cancelled by the family", tag: "govuk-tag--orange" },
  "cancelled-by-service": { text: "Cancelled by the service", tag: "govuk-tag--grey" },
};

/** How a target is going (the domain's progress status) as staff and families say it. */
export const PROGRESS_STATUS: Readonly<Record<TargetView["progress"]["status"], Word>> = {
  "not-started": { text: "Not started", tag: "govuk-tag--grey" },
  emerging: { text: "Emerging", tag: "govuk-tag--yellow" },
  developing: { text: "Developing", tag: "govuk-tag--blue" },
  achieved: { text: "Achieved", tag: "govuk-tag--green" },
};

/** How a target ended. */
export const TARGET_RESULT: Readonly<Record<NonNullable<TargetView["outcome"]>["result"], Word>> = {
  achieved: { text: "Achieved", tag: "govuk-tag--green" },
  "carried-forward": { text: "Carried forward to the next block", tag: "govuk-tag--purple" },
  stopped: { text: "Stopped", tag: "govuk-tag--grey" },
};

/** How often visits are made. */
export const FREQUENCY: Readonly<Record<"weekly" | "fortnightly", { text: string; hint: string }>> = {
  weekly: { text: "Weekly", hint: "Every week in term time" },
  fortnightly: { text: "Fortnightly", hint: "Every other week in term time" },
};

/** The days of the week, Monday first, as the API names them and as people say them. */
export const WEEKDAYS: readonly { readonly value: string; readonly text: string }[] = [
  { value: "monday", text: "Monday" },
  { value: "tuesday", text: "Tuesday" },
  { value: "wednesday", text: "Wednesday" },
  { value: "thursday", text: "Thursday" },
  { value: "friday", text: "Friday" },
  { value: "saturday", text: "Saturday" },
  { value: "sunday", text: "Sunday" },
];

/** `monday` as `Monday`; the value itself when it is not a weekday. */
export function weekdayName(value: string): string {
  return WEEKDAYS.find((day) => day.value === value)?.text ?? value;
}

/** The words and tag for a status in `words`, or its own code in grey when the map lacks it. */
export function wordFor(words: Readonly<Record<string, Word>>, status: string): Word {
  return words[status] ?? { text: status, tag: "govuk-tag--grey" };
}

/** The change codes the API records on a case (plan revisions, history, edit conflicts), in words. */
export const CHANGES: Readonly<Record<string, string>> = {
  "plan-started": "Started a draft play plan",
  "plan-started-visits": "Started the play plan",
  "plan-agreed": "Recorded the family's agreement",
  "goal-added": "Added a long-term goal",
  "goal-changed": "Changed a long-term goal",
  "block-added": "Added a block",
  "block-changed": "Changed a block",
  "target-added": "Added a target",
  "target-changed": "Changed a target",
  "target-achieved": "Marked a target achieved",
  "target-carried-forward": "Carried a target forward",
  "target-stopped": "Stopped a target",
  "visits-planned": "Added a block's visits to the diary",
  "visit-recorded": "Recorded a visit",
  "visit-held": "Recorded a visit as held",
  "visit-missed": "Recorded a visit as missed",
  "visit-cancelled-by-family": "Recorded a visit as cancelled by the family",
  "visit-cancelled-by-service": "Recorded a visit as cancelled by the service",
  "visit-rearranged": "Rearranged a visit",
  "missed-visits-flagged": "Flagged by the missed-visit rule",
  "practice-recorded": "Entered practice records",
  "practice-cleared": "Cleared a day's practice record",
  "profile-recorded": "Recorded a developmental profile",
  "home-visit-notes-changed": "Changed the home-visit safety notes",
  "professionals-from-referral": "Listed the professionals named on the referral",
  "professional-added": "Added a professional involved",
  "professional-changed": "Changed a professional's details",
  "professional-removed": "Removed a professional from the list",
  "activity-chart": "Downloaded an activity chart",
  "diary-ics": "Downloaded the diary",
  "transition-plan-recorded": "Recorded the transition plan",
  "transition-plan-changed": "Changed the transition plan",
  "due-exits": "Listed as due to leave",
  exited: "Left the service",
  "closed-case": "Looked at the closed case",
  "transition-report": "Downloaded the transition report",
  "case-reopened": "Reopened the closed case",
  "block-reviewed": "Reviewed a block",
  "block-review-corrected": "Corrected a block review",
  "goal-reviewed": "Reviewed a long-term goal",
  "review-report": "Downloaded a review report",
  allocated: "Allocated to a home visitor",
  "allocated-over-caseload-limit":
    "Allocated to a home visitor at or over the caseload limit (the reason is on the referral)",
  reallocated: "Moved to another home visitor, with a handover note",
  "reallocated-over-caseload-limit":
    "Moved to another home visitor at or over the caseload limit, with a handover note (the reason is on the referral)",
  "returned-to-waiting-list": "Returned to the waiting list",
  "monitoring-visit-recorded": "Recorded a monitoring visit",
  "family-access": "Looked at who uses the family app",
  "family-invited": "Invited someone to the family app",
  "family-invitation-email": "Emailed a new family app invitation",
  "family-invitation-letter": "Printed a family app invitation letter",
  "family-access-changed": "Changed what a helper can see in the family app",
  "family-access-revoked": "Removed someone's access to the family app",
  "family-message-read": "Marked a message from the family as read",
  "family-requests": "Listed among the families' requests",
};

/** A change code in words: from {@link CHANGES}, else the code made readable (`goal-moved` as "Goal moved"). */
export function changeInWords(code: string | null | undefined): string {
  if (!code) return "";
  const known = CHANGES[code];
  if (known) return known;
  const words = code.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A timestamp's time of day in England, `10:42am`. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  })
    .format(date)
    .replace(/\s/g, "")
    .toLowerCase();
}

/** A visit's clock time (`09:30`, `14:00`) as `9:30am`, `2pm`. */
export function clockTime(hhmm: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return hhmm;
  const hours = Number(match[1]);
  const minutes = match[2] ?? "00";
  const suffix = hours < 12 ? "am" : "pm";
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}${minutes === "00" ? "" : `:${minutes}`}${suffix}`;
}

/** A date as `Monday 7 December 2026`. */
export function formatDayDate(value: string): string {
  if (!isIsoDate(value)) return value;
  return `${weekdayName(weekdayOf(value))} ${dateInWords(value)}`;
}

/** The sentence a target makes: "Ada will point to a named picture when asked, with two to choose from". */
export function targetSentence(firstName: string, target: Pick<TargetView, "does" | "conditions">): string {
  const does = target.does.replace(/^\s*will\s+/i, "").trim();
  const conditions = target.conditions.trim();
  return `${firstName} will ${does}${conditions ? ` ${conditions}` : ""}`.replace(/[\s.]+$/, "");
}

type ProfileChange = NonNullable<ProfilesAnswer["comparison"]>["areas"][number]["change"];

/** How an area's mark changed from the first profile to the latest. */
export const PROFILE_CHANGE: Readonly<Record<ProfileChange, Word>> = {
  "moved-on": { text: "Moved on", tag: "govuk-tag--green" },
  same: { text: "The same", tag: "govuk-tag--grey" },
  "moved-back": { text: "Moved back", tag: "govuk-tag--orange" },
  "first-marked": { text: "Marked for the first time", tag: "govuk-tag--blue" },
  "not-marked-later": { text: "Not marked in the latest", tag: "govuk-tag--grey" },
  "not-marked": { text: "Not marked", tag: "govuk-tag--grey" },
};

/** Words that start a phrase as the middle of a sentence: their first letter lower case ("Asked to stop Portage" as "asked to stop Portage"). */
export function sentenceMiddle(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Text from the API as the start of a sentence: its first letter a capital. */
export function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
