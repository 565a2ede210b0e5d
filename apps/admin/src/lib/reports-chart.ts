// A report's chart, drawn on the server as an accessible SVG with Observable Plot (on linkedom's
// DOM, so no browser and no JavaScript in the page): a line for figures by month, bars otherwise.
// The chart names itself (`<title>`) and says in words what it shows (`<desc>`); the data table
// always follows it on the page, so no figure is only in the picture.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** One column of a report's table, as the API gives it. */
export interface ChartColumn {
  readonly key: string;
  readonly label: string;
}

/** A cell: a figure, a word, or nothing (not known, or suppressed). */
export type ChartCell = string | number | boolean | null | undefined;

/** What a chart is drawn from: the report's table and which columns to draw. */
export interface ChartInput {
  /** The chart's name, for its `<title>`. */
  readonly title: string;
  /** The period in words ("1 January 2026 to 31 December 2026"), for the description. */
  readonly period: string;
  readonly columns: readonly ChartColumn[];
  readonly rows: readonly Readonly<Record<string, ChartCell>>[];
  /** The column naming each row (a month, a route, a visitor): the first column by default. */
  readonly category?: string;
  /** The columns drawn (up to four): every numeric column but the category by default. */
  readonly series?: readonly string[];
  /** "line" for figures over time; by default a line when every category is a month or a date. */
  readonly kind?: "bar" | "line";
  /** Unique on the page: the `<title>` and `<desc>` ids are made from it. */
  readonly id: string;
  /** The brand colour, drawn first; it has at least 4.5:1 contrast on white. */
  readonly brand: string;
}

/** A drawn chart: the SVG markup, and each series' colour and dash for the legend beside it. */
export interface Chart {
  readonly svg: string;
  readonly kind: "bar" | "line";
  readonly legend: readonly { readonly label: string; readonly colour: string; readonly dash: string }[];
}

// After the brand colour: GOV.UK's dark grey, dark red and green, each at least 4.5:1 on white,
// so bars and lines keep a 3:1 contrast with the page (WCAG 1.4.11). Lines differ by dash too.
const OTHER_COLOURS = ["#505a5f", "#942514", "#00703c"] as const;
const DASHES = ["", "6 3", "2 3", "8 3 2 3"] as const;

// Drawn 360 units wide and shown at most 30em wide: the text is 13 px on a phone, about 17 px on
// a desktop, and the chart never widens the page.
const WIDTH = 360;
const FONT_SIZE = 13;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A figure from a cell, or undefined when there is none to draw. */
export function figure(cell: ChartCell): number | undefined {
  if (typeof cell === "number" && Number.isFinite(cell)) return cell;
  if (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell.trim())) return Number(cell);
  return undefined;
}

/** A month (`2026-03`) or date (`2026-03-01`) in words: "March 2026", "1 March 2026". */
export function categoryInWords(value: ChartCell): string {
  const text = value === null || value === undefined ? "" : String(value);
  if (!MONTH.test(text)) return text;
  const [year, month, day] = text.split("-");
  const name = MONTH_NAMES[Number(month) - 1] ?? "";
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

function monthDate(value: ChartCell): Date {
  const text = String(value);
  return new Date(`${text.length === 7 ? `${text}-01` : text}T00:00:00Z`);
}

function numberInWords(n: number): string {
  return n.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

/** A cell that is words, not a figure ("fewer than 5"): written where its bar would be. */
export function wordOf(cell: ChartCell): string | undefined {
  return typeof cell === "string" && cell.trim() !== "" && figure(cell) === undefined ? cell.trim() : undefined;
}

/** The columns drawn: those asked for, or every column holding figures but the category. */
export function seriesOf(input: Pick<ChartInput, "columns" | "rows" | "series">, category: string): ChartColumn[] {
  const wanted = input.series ?? input.columns.map((c) => c.key);
  return input.columns
    .filter((c) => c.key !== category && wanted.includes(c.key))
    .filter((c) => input.rows.some((row) => figure(row[c.key]) !== undefined || wordOf(row[c.key]) !== undefined))
    .slice(0, 4);
}

/** The chart's description in words: what is drawn, and the figures (or the highest and lowest). */
export function describe(
  input: ChartInput,
  kind: "bar" | "line",
  category: string,
  series: readonly ChartColumn[],
): string {
  const what = kind === "line" ? "Line chart" : "Bar chart";
  const categoryLabel = input.columns.find((c) => c.key === category)?.label ?? category;
  const head = `${what} of ${input.title.charAt(0).toLowerCase()}${input.title.slice(1)}, ${input.period}, by ${categoryLabel.toLowerCase()}.`;
  if (input.rows.length === 0 || series.length === 0) return `${head} There are no figures for this period.`;
  const parts = series.map((s) => {
    const all = input.rows.map((row) => ({
      name: categoryInWords(row[category]),
      value: figure(row[s.key]),
      word: wordOf(row[s.key]),
    }));
    const points = all.filter((p): p is { name: string; value: number; word: undefined } => p.value !== undefined);
    if (all.length <= 6)
      return `${s.label}: ${all
        .flatMap((p) =>
          p.value !== undefined ? [`${p.name} ${numberInWords(p.value)}`] : p.word ? [`${p.name} ${p.word}`] : [],
        )
        .join("; ")}.`;
    if (points.length === 0) return `${s.label}: no figures.`;
    const high = points.reduce((a, b) => (b.value > a.value ? b : a));
    const low = points.reduce((a, b) => (b.value < a.value ? b : a));
    return `${s.label}: highest ${numberInWords(high.value)} (${high.name}), lowest ${numberInWords(low.value)} (${low.name}).`;
  });
  return `${head} ${parts.join(" ")} The table below gives every figure.`;
}

/** Draws the chart. Rows with no figure for a series are left out of that series (never drawn as 0). */
export function drawChart(input: ChartInput): Chart {
  const category = input.category ?? input.columns[0]?.key ?? "";
  const series = seriesOf(input, category);
  const kind =
    input.kind ?? (input.rows.length > 1 && input.rows.every((r) => MONTH.test(String(r[category]))) ? "line" : "bar");
  const colours = [input.brand, ...OTHER_COLOURS];
  const legend = series.map((s, i) => ({ label: s.label, colour: colours[i] ?? input.brand, dash: DASHES[i] ?? "" }));
  const points = series.flatMap((s, i) =>
    input.rows.flatMap((row) => {
      const value = figure(row[s.key]);
      if (value === undefined) return [];
      return [{ name: categoryInWords(row[category]), when: monthDate(row[category]), series: s.label, i, value }];
    }),
  );
  const words = series.flatMap((s) =>
    input.rows.flatMap((row) => {
      const word = wordOf(row[s.key]);
      return word ? [{ name: categoryInWords(row[category]), series: s.label, word }] : [];
    }),
  );
  // The value axis always starts at 0 and reaches at least 4, so a chart with no figure (or only
  // 0s) still has a scale rather than NaN ticks, and small counts get whole-number ticks.
  const top = Math.max(4, ...points.map((p) => p.value));
  const names = input.rows.map((row) => categoryInWords(row[category]));
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const common = {
    document: document as unknown as Document,
    width: WIDTH,
    color: { domain: legend.map((l) => l.label), range: legend.map((l) => l.colour) },
  };
  let svg: Element;
  if (kind === "line") {
    svg = Plot.plot({
      ...common,
      height: 240,
      marginLeft: 44,
      marginRight: 32,
      marginBottom: 36,
      x: { type: "utc", label: null, ticks: 4, tickFormat: "%b %Y" },
      y: { domain: [0, top], grid: true, nice: true, label: null, tickFormat: "~s" },
      marks: [
        Plot.ruleY([0]),
        ...legend.map((l, i) =>
          Plot.line(
            points.filter((p) => p.i === i),
            { x: "when", y: "value", stroke: l.colour, strokeWidth: 3, ...(l.dash ? { strokeDasharray: l.dash } : {}) },
          ),
        ),
        Plot.dot(points, { x: "when", y: "value", fill: "series", r: 3.5 }),
      ],
    });
  } else {
    // A group a row: its name on a line of its own above its bars (a long name keeps the whole
    // width on a phone), then a bar a series, each with its figure at its end.
    const LABEL = "\u2060";
    const bands = [LABEL, ...legend.map((l) => l.label)];
    svg = Plot.plot({
      ...common,
      height: names.length * bands.length * 22 + 40,
      marginLeft: 8,
      marginRight: 44,
      marginTop: 8,
      marginBottom: 32,
      x: { domain: [0, top], grid: true, nice: true, label: null, tickFormat: "~s", ticks: 4 },
      y: { type: "band", domain: bands, axis: null, padding: 0.15 },
      fy: { axis: null, domain: names, padding: 0.05 },
      marks: [
        Plot.ruleX([0]),
        Plot.barX(points, { fy: "name", y: "series", x: "value", fill: "series" }),
        Plot.text(points, {
          fy: "name",
          y: "series",
          x: "value",
          text: (p) => numberInWords(p.value),
          dx: 4,
          textAnchor: "start",
        }),
        Plot.text(words, { fy: "name", y: "series", x: 0, text: "word", dx: 4, textAnchor: "start" }),
        Plot.text(names, {
          fy: (d) => d,
          y: () => LABEL,
          x: 0,
          text: (d) => d,
          textAnchor: "start",
          fontWeight: "bold",
          lineWidth: 23,
          textOverflow: "ellipsis",
        }),
      ],
    });
  }
  return { svg: finish(svg, input, describe(input, kind, category, series)), kind, legend };
}

/** The SVG made accessible and fit for the page's Content-Security-Policy (no inline styles). */
function finish(svg: Element, input: ChartInput, description: string): string {
  for (const style of svg.querySelectorAll("style")) style.remove();
  // Plot names its groups (`aria-label="bar"`), which ARIA does not allow on a <g> without a role;
  // the image is named by its title and description instead.
  for (const node of svg.querySelectorAll("[aria-label], [aria-description]")) {
    node.removeAttribute("aria-label");
    node.removeAttribute("aria-description");
  }
  svg.removeAttribute("style");
  svg.removeAttribute("aria-label");
  svg.removeAttribute("aria-description");
  svg.removeAttribute("height");
  svg.setAttribute("class", "admin-report-chart__svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${input.id}-title ${input.id}-desc`);
  svg.setAttribute("font-family", "inherit");
  svg.setAttribute("font-size", String(FONT_SIZE));
  svg.setAttribute("fill", "#0b0c0c");
  svg.setAttribute("focusable", "false");
  const doc = svg.ownerDocument;
  const title = doc.createElement("title");
  title.setAttribute("id", `${input.id}-title`);
  title.textContent = input.title;
  const desc = doc.createElement("desc");
  desc.setAttribute("id", `${input.id}-desc`);
  desc.textContent = description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}
