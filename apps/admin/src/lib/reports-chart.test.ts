import { describe, expect, it } from "vitest";
import { categoryInWords, drawChart, figure } from "./reports-chart.ts";

const routes = {
  id: "routes",
  brand: "#1d70b8",
  title: "Referrals received",
  period: "1 January 2026 to 31 December 2026",
  columns: [
    { key: "route", label: "Route" },
    { key: "referrals", label: "Referrals" },
  ],
  rows: [
    { route: "Health visitor", referrals: 12 },
    { route: "Parent or carer", referrals: 7 },
    { route: "GP", referrals: null },
  ],
} as const;

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;

describe("drawChart", () => {
  it("draws one bar per row with a figure, named and described in words", () => {
    const { svg, kind } = drawChart(routes);
    expect(kind).toBe("bar");
    expect(svg).toMatch(/^<svg[^>]* role="img"/);
    expect(svg).toContain('aria-labelledby="routes-title routes-desc"');
    expect(svg).toContain('<title id="routes-title">Referrals received</title>');
    expect(svg).toMatch(
      /<desc id="routes-desc">Bar chart of referrals received, 1 January 2026 to 31 December 2026, by route\. Referrals: Health visitor 12; Parent or carer 7\./,
    );
    // GP has no figure: no bar, and never a bar of 0 or NaN.
    expect(count(svg, /<rect /g)).toBe(2);
    expect(svg).not.toContain("NaN");
    expect(svg).toContain('fill="#1d70b8"');
    // Every row is named on the axis, and the figures are written at the bars' ends.
    for (const name of ["Health visitor", "Parent or carer", "GP"]) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain(">12</text>");
  });

  it("keeps within the page's Content-Security-Policy: no inline styles", () => {
    const { svg } = drawChart(routes);
    expect(svg).not.toContain("<style");
    expect(svg).not.toContain("style=");
    // Nor ARIA names on groups without a role (axe: aria-prohibited-attr).
    expect(svg).not.toMatch(/<g[^>]*aria-label/);
    // No fixed height: the chart scales with its width.
    expect(svg).not.toMatch(/^<svg[^>]* height=/);
  });

  it("draws figures by month as lines, one a series, told apart by dash as well as colour", () => {
    const { svg, kind, legend } = drawChart({
      id: "visits",
      brand: "#1d70b8",
      title: "Visits",
      period: "2026",
      columns: [
        { key: "month", label: "Month" },
        { key: "planned", label: "Planned" },
        { key: "held", label: "Held" },
      ],
      rows: [
        { month: "2026-01", planned: 12, held: 10 },
        { month: "2026-02", planned: 14, held: 9 },
        { month: "2026-03", planned: 8, held: 8 },
      ],
    });
    expect(kind).toBe("line");
    expect(count(svg, /stroke-width="3"/g)).toBe(2);
    expect(legend.map((l) => l.label)).toEqual(["Planned", "Held"]);
    expect(new Set(legend.map((l) => l.dash)).size).toBe(2);
    expect(svg).toContain("Planned: January 2026 12; February 2026 14; March 2026 8.");
    expect(svg).not.toContain("NaN");
  });

  it("draws grouped bars for several series, one bar per row and series", () => {
    const { svg } = drawChart({
      id: "g",
      brand: "#1d70b8",
      title: "Visits by visitor",
      period: "2026",
      kind: "bar",
      columns: [
        { key: "visitor", label: "Home visitor" },
        { key: "planned", label: "Planned" },
        { key: "held", label: "Held" },
      ],
      rows: [
        { visitor: "Harriet", planned: 12, held: 10 },
        { visitor: "Hamid", planned: 14, held: 9 },
      ],
    });
    expect(count(svg, /<rect /g)).toBe(4);
    expect(svg).toContain(">Harriet</text>");
  });

  it("writes a suppressed figure in words where its bar would be, never drawing it", () => {
    const { svg } = drawChart({
      ...routes,
      rows: [
        { route: "Health visitor", referrals: 12 },
        { route: "GP", referrals: "fewer than 5" },
      ],
    });
    expect(count(svg, /<rect /g)).toBe(1);
    expect(svg).toContain(">fewer than 5</text>");
    expect(svg).toContain("Referrals: Health visitor 12; GP fewer than 5.");
    expect(svg).not.toContain("NaN");
  });

  it("describes many rows by their highest and lowest", () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}`, n: i + 1 }));
    const { svg } = drawChart({
      ...routes,
      id: "m",
      columns: [
        { key: "month", label: "Month" },
        { key: "n", label: "Children" },
      ],
      rows,
    });
    expect(svg).toContain("Children: highest 12 (December 2026), lowest 1 (January 2026).");
  });

  it("says so when there are no figures", () => {
    const { svg } = drawChart({ ...routes, rows: [] });
    expect(svg).toContain("There are no figures for this period.");
    expect(svg).not.toContain("NaN");
    // Whole-number ticks: counts have no 0.2.
    expect(svg).not.toMatch(/>0\.\d<\/text>/);
  });
});

describe("figure and categoryInWords", () => {
  it("reads figures, and nothing else, from cells", () => {
    expect(figure(3)).toBe(3);
    expect(figure("4.5")).toBe(4.5);
    expect(figure(null)).toBeUndefined();
    expect(figure("fewer than 5")).toBeUndefined();
    expect(figure(Number.NaN)).toBeUndefined();
  });
  it("writes months and dates in words", () => {
    expect(categoryInWords("2026-03")).toBe("March 2026");
    expect(categoryInWords("2026-03-01")).toBe("1 March 2026");
    expect(categoryInWords("GP")).toBe("GP");
  });
});
