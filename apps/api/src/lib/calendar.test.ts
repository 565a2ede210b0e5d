// The diary feed read back as a calendar client would: lines unfolded, properties by name.
// Visit times are England's local times, written in UTC on either side of the clock changes.
import { describe, expect, it } from "vitest";
import { type CalendarVisit, diaryCalendar } from "./calendar.js";

const NOW = new Date("2026-11-02T08:15:30.500Z");

const winter: CalendarVisit = {
  uid: "visit-winter",
  date: "2026-12-07",
  time: "10:00",
  durationMinutes: 60,
  summary: "Home visit: Amir, Lancashire Portage; bring bricks",
  location: "12 High Street, Preston",
  description: "Review the play plan.\nBring the shape sorter.",
};
const summer: CalendarVisit = {
  uid: "visit-summer",
  date: "2027-06-07",
  time: "10:00",
  durationMinutes: 90,
  summary: "Home visit",
  cancelled: true,
};

type Properties = Map<string, string>;

/** The calendar's own properties and each event's, by name (parameters dropped). */
function parse(text: string): { calendar: Properties; events: Properties[] } {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  const calendar: Properties = new Map();
  const events: Properties[] = [];
  let event: Properties | undefined;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") event = new Map();
    else if (line === "END:VEVENT" && event) {
      events.push(event);
      event = undefined;
    } else if (line.includes(":")) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).split(";")[0] as string;
      (event ?? calendar).set(name, line.slice(colon + 1));
    }
  }
  return { calendar, events };
}

/** An RFC 5545 TEXT value with its escapes undone. */
function unescapeText(value: string | undefined): string | undefined {
  return value?.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));
}

describe("diaryCalendar", () => {
  const text = diaryCalendar("Diary: Sam Jones, Lancashire Portage", [winter, summer], NOW);
  const { calendar, events } = parse(text);

  it("is a VCALENDAR with CRLF line endings throughout, none longer than 75 octets", () => {
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it("names itself and its producer", () => {
    expect(calendar.get("PRODID")).toBe("-//Open Portage//Diary//EN");
    expect(calendar.get("X-WR-CALNAME")).toBe("Diary: Sam Jones\\, Lancashire Portage");
    // every time is UTC, so no time zone needs defining
    expect(text).not.toMatch(/VTIMEZONE|TZID/);
  });

  it("writes a winter visit at 10:00 as 10:00Z and a summer visit at 10:00 as 09:00Z", () => {
    expect(events).toHaveLength(2);
    const [w, s] = events as [Properties, Properties];
    expect(w.get("DTSTART")).toBe("20261207T100000Z");
    expect(w.get("DTEND")).toBe("20261207T110000Z");
    expect(s.get("DTSTART")).toBe("20270607T090000Z");
    expect(s.get("DTEND")).toBe("20270607T103000Z");
  });

  it("gives each event its UID, DTSTAMP and status", () => {
    const [w, s] = events as [Properties, Properties];
    expect(w.get("UID")).toBe("visit-winter@openportage");
    expect(s.get("UID")).toBe("visit-summer@openportage");
    expect(w.get("DTSTAMP")).toBe("20261102T081530Z");
    expect(s.get("DTSTAMP")).toBe("20261102T081530Z");
    expect(w.get("STATUS")).toBe("CONFIRMED");
    expect(s.get("STATUS")).toBe("CANCELLED");
  });

  it("escapes commas, semicolons and line breaks in text", () => {
    const [w, s] = events as [Properties, Properties];
    expect(w.get("SUMMARY")).toBe("Home visit: Amir\\, Lancashire Portage\\; bring bricks");
    expect(unescapeText(w.get("SUMMARY"))).toBe(winter.summary);
    expect(w.get("LOCATION")).toBe("12 High Street\\, Preston");
    expect(unescapeText(w.get("DESCRIPTION"))).toBe(winter.description);
    expect(s.has("LOCATION")).toBe(false);
    expect(s.has("DESCRIPTION")).toBe(false);
  });

  it("keeps local times right on the days the clocks change", () => {
    const at = (date: string, time: string) =>
      parse(diaryCalendar("d", [{ uid: "v", date, time, durationMinutes: 30, summary: "s" }], NOW)).events[0]?.get(
        "DTSTART",
      );
    // 29 March 2026: clocks go forward at 01:00 GMT; 01:30 does not exist and is read as 02:30 BST.
    expect(at("2026-03-29", "00:30")).toBe("20260329T003000Z");
    expect(at("2026-03-29", "01:30")).toBe("20260329T013000Z");
    expect(at("2026-03-29", "02:30")).toBe("20260329T013000Z");
    expect(at("2026-03-29", "10:00")).toBe("20260329T090000Z");
    // 25 October 2026: clocks go back at 02:00 BST; 01:30 happens twice and the first is taken.
    expect(at("2026-10-24", "23:30")).toBe("20261024T223000Z");
    expect(at("2026-10-25", "01:30")).toBe("20261025T003000Z");
    expect(at("2026-10-25", "02:30")).toBe("20261025T023000Z");
    expect(at("2026-10-25", "10:00")).toBe("20261025T100000Z");
  });

  it("folds long lines without splitting a character", () => {
    const description = "Croesawu’r teulu — ".repeat(20);
    const folded = diaryCalendar("d", [{ ...winter, description }], NOW);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded).not.toContain("\uFFFD");
    const { events: [event] = [] } = parse(folded);
    expect(unescapeText(event?.get("DESCRIPTION"))).toBe(description);
  });

  it("refuses a visit whose date, time or duration is not valid", () => {
    const with_ = (change: Partial<CalendarVisit>) => () => diaryCalendar("d", [{ ...winter, ...change }], NOW);
    expect(with_({ date: "2026-02-30" })).toThrow(/visit-winter: date/);
    expect(with_({ time: "9:00" })).toThrow(/visit-winter: time/);
    expect(with_({ time: "24:00" })).toThrow(/visit-winter: time/);
    expect(with_({ durationMinutes: 0 })).toThrow(/visit-winter: duration/);
    expect(with_({ durationMinutes: 1.5 })).toThrow(/visit-winter: duration/);
  });

  it("gives an empty calendar for no visits", () => {
    const empty = parse(diaryCalendar("Empty", [], NOW));
    expect(empty.events).toEqual([]);
    expect(empty.calendar.get("X-WR-CALNAME")).toBe("Empty");
  });
});
