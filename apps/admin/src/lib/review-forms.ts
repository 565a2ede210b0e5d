// The review forms as the API's bodies: a block's review (each open target's outcome, the family's
// celebrations, the next focus, the decision and the next block), a correction of a saved review,
// and a long-term goal's review. Each builder gives the body (without `version`, which the page
// adds), the form's own errors, and where each API field path is shown on the page.
import type { BlockReviewChangeInput, BlockReviewInput, GoalReviewInput, TargetReviewView } from "@openportage/api";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import { normaliseTime } from "./plan-forms.ts";
import type { FieldRef } from "./problem.ts";
import type { Word } from "./words.ts";

type Values = Readonly<Record<string, string>>;
type WithoutVersion<T> = Omit<T, "version">;

/** What a review can decide, as staff and families say it. */
export const REVIEW_DECISION: Readonly<Record<BlockReviewInput["decision"], { text: string; hint: string }>> = {
  "next-block": {
    text: "Another block of visits",
    hint: "A new draft block follows; each target carried forward goes into it as a new target",
  },
  "waiting-list": {
    text: "Back to the waiting list",
    hint: "The child waits for visits again, keeping their place and their play plan",
  },
  exit: { text: "Leaving the service", hint: "Record the reason and, for a setting or school, a transition report" },
};

/** How a long-term goal's review ended. */
export const GOAL_REVIEW_OUTCOME: Readonly<Record<GoalReviewInput["outcome"], Word & { hint: string }>> = {
  achieved: { text: "Achieved", tag: "govuk-tag--green", hint: "The child can now do this" },
  continued: { text: "Continued", tag: "govuk-tag--blue", hint: "Still the right goal: keep working towards it" },
  changed: { text: "Changed", tag: "govuk-tag--purple", hint: "Change the goal's words on the play plan too" },
  stopped: { text: "Stopped", tag: "govuk-tag--grey", hint: "No longer worked towards" },
};

/** The open targets a review form asks about, in the block's order. */
export function openTargets(targets: readonly TargetReviewView[]): TargetReviewView[] {
  return targets.filter((t) => !t.decided);
}

/** The form values a review starts from: each open target's suggested outcome chosen, the next block's pattern. */
export function reviewValues(
  targets: readonly TargetReviewView[],
  next: { start: string | null; frequency: string; weekday: string; time: string },
  dateValues: Readonly<Record<string, string>>,
): Record<string, string> {
  const values: Record<string, string> = { ...dateValues, decision: "next-block" };
  openTargets(targets).forEach((target, i) => {
    values[`target-${i}`] = target.targetId;
    values[`result-${i}`] = target.suggestedOutcome;
  });
  values.nextFrequency = next.frequency;
  values.nextWeekday = next.weekday;
  values.nextTime = next.time;
  if (next.start) {
    const [year, month, day] = next.start.split("-");
    values["nextStart-day"] = String(Number(day));
    values["nextStart-month"] = String(Number(month));
    values["nextStart-year"] = year ?? "";
  }
  return values;
}

/**
 * A block's review. The targets are read from the hidden `target-N` fields the page wrote, so the
 * form's boxes stay tied to their targets when it comes back with errors. The next block is sent
 * only with the next-block decision; the profile only when its box is ticked.
 */
export function blockReviewForm(values: Values, targetCount: number): Checked<WithoutVersion<BlockReviewInput>> {
  const errors = errorList();
  const reviewedOn = dateField(values, "reviewedOn", "The date of the review", errors);
  const fieldIds: Record<string, FieldRef> = {
    reviewedOn: { id: "reviewedOn-day", label: "The date of the review" },
    celebrations: { id: "celebrations", label: "What the family and child are celebrating" },
    nextFocus: { id: "nextFocus", label: "The focus for the next block" },
    outcomes: { id: "result-0", label: "The targets' outcomes" },
    decision: { id: "decision", label: "The decision" },
    nextBlock: { id: "nextStart-day", label: "The next block" },
    "nextBlock.start": { id: "nextStart-day", label: "The next block's start date" },
    "nextBlock.end": { id: "nextStart-day", label: "The next block's end date" },
    "nextBlock.frequency": { id: "nextFrequency", label: "How often" },
    "nextBlock.weekday": { id: "nextWeekday", label: "The day of the week" },
    "nextBlock.time": { id: "nextTime", label: "The time" },
    profileId: { id: "profileId", label: "The profile" },
  };
  const outcomes: BlockReviewInput["outcomes"] = [];
  for (let i = 0; i < targetCount; i++) {
    const targetId = values[`target-${i}`] ?? "";
    if (!targetId) continue;
    const at = outcomes.length;
    fieldIds[`outcomes.${at}.result`] = { id: `result-${i}`, label: `Target ${i + 1}'s outcome` };
    fieldIds[`outcomes.${at}.targetId`] = { id: `result-${i}`, label: `Target ${i + 1}` };
    fieldIds[`outcomes.${at}.reason`] = { id: `reason-${i}`, label: `Why target ${i + 1} stopped` };
    const result = (values[`result-${i}`] ?? "") as BlockReviewInput["outcomes"][number]["result"];
    outcomes.push({
      targetId,
      result,
      ...(result === "stopped" ? given("reason", values[`reason-${i}`]) : {}),
    });
  }
  const decision = (values.decision ?? "") as BlockReviewInput["decision"];
  let nextBlock: BlockReviewInput["nextBlock"];
  if (decision === "next-block") {
    const start = dateField(values, "nextStart", "The next block's start date", errors);
    nextBlock = {
      start: start ?? "",
      frequency: (values.nextFrequency ?? "") as NonNullable<BlockReviewInput["nextBlock"]>["frequency"],
      weekday: (values.nextWeekday ?? "") as NonNullable<BlockReviewInput["nextBlock"]>["weekday"],
      time: normaliseTime(values.nextTime ?? ""),
    };
  }
  const body: WithoutVersion<BlockReviewInput> = {
    reviewedOn: reviewedOn ?? "",
    celebrations: values.celebrations ?? "",
    nextFocus: values.nextFocus ?? "",
    outcomes,
    decision,
    ...(nextBlock ? { nextBlock } : {}),
    ...given("profileId", values.profileId),
  };
  return checked(body, errors.result(), fieldIds);
}

/** A correction of a saved review: the family's words and the next focus. */
export function reviewChangeForm(values: Values): Checked<WithoutVersion<BlockReviewChangeInput>> {
  return checked({ celebrations: values.celebrations ?? "", nextFocus: values.nextFocus ?? "" }, undefined, {
    celebrations: { id: "celebrations", label: "What the family and child are celebrating" },
    nextFocus: { id: "nextFocus", label: "The focus for the next block" },
  });
}

/** A long-term goal's review, with the coordinator it was reviewed with. */
export function goalReviewForm(values: Values): Checked<GoalReviewInput> {
  const errors = errorList();
  const reviewedOn = dateField(values, "reviewedOn", "The date of the review", errors);
  const body: GoalReviewInput = {
    reviewedOn: reviewedOn ?? "",
    outcome: (values.outcome ?? "") as GoalReviewInput["outcome"],
    coordinatorId: values.coordinatorId ?? "",
    ...given("note", values.note),
  };
  return checked(body, errors.result(), {
    reviewedOn: { id: "reviewedOn-day", label: "The date of the review" },
    outcome: { id: "outcome", label: "The outcome" },
    coordinatorId: { id: "coordinatorId", label: "The coordinator" },
    note: { id: "note", label: "The note" },
  });
}
