import type { TargetReviewView } from "@openportage/api";
import { describe, expect, it } from "vitest";
import { blockReviewForm, goalReviewForm, openTargets, reviewValues } from "./review-forms.ts";

const target = (id: string, decided: boolean, suggestedOutcome: TargetReviewView["suggestedOutcome"]) =>
  ({
    targetId: id,
    areaId: "physical",
    area: "Physical development",
    does: `target ${id}`,
    status: "developing",
    progressSummary: "",
    daysMet: [],
    daysNeeded: 3,
    recordsCounted: 0,
    suggestedOutcome,
    decided,
    nextStep: "",
  }) satisfies TargetReviewView;

describe("the block review form", () => {
  const targets = [
    target("t1", false, "achieved"),
    target("t2", true, "stopped"),
    target("t3", false, "carried-forward"),
  ];

  it("starts from the records' suggestion for each open target and the next block's pattern", () => {
    expect(openTargets(targets).map((t) => t.targetId)).toEqual(["t1", "t3"]);
    const values = reviewValues(
      targets,
      { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "10:00" },
      {},
    );
    expect(values).toMatchObject({
      "target-0": "t1",
      "result-0": "achieved",
      "target-1": "t3",
      "result-1": "carried-forward",
      decision: "next-block",
      "nextStart-day": "1",
      "nextStart-month": "3",
      "nextStart-year": "2027",
      nextWeekday: "monday",
    });
  });

  it("sends each outcome (a reason only when stopped), the next block only for next-block, and maps fields back", () => {
    const values = {
      "reviewedOn-day": "25",
      "reviewedOn-month": "2",
      "reviewedOn-year": "2027",
      "target-0": "t1",
      "result-0": "stopped",
      "reason-0": "Too big a step",
      "target-1": "t3",
      "result-1": "carried-forward",
      "reason-1": "ignored",
      celebrations: "Bubbles",
      nextFocus: "Words",
      decision: "next-block",
      "nextStart-day": "1",
      "nextStart-month": "3",
      "nextStart-year": "2027",
      nextFrequency: "weekly",
      nextWeekday: "monday",
      nextTime: "9.30",
    };
    const { body, fieldIds } = blockReviewForm(values, 2);
    expect(body).toEqual({
      reviewedOn: "2027-02-25",
      celebrations: "Bubbles",
      nextFocus: "Words",
      outcomes: [
        { targetId: "t1", result: "stopped", reason: "Too big a step" },
        { targetId: "t3", result: "carried-forward" },
      ],
      decision: "next-block",
      nextBlock: { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "09:30" },
    });
    expect(fieldIds["outcomes.0.reason"]).toMatchObject({ id: "reason-0" });
    expect(fieldIds["nextBlock.start"]).toMatchObject({ id: "nextStart-day" });

    const waiting = blockReviewForm({ ...values, decision: "waiting-list", profileId: "p1" }, 2).body;
    expect(waiting?.nextBlock).toBeUndefined();
    expect(waiting?.profileId).toBe("p1");
  });

  it("refuses a date that is not one, naming it", () => {
    const { body, errors } = blockReviewForm(
      { "reviewedOn-day": "31", "reviewedOn-month": "2", "reviewedOn-year": "2027" },
      0,
    );
    expect(body).toBeUndefined();
    expect(errors?.summary[0]).toMatchObject({ href: "#reviewedOn-day" });
  });
});

describe("the goal review form", () => {
  it("sends the date, outcome, coordinator and note", () => {
    const { body } = goalReviewForm({
      "reviewedOn-day": "25",
      "reviewedOn-month": "2",
      "reviewedOn-year": "2027",
      outcome: "continued",
      coordinatorId: "c1",
      note: "",
    });
    expect(body).toEqual({ reviewedOn: "2027-02-25", outcome: "continued", coordinatorId: "c1" });
  });
});
