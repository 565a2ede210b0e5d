import { describe, expect, it } from "vitest";
import { historyLines } from "./history.ts";

const harriet = { id: "u1", name: "Harriet Visitor", role: "home-visitor" };
const cora = { id: "u2", name: "Cora Ordinator", role: "coordinator" };
const entry = (at: string, action: string, what: string | null, actor = harriet) => ({ at, action, what, actor });

describe("historyLines", () => {
  it("reads a run of looks by one person as one line, and keeps every change", () => {
    const lines = historyLines([
      entry("10:05", "read", null),
      entry("10:04", "read", null),
      entry("10:03", "change", "target-changed"),
      entry("10:02", "read", null),
      entry("10:01", "read", null, cora),
      entry("10:00", "read", null, cora),
    ]);
    expect(lines.map((l) => [l.entry.at, l.count, l.since])).toEqual([
      ["10:05", 2, "10:04"],
      ["10:03", 1, "10:03"],
      ["10:02", 1, "10:02"],
      ["10:01", 2, "10:00"],
    ]);
  });
});
