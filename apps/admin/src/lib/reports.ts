// The reports section's own logic: the period form (a GET form of two GOV.UK date inputs and a
// breakdown, read from the query string so a report can be bookmarked and works without
// JavaScript), the annual summary's year, a report's cells as the table shows them (small numbers
// as the download shows them) and what its chart draws. The figures are the API's (issue 13).
import type { ReportBreakdown, ReportCell, ReportColumn, ReportName, ReportRow, ReportView } from "@openportage/api";
import { addDays, addMonths, dateParts, type IsoDate, isIsoDate, parseIsoDate } from "@openportage/domain";
import type { Query } from "./api.ts";
import { datePartsFrom, readDate } from "./dates.ts";
import type { ErrorItem } from "./problem.ts";
import type { ChartInput } from "./reports-chart.ts";
import { BASE } from "./return-path.ts";
import { formatDate } from "./words.ts";

/** Every report's path name, in the API's order (the API's `REPORT_NAMES`; its module exports types only). */
export const REPORT_NAMES: readonly ReportName[] = [
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
];

/** Whether a path segment names a report. */
export function isReportName(name: string | undefined): name is ReportName {
  return REPORT_NAMES.includes(name as ReportName);
}

/** A breakdown as the "by" choice says it. */
export const BREAKDOWN_NAMES: Readonly<Record<ReportBreakdown, string>> = {
  visitor: "Home visitor",
  route: "Referral route",
  area: "Developmental area",
};

const BREAKDOWNS = Object.keys(BREAKDOWN_NAMES) as ReportBreakdown[];

/** The period a report covers, with the breakdown, and what the form shows. */
export interface Period {
  /** First day, `YYYY-MM-DD` (included). */
  readonly from: IsoDate;
  /** Last day, `YYYY-MM-DD` (included). */
  readonly to: IsoDate;
  /** The breakdown asked for, or "" for the report's own rows. */
  readonly by: ReportBreakdown | "";
  /** The form's boxes: `from-day`, `from-month`, ... as typed, or for the period shown. */
  readonly values: Readonly<Record<string, string>>;
  /** What was wrong with what was typed (the default period is shown meanwhile). */
  readonly errors: readonly ErrorItem[];
  /** Each date input's own message, by its name. */
  readonly fieldErrors: Readonly<Record<string, string>>;
}

/** The default period: the last 12 months, from the first of the month eleven months back to today. */
export function defaultPeriod(today: string): { from: IsoDate; to: IsoDate } {
  const day = parseIsoDate(today);
  const { year, month } = dateParts(day);
  const first = parseIsoDate(`${year}-${String(month).padStart(2, "0")}-01`);
  return { from: addMonths(first, -11), to: day };
}

function boxes(name: string, date: IsoDate): Record<string, string> {
  const { year, month, day } = dateParts(date);
  return { [`${name}-day`]: String(day), [`${name}-month`]: String(month), [`${name}-year`]: String(year) };
}

/**
 * Reads the period form from a query string: the date inputs' boxes (`from-day`, ...) as the form
 * sends them, or `from` and `to` as `YYYY-MM-DD` (links between reports carry these); the last 12
 * months when neither is there. A date typed wrong, or a period ending before it starts, is named
 * in `errors` and the default period shown meanwhile.
 */
export function readPeriod(params: URLSearchParams, today: string): Period {
  const fallback = defaultPeriod(today);
  const byParam = params.get("by") ?? "";
  const by = BREAKDOWNS.includes(byParam as ReportBreakdown) ? (byParam as ReportBreakdown) : "";
  const typed = ["from", "to"].some((n) => ["day", "month", "year"].some((p) => params.has(`${n}-${p}`)));
  if (!typed) {
    const fromParam = params.get("from") ?? "";
    const toParam = params.get("to") ?? "";
    const from = isIsoDate(fromParam) ? fromParam : fallback.from;
    const to = isIsoDate(toParam) ? toParam : fallback.to;
    const ordered = from <= to ? { from, to } : fallback;
    return {
      ...ordered,
      by,
      values: { ...boxes("from", ordered.from), ...boxes("to", ordered.to) },
      errors: [],
      fieldErrors: {},
    };
  }
  const values: Record<string, string> = {};
  for (const [key, value] of params) if (/^(from|to)-(day|month|year)$/.test(key)) values[key] = value.trim();
  const fieldErrors: Record<string, string> = {};
  const read = (name: "from" | "to", label: string): IsoDate | undefined => {
    const date = readDate(datePartsFrom(values, name), label);
    if (date.kind === "date") return date.date;
    fieldErrors[name] = date.kind === "blank" ? `Enter the ${label.toLowerCase().replace(/^the /, "")}` : date.message;
    return undefined;
  };
  const from = read("from", "The start date");
  const to = read("to", "The end date");
  if (from && to && to < from) fieldErrors.to = "The end date must be the same as or after the start date";
  const errors = Object.entries(fieldErrors).map(([name, text]) => ({ text, href: `#${name}-day` }));
  if (errors.length > 0 || !from || !to) return { ...fallback, by, values, errors, fieldErrors };
  return { from, to, by, values, errors: [], fieldErrors: {} };
}

/** A period and breakdown, as a link or a query carries them. */
export interface PeriodChoice {
  readonly from: string;
  readonly to: string;
  readonly by: ReportBreakdown | "";
}

/** The API's query for a report over a period (with its breakdown when the report offers it). */
export function reportQuery(period: PeriodChoice, byOptions?: readonly ReportBreakdown[]): Query {
  const by = period.by && (!byOptions || byOptions.includes(period.by)) ? period.by : "";
  return { from: period.from, to: period.to, by };
}

/** The admin path of a report (or its CSV) for a period. */
export function reportPath(
  name: ReportName,
  period: PeriodChoice,
  options: { csv?: boolean; byOptions?: readonly ReportBreakdown[] } = {},
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(reportQuery(period, options.byOptions)))
    if (value) query.set(key, String(value));
  return `${BASE}/reports/${name}${options.csv ? ".csv" : ""}?${query.toString()}`;
}

/** The period in words: "1 January 2026 to 1 December 2026". */
export function periodInWords(period: { readonly from: string; readonly to: string }): string {
  return `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

/** The annual summary's year: the financial year (1 April to 31 March) starting in `start`, up to today. */
export interface SummaryYear {
  readonly start: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** "April 2026 to March 2027", with "(so far)" for the year not yet over. */
  readonly label: string;
}

/** The financial year starting in `start`, cut at today when it has not ended. */
export function summaryYear(start: number, today: string): SummaryYear {
  const from = parseIsoDate(`${start}-04-01`);
  const end = addDays(parseIsoDate(`${start + 1}-04-01`), -1);
  const over = end < today;
  return {
    start,
    from,
    to: over ? end : parseIsoDate(today),
    label: `April ${start} to March ${start + 1}${over ? "" : " (so far)"}`,
  };
}

/** The financial years to choose from, newest first: this one (so far) and the four before. */
export function summaryYears(today: string): SummaryYear[] {
  const { year, month } = dateParts(parseIsoDate(today));
  const current = month >= 4 ? year : year - 1;
  return Array.from({ length: 5 }, (_, i) => summaryYear(current - i, today));
}

/** The year asked for in `?year=`, or this financial year. */
export function readSummaryYear(params: URLSearchParams, today: string): SummaryYear {
  const years = summaryYears(today);
  const asked = Number(params.get("year"));
  return years.find((y) => y.start === asked) ?? (years[0] as SummaryYear);
}

/** A cell as the table shows it, and whether it is a figure (right-aligned). */
export interface ShownCell {
  readonly text: string;
  readonly numeric: boolean;
  /** Held back as a download holds it back: fewer than the threshold. */
  readonly suppressed: boolean;
}

function numberText(value: number, kind: ReportColumn["kind"]): string {
  if (kind === "percent")
    return `${value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  return value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

/** A text cell in words: a month (`2026-03`) as "March 2026", a date as "1 March 2026". */
export function textCell(value: ReportCell): string {
  if (value === null) return "";
  const text = String(value);
  if (/^\d{4}-\d{2}$/.test(text)) return formatDate(`${text}-01`).replace(/^1 /, "");
  if (isIsoDate(text)) return formatDate(text);
  return text;
}

/**
 * A cell as the page shows it. Cells the download suppresses (`row.small`) read "fewer than 5" here
 * too, so the page, its print and the CSV say the same; a total over a column holding a suppressed
 * cell is rounded to the nearest 5, as in the download, so the small figure cannot be worked out.
 */
export function showCell(
  view: Pick<ReportView, "threshold" | "rows">,
  column: ReportColumn,
  row: ReportRow,
  options: { total?: boolean } = {},
): ShownCell {
  const value = row.cells[column.key] ?? null;
  const numeric = column.kind !== "text";
  if (row.small.includes(column.key)) return { text: `fewer than ${view.threshold}`, numeric, suppressed: true };
  if (value === null) return { text: numeric ? "none" : "", numeric, suppressed: false };
  if (typeof value === "string" || !numeric) return { text: textCell(value), numeric, suppressed: false };
  if (options.total && column.kind === "count" && view.rows.some((r) => r.small.includes(column.key)))
    return { text: `about ${numberText(Math.round(value / 5) * 5, column.kind)}`, numeric, suppressed: false };
  return { text: numberText(value, column.kind), numeric, suppressed: false };
}

/** Whether any cell of the table (or its totals) is held back. */
export function hasSuppressed(view: Pick<ReportView, "rows" | "totals">): boolean {
  return [...view.rows, ...(view.totals ? [view.totals] : [])].some((row) => row.small.length > 0);
}

/** The figures each report's chart draws (the table has them all): what the report is about. */
const CHARTED: Readonly<Record<ReportName, readonly string[]>> = {
  referrals: [],
  eligibility: ["accepted", "not-eligible", "more-information"],
  "waiting-times": ["medianDays", "p90Days"],
  "waiting-list": ["waiting"],
  caseloads: ["childrenInPeriod", "childrenAtEnd"],
  visits: ["planned", "held", "missed"],
  targets: ["set", "achieved"],
  profiles: ["movedOn", "same", "movedBack"],
  exits: ["children"],
  "time-in-service": ["medianDays", "p90Days"],
};

const MONTH_KEY = /^\d{4}-\d{2}$/;
const isDateLike = (value: ReportCell) => typeof value === "string" && /^\d{4}-\d{2}(-\d{2})?$/.test(value);

/**
 * What a report's chart draws, from its table (suppressed cells left out, as the table shows
 * them). A table with a column a month (referrals: a row a route) is turned round, a line a route
 * (or the total, when there are more than four); a table of one row with no label (the service as
 * a whole) becomes a bar a figure; a table labelled twice (a visitor and a month) draws one figure,
 * a series for each value of the second label; otherwise a bar (or, by month, a line) a row.
 */
export function chartInputOf(view: ReportView, id: string, brand: string): ChartInput {
  // A suppressed cell is drawn as the table shows it: words where its bar would be, never its figure.
  const cellOf = (row: ReportRow, key: string): ReportCell =>
    row.small.includes(key) ? `fewer than ${view.threshold}` : (row.cells[key] ?? null);
  const base = { title: view.title, period: periodInWords(view.period), id, brand };
  const texts = view.columns.filter((c) => c.kind === "text");
  const charted = view.columns.filter((c) => CHARTED[view.report].includes(c.key));
  const figures = charted.length > 0 ? charted : view.columns.filter((c) => c.kind === "count").slice(0, 1);
  const months = view.columns.filter((c) => c.kind !== "text" && MONTH_KEY.test(c.key));

  if (months.length > 1) {
    const label = texts[0]?.key ?? "";
    const lines =
      view.rows.length <= 4 || !view.totals
        ? view.rows.slice(0, 4).map((row, i) => ({ key: `s${i}`, label: textCell(row.cells[label] ?? ""), row }))
        : [{ key: "s0", label: "All", row: view.totals }];
    const rows = months.map((m) => {
      const cells: Record<string, ReportCell> = { month: m.key };
      for (const line of lines) cells[line.key] = cellOf(line.row, m.key);
      return cells;
    });
    return { ...base, category: "month", kind: "line", columns: [{ key: "month", label: "Month" }, ...lines], rows };
  }

  if (texts.length === 0) {
    const row = view.rows[0];
    const rows = row ? figures.map((c) => ({ figure: c.label, value: cellOf(row, c.key) })) : [];
    const columns = [
      { key: "figure", label: "Figure" },
      { key: "value", label: view.title },
    ];
    return { ...base, category: "figure", kind: "bar", columns, rows };
  }

  const [firstText, secondText] = texts;
  const first = figures[0];
  if (firstText && secondText && first) {
    // A month (or day) labels the axis when there is one; the other label splits the figure.
    const dated = (c: ReportColumn) => view.rows.some((r) => isDateLike(r.cells[c.key] ?? null));
    const [chooseCategory, splitBy] =
      dated(secondText) && !dated(firstText) ? [secondText, firstText] : [firstText, secondText];
    const names = [...new Set(view.rows.map((r) => String(r.cells[chooseCategory.key] ?? "")))];
    const groups = [...new Set(view.rows.map((r) => String(r.cells[splitBy.key] ?? "")))].slice(0, 4);
    const rows = names.map((name) => {
      const cells: Record<string, ReportCell> = { [chooseCategory.key]: name };
      for (const [i, group] of groups.entries()) {
        const row = view.rows.find(
          (r) => String(r.cells[chooseCategory.key]) === name && String(r.cells[splitBy.key]) === group,
        );
        cells[`s${i}`] = row ? cellOf(row, first.key) : null;
      }
      return cells;
    });
    const columns = [
      { key: chooseCategory.key, label: chooseCategory.label },
      ...groups.map((g, i) => ({ key: `s${i}`, label: textCell(g) })),
    ];
    return { ...base, title: `${view.title}: ${first.label}`, category: chooseCategory.key, columns, rows };
  }

  const category = firstText?.key ?? "";
  const rows = view.rows.map((row) => {
    const cells: Record<string, ReportCell> = { [category]: row.cells[category] ?? null };
    for (const c of figures) cells[c.key] = cellOf(row, c.key);
    return cells;
  });
  return { ...base, category, columns: [firstText ?? { key: category, label: "" }, ...figures], rows };
}
