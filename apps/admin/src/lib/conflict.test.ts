import { describe, expect, it } from "vitest";
import { conflictSummary, isEditConflict, refusal, whenChanged } from "./conflict.ts";
import { parseProblem } from "./problem.ts";

const conflict = parseProblem(
  {
    type: "/api/problems/edit-conflict",
    title: "Someone else changed this record while you were editing it",
    status: 409,
    detail: "This plan was changed by Cora Ordinator since you opened it.",
    currentVersion: 7,
    changedBy: "Cora Ordinator",
    changedAt: "2026-12-01T10:42:00.000Z",
    changes: ["target-changed", "target-changed", "goal-added"],
  },
  409,
);

describe("an edit conflict", () => {
  it("is read from the problem document with its members", () => {
    expect(conflict.conflict).toEqual({
      currentVersion: 7,
      changedBy: "Cora Ordinator",
      changedAt: "2026-12-01T10:42:00.000Z",
      changes: ["target-changed", "target-changed", "goal-added"],
    });
    expect(isEditConflict(conflict)).toBe(true);
    expect(isEditConflict(parseProblem({ title: "Conflict", status: 409 }, 409))).toBe(false);
  });

  it("says who changed it and when, kindly, and what changed", () => {
    expect(conflictSummary(conflict, "play plan", "Check the plan below and save again.", "2026-12-01")).toEqual([
      {
        text: "Someone else changed this play plan while you were editing (Cora Ordinator, 10:42am). Check the plan below and save again.",
      },
      { text: "What changed: Changed a target; Added a long-term goal." },
    ]);
    expect(whenChanged("2026-11-30T16:05:00.000Z", "2026-12-01")).toBe("30 November 2026 at 4:05pm");
    expect(whenChanged(null)).toBe("");
  });

  it("gives the form the current version, so saving again goes through", () => {
    const result = refusal(conflict, {}, { record: "play plan", check: "Save again.", version: 3 });
    expect(result.version).toBe(7);
    expect(result.conflict).toBe(true);
    expect(result.fields).toEqual({});
  });

  it("leaves other refusals to the field errors, keeping the version", () => {
    const problem = parseProblem(
      {
        title: "Your request has problems",
        status: 422,
        errors: [{ field: "does", pointer: "/does", message: "must not be empty" }],
      },
      422,
    );
    const result = refusal(
      problem,
      { does: { id: "does", label: "What the child will do" } },
      {
        record: "play plan",
        check: "",
        version: 3,
      },
    );
    expect(result).toEqual({
      summary: [{ text: "What the child will do must not be empty", href: "#does" }],
      fields: { does: "What the child will do must not be empty" },
      version: 3,
      conflict: false,
    });
  });
});
