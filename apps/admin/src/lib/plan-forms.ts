// The play plan's forms as the API's bodies: a long-term goal, a block, a target (with its numbered
// teaching steps and its "achieved" criterion), a target's outcome and the family's agreement. Each
// builder takes the posted values and gives the body (without `version`, which the page adds), the
// form's own errors, and where each API field path is shown on the page.
import type {
  AgreementInput,
  BlockChangeInput,
  BlockInput,
  GoalChangeInput,
  GoalInput,
  TargetInput,
  TargetOutcomeInput,
  TargetView,
} from "@openportage/api";
import { type Checked, checked, dateField, errorList, given, wholeNumber } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;
type WithoutVersion<T> = Omit<T, "version">;

/** The most teaching steps a target holds (the API's limit). */
export const MAX_TEACHING_STEPS = 12;

/** How many teaching step boxes to show: six, or two more than the target has (up to the limit). */
export function teachingStepBoxes(existing = 0): number {
  return Math.min(MAX_TEACHING_STEPS, Math.max(6, existing + 2));
}

/** The most names the agreement form takes. */
export const AGREED_BY_BOXES = 4;

/** A time as typed (`9:30`, `14.00`) as the API's `HH:MM`; anything else as typed, for the API to refuse. */
export function normaliseTime(text: string): string {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) return text.trim();
  return `${(match[1] ?? "").padStart(2, "0")}:${match[2]}`;
}

const GOAL_FIELDS: Record<string, FieldRef> = {
  areaId: { id: "areaId", label: "The area of development" },
  text: { id: "text", label: "The long-term goal" },
  setOn: { id: "setOn-day", label: "The date it was set" },
  reviewBy: { id: "reviewBy-day", label: "The review date" },
};

/** A new long-term goal. */
export function goalForm(values: Values): Checked<WithoutVersion<GoalInput>> {
  const errors = errorList();
  const setOn = dateField(values, "setOn", "The date it was set", errors);
  const reviewBy = dateField(values, "reviewBy", "The review date", errors);
  const body = {
    areaId: values.areaId ?? "",
    text: values.text ?? "",
    setOn: setOn ?? "",
    ...given("reviewBy", reviewBy),
  };
  return checked(body, errors.result(), GOAL_FIELDS);
}

/** A change to a long-term goal: its area, its words and its review date. */
export function goalChangeForm(values: Values): Checked<WithoutVersion<GoalChangeInput>> {
  const errors = errorList();
  const reviewBy = dateField(values, "reviewBy", "The review date", errors);
  const body = { areaId: values.areaId ?? "", text: values.text ?? "", ...given("reviewBy", reviewBy) };
  return checked(body, errors.result(), GOAL_FIELDS);
}

const BLOCK_FIELDS: Record<string, FieldRef> = {
  start: { id: "start-day", label: "The start date" },
  end: { id: "end-day", label: "The end date" },
  frequency: { id: "frequency", label: "How often" },
  weekday: { id: "weekday", label: "The day of the week" },
  time: { id: "time", label: "The time" },
};

/** A block of visits: dates, how often, the weekday and the time. */
export function blockForm(values: Values): Checked<WithoutVersion<BlockInput>> {
  const errors = errorList();
  const start = dateField(values, "start", "The start date", errors);
  const end = dateField(values, "end", "The end date", errors);
  const body = {
    start: start ?? "",
    ...given("end", end),
    frequency: (values.frequency ?? "") as BlockInput["frequency"],
    weekday: (values.weekday ?? "") as BlockInput["weekday"],
    time: normaliseTime(values.time ?? ""),
  };
  return checked(body, errors.result(), BLOCK_FIELDS);
}

/** A change to a block: every field as the form shows it. */
export function blockChangeForm(values: Values): Checked<WithoutVersion<BlockChangeInput>> {
  return blockForm(values);
}

/** A target's fields, read from the form (new and change alike). */
export function targetForm(values: Values): Checked<WithoutVersion<TargetInput>> {
  const errors = errorList();
  const fieldIds: Record<string, FieldRef> = {
    areaId: { id: "areaId", label: "The area of development" },
    longTermGoalId: { id: "longTermGoalId", label: "The long-term goal" },
    does: { id: "does", label: "What the child will do" },
    conditions: { id: "conditions", label: "The conditions" },
    criterion: { id: "criterion-successes", label: "What counts as achieved" },
    "criterion.successes": { id: "criterion-successes", label: "Successes" },
    "criterion.outOf": { id: "criterion-outOf", label: "Out of" },
    "criterion.days": { id: "criterion-days", label: "Days" },
    teachingSteps: { id: "step-1", label: "The teaching steps" },
    practice: { id: "practice-how", label: "How to practise" },
    "practice.how": { id: "practice-how", label: "How to practise" },
    "practice.timesPerDay": { id: "practice-timesPerDay", label: "Times a day" },
    "practice.howOften": { id: "practice-howOften", label: "How often, in words" },
  };
  // Blank boxes are left out; each step's API index points back at the box it came from.
  const teachingSteps: string[] = [];
  for (let box = 1; box <= MAX_TEACHING_STEPS; box++) {
    const text = (values[`step-${box}`] ?? "").trim();
    if (!text) continue;
    fieldIds[`teachingSteps.${teachingSteps.length}`] = { id: `step-${box}`, label: `Teaching step ${box}` };
    teachingSteps.push(text);
  }
  const number = (name: string, label: string) => {
    const n = wholeNumber(values[name]);
    if (Number.isNaN(n)) errors.add(name, `${label} must be a whole number, like 3`);
    return n;
  };
  const successes = number("criterion-successes", "Successes");
  const outOf = number("criterion-outOf", "Out of");
  const days = number("criterion-days", "Days");
  const timesPerDay = number("practice-timesPerDay", "Times a day");
  const criterionGiven = [successes, outOf, days].some((n) => n !== undefined);
  const body = {
    areaId: values.areaId ?? "",
    ...given("longTermGoalId", values.longTermGoalId),
    does: values.does ?? "",
    conditions: values.conditions ?? "",
    ...(criterionGiven
      ? { criterion: { successes: successes ?? Number.NaN, outOf: outOf ?? Number.NaN, days: days ?? Number.NaN } }
      : {}),
    teachingSteps,
    practice: {
      how: values["practice-how"] ?? "",
      ...given("timesPerDay", timesPerDay),
      ...given("howOften", values["practice-howOften"]),
    },
  };
  if (timesPerDay === undefined && !(values["practice-howOften"] ?? "").trim()) {
    errors.add("practice-timesPerDay", "Enter how many times a day to practise, or how often in words");
  }
  if (criterionGiven) {
    if (successes === undefined) errors.add("criterion-successes", "Enter how many successes count");
    if (outOf === undefined) errors.add("criterion-outOf", "Enter how many tries they are out of");
    if (days === undefined) errors.add("criterion-days", "Enter on how many different days");
  }
  return checked(body, errors.result(), fieldIds);
}

const OUTCOME_FIELDS: Record<string, FieldRef> = {
  result: { id: "result", label: "The outcome" },
  on: { id: "on-day", label: "The date" },
  reason: { id: "reason", label: "The reason" },
  note: { id: "note", label: "The note" },
};

/** A target's outcome: achieved, carried forward or stopped (with the reason). */
export function outcomeForm(values: Values): Checked<WithoutVersion<TargetOutcomeInput>> {
  const errors = errorList();
  const on = dateField(values, "on", "The date", errors);
  const body = {
    result: (values.result ?? "") as TargetOutcomeInput["result"],
    on: on ?? "",
    ...given("reason", values.reason),
    ...given("note", values.note),
  };
  return checked(body, errors.result(), OUTCOME_FIELDS);
}

/** The family's agreement to the plan: when, and who agreed (blank name boxes left out). */
export function agreementForm(values: Values): Checked<WithoutVersion<AgreementInput>> {
  const errors = errorList();
  const agreedOn = dateField(values, "agreedOn", "The date the plan was agreed", errors);
  const fieldIds: Record<string, FieldRef> = {
    agreedOn: { id: "agreedOn-day", label: "The date the plan was agreed" },
    agreedBy: { id: "agreedBy-1", label: "Who agreed" },
  };
  const agreedBy: string[] = [];
  for (let box = 1; box <= AGREED_BY_BOXES; box++) {
    const name = (values[`agreedBy-${box}`] ?? "").trim();
    if (!name) continue;
    fieldIds[`agreedBy.${agreedBy.length}`] = { id: `agreedBy-${box}`, label: `Name ${box}` };
    agreedBy.push(name);
  }
  return checked({ agreedOn: agreedOn ?? "", agreedBy }, errors.result(), fieldIds);
}

/** The form values for a new target: the protocol's "achieved" criterion filled in. */
export function newTargetValues(achievement: {
  successes: number;
  outOf: number;
  days: number;
}): Record<string, string> {
  return {
    "criterion-successes": String(achievement.successes),
    "criterion-outOf": String(achievement.outOf),
    "criterion-days": String(achievement.days),
  };
}

/** The form values for a stored target, to change it. */
export function targetValues(target: TargetView): Record<string, string> {
  const values: Record<string, string> = {
    areaId: target.areaId,
    longTermGoalId: target.longTermGoalId ?? "",
    does: target.does,
    conditions: target.conditions,
    ...newTargetValues(target.criterion),
    "practice-how": target.practice.how,
    "practice-timesPerDay": target.practice.timesPerDay === undefined ? "" : String(target.practice.timesPerDay),
    "practice-howOften": target.practice.howOften ?? "",
  };
  target.teachingSteps.forEach((step, i) => {
    values[`step-${i + 1}`] = step.text;
  });
  return values;
}
