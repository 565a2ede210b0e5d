import { describe, expect, it } from "vitest";
import { agingOutSoon, longestWait } from "./dashboard.ts";
import type { WaitingListEntry } from "./records.ts";

const entry = (reference: string, daysWaited: number, weeksLeft: number, agesOutOn: string): WaitingListEntry => ({
  position: 1,
  referralId: reference,
  reference,
  child: { id: reference, firstName: "A", lastName: "B", dateOfBirth: "2025-01-01" },
  acceptedOn: "2026-01-01",
  daysWaited,
  agesOutOn,
  weeksLeft,
  agedOut: weeksLeft <= 0,
  total: 1,
  breakdown: [],
});

describe("dashboard figures", () => {
  it("finds the longest wait", () => {
    expect(longestWait([])).toBeNull();
    expect(longestWait([entry("A", 3, 50, "2028-01-01"), entry("B", 40, 50, "2028-01-01")])?.reference).toBe("B");
  });
  it("lists children ageing out soon, soonest first", () => {
    const list = [entry("A", 1, 30, "2027-06-01"), entry("B", 1, 10, "2027-02-01"), entry("C", 1, 0, "2026-11-01")];
    expect(agingOutSoon(list).map((e) => e.reference)).toEqual(["C", "B"]);
  });
});
