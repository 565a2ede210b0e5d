// The family app's words: dates, times and states as a family reads them on their phone, in the
// GOV.UK style ("Monday 30 November 2026", "10am", "2:30pm"), never the service's codes.
import { dateInWords, type IsoDate, type PlanStatus, weekdayOf } from "@openportage/domain";

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** "Monday 30 November 2026". */
export function dayInWords(date: string): string {
  return `${capital(weekdayOf(date as IsoDate))} ${dateInWords(date as IsoDate)}`;
}

/** "Monday 23 November": a day of this week or last, where the year goes without saying. */
export function shortDayInWords(date: string): string {
  return dayInWords(date).replace(/ \d{4}$/, "");
}

/** "10am", "2:30pm", "midday", from `HH:MM` on the 24-hour clock. */
export function timeInWords(time: string): string {
  const [h = 0, m = 0] = time.split(":").map(Number);
  if (h === 12 && m === 0) return "midday";
  if (h === 0 && m === 0) return "midnight";
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? "" : `:${String(m).padStart(2, "0")}`}${h < 12 ? "am" : "pm"}`;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A person's first name, from the name they gave. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** The play plan's state, as the family reads it. */
export function planStatusInWords(
  status: PlanStatus | null,
  block: { start: string; status: PlanStatus } | undefined,
  childName: string,
): string {
  switch (status) {
    case null:
      return `Your home visitor will agree a play plan for ${childName} with you.`;
    case "draft":
      return `Your home visitor is writing ${childName}'s play plan with you. It starts once you have both agreed it.`;
    case "agreed":
      return block
        ? `${childName}'s play plan is agreed. It starts on ${dayInWords(block.start)}.`
        : `${childName}'s play plan is agreed.`;
    case "active":
      return block?.status === "in-review"
        ? `Your home visitor is looking back at how the last few weeks went, to agree what comes next with you.`
        : block && block.status !== "active"
          ? `${childName}'s play plan is running. The next block of visits starts on ${dayInWords(block.start)}.`
          : `${childName}'s play plan is running.`;
    case "in-review":
      return `Your home visitor is looking back at how the plan went, to agree what comes next with you.`;
    case "completed":
      return `${childName}'s play plan has finished.`;
  }
}
