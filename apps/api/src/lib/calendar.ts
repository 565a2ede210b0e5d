// A home visitor's diary as an iCalendar (RFC 5545) feed that Outlook, Google and Apple calendars can subscribe to.
import { isIsoDate } from "@openportage/domain";
import { escape as escapeText, ICalCalendar, ICalEventStatus } from "ical-generator";

/** A visit in the diary, as a calendar shows it. */
export interface CalendarVisit {
  /** The visit's id; the event's UID is `${uid}@openportage`, so a calendar updates it in place. */
  readonly uid: string;
  /** England's local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** England's local time, `HH:MM` (24-hour). */
  readonly time: string;
  readonly durationMinutes: number;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  /** Shown as cancelled (`STATUS:CANCELLED`) rather than dropped, so subscribers see the change. */
  readonly cancelled?: boolean;
}

const london = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): number {
  return Number(parts.find((p) => p.type === type)?.value);
}

/** The wall-clock time in England at an instant, as if it were UTC milliseconds. */
function londonWallClock(instant: number): number {
  const parts = london.formatToParts(instant);
  return Date.UTC(
    part(parts, "year"),
    part(parts, "month") - 1,
    part(parts, "day"),
    part(parts, "hour"),
    part(parts, "minute"),
  );
}

const HOUR = 3_600_000;

/**
 * The instant a wall-clock time in England names. England is UTC (GMT) or an hour ahead (BST),
 * so only two instants can match. An hour the clocks repeat in October gives its first (BST)
 * instant; an hour they skip in March does not exist and is read as GMT, so 01:30 becomes
 * 02:30 BST, as calendars themselves do.
 */
function englandInstant(date: string, time: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const bst = wall - HOUR;
  if (londonWallClock(bst) === wall) return new Date(bst);
  return new Date(wall);
}

/**
 * The diary as an iCalendar document (CRLF line endings, lines folded at 75 octets), each visit an
 * event with its time in UTC: UTC needs no VTIMEZONE, and is converted here from England's local
 * time on the visit's own date, so a visit at 10:00 is 10:00Z in December and 09:00Z in June.
 * `now` is the DTSTAMP of every event.
 * @throws RangeError when a visit's date, time or duration is not valid; the message names the visit's uid.
 */
export function diaryCalendar(name: string, visits: readonly CalendarVisit[], now: Date): string {
  const calendar = new ICalCalendar({
    prodId: { company: "Open Portage", product: "Diary", language: "EN" },
    // ical-generator writes NAME and X-WR-CALNAME as given; a comma or line break would corrupt them.
    name: escapeText(name, false),
  });
  for (const visit of visits) {
    if (!isIsoDate(visit.date)) throw new RangeError(`visit ${visit.uid}: date must be YYYY-MM-DD`);
    if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(visit.time)) throw new RangeError(`visit ${visit.uid}: time must be HH:MM`);
    if (!Number.isInteger(visit.durationMinutes) || visit.durationMinutes <= 0) {
      throw new RangeError(`visit ${visit.uid}: duration must be a whole number of minutes above 0`);
    }
    const start = englandInstant(visit.date, visit.time);
    calendar.createEvent({
      id: `${visit.uid}@openportage`,
      stamp: now,
      start,
      end: new Date(start.getTime() + visit.durationMinutes * 60_000),
      summary: visit.summary,
      location: visit.location ?? null,
      description: visit.description ?? null,
      status: visit.cancelled === true ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  return `${calendar.toString()}\r\n`;
}
