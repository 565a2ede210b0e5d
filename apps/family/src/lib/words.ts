// The words the family app adds to the API's own (which come ready to show): days as people say
// them ("Today", "Yesterday", "Monday 30 November"), when a message was sent ("1 December 2026 at
// 4:05pm"), names in sentences, and where each teaching step stands.
import { addDays, dateInWords, dateParts, type IsoDate, isIsoDate, MONTH_NAMES, weekdayOf } from "@openportage/domain";

/** Today's date in England, `YYYY-MM-DD` (the service's "today", whatever the server's time zone). */
export function todayInEngland(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now) as IsoDate;
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `2026-11-30` as `Monday 30 November` (no year: for dates this week or close to it). */
export function shortDate(value: string): string {
  if (!isIsoDate(value)) return value;
  const { month, day } = dateParts(value);
  return `${capital(weekdayOf(value))} ${day} ${MONTH_NAMES[month - 1]}`;
}

/** A day of the last week as people say it: `Today`, `Yesterday`, else `Monday 30 November`. */
export function dayName(date: string, today: string): string {
  if (date === today) return "Today";
  if (isIsoDate(today) && date === addDays(today, -1)) return "Yesterday";
  return shortDate(date);
}

/** `10:00` as `10am`, `13:30` as `1:30pm`, `12:00` as `midday`; the value itself when it is not a time. */
export function timeInWords(value: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(value);
  if (!match) return value;
  const hours = Number(match[1]);
  const minutes = match[2] ?? "00";
  if (hours > 23 || Number(minutes) > 59) return value;
  if (hours === 12 && minutes === "00") return "midday";
  const suffix = hours < 12 ? "am" : "pm";
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === "00" ? `${hour12}${suffix}` : `${hour12}:${minutes}${suffix}`;
}

/** A timestamp as `30 November 2026 at 4:05pm`, in England's time. */
export function whenSent(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = todayInEngland(date);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  return `${dateInWords(day)} at ${timeInWords(time)}`;
}

/** A name with the possessive: `Ada's`, `James's` (the GOV.UK style keeps the s). */
export function possessive(name: string): string {
  return `${name}'s`;
}

/** Where each teaching step stands: before the current one (done), the current one, or still to come. */
export type StepState = "done" | "current" | "next";

/**
 * The state of each of `count` teaching steps when step `current` (0-based) is the one being
 * worked on; every step is `next` when there is no current step (not started: the first is
 * current), and `done` once the target is achieved (`current` at or past the end).
 */
export function stepStates(count: number, current: number | null | undefined): StepState[] {
  const at = current === null || current === undefined || current < 0 ? 0 : current;
  return Array.from({ length: count }, (_, i) => (i < at ? "done" : i === at ? "current" : "next"));
}
