import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import amiraJson from "./fixtures/amira-plan.json" with { type: "json" };
import { type Block, type PlayPlan, PlayPlanSchema, type Target } from "./schema.js";
import { validateBlock, validatePlan } from "./validate.js";

const d = parseIsoDate;
const amira: PlayPlan = v.parse(PlayPlanSchema, amiraJson);
const block = amira.blocks[0] as Block;
const target = block.targets[0] as Target;
const paths = (problems: readonly { path: string }[]) => problems.map((p) => p.path);
const withBlock = (changes: Partial<Block>): PlayPlan => ({ ...amira, blocks: [{ ...block, ...changes }] });

describe("validatePlan", () => {
  it("finds nothing wrong with a sound plan, under either preset", () => {
    expect(validatePlan(amira, lancashire)).toEqual([]);
    expect(validatePlan(amira, cheshireEast)).toEqual([]);
  });

  it("lists every problem with the plan's shape, with paths", () => {
    const json = structuredCloneJson(amiraJson) as {
      blocks: { time: string; weekday: string; colour?: string; targets: { conditions?: string }[] }[];
    };
    const first = json.blocks[0] as (typeof json.blocks)[number];
    first.time = "9:30";
    first.weekday = "Monday";
    first.colour = "blue";
    delete (first.targets[0] as { conditions?: string }).conditions;
    const problems = validatePlan(json, lancashire);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "blocks.0.time", message: "must be a time written HH:MM on the 24-hour clock, e.g. 09:30" },
        { path: "blocks.0.weekday", message: "must be a day of the week in lower case, e.g. monday" },
        { path: "blocks.0.colour", message: "is not part of a play plan" },
        { path: "blocks.0.targets.0.conditions", message: "is required" },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it("says so when the plan is not an object at all", () => {
    expect(paths(validatePlan("a plan", lancashire))).toEqual(["(the whole plan)"]);
  });

  it("checks cross-field rules: criterion, practice, outcome, agreement, dates", () => {
    const json = structuredCloneJson(amiraJson) as Record<string, unknown> & {
      blocks: Record<string, unknown>[];
      longTermGoals: Record<string, unknown>[];
    };
    const first = json.blocks[0] as Record<string, unknown> & { targets: Record<string, unknown>[] };
    first.end = "2026-01-01";
    const t0 = first.targets[0] as Record<string, unknown>;
    t0.criterion = { successes: 5, outOf: 4, days: 3 };
    t0.practice = { how: "at tidy-up time" };
    t0.status = "ended";
    delete json.agreedOn;
    (json.longTermGoals[0] as Record<string, unknown>).reviewBy = "2026-01-05";
    expect(paths(validatePlan(json, lancashire)).sort()).toEqual(
      [
        "agreedBy",
        "blocks.0.end",
        "blocks.0.targets.0.criterion.successes",
        "blocks.0.targets.0.practice.howOften",
        "blocks.0.targets.0.outcome",
        "longTermGoals.0.reviewBy",
      ].sort(),
    );
  });

  it("requires a block to start and end in term time, citing the term dates", () => {
    const problems = validatePlan(withBlock({ start: d("2026-02-16"), end: d("2028-01-07") }), lancashire);
    expect(problems).toEqual([
      {
        path: "blocks.0.start",
        message:
          "starts on 2026-02-16, school holiday between Spring 2026 (first half) and Spring 2026 (second half); a block starts and ends in term time",
        clause: "term-dates",
      },
      {
        path: "blocks.0.end",
        message: "ends on 2028-01-07, outside the term dates the protocol lists; a block starts and ends in term time",
        clause: "term-dates",
      },
    ]);
  });

  it("lets a block start on a closure day, which is still in term", () => {
    expect(validatePlan(withBlock({ start: d("2026-05-04"), end: d("2026-07-20") }), lancashire)).toEqual([]);
  });

  it("requires a frequency the protocol offers", () => {
    const weeklyOnly = {
      ...lancashire,
      visits: { ...lancashire.visits, blocks: { ...lancashire.visits.blocks, frequencies: ["weekly" as const] } },
    };
    expect(validatePlan(withBlock({ frequency: "fortnightly" }), weeklyOnly)).toEqual([
      {
        path: "blocks.0.frequency",
        message: "fortnightly visits are not offered: the protocol allows weekly",
        clause: "blocks",
      },
    ]);
  });

  it("requires target and goal areas the protocol has", () => {
    const plan = {
      ...withBlock({ targets: [{ ...target, areaId: "gross-motor" }] }),
      longTermGoals: amira.longTermGoals.map((g) => ({ ...g, areaId: "social" })),
    };
    expect(validatePlan(plan, lancashire)).toEqual([
      expect.objectContaining({ path: "blocks.0.targets.0.areaId", clause: "developmental-areas" }),
      expect.objectContaining({ path: "longTermGoals.0.areaId", clause: "developmental-areas" }),
    ]);
  });

  it("requires long-term goals reviewed within the protocol's months", () => {
    const plan = { ...amira, longTermGoals: amira.longTermGoals.map((g) => ({ ...g, reviewBy: d("2026-07-06") })) };
    expect(validatePlan(plan, lancashire)).toEqual([
      {
        path: "longTermGoals.0.reviewBy",
        message: "must be no later than 2026-07-05: long-term goals are reviewed within 6 months of being set",
        clause: "long-term-goals",
      },
    ]);
  });

  it("requires blocks numbered in order, following one another, one running at a time", () => {
    const second: Block = {
      ...block,
      id: "block-2",
      number: 3,
      start: d("2026-03-23"),
      end: d("2026-05-22"),
      status: "active",
      targets: [{ ...target, id: "target-bricks-2" }],
    };
    expect(validatePlan({ ...amira, blocks: [block, second] }, lancashire)).toEqual([
      { path: "blocks.1.number", message: "must be 2: blocks are numbered 1, 2, 3 in date order" },
      {
        path: "blocks.1.start",
        message: "starts (2026-03-23) before block 1 ends (2026-03-27); blocks follow one another",
      },
      { path: "blocks.1.status", message: "only one block can be active or in review at a time" },
    ]);
  });

  it("keeps block statuses in step with the plan's", () => {
    const draftPlan = { ...amira, status: "draft" as const };
    expect(validatePlan(draftPlan, lancashire)).toEqual([
      { path: "blocks.0.status", message: "a block cannot be active while the plan is a draft" },
    ]);
    const completedPlan = { ...amira, status: "completed" as const };
    expect(validatePlan(completedPlan, lancashire)).toEqual([
      { path: "blocks.0.status", message: "the plan is completed, so every block must be completed" },
    ]);
  });

  it("requires ids used once: blocks, targets across the plan, teaching steps, goals", () => {
    const second: Block = {
      ...block,
      number: 2,
      start: d("2026-04-13"),
      end: d("2026-07-20"),
      status: "agreed",
      targets: [
        { ...target, teachingSteps: [target.teachingSteps[0], target.teachingSteps[0]] as Target["teachingSteps"] },
      ],
    };
    const plan = { ...amira, blocks: [block, second], longTermGoals: [...amira.longTermGoals, ...amira.longTermGoals] };
    expect(validatePlan(plan, lancashire)).toEqual([
      {
        path: "blocks.1.targets.0.teachingSteps.1.id",
        message: 'the teaching step id "bricks-1" is used more than once',
      },
      { path: "blocks.1.id", message: 'the block id "block-1" is used more than once' },
      { path: "blocks.1.targets.0.id", message: 'the target id "target-bricks" is used more than once' },
      { path: "longTermGoals.1.id", message: 'the long-term goal id "goal-play" is used more than once' },
    ]);
  });
});

describe("validateBlock", () => {
  it("finds nothing wrong with a sound block", () => {
    expect(validateBlock(block, lancashire)).toEqual([]);
  });

  it("finds a target id used twice in the block", () => {
    expect(validateBlock({ ...block, targets: [target, target] }, lancashire)).toEqual([
      { path: "targets.1.id", message: 'the target id "target-bricks" is used more than once' },
    ]);
  });

  it("reports the block's shape problems first", () => {
    expect(validateBlock({ ...block, time: "25:00" }, lancashire)).toEqual([
      { path: "time", message: "must be a time written HH:MM on the 24-hour clock, e.g. 09:30" },
    ]);
  });
});

function structuredCloneJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
