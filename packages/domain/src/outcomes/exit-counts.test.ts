import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { type ExitRecord, exitsByReason } from "./exit-counts.js";

const d = parseIsoDate;
const exits: ExitRecord[] = [
  { childId: "ava", reasonId: "age-limit", exitedOn: d("2026-04-01") },
  { childId: "ben", reasonId: "started-setting", exitedOn: d("2026-01-05") },
  { childId: "cal", reasonId: "started-setting", exitedOn: d("2026-09-03") },
  // Left, came back, and left again for the same reason: one child.
  { childId: "dee", reasonId: "family-withdrew", exitedOn: d("2025-11-10") },
  { childId: "dee", reasonId: "family-withdrew", exitedOn: d("2026-05-11") },
  { childId: "eve", reasonId: "setting-hours", exitedOn: d("2026-02-02") },
  { childId: "fin", reasonId: "moved-away", exitedOn: d("2026-10-01") },
];

describe("exitsByReason", () => {
  it("counts children by reason in the protocol's order, with zeros, then reasons it does not list", () => {
    const result = exitsByReason(exits, d("2026-09-30"), cheshireEast);
    expect(result.exits).toBe(6);
    expect(result.children).toBe(5);
    expect(result.byReason.map((r) => [r.reasonId, r.listed, r.children])).toEqual([
      ["age-limit", true, 1],
      ["started-setting", true, 2],
      ["moved-away", true, 0],
      ["needs-met", true, 0],
      ["family-withdrew", true, 1],
      ["missed-visits", true, 0],
      ["setting-hours", false, 1],
    ]);
    expect(result.byReason[0]?.name).toBe("Reached the end of the age range");
    expect(result.byReason.at(-1)).not.toHaveProperty("name");
  });

  it("counts an exit on asOf itself", () => {
    expect(exitsByReason(exits, d("2026-10-01"), cheshireEast).exits).toBe(7);
    expect(exitsByReason(exits, d("2026-09-30"), cheshireEast, { since: d("2026-09-03") }).exits).toBe(1);
  });

  it("counts only exits within the reporting period", () => {
    const result = exitsByReason(exits, d("2026-09-30"), cheshireEast, { since: d("2026-04-01") });
    expect(result.exits).toBe(3);
    expect(result.byReason.filter((r) => r.children > 0).map((r) => r.reasonId)).toEqual([
      "age-limit",
      "started-setting",
      "family-withdrew",
    ]);
  });
});
