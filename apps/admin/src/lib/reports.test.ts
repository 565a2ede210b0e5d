import type { ReportView } from "@openportage/api";
import { describe, expect, it } from "vitest";
import {
  chartInputOf,
  defaultPeriod,
  hasSuppressed,
  readPeriod,
  readSummaryYear,
  reportPath,
  showCell,
  summaryYear,
} from "./reports.ts";

const TODAY = "2026-12-01";
const q = (query: string) => new URLSearchParams(query);

describe("readPeriod", () => {
  it("is the last 12 months by default, from the first of the month eleven months back", () => {
    expect(defaultPeriod(TODAY)).toEqual({ from: "2026-01-01", to: "2026-12-01" });
    const period = readPeriod(q(""), TODAY);
    expect(period).toMatchObject({ from: "2026-01-01", to: "2026-12-01", by: "", errors: [] });
    expect(period.values).toMatchObject({ "from-day": "1", "from-month": "1", "from-year": "2026", "to-day": "1" });
  });

  it("reads the date inputs' boxes as the GET form sends them, with the breakdown", () => {
    const period = readPeriod(
      q("from-day=1&from-month=4&from-year=2025&to-day=31&to-month=3&to-year=2026&by=visitor"),
      TODAY,
    );
    expect(period).toMatchObject({ from: "2025-04-01", to: "2026-03-31", by: "visitor", errors: [] });
  });

  it("reads from and to as YYYY-MM-DD, as links between reports carry them", () => {
    expect(readPeriod(q("from=2025-01-01&to=2025-06-30&by=route"), TODAY)).toMatchObject({
      from: "2025-01-01",
      to: "2025-06-30",
      by: "route",
    });
    // Nonsense is ignored rather than sent on.
    expect(readPeriod(q("from=yesterday&by=shoe-size"), TODAY)).toMatchObject({ from: "2026-01-01", by: "" });
  });

  it("names each date typed wrong, keeps what was typed, and shows the default period meanwhile", () => {
    const period = readPeriod(q("from-day=31&from-month=2&from-year=2026&to-day=&to-month=3&to-year=2026"), TODAY);
    expect(period.errors).toEqual([
      { text: "The start date must be a real date", href: "#from-day" },
      { text: "The end date must include a day", href: "#to-day" },
    ]);
    expect(period.fieldErrors).toEqual({
      from: "The start date must be a real date",
      to: "The end date must include a day",
    });
    expect(period.values["from-day"]).toBe("31");
    expect(period).toMatchObject({ from: "2026-01-01", to: "2026-12-01" });
  });

  it("refuses a period ending before it starts, and asks for a blank date", () => {
    const backwards = readPeriod(q("from-day=1&from-month=6&from-year=2026&to-day=1&to-month=5&to-year=2026"), TODAY);
    expect(backwards.errors).toEqual([
      { text: "The end date must be the same as or after the start date", href: "#to-day" },
    ]);
    const blank = readPeriod(q("from-day=&from-month=&from-year=&to-day=1&to-month=5&to-year=2026"), TODAY);
    expect(blank.errors).toEqual([{ text: "Enter the start date", href: "#from-day" }]);
  });
});

describe("reportPath", () => {
  it("links a report or its CSV for the period, leaving out a breakdown the report does not offer", () => {
    const period = { from: "2026-01-01", to: "2026-12-01", by: "visitor" } as const;
    expect(reportPath("visits", period)).toBe("/admin/reports/visits?from=2026-01-01&to=2026-12-01&by=visitor");
    expect(reportPath("visits", period, { csv: true, byOptions: [] })).toBe(
      "/admin/reports/visits.csv?from=2026-01-01&to=2026-12-01",
    );
  });
});

describe("the annual summary's year", () => {
  it("is the financial year, cut at today while it runs", () => {
    expect(summaryYear(2026, TODAY)).toEqual({
      start: 2026,
      from: "2026-04-01",
      to: TODAY,
      label: "April 2026 to March 2027 (so far)",
    });
    expect(summaryYear(2025, TODAY)).toMatchObject({
      from: "2025-04-01",
      to: "2026-03-31",
      label: "April 2025 to March 2026",
    });
    expect(readSummaryYear(q("year=2024"), TODAY).start).toBe(2024);
    expect(readSummaryYear(q("year=1999"), TODAY).start).toBe(2026);
    expect(readSummaryYear(q(""), "2027-02-10").start).toBe(2026);
  });
});

const view: ReportView = {
  report: "referrals",
  title: "Referrals received",
  description: "Referrals received in the period, by the month they arrived and their route.",
  period: { from: "2026-01-01", to: "2026-12-01" },
  by: null,
  byOptions: ["route"],
  scope: "service",
  columns: [
    { key: "month", label: "Month", kind: "text" },
    { key: "referrals", label: "Referrals", kind: "count" },
    { key: "accepted", label: "Accepted", kind: "percent", basis: "referrals" },
  ],
  rows: [
    { cells: { month: "2026-01", referrals: 12, accepted: 75 }, small: [] },
    { cells: { month: "2026-02", referrals: 3, accepted: 66.7 }, small: ["referrals", "accepted"] },
    { cells: { month: "2026-03", referrals: 0, accepted: null }, small: [] },
  ],
  totals: { cells: { month: "Total", referrals: 15, accepted: 73.3 }, small: [] },
  notes: [],
  threshold: 5,
};
const [month, referrals, accepted] = view.columns as [
  ReportView["columns"][number],
  ReportView["columns"][number],
  ReportView["columns"][number],
];

describe("showCell", () => {
  it("shows months in words, figures right-aligned, and small numbers as the download does", () => {
    const [jan, feb, mar] = view.rows as [
      ReportView["rows"][number],
      ReportView["rows"][number],
      ReportView["rows"][number],
    ];
    expect(showCell(view, month, jan)).toEqual({ text: "January 2026", numeric: false, suppressed: false });
    expect(showCell(view, referrals, jan)).toEqual({ text: "12", numeric: true, suppressed: false });
    expect(showCell(view, accepted, jan).text).toBe("75.0%");
    expect(showCell(view, referrals, feb)).toEqual({ text: "fewer than 5", numeric: true, suppressed: true });
    expect(showCell(view, accepted, feb).text).toBe("fewer than 5");
    expect(showCell(view, referrals, mar).text).toBe("0");
    expect(showCell(view, accepted, mar).text).toBe("none");
    expect(hasSuppressed(view)).toBe(true);
  });

  it("rounds a total over a suppressed cell to the nearest 5, so the small figure cannot be worked out", () => {
    expect(showCell(view, referrals, view.totals as ReportView["rows"][number], { total: true }).text).toBe("about 15");
    const exact = { ...view, rows: [view.rows[0] as ReportView["rows"][number]] };
    expect(showCell(exact, referrals, { cells: { referrals: 12 }, small: [] }, { total: true }).text).toBe("12");
  });
});

describe("chartInputOf", () => {
  it("draws a row's figure, a suppressed cell in words as the table shows it", () => {
    const input = chartInputOf(view, "c", "#1d70b8");
    expect(input.columns.map((c) => c.key)).toEqual(["month", "referrals"]);
    expect(input.rows.map((r) => r.referrals)).toEqual([12, "fewer than 5", 0]);
    expect(input.period).toBe("1 January 2026 to 1 December 2026");
  });

  it("turns a table with a column a month round: a line a row", () => {
    const wide: ReportView = {
      ...view,
      columns: [
        { key: "route", label: "Referral route", kind: "text" },
        { key: "2026-01", label: "2026-01", kind: "count" },
        { key: "2026-02", label: "2026-02", kind: "count" },
        { key: "total", label: "Total", kind: "count" },
      ],
      rows: [
        { cells: { route: "GP", "2026-01": 6, "2026-02": 7, total: 13 }, small: [] },
        { cells: { route: "Parent", "2026-01": 2, "2026-02": 0, total: 2 }, small: ["2026-01", "total"] },
      ],
    };
    const input = chartInputOf(wide, "c", "#1d70b8");
    expect(input.kind).toBe("line");
    expect(input.columns.map((c) => c.label)).toEqual(["Month", "GP", "Parent"]);
    expect(input.rows).toEqual([
      { month: "2026-01", s0: 6, s1: "fewer than 5" },
      { month: "2026-02", s0: 7, s1: 0 },
    ]);
  });

  it("draws the service's one row as a bar a figure", () => {
    const visits: ReportView = {
      ...view,
      report: "visits",
      columns: [
        { key: "planned", label: "Planned", kind: "count" },
        { key: "held", label: "Held", kind: "count" },
        { key: "missed", label: "Missed", kind: "count" },
        { key: "percentHeld", label: "% held", kind: "percent", basis: "planned" },
      ],
      rows: [{ cells: { planned: 20, held: 16, missed: 3, percentHeld: 80 }, small: ["missed"] }],
    };
    const input = chartInputOf(visits, "c", "#1d70b8");
    expect(input.rows).toEqual([
      { figure: "Planned", value: 20 },
      { figure: "Held", value: 16 },
      { figure: "Missed", value: "fewer than 5" },
    ]);
  });

  it("splits one figure by the second label, the month on the axis", () => {
    const long: ReportView = {
      ...view,
      report: "waiting-list",
      columns: [
        { key: "group", label: "Referral route", kind: "text" },
        { key: "month", label: "Month end", kind: "text" },
        { key: "waiting", label: "Children waiting", kind: "count" },
      ],
      rows: [
        { cells: { group: "GP", month: "2026-01-31", waiting: 6 }, small: [] },
        { cells: { group: "Parent", month: "2026-01-31", waiting: 2 }, small: ["waiting"] },
        { cells: { group: "GP", month: "2026-02-28", waiting: 7 }, small: [] },
      ],
    };
    const input = chartInputOf(long, "c", "#1d70b8");
    expect(input.category).toBe("month");
    expect(input.columns.map((c) => c.label)).toEqual(["Month end", "GP", "Parent"]);
    expect(input.rows).toEqual([
      { month: "2026-01-31", s0: 6, s1: "fewer than 5" },
      { month: "2026-02-28", s0: 7, s1: null },
    ]);
  });
});
