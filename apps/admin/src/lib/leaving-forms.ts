// The Moving on forms as the API's bodies: the transition plan, the exit with its transition
// report, and reopening a closed case; and where each API field path is shown on the page.
import type { ExitInput, ReopenInput, TransitionPlanInput } from "@openportage/api";
import { yesNo } from "./form.ts";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;

/** The kinds of setting, as staff say them. */
export const SETTING_TYPE_NAMES: Readonly<Record<string, string>> = {
  nursery: "Nursery",
  "pre-school": "Pre-school or playgroup",
  childminder: "Childminder",
  school: "School",
  "special-school": "Special school",
  other: "Another kind of setting",
};

/** The transition plan: the setting, its kind, the start date, who is involved, notes. */
export function transitionPlanForm(values: Values): Checked<Omit<TransitionPlanInput, "version">> {
  const errors = errorList();
  const startDate = dateField(values, "startDate", "The start date", errors);
  const body = {
    settingName: values.settingName ?? "",
    settingType: (values.settingType ?? "") as TransitionPlanInput["settingType"],
    startDate: startDate ?? "",
    ...given("peopleInvolved", values.peopleInvolved),
    ...given("notes", values.notes),
  };
  return checked(body, errors.result(), {
    settingName: { id: "settingName", label: "The setting's name" },
    settingType: { id: "settingType", label: "The kind of setting" },
    startDate: { id: "startDate-day", label: "The start date" },
    peopleInvolved: { id: "peopleInvolved", label: "Who is involved" },
    notes: { id: "notes", label: "The notes" },
  });
}

/** The box for what the child can now do in one area: `canNowDo-<areaId>`. */
export const canNowDoField = (areaId: string): string => `canNowDo-${areaId}`;

/** "Health visitor, Sam Lee, 01632 960 002" a line: role first, then name and contact if given. */
export function professionalsFrom(text: string): { role: string; name?: string; contact?: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [role = "", name, ...rest] = line.split(",").map((part) => part.trim());
      const contact = rest.join(", ");
      return { role, ...(name ? { name } : {}), ...(contact ? { contact } : {}) };
    });
}

/** The professionals as the form's box shows them, one a line. */
export function professionalsText(
  people: readonly { role: string; name?: string | undefined; contact?: string | undefined }[],
): string {
  return people.map((p) => [p.role, p.name, p.contact].filter(Boolean).join(", ")).join("\n");
}

/**
 * The exit: the reason, the day, the destination, a note, and with a report what staff wrote
 * (each area's "can now do" box, the professionals one a line). Without a report nothing of the
 * report's boxes is sent.
 */
export function exitForm(values: Values, areaIds: readonly string[]): Checked<ExitInput> {
  const errors = errorList();
  const exitedOn = dateField(values, "exitedOn", "The day the child left", errors);
  const withReport = yesNo(values.withReport ?? "");
  if (withReport === undefined) errors.add("withReport", "Select yes if a transition report goes with the child");
  const report: NonNullable<ExitInput["report"]> = {
    ...given("strengthsAndInterests", values.strengthsAndInterests),
    ...given("howChildLearnsBest", values.howChildLearnsBest),
    ...given("familyWantsSettingToKnow", values.familyWantsSettingToKnow),
    canNowDo: areaIds.map((areaId) => ({ areaId, summary: values[canNowDoField(areaId)] ?? "" })),
    professionalsInvolved: professionalsFrom(values.professionalsInvolved ?? ""),
  };
  const body: ExitInput = {
    reasonId: values.reasonId ?? "",
    exitedOn: exitedOn ?? "",
    ...given("destination", values.destination),
    ...given("note", values.note),
    withReport: withReport ?? false,
    ...(withReport ? { report } : {}),
  };
  const fieldIds: Record<string, FieldRef> = {
    reasonId: { id: "reasonId", label: "The reason" },
    exitedOn: { id: "exitedOn-day", label: "The day the child left" },
    destination: { id: "destination", label: "The setting the child goes on to" },
    note: { id: "note", label: "The note" },
    withReport: { id: "withReport", label: "Whether a report goes with the child" },
    report: { id: "withReport", label: "The report" },
    "report.strengthsAndInterests": { id: "strengthsAndInterests", label: "The child's strengths and interests" },
    "report.canNowDo": { id: canNowDoField(areaIds[0] ?? ""), label: "What the child can now do" },
    "report.targets": { id: "targets", label: "The targets" },
    "report.howChildLearnsBest": { id: "howChildLearnsBest", label: "How the child learns best" },
    "report.professionalsInvolved": { id: "professionalsInvolved", label: "The professionals involved" },
    "report.familyWantsSettingToKnow": {
      id: "familyWantsSettingToKnow",
      label: "What the family wants the setting to know",
    },
  };
  return checked(body, errors.result(), fieldIds);
}

/** Reopening a closed case: why. */
export function reopenForm(values: Values): Checked<ReopenInput> {
  return checked({ reason: values.reason ?? "" }, undefined, {
    reason: { id: "reason", label: "Why the case is reopened" },
  });
}
