import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { type IsoDate, parseIsoDate } from "../dates/date-only.js";
import amiraJson from "../plan/fixtures/amira-plan.json" with { type: "json" };
import { type Block, type PlayPlan, PlayPlanSchema, type Target } from "../plan/schema.js";
import type { ActivityRecord } from "../progress/activity-record.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { VISIT_STATUSES, type Visit, type VisitStatus } from "../visits/visit.js";
import { reviewBlock } from "./review.js";

const d = parseIsoDate;
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
const amira: PlayPlan = deepFreeze(v.parse(PlayPlanSchema, amiraJson));
const block = amira.blocks[0] as Block;
const [bricks, pictures, cup] = block.targets as [Target, Target, Target];
const context = { protocol: lancashire, childName: "Amira" };
const asOf = d("2026-03-23");

const rec = (
  targetId: string,
  date: string,
  result: { tries: number; successes: number } | { done: boolean },
  extra: Partial<Pick<ActivityRecord, "stepId" | "recordedBy">> = {},
): ActivityRecord => ({ targetId, date: d(date), recordedBy: "family", ...result, ...extra }) as ActivityRecord;

const records: readonly ActivityRecord[] = deepFreeze([
  rec("target-bricks", "2026-01-12", { tries: 4, successes: 3 }, { stepId: "bricks-1" }),
  rec("target-bricks", "2026-02-02", { tries: 4, successes: 3 }, { stepId: "bricks-3" }),
  rec("target-bricks", "2026-02-09", { tries: 4, successes: 4 }, { stepId: "bricks-3", recordedBy: "visitor" }),
  rec("target-bricks", "2026-02-23", { tries: 4, successes: 3 }, { stepId: "bricks-3" }),
  // Before the block started: not part of this block's review.
  rec("target-pictures", "2025-12-08", { tries: 4, successes: 4 }, { stepId: "pictures-3" }),
  rec("target-pictures", "2025-12-09", { tries: 4, successes: 4 }, { stepId: "pictures-3" }),
  rec("target-pictures", "2026-03-02", { tries: 4, successes: 3 }, { stepId: "pictures-2" }),
  rec("target-pictures", "2026-03-09", { tries: 4, successes: 2 }, { stepId: "pictures-2" }),
  rec("target-cup", "2026-01-13", { done: false }),
  rec("target-cup", "2026-02-03", { done: false }),
  // After the review day: not counted.
  rec("target-cup", "2026-03-24", { done: true }),
]);

const mondays = [
  "2026-01-05",
  "2026-01-12",
  "2026-01-19",
  "2026-01-26",
  "2026-02-02",
  "2026-02-09",
  "2026-02-23",
  "2026-03-02",
  "2026-03-09",
  "2026-03-16",
  "2026-03-23",
];
const statusOn: Record<string, VisitStatus> = {
  "2026-01-26": "missed",
  "2026-02-09": "cancelled-by-family",
  "2026-03-02": "cancelled-by-service",
  "2026-03-23": "planned",
};
const visits: readonly Visit[] = deepFreeze([
  ...mondays.map((date) => ({ date: d(date), time: "10:00", status: statusOn[date] ?? ("held" as const) })),
  // The next block's first visit: outside this block.
  { date: d("2026-04-13"), time: "10:00", status: "held" as const },
]);

describe("reviewBlock", () => {
  const result = reviewBlock(amira, records, visits, asOf, context);
  if (!result.ok) throw new Error(result.reason);
  const review = result.value;

  it("reviews the active block when no block is named", () => {
    expect(review).toMatchObject({
      blockId: "block-1",
      blockNumber: 1,
      period: { start: "2026-01-05", end: "2026-03-27" },
      asOf: "2026-03-23",
    });
  });

  it("judges each target from this block's records up to the review day", () => {
    expect(review.targets.map((t) => [t.targetId, t.area, t.status, t.suggestedOutcome, t.decided])).toEqual([
      ["target-bricks", "Physical development", "achieved", "achieved", false],
      ["target-pictures", "Communication and language", "developing", "carried-forward", false],
      ["target-cup", "Self-care and independence", "not-started", "stopped", false],
    ]);
    expect(review.targets[0]?.progress.achievedOn).toBe("2026-02-09");
    expect(review.targetsSet).toBe(3);
    expect(review.targetsAchieved).toBe(1);
  });

  it("leaves out practice recorded after the block ended", () => {
    const late = [
      rec("target-cup", "2026-01-13", { done: true }),
      // After the block's last day: the next block's practice, even before the review is held.
      rec("target-cup", "2026-04-14", { done: true }),
      rec("target-cup", "2026-04-15", { done: true }),
    ];
    const later = reviewBlock(amira, late, visits, d("2026-04-20"), context);
    if (!later.ok) throw new Error(later.reason);
    const cupReview = later.value.targets.find((t) => t.targetId === "target-cup");
    expect(cupReview?.progress.recordsCounted).toBe(1);
  });

  it("suggests the next teaching step after the furthest one the child has met", () => {
    expect(review.targets[1]?.nextTeachingStep).toEqual({
      id: "pictures-3",
      text: "point to the picture that is named",
    });
    expect(review.targets.map((t) => t.nextStep)).toEqual([
      "Move on: set a new target in Physical development that builds on this one.",
      "Carry forward with the next teaching step: point to the picture that is named.",
      "Consider stopping: no success recorded in 2 records. Break it into smaller steps or choose another target in Self-care and independence.",
    ]);
  });

  it("counts the block's visits: family cancellations as missed, the service's apart", () => {
    expect(review).toMatchObject({
      visitsPlanned: 11,
      visitsHeld: 7,
      visitsMissed: 2,
      visitsCancelledByService: 1,
      visitsToCome: 1,
    });
  });

  it("celebrates with warm, specific words", () => {
    expect(review.celebrate).toEqual([
      "Amira can now stack three bricks.",
      "Amira managed to point to a picture when it is named 3 out of 4 times on 1 day.",
      "Thank you for practising together and noting it on 7 days.",
      "We enjoyed 7 visits together.",
    ]);
  });

  it("sets the next focus area by area", () => {
    expect(review.nextFocus).toEqual([
      "Physical development: a new target that builds on Amira being able to stack three bricks.",
      'Communication and language: keep practising "point to a picture when it is named", next step: point to the picture that is named.',
      'Self-care and independence: a smaller step, or a new target, in place of "drink from an open cup".',
    ]);
  });

  it("gives a report to render as it is", () => {
    expect(review.report.title).toBe("Block 1 review: 5 January 2026 to 27 March 2026");
    expect(review.report.sections.map((s) => [s.kind, s.heading])).toEqual([
      ["summary", "The block"],
      ["list", "What we are celebrating"],
      ["table", "Targets"],
      ["list", "Next focus"],
    ]);
    expect(review.report.sections[0]).toEqual({
      kind: "summary",
      heading: "The block",
      rows: [
        { key: "Dates", value: "5 January 2026 to 27 March 2026" },
        { key: "Visits", value: "Weekly on Mondays at 10:00" },
        { key: "Visits held", value: "7 of 11 (2 missed, 1 cancelled by the service)" },
        { key: "Targets achieved", value: "1 of 3" },
        { key: "Reviewed on", value: "23 March 2026" },
      ],
    });
    expect(review.report.sections[2]).toMatchObject({
      columns: ["Area", "Target", "Progress", "Outcome", "Next step"],
      rows: [
        [
          "Physical development",
          "stack three bricks",
          "Achieved. Achieved on 9 February 2026: 3 out of 4 reached on 3 different days (12 January, 2 and 9 February 2026).",
          "Achieved (suggested)",
          "Move on: set a new target in Physical development that builds on this one.",
        ],
        expect.any(Array),
        expect.any(Array),
      ],
    });
  });
});

describe("reviewBlock: choosing the block", () => {
  const second: Block = {
    ...block,
    id: "block-2",
    number: 2,
    start: d("2026-04-13"),
    end: d("2026-07-20"),
    status: "active",
    targets: [{ ...bricks, id: "target-bricks-2" }],
  };
  const inReview = { ...block, status: "in-review" as const };

  it("prefers the block in review to an active one", () => {
    const plan = { ...amira, blocks: [inReview, second] };
    expect(reviewBlock(plan, [], [], asOf, context)).toMatchObject({ ok: true, value: { blockId: "block-1" } });
  });

  it("reviews the block named", () => {
    const plan = { ...amira, blocks: [{ ...block, status: "completed" as const }, second] };
    expect(reviewBlock(plan, [], [], asOf, { ...context, blockId: "block-1" })).toMatchObject({
      ok: true,
      value: { blockId: "block-1" },
    });
  });

  it("refuses when no block is running, or the named block does not exist", () => {
    const plan = { ...amira, blocks: [{ ...block, status: "completed" as const }] };
    expect(reviewBlock(plan, [], [], asOf, context)).toMatchObject({ ok: false, code: "no-block" });
    expect(reviewBlock(amira, [], [], asOf, { ...context, blockId: "block-9" })).toEqual({
      ok: false,
      code: "no-block",
      reason: 'The plan has no block with the id "block-9".',
    });
  });
});

describe("reviewBlock: targets", () => {
  const review = (targets: Target[], recs: ActivityRecord[], childName = "Amira") => {
    const plan = { ...amira, blocks: [{ ...block, targets }] };
    const result = reviewBlock(plan, recs, [], asOf, { ...context, childName });
    if (!result.ok) throw new Error(result.reason);
    return result.value;
  };

  it("keeps an outcome already recorded on the target", () => {
    const stopped: Target = {
      ...cup,
      status: "ended",
      outcome: { result: "stopped", on: d("2026-02-16"), reason: "Amira now drinks from a beaker at nursery" },
    };
    const carried: Target = { ...bricks, status: "ended", outcome: { result: "carried-forward", on: d("2026-03-16") } };
    const r = review([stopped, carried], []);
    expect(r.targets.map((t) => [t.suggestedOutcome, t.decided, t.nextStep])).toEqual([
      ["stopped", true, "Stopped: Amira now drinks from a beaker at nursery"],
      ["carried-forward", true, "Carry forward: no records this block. Agree with the family how to note practice."],
    ]);
    expect((r.report.sections[2] as { rows: readonly (readonly string[])[] }).rows.map((row) => row[3])).toEqual([
      "Stop (recorded)",
      "Carry forward (recorded)",
    ]);
  });

  it("says when the records do not name the teaching step", () => {
    const r = review([bricks], [rec("target-bricks", "2026-01-12", { tries: 4, successes: 1 })]);
    expect(r.targets[0]).toMatchObject({ status: "emerging", suggestedOutcome: "carried-forward" });
    expect(r.targets[0]?.nextTeachingStep).toBeUndefined();
    expect(r.targets[0]?.nextStep).toBe(
      "Carry forward: the records do not say which teaching step was practised, so agree the next step at the review.",
    );
    expect(r.celebrate[0]).toBe("Amira has started to stack three bricks.");
    expect(r.nextFocus).toEqual(['Physical development: keep practising "stack three bricks".']);
  });

  it("keeps the furthest step practised until the child meets it, and the last step once met", () => {
    const notMet = review(
      [bricks],
      [
        rec("target-bricks", "2026-01-12", { tries: 4, successes: 3 }, { stepId: "bricks-1" }),
        rec("target-bricks", "2026-01-13", { tries: 4, successes: 1 }, { stepId: "bricks-2" }),
      ],
    );
    expect(notMet.targets[0]?.nextTeachingStep?.id).toBe("bricks-2");
    const lastMet = review([bricks], [rec("target-bricks", "2026-01-12", { done: true }, { stepId: "bricks-3" })]);
    expect(lastMet.targets[0]?.nextTeachingStep?.id).toBe("bricks-3");
  });

  it("finds something to celebrate even in a quiet block, with a name or without", () => {
    expect(review([bricks, pictures, cup], []).celebrate).toEqual(["Amira has made a start on 3 new targets."]);
    expect(review([bricks], [], "  ").celebrate).toEqual(["Your child has made a start on 1 new target."]);
  });

  it("does not count the visitor's records as the family's practice", () => {
    const r = review(
      [bricks],
      [rec("target-bricks", "2026-01-12", { tries: 4, successes: 1 }, { recordedBy: "visitor" })],
    );
    expect(r.celebrate).toEqual(["Amira has started to stack three bricks."]);
  });
});

describe("reviewBlock: visit figures (property)", () => {
  it("sorts every visit in the block's dates into exactly one figure, and ignores the rest", () => {
    const arbitraryVisit = fc.record({
      date: fc.constantFrom(...mondays, "2025-12-15", "2026-04-13").map((date) => date as IsoDate),
      time: fc.constant("10:00"),
      status: fc.constantFrom(...VISIT_STATUSES),
    });
    fc.assert(
      fc.property(fc.array(arbitraryVisit, { maxLength: 30 }), (list) => {
        const result = reviewBlock(amira, [], list, asOf, context);
        if (!result.ok) return false;
        const r = result.value;
        const inBlock = list.filter((x) => x.date >= block.start && x.date <= block.end).length;
        return (
          r.visitsPlanned === inBlock &&
          r.visitsHeld + r.visitsMissed + r.visitsCancelledByService + r.visitsToCome === inBlock
        );
      }),
    );
  });
});
