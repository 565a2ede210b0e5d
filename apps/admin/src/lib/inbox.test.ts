import { describe, expect, it } from "vitest";
import { applyFilters, readFilters } from "./inbox.ts";
import type { ReferralSummary } from "./records.ts";

const child = { id: "c", firstName: "Ada", lastName: "Example", dateOfBirth: "2025-01-01" };
const referral = (id: string, route: string, receivedAt: string): ReferralSummary => ({
  id,
  reference: id,
  route,
  status: "received",
  receivedAt,
  eligibilityOutcome: "eligible",
  child,
});

describe("readFilters", () => {
  it("shows new referrals by default", () => {
    expect(readFilters(new URLSearchParams())).toEqual({ status: "received", route: "", from: "", to: "" });
  });
  it("reads every filter and ignores nonsense", () => {
    expect(readFilters(new URLSearchParams("status=waiting&route=early-help&from=2026-01-01&to=2026-02-01"))).toEqual({
      status: "waiting",
      route: "early-help",
      from: "2026-01-01",
      to: "2026-02-01",
    });
    expect(readFilters(new URLSearchParams("status=any"))).toMatchObject({ status: "" });
    expect(readFilters(new URLSearchParams("status=bogus&route=<script>&from=yesterday"))).toEqual({
      status: "",
      route: "",
      from: "",
      to: "",
    });
  });
});

describe("applyFilters", () => {
  const list = [
    referral("A", "self-referral", "2026-01-10T10:00:00Z"),
    referral("B", "early-help", "2026-02-10T10:00:00Z"),
    referral("C", "early-help", "2026-06-30T23:30:00Z"),
  ];
  it("filters by route and by the day received in England, both ends inclusive", () => {
    expect(applyFilters(list, { status: "", route: "early-help", from: "", to: "" }).map((r) => r.id)).toEqual([
      "B",
      "C",
    ]);
    expect(
      applyFilters(list, { status: "", route: "", from: "2026-02-10", to: "2026-06-30" }).map((r) => r.id),
    ).toEqual(["B"]);
    expect(applyFilters(list, { status: "", route: "", from: "2026-07-01", to: "" }).map((r) => r.id)).toEqual(["C"]);
  });
});
