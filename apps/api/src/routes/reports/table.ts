// The one table shape every report answers with (contract.ts): rows of cells, the cells a
// download suppresses marked in `small`, a totals row, and the CSV the same table becomes.
import { isSmall, suppressTotal } from "@openportage/domain";
import type { ReportCell, ReportColumn, ReportRow } from "./contract.js";
import { SUPPRESSED_MARK } from "./contract.js";

/** A row's cells before suppression is marked. */
export type Cells = Record<string, ReportCell>;

const countOf = (cell: ReportCell | undefined): number => (typeof cell === "number" ? cell : 0);

/** Marks the cells of a row that a download suppresses: small counts and what is worked out from them. */
export function markRow(columns: readonly ReportColumn[], cells: Cells, threshold: number): ReportRow {
  const small = new Set<string>();
  for (const col of columns) {
    if (col.kind === "count" && isSmall(countOf(cells[col.key]), threshold)) small.add(col.key);
  }
  for (const col of columns) {
    if ((col.kind === "days" || col.kind === "percent") && col.basis && small.has(col.basis)) small.add(col.key);
  }
  return { cells, small: columns.map((c) => c.key).filter((k) => small.has(k)) };
}

/**
 * The totals row: each `count` column added up; `days` and `percent` columns from `derived`
 * (worked out over all the rows' records, not added up). A total differs in a download, and is
 * marked small, when it is itself small or adds up a small cell (it is then rounded to the nearest 5).
 */
export function totalsRow(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  threshold: number,
  derived: Cells = {},
): ReportRow {
  const cells: Cells = {};
  const small = new Set<string>();
  let labelled = false;
  for (const col of columns) {
    if (col.kind === "text") {
      cells[col.key] = labelled ? "" : "Total";
      labelled = true;
    } else if (col.kind === "count") {
      const parts = rows.map((r) => countOf(r.cells[col.key]));
      const total = parts.reduce((a, b) => a + b, 0);
      cells[col.key] = total;
      if (isSmall(total, threshold) || parts.some((n) => isSmall(n, threshold))) small.add(col.key);
    } else {
      cells[col.key] = derived[col.key] ?? null;
    }
  }
  for (const col of columns) {
    if ((col.kind === "days" || col.kind === "percent") && col.basis && small.has(col.basis)) small.add(col.key);
  }
  return { cells, small: columns.map((c) => c.key).filter((k) => small.has(k)) };
}

function csvField(value: string): string {
  // Quote every field that needs it; a leading =, +, - or @ is prefixed so a spreadsheet never runs it.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvCell(col: ReportColumn, row: ReportRow, isTotal: boolean, threshold: number): string {
  const cell = row.cells[col.key];
  if (row.small.includes(col.key)) {
    // A small total that is not itself small is rounded to the nearest 5, not hidden (ADR 0045).
    if (isTotal && col.kind === "count" && typeof cell === "number") {
      const shown = suppressTotal(cell, [1], threshold);
      if (shown !== "suppressed") return String(shown);
    }
    return SUPPRESSED_MARK;
  }
  return cell === null || cell === undefined ? "" : csvField(String(cell));
}

/** The table as CSV (RFC 4180, CRLF line ends): labels, rows, then totals; small numbers suppressed. */
export function toCsv(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  totals: ReportRow | null,
  threshold: number,
): string {
  const lines = [columns.map((c) => csvField(c.label)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c, row, false, threshold)).join(","));
  if (totals) lines.push(columns.map((c) => csvCell(c, totals, true, threshold)).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
