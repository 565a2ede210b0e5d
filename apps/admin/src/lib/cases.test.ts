import { describe, expect, it } from "vitest";
import { caseApi, casePath, childName } from "./cases.ts";

describe("case addresses", () => {
  it("put each part of the path in its place, escaped", () => {
    expect(casePath("c1")).toBe("/admin/cases/c1");
    expect(casePath("c1", "plan", "goals", "new")).toBe("/admin/cases/c1/plan/goals/new");
    expect(casePath("c/1", "plan")).toBe("/admin/cases/c%2F1/plan");
    expect(caseApi("c1", "targets", "t 1", "practice-records")).toBe("/api/cases/c1/targets/t%201/practice-records");
    expect(childName({ firstName: "Ada", lastName: "Example" })).toBe("Ada Example");
  });
});
