// Two people editing one record: the API refuses the second change made from an older version
// (409 edit-conflict) and says who changed it and when. The form then comes back as it was typed,
// with a summary that says so kindly, and the version it carries moved on to the current one, so
// that saving again (after a look at the record) goes through.
import { type ErrorItem, type FieldRef, type FormErrors, formErrors, type Problem } from "./problem.ts";
import { changeInWords, formatDate, formatTime, todayInEngland } from "./words.ts";

/** The problem type the API gives an edit conflict. */
export const EDIT_CONFLICT = "/api/problems/edit-conflict";

/** Whether a refusal is an edit conflict the form can recover from. */
export function isEditConflict(problem: Problem): boolean {
  return problem.conflict !== undefined && (problem.type === undefined || problem.type.endsWith("/edit-conflict"));
}

/** When a change was made, as a person says it: `10:42am` today, else `30 November 2026 at 4:05pm`. */
export function whenChanged(at: string | null, today: string = todayInEngland()): string {
  if (!at) return "";
  return formatDate(at) === formatDate(today) ? formatTime(at) : `${formatDate(at)} at ${formatTime(at)}`;
}

/**
 * The error summary for an edit conflict on `record` ("play plan", "visit"): who changed it and
 * when, what changed, and what to do (`check`, e.g. "Check the target below and save again.").
 */
export function conflictSummary(problem: Problem, record: string, check: string, today?: string): ErrorItem[] {
  const conflict = problem.conflict;
  if (!conflict) return [{ text: problem.detail ?? problem.title }];
  const when = whenChanged(conflict.changedAt, today);
  const who = [conflict.changedBy, when].filter(Boolean).join(", ");
  const items: ErrorItem[] = [
    { text: `Someone else changed this ${record} while you were editing${who ? ` (${who})` : ""}. ${check}` },
  ];
  const changes = [...new Set(conflict.changes.map(changeInWords))].filter(Boolean);
  if (changes.length > 0) items.push({ text: `What changed: ${changes.join("; ")}.` });
  return items;
}

/** What a refused change shows: the error summary and field messages, and the version to send next. */
export interface Refusal extends FormErrors {
  /** The record's version now (after an edit conflict), else the version the form had. */
  readonly version: number;
  readonly conflict: boolean;
}

/**
 * The form's errors for a refused change: an edit conflict in kind words with the current version,
 * or the API's own reasons linked to the fields (`fieldIds`, as for `formErrors`).
 */
export function refusal(
  problem: Problem,
  fieldIds: Readonly<Record<string, FieldRef>>,
  words: { readonly record: string; readonly check: string; readonly version: number },
): Refusal {
  if (isEditConflict(problem) && problem.conflict) {
    return {
      summary: conflictSummary(problem, words.record, words.check),
      fields: {},
      version: problem.conflict.currentVersion,
      conflict: true,
    };
  }
  return { ...formErrors(problem, fieldIds), version: words.version, conflict: false };
}
