import { expect, it } from "vitest";
import { closedCaseApi, closedCasePath } from "./closed-cases.ts";

it("builds the closed cases' addresses, escaping each part", () => {
  expect(closedCasePath()).toBe("/admin/closed-cases");
  expect(closedCasePath("abc", "reopen")).toBe("/admin/closed-cases/abc/reopen");
  expect(closedCaseApi("a/b", "transition-report.pdf")).toBe("/api/closed-cases/a%2Fb/transition-report.pdf");
  expect(closedCaseApi()).toBe("/api/closed-cases");
});
