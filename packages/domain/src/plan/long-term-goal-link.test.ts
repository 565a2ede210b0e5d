import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { lancashire } from "../protocol/presets/lancashire.js";
import amiraJson from "./fixtures/amira-plan.json" with { type: "json" };
import { type Block, type PlayPlan, PlayPlanSchema } from "./schema.js";
import { validatePlan } from "./validate.js";

const amira: PlayPlan = v.parse(PlayPlanSchema, amiraJson);
const block = amira.blocks[0] as Block;

function withGoalOnFirstTarget(goalId: string): PlayPlan {
  const [first, ...rest] = block.targets;
  return {
    ...amira,
    blocks: [{ ...block, targets: [{ ...(first as Block["targets"][number]), longTermGoalId: goalId }, ...rest] }],
  };
}

describe("a target's long-term goal", () => {
  it("may name one of the plan's goals", () => {
    expect(validatePlan(withGoalOnFirstTarget("goal-play"), lancashire)).toEqual([]);
  });

  it("must be one of the plan's goals", () => {
    expect(validatePlan(withGoalOnFirstTarget("goal-elsewhere"), lancashire)).toEqual([
      {
        path: "blocks.0.targets.0.longTermGoalId",
        message: `"goal-elsewhere" is not one of this plan's long-term goals`,
      },
    ]);
  });
});
