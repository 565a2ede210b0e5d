// A week of the family's activity chart as the API's body: for each day, the tries and successes,
// or "did not practise", and a comment. Each day carries the version of its stored record; a day
// emptied that had a record is cleared; a day left empty that had none is not sent.
import type { PracticeRecordView, PracticeWeekInput } from "@openportage/api";
import { type Checked, checked, errorList, given, wholeNumber } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";

type Values = Readonly<Record<string, string>>;
type DayInput = PracticeWeekInput["records"][number];

/** The form's names for one day's boxes (`day-0-tries` for Monday's tries). */
export function dayField(day: number, part: "tries" | "successes" | "notPractised" | "note" | "version"): string {
  return `day-${day}-${part}`;
}

/** The form values for a week's stored records, to start the form from them. */
export function practiceValues(
  week: readonly string[],
  records: readonly PracticeRecordView[],
): Record<string, string> {
  const values: Record<string, string> = {};
  week.forEach((date, day) => {
    const record =
      records.find((r) => r.date === date && r.recordedBy === "family") ?? records.find((r) => r.date === date);
    values[dayField(day, "version")] = record ? String(record.version) : "";
    if (!record) return;
    if (!record.practised) values[dayField(day, "notPractised")] = "yes";
    if (record.tries !== null) values[dayField(day, "tries")] = String(record.tries);
    if (record.successes !== null) values[dayField(day, "successes")] = String(record.successes);
    if (record.note) values[dayField(day, "note")] = record.note;
  });
  return values;
}

/** The versions of the week's stored records, by day, after the records were read again. */
export function withVersions(
  values: Values,
  week: readonly string[],
  records: readonly PracticeRecordView[],
): Record<string, string> {
  const fresh = practiceValues(week, records);
  const out: Record<string, string> = { ...values };
  week.forEach((_, day) => {
    out[dayField(day, "version")] = fresh[dayField(day, "version")] ?? "";
  });
  return out;
}

/** The week's days to send, from the form. `week` is Monday to Sunday. */
export function practiceForm(
  values: Values,
  week: readonly string[],
  dayNames: readonly string[],
): Checked<PracticeWeekInput> {
  const errors = errorList();
  const records: DayInput[] = [];
  const fieldIds: Record<string, FieldRef> = { records: { id: dayField(0, "tries"), label: "The week's records" } };
  week.forEach((date, day) => {
    const name = dayNames[day] ?? date;
    const tries = wholeNumber(values[dayField(day, "tries")]);
    const successes = wholeNumber(values[dayField(day, "successes")]);
    const notPractised = values[dayField(day, "notPractised")] === "yes";
    const note = (values[dayField(day, "note")] ?? "").trim();
    const version = wholeNumber(values[dayField(day, "version")]);
    const stored = version !== undefined && !Number.isNaN(version) && version > 0;
    if (Number.isNaN(tries)) errors.add(dayField(day, "tries"), `Tries on ${name} must be a whole number, like 4`);
    if (Number.isNaN(successes)) {
      errors.add(dayField(day, "successes"), `Successes on ${name} must be a whole number, like 3`);
    }
    if (notPractised && (tries !== undefined || successes !== undefined)) {
      errors.add(
        dayField(day, "tries"),
        `${name}: either enter the tries and successes, or tick "Did not practise", not both`,
      );
    }
    const empty = tries === undefined && successes === undefined && !notPractised && !note;
    if (empty && !stored) return;
    const index = records.length;
    for (const part of ["tries", "successes"] as const) {
      fieldIds[`records.${index}.${part}`] = { id: dayField(day, part), label: `${name}: ${part}` };
    }
    fieldIds[`records.${index}.note`] = { id: dayField(day, "note"), label: `${name}: the comment` };
    fieldIds[`records.${index}.practised`] = { id: dayField(day, "notPractised"), label: name };
    fieldIds[`records.${index}`] = { id: dayField(day, "tries"), label: name };
    fieldIds[`records.${index}.date`] = { id: dayField(day, "tries"), label: name };
    fieldIds[`records.${index}.version`] = { id: dayField(day, "tries"), label: name };
    const versioned = stored ? { version } : {};
    if (empty) {
      records.push({ date, clear: true, ...versioned });
    } else if (notPractised) {
      records.push({ date, practised: false, ...given("note", note), ...versioned });
    } else {
      records.push({
        date,
        ...given("tries", Number.isNaN(tries) ? undefined : tries),
        ...given("successes", Number.isNaN(successes) ? undefined : successes),
        ...given("note", note),
        ...versioned,
      });
    }
  });
  if (records.length === 0 && errors.result() === undefined) {
    errors.add(dayField(0, "tries"), "Enter at least one day: the tries and successes, or that it was not practised");
  }
  return checked({ records }, errors.result(), fieldIds);
}
