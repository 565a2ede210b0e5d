// What the reports routes accept and answer with (issue 13), as valibot schemas. Every report is
// one generic table, so the admin app's tables, charts and CSV downloads are uniform.
//
// `GET /api/reports` lists the reports; `GET /api/reports/:name?from=&to=[&by=][&format=csv]`
// answers a `ReportView` as JSON, or the same table as CSV (`format=csv` or `Accept: text/csv`)
// with small numbers suppressed (ADR 0045). JSON shows exact figures inside the service and marks
// in each row's `small` the cells a download suppresses; the CSV never carries them.
//
// Who: coordinators see the whole service. Home visitors may ask for the caseload reports
// (`HOME_VISITOR_REPORTS`) and get their own caseload's figures (`scope: "own-caseload"`); the
// others answer them 403. Administrators get 403 (they run the system, not the service).
//
// Changes to this contract after it was first written are listed here, newest first:
// (none yet)
import * as v from "valibot";

/** Every report, in the order the reports section lists them. */
export const REPORT_NAMES = [
  "referrals",
  "eligibility",
  "waiting-times",
  "waiting-list",
  "caseloads",
  "visits",
  "targets",
  "profiles",
  "exits",
  "time-in-service",
] as const;
/** A report's name, as it appears in its path. */
export type ReportName = (typeof REPORT_NAMES)[number];

/** The reports a home visitor may see, for their own caseload. */
export const HOME_VISITOR_REPORTS = [
  "caseloads",
  "visits",
  "targets",
  "profiles",
  "exits",
  "time-in-service",
] as const satisfies readonly ReportName[];

/** How a report's rows can be broken down. */
export const REPORT_BREAKDOWNS = ["visitor", "route", "area"] as const;
/** A breakdown: by home visitor, by referral route, or by developmental area. */
export type ReportBreakdown = (typeof REPORT_BREAKDOWNS)[number];

/** The longest period a report covers, in years. */
export const MAX_REPORT_YEARS = 5;

const IsoDate = v.pipe(
  v.string("must be a date written YYYY-MM-DD"),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  v.check(
    (s) =>
      !/^\d{4}-\d{2}-\d{2}$/.test(s) ||
      (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
    "must be a real date",
  ),
);
const IsoDateView = v.pipe(v.string(), v.description("A calendar date, YYYY-MM-DD"));

/**
 * `GET /api/reports/:name` query. `from` and `to` are both included (England calendar days).
 * A `to` before `from`, or a period longer than `MAX_REPORT_YEARS`, answers 422 naming `to`; a
 * `by` the report does not offer answers 422 naming `by`.
 */
export const ReportQuery = v.strictObject({
  from: IsoDate,
  to: IsoDate,
  by: v.optional(v.picklist(REPORT_BREAKDOWNS, `must be one of ${REPORT_BREAKDOWNS.join(", ")}`)),
  format: v.optional(v.picklist(["json", "csv"], "must be json or csv")),
});
/** The query a report is asked with. */
export type ReportQuery = v.InferInput<typeof ReportQuery>;

/**
 * What a column holds. `text`: a label (a route, a month `YYYY-MM`, a visitor's name, an outcome).
 * `count`: a number of children, referrals, visits or targets (suppressed in a download when 1 to
 * threshold-1). `days`: a median or 90th percentile in days. `percent`: one decimal place.
 * A `days` or `percent` cell is suppressed with the count named by its column's `basis`.
 */
export const ReportColumnKind = v.picklist(["text", "count", "days", "percent"]);
/** What a column holds. */
export type ReportColumnKind = v.InferOutput<typeof ReportColumnKind>;

/** A column of a report's table. */
export const ReportColumn = v.object({
  key: v.string(),
  label: v.string(),
  kind: ReportColumnKind,
  /** For `days` and `percent`: the key of the `count` column in the same row it is worked out from. */
  basis: v.optional(v.string()),
});
/** A column of a report's table. */
export type ReportColumn = v.InferOutput<typeof ReportColumn>;

/** A cell: text, a number, or `null` (no figure: a median of no waits, a percentage of nothing). */
export const ReportCell = v.nullable(v.union([v.string(), v.number()]));
/** A cell. */
export type ReportCell = v.InferOutput<typeof ReportCell>;

/** A row: its cells by column key, and the keys of the cells a download suppresses. */
export const ReportRow = v.object({
  cells: v.record(v.string(), ReportCell),
  /**
   * Keys of the cells a download does not show as they are: counts of 1 to threshold-1 and the
   * days and percentages worked out from them ("fewer than 5"); in the totals row, also a total
   * that adds up such a cell (rounded to the nearest 5 in the download).
   */
  small: v.array(v.string()),
});
/** A row of a report's table. */
export type ReportRow = v.InferOutput<typeof ReportRow>;

/** `GET /api/reports/:name`: one report for one period, as a table. */
export const ReportView = v.object({
  report: v.picklist(REPORT_NAMES),
  title: v.string(),
  /** What the figures count, in a sentence, for the page and the CSV's readers. */
  description: v.string(),
  period: v.object({ from: IsoDateView, to: IsoDateView }),
  /** The breakdown asked for, or `null` for the report's own rows. */
  by: v.nullable(v.picklist(REPORT_BREAKDOWNS)),
  /** The breakdowns this report offers. */
  byOptions: v.array(v.picklist(REPORT_BREAKDOWNS)),
  /** `service` for a coordinator; `own-caseload` for a home visitor (only children allocated to them). */
  scope: v.picklist(["service", "own-caseload"]),
  columns: v.array(ReportColumn),
  rows: v.array(ReportRow),
  /** The totals row, where adding up makes sense; its `text` cells hold "Total". */
  totals: v.nullable(ReportRow),
  /** How to read the figures (what is counted, records left out and why), in sentences. */
  notes: v.array(v.string()),
  /** The council's small-number threshold: counts from 1 to threshold-1 are suppressed in downloads. */
  threshold: v.number(),
});
/** One report for one period, as a table. */
export type ReportView = v.InferOutput<typeof ReportView>;

/** `GET /api/reports`: the reports the caller may see. */
export const ReportList = v.object({
  reports: v.array(
    v.object({
      name: v.picklist(REPORT_NAMES),
      title: v.string(),
      description: v.string(),
      byOptions: v.array(v.picklist(REPORT_BREAKDOWNS)),
    }),
  ),
  threshold: v.number(),
  scope: v.picklist(["service", "own-caseload"]),
});
/** The reports the caller may see. */
export type ReportList = v.InferOutput<typeof ReportList>;

/**
 * The CSV download: `text/csv; charset=utf-8`, `Content-Disposition: attachment;
 * filename="<name>-<from>-<to>.csv"`. The first line is the columns' labels; then the rows, then
 * the totals row if any. A suppressed cell reads `[c]` ("fewer than <threshold>"), a `null` cell
 * is empty; a total whose column holds a suppressed cell is rounded to the nearest 5 (ADR 0045).
 */
export const SUPPRESSED_MARK = "[c]";
