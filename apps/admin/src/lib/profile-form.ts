// A developmental profile as the API's body: the date, and for each of the protocol's areas the
// mark chosen (areas left unmarked are not sent) with an optional note.
import type { ProfileInput } from "@openportage/api";
import { type Checked, checked, dateField, errorList, given } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;

/** The form's names for an area's mark and note. */
export function markField(areaId: string): string {
  return `mark-${areaId}`;
}
export function noteField(areaId: string): string {
  return `note-${areaId}`;
}

/** The profile from the form; `areas` in the protocol's order. */
export function profileForm(
  values: Values,
  areas: readonly { readonly id: string; readonly name: string }[],
): Checked<ProfileInput> {
  const errors = errorList();
  const recordedOn = dateField(values, "recordedOn", "The date of the profile", errors);
  const first = areas[0]?.id ?? "";
  const fieldIds: Record<string, FieldRef> = {
    recordedOn: { id: "recordedOn-day", label: "The date of the profile" },
    entries: { id: markField(first), label: "The profile" },
  };
  const entries: ProfileInput["entries"] = [];
  for (const area of areas) {
    const mark = (values[markField(area.id)] ?? "").trim();
    const note = (values[noteField(area.id)] ?? "").trim();
    if (!mark) {
      if (note) errors.add(markField(area.id), `Choose a mark for ${area.name}, or clear its note`);
      continue;
    }
    const index = entries.length;
    fieldIds[`entries.${index}`] = { id: markField(area.id), label: area.name };
    fieldIds[`entries.${index}.areaId`] = { id: markField(area.id), label: area.name };
    fieldIds[`entries.${index}.mark`] = { id: markField(area.id), label: `${area.name}: the mark` };
    fieldIds[`entries.${index}.note`] = { id: noteField(area.id), label: `${area.name}: the note` };
    entries.push({ areaId: area.id, mark, ...given("note", note) });
  }
  return checked({ recordedOn: recordedOn ?? "", entries }, errors.result(), fieldIds);
}
