// A visit's forms as the API's bodies: recording it (held, with the three elements of a Portage
// visit; or missed or cancelled, with a note) and rearranging a planned one.
import type { RearrangeVisitInput, RecordVisitInput } from "@openportage/api";
import { type Checked, checked, dateField, errorList, given, wholeNumber } from "./form-checks.ts";
import { normaliseTime } from "./plan-forms.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;

/** Where a visit happens: at home, or a transition visit (a joint visit at the child's next setting). */
export const VISIT_KINDS = ["home", "transition"] as const;

const PLACE_FIELDS: Record<string, FieldRef> = {
  kind: { id: "kind", label: "Kind of visit" },
  place: { id: "place", label: "Where the transition visit happens" },
};

/** The visit's kind and place, when the form has them: a home visit sends no place. */
function visitPlace(values: Values): { kind?: "home" | "transition"; place?: string } {
  const kind = (VISIT_KINDS as readonly string[]).includes(values.kind ?? "")
    ? (values.kind as "home" | "transition")
    : undefined;
  if (kind === undefined) return {};
  return kind === "transition" ? { kind, place: values.place ?? "" } : { kind };
}

/** What happened, as the record form offers it. */
export const VISIT_OUTCOMES = ["held", "missed", "cancelled-by-family", "cancelled-by-service"] as const;

const RECORD_FIELDS: Record<string, FieldRef> = {
  status: { id: "status", label: "What happened" },
  familyFocus: { id: "familyFocus", label: "Family focus" },
  structuredTeaching: { id: "structuredTeaching", label: "Structured teaching" },
  childLedPlay: { id: "childLedPlay", label: "Child-led play" },
  targetsWorkedOn: { id: "targetsWorkedOn", label: "Targets worked on" },
  practiseNext: { id: "practiseNext", label: "What to practise next" },
  durationMinutes: { id: "durationMinutes", label: "How long the visit took" },
  note: { id: "note", label: "The note" },
};

/**
 * Recording a visit. A held visit sends what was done; a visit that did not happen sends only
 * its note (whatever was typed in the held part is kept on the page, not sent).
 */
export function recordVisitForm(
  values: Values,
  targetsWorkedOn: readonly string[],
): Checked<Omit<RecordVisitInput, "version">> {
  const errors = errorList();
  const status = (values.status ?? "") as RecordVisitInput["status"];
  const held = status === "held";
  if (!(VISIT_OUTCOMES as readonly string[]).includes(status)) errors.add("status", "Select what happened");
  const minutes = wholeNumber(values.durationMinutes);
  if (held && Number.isNaN(minutes)) {
    errors.add("durationMinutes", "How long the visit took must be a whole number of minutes, like 60");
  }
  const body = {
    status,
    ...(held
      ? {
          ...given("familyFocus", values.familyFocus),
          ...given("structuredTeaching", values.structuredTeaching),
          ...given("childLedPlay", values.childLedPlay),
          targetsWorkedOn: [...targetsWorkedOn],
          ...given("practiseNext", values.practiseNext),
          ...given("durationMinutes", minutes),
        }
      : {}),
    ...given("note", values.note),
    ...visitPlace(values),
  };
  return checked(body, errors.result(), { ...RECORD_FIELDS, ...PLACE_FIELDS });
}

/** Rearranging a planned visit: the new date and time, and why. */
export function rearrangeForm(values: Values): Checked<Omit<RearrangeVisitInput, "version">> {
  const errors = errorList();
  const date = dateField(values, "date", "The new date", errors);
  const body = {
    date: date ?? "",
    time: normaliseTime(values.time ?? ""),
    ...given("note", values.note),
    ...visitPlace(values),
  };
  return checked(body, errors.result(), {
    date: { id: "date-day", label: "The new date" },
    time: { id: "time", label: "The time" },
    note: { id: "note", label: "The reason" },
    ...PLACE_FIELDS,
  });
}
