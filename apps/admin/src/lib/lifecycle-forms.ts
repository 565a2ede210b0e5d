// The forms that move a case (another home visitor, back to the waiting list) and record a
// monitoring visit for a waiting family, as the API's bodies, with the API's field paths mapped
// to the boxes on the page. Only what cannot be sent at all is checked here (a date that is not a
// date); what must be filled in is the API's to say.
import type { MonitoringVisitInput, ReallocationInput, ReturnInput } from "@openportage/api";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import { normaliseTime } from "./plan-forms.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;

const REALLOCATION_FIELDS: Record<string, FieldRef> = {
  homeVisitorId: { id: "homeVisitorId", label: "The home visitor" },
  handoverNote: { id: "handoverNote", label: "The handover note" },
  allocationId: { id: "homeVisitorId", label: "The case" },
  overCaseloadReason: { id: "overCaseloadReason", label: "The reason" },
};

/** Moving the child to another home visitor: who, and the handover note. */
export function reallocationForm(values: Values): Checked<ReallocationInput> {
  const errors = errorList();
  if (!values.homeVisitorId) errors.add("homeVisitorId", "Select the home visitor who will take the child on");
  return checked(
    {
      allocationId: values.allocationId ?? "",
      homeVisitorId: values.homeVisitorId ?? "",
      handoverNote: values.handoverNote ?? "",
      ...(values.overCaseloadReason?.trim() ? { overCaseloadReason: values.overCaseloadReason } : {}),
    },
    errors.result(),
    REALLOCATION_FIELDS,
  );
}

const RETURN_FIELDS: Record<string, FieldRef> = {
  reason: { id: "reason", label: "The reason" },
};

/** Returning the child to the waiting list, with the reason. */
export function returnForm(values: Values): Checked<ReturnInput> {
  return checked({ allocationId: values.allocationId ?? "", reason: values.reason ?? "" }, undefined, RETURN_FIELDS);
}

/** What happened at a monitoring visit, as the form offers it. */
export const MONITORING_OUTCOMES = [
  { value: "held", text: "Held" },
  { value: "missed", text: "Missed: the family was not at home" },
  { value: "cancelled-by-family", text: "Cancelled by the family" },
  { value: "cancelled-by-service", text: "Cancelled by the service" },
] as const;

const MONITORING_FIELDS: Record<string, FieldRef> = {
  date: { id: "date-day", label: "The date of the visit" },
  time: { id: "time", label: "The time" },
  status: { id: "status", label: "What happened" },
  note: { id: "note", label: "The note" },
};

/** A monitoring visit to a waiting family: the day, the time if known, what happened, a note. */
export function monitoringForm(values: Values): Checked<MonitoringVisitInput> {
  const errors = errorList();
  const date = dateField(values, "date", "The date of the visit", errors);
  const status = values.status ?? "";
  if (!MONITORING_OUTCOMES.some((o) => o.value === status)) errors.add("status", "Select what happened");
  const time = values.time ? normaliseTime(values.time) : "";
  return checked(
    {
      date: date ?? "",
      status: status as MonitoringVisitInput["status"],
      ...given("time", time),
      ...given("note", values.note),
    },
    errors.result(),
    MONITORING_FIELDS,
  );
}
