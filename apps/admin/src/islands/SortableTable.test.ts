import { describe, expect, it } from "vitest";
import { type Cell, sortRows } from "./SortableTable.tsx";

const row = (name: string, days: number): Record<string, Cell> => ({
  name: { text: name, sort: name },
  days: { text: String(days), sort: days },
});

describe("sortRows", () => {
  const rows = [row("Cal", 3), row("Ada", 10), row("Ben", 3)];
  it("keeps the server's order until a column is chosen", () => {
    expect(sortRows(rows, null, "ascending").map((r) => r.name?.text)).toEqual(["Cal", "Ada", "Ben"]);
  });
  it("sorts text and numbers both ways, ties in their original order", () => {
    expect(sortRows(rows, "name", "ascending").map((r) => r.name?.text)).toEqual(["Ada", "Ben", "Cal"]);
    expect(sortRows(rows, "days", "ascending").map((r) => r.name?.text)).toEqual(["Cal", "Ben", "Ada"]);
    expect(sortRows(rows, "days", "descending").map((r) => r.name?.text)).toEqual(["Ada", "Cal", "Ben"]);
  });
});
