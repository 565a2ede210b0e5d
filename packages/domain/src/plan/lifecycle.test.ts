import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import amiraJson from "./fixtures/amira-plan.json" with { type: "json" };
import { endTarget, newTarget, nextStatus, transitionBlock, transitionPlan } from "./lifecycle.js";
import { type Block, PLAN_STATUSES, type PlayPlan, PlayPlanSchema, type Target } from "./schema.js";

const d = parseIsoDate;
const amira: PlayPlan = v.parse(PlayPlanSchema, amiraJson);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
const firstBlock = amira.blocks[0] as Block;
const bricks = firstBlock.targets[0] as Target;
const draftBlock: Block = deepFreeze(
  (({ agreedOn: _on, agreedBy: _by, ...rest }) => ({ ...rest, status: "draft" as const }))(clone(firstBlock)),
);
const names = ["Layla Haddad (parent)", "Jo Smith (home visitor)"];
const context = { protocol: lancashire, on: d("2026-01-05"), agreedBy: names };

describe("nextStatus", () => {
  it("walks draft, agreed, active, in review, completed, then stops", () => {
    expect(PLAN_STATUSES.map(nextStatus)).toEqual(["agreed", "active", "in-review", "completed", undefined]);
  });
});

describe("transitionBlock", () => {
  it("agrees a draft block with the family, recording the day and who agreed, without touching the input", () => {
    const result = transitionBlock(draftBlock, "agreed", {
      ...context,
      agreedBy: ["  Layla Haddad (parent) ", "", "Jo Smith (home visitor)"],
    });
    expect(result).toEqual({
      ok: true,
      value: { ...draftBlock, status: "agreed", agreedOn: "2026-01-05", agreedBy: names },
    });
    expect(draftBlock.status).toBe("draft");
  });

  it("refuses to agree without saying who agreed", () => {
    expect(transitionBlock(draftBlock, "agreed", { protocol: lancashire, on: d("2026-01-05") })).toMatchObject({
      ok: false,
      code: "agreement-missing",
    });
    expect(transitionBlock(draftBlock, "agreed", { ...context, agreedBy: ["  "] })).toMatchObject({
      ok: false,
      code: "agreement-missing",
    });
  });

  it("refuses to agree a block with no targets", () => {
    expect(transitionBlock({ ...draftBlock, targets: [] }, "agreed", context)).toMatchObject({
      ok: false,
      code: "no-targets",
    });
  });

  it("refuses to agree a block with a target in an area the protocol does not have, naming the clause", () => {
    const block = { ...draftBlock, targets: [{ ...bricks, areaId: "fine-motor" }] };
    const result = transitionBlock(block, "agreed", context);
    expect(result).toMatchObject({
      ok: false,
      code: "invalid-plan",
      problems: [{ path: "targets.0.areaId", clause: "developmental-areas" }],
    });
    expect(result.ok || result.reason).toContain('"fine-motor" is not one of the protocol\'s developmental areas');
  });

  it("refuses to agree a fortnightly block where the protocol offers only weekly visits", () => {
    const weeklyOnly = {
      ...lancashire,
      visits: { ...lancashire.visits, blocks: { ...lancashire.visits.blocks, frequencies: ["weekly" as const] } },
    };
    const result = transitionBlock({ ...draftBlock, frequency: "fortnightly" }, "agreed", {
      ...context,
      protocol: weeklyOnly,
    });
    expect(result).toMatchObject({ ok: false, problems: [{ path: "frequency", clause: "blocks" }] });
  });

  it("refuses to activate a block with no targets", () => {
    const agreed = { ...firstBlock, status: "agreed" as const, targets: [] };
    const result = transitionBlock(agreed, "active", context);
    expect(result).toMatchObject({ ok: false, code: "no-targets" });
    expect(transitionBlock({ ...agreed, targets: [bricks] }, "active", context)).toMatchObject({
      ok: true,
      value: { status: "active" },
    });
  });

  it("refuses to skip a step", () => {
    const result = transitionBlock(draftBlock, "active", context);
    expect(result).toMatchObject({ ok: false, code: "not-next-step" });
    expect(result.ok || result.reason).toBe("A block that is draft can move to agreed next, not to active.");
  });

  it("refuses to complete a block that is not in review", () => {
    const result = transitionBlock(firstBlock, "completed", context);
    expect(result.ok || result.reason).toBe("Only a block in review can be completed; this block is active.");
  });

  it("refuses any change to a completed block", () => {
    const result = transitionBlock({ ...firstBlock, status: "completed" }, "draft", context);
    expect(result.ok || result.reason).toBe("This block is completed and cannot change.");
  });

  it("starts a review only once the block has started", () => {
    expect(transitionBlock(firstBlock, "in-review", { ...context, on: d("2026-01-04") })).toMatchObject({
      ok: false,
      code: "before-block-start",
    });
    expect(transitionBlock(firstBlock, "in-review", { ...context, on: d("2026-03-23") })).toMatchObject({
      ok: true,
      value: { status: "in-review" },
    });
  });

  it("completes a block in review only when every target has an outcome", () => {
    const inReview = deepFreeze({ ...clone(firstBlock), status: "in-review" as const });
    const open = transitionBlock(inReview, "completed", context);
    expect(open).toMatchObject({ ok: false, code: "targets-open" });
    expect(open.ok || open.reason).toContain("target-bricks, target-pictures, target-cup");
    const ended = {
      ...inReview,
      targets: inReview.targets.map((t) => {
        const result = endTarget(t, "carried-forward", { on: d("2026-03-23") });
        return result.ok ? result.value : t;
      }),
    };
    expect(transitionBlock(ended, "completed", context)).toMatchObject({ ok: true, value: { status: "completed" } });
  });

  it("accepts only the next status, from any status to any other (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAN_STATUSES), fc.constantFrom(...PLAN_STATUSES), (from, to) => {
        const block = deepFreeze({
          ...clone(firstBlock),
          status: from,
          targets: firstBlock.targets.map((t) => ({
            ...t,
            status: "ended" as const,
            outcome: { result: "achieved" as const, on: d("2026-03-23") },
          })),
        });
        const result = transitionBlock(block, to, { ...context, on: d("2026-03-23") });
        return result.ok === (to === nextStatus(from)) && (!result.ok || result.value.status === to);
      }),
    );
  });
});

describe("transitionPlan", () => {
  const draftPlan: PlayPlan = deepFreeze({
    ...(({ agreedOn: _on, agreedBy: _by, ...rest }) => rest)(clone(amira)),
    status: "draft" as const,
    blocks: [draftBlock],
  });

  it("agrees a sound plan with the family", () => {
    const result = transitionPlan(draftPlan, "agreed", context);
    expect(result).toMatchObject({ ok: true, value: { status: "agreed", agreedOn: "2026-01-05", agreedBy: names } });
    expect(draftPlan.status).toBe("draft");
  });

  it("refuses to agree a plan with a target in an area the protocol does not have", () => {
    const plan = { ...draftPlan, blocks: [{ ...draftBlock, targets: [{ ...bricks, areaId: "gross-motor" }] }] };
    expect(transitionPlan(plan, "agreed", context)).toMatchObject({
      ok: false,
      code: "invalid-plan",
      problems: [{ path: "blocks.0.targets.0.areaId", clause: "developmental-areas" }],
    });
  });

  it("refuses to agree a plan without names or without targets", () => {
    expect(transitionPlan(draftPlan, "agreed", { ...context, agreedBy: [] })).toMatchObject({
      code: "agreement-missing",
    });
    expect(transitionPlan({ ...draftPlan, blocks: [{ ...draftBlock, targets: [] }] }, "agreed", context)).toMatchObject(
      { code: "no-targets" },
    );
  });

  it("becomes active once a block is agreed", () => {
    const agreedPlan = { ...draftPlan, status: "agreed" as const, agreedOn: d("2026-01-05"), agreedBy: names };
    expect(transitionPlan(agreedPlan, "active", context)).toMatchObject({ ok: false, code: "blocks-not-ready" });
    const withAgreedBlock = {
      ...agreedPlan,
      blocks: [{ ...draftBlock, status: "agreed" as const, agreedOn: d("2026-01-05"), agreedBy: names }],
    };
    expect(transitionPlan(withAgreedBlock, "active", context)).toMatchObject({ ok: true, value: { status: "active" } });
  });

  it("moves an active plan to review, and completes it once every block is completed", () => {
    expect(transitionPlan(amira, "in-review", context)).toMatchObject({ ok: true, value: { status: "in-review" } });
    const inReview = { ...amira, status: "in-review" as const };
    const unfinished = transitionPlan(inReview, "completed", context);
    expect(unfinished.ok || unfinished.reason).toBe(
      "Complete every block before completing the plan; not completed: block 1.",
    );
    const done = { ...inReview, blocks: [{ ...firstBlock, status: "completed" as const }] };
    expect(transitionPlan(done, "completed", context)).toMatchObject({ ok: true, value: { status: "completed" } });
  });

  it("refuses to complete a plan that is not in review", () => {
    const result = transitionPlan(amira, "completed", context);
    expect(result.ok || result.reason).toBe("Only a plan in review can be completed; this plan is active.");
  });
});

describe("endTarget", () => {
  const open = deepFreeze(clone(bricks));

  it("records an achieved target, with a trimmed note", () => {
    expect(endTarget(open, "achieved", { on: d("2026-03-23"), note: " Stacks four now! " })).toEqual({
      ok: true,
      value: { ...open, status: "ended", outcome: { result: "achieved", on: "2026-03-23", note: "Stacks four now!" } },
    });
    expect(open.status).toBe("open");
  });

  it("leaves out an empty note", () => {
    const result = endTarget(open, "carried-forward", { on: d("2026-03-23"), note: "  " });
    expect(result.ok && result.value.outcome).toEqual({ result: "carried-forward", on: "2026-03-23" });
  });

  it("stops a target only with a reason", () => {
    expect(endTarget(open, "stopped", { on: d("2026-03-23") })).toMatchObject({ ok: false, code: "reason-required" });
    expect(endTarget(open, "stopped", { on: d("2026-03-23"), reason: "   " })).toMatchObject({
      ok: false,
      code: "reason-required",
    });
    expect(endTarget(open, "stopped", { on: d("2026-03-23"), reason: "Too big a step for now" })).toMatchObject({
      ok: true,
      value: { status: "ended", outcome: { result: "stopped", reason: "Too big a step for now" } },
    });
  });

  it("refuses to end a target that has already ended", () => {
    const ended = endTarget(open, "achieved", { on: d("2026-03-23") });
    if (!ended.ok) throw new Error(ended.reason);
    const again = endTarget(ended.value, "stopped", { on: d("2026-03-24"), reason: "changed mind" });
    expect(again).toMatchObject({ ok: false, code: "already-ended" });
    expect(again.ok || again.reason).toBe(
      "This target has already ended (achieved on 2026-03-23); its outcome cannot change.",
    );
  });
});

describe("endTarget with damaged data", () => {
  it("treats a target marked ended as ended even when its outcome is missing", () => {
    const result = endTarget({ ...bricks, status: "ended" }, "achieved", { on: d("2026-03-23") });
    expect(result.ok || result.reason).toBe("This target has already ended; its outcome cannot change.");
  });
});

describe("newTarget", () => {
  const { criterion: _criterion, status: _status, outcome: _outcome, ...fields } = bricks;

  it("takes the protocol's achieved criterion when none is given", () => {
    const custom = {
      ...lancashire,
      plans: { ...lancashire.plans, achievement: { ...lancashire.plans.achievement, successes: 4, outOf: 5, days: 2 } },
    };
    expect(newTarget(fields, custom)).toEqual({
      ok: true,
      value: { ...fields, criterion: { successes: 4, outOf: 5, days: 2 }, status: "open" },
    });
  });

  it("keeps a criterion the staff set", () => {
    const result = newTarget({ ...fields, criterion: { successes: 2, outOf: 3, days: 4 } }, lancashire);
    expect(result.ok && result.value.criterion).toEqual({ successes: 2, outOf: 3, days: 4 });
  });

  it("refuses an area the protocol does not have, citing the clause", () => {
    expect(newTarget({ ...fields, areaId: "motor" }, lancashire)).toMatchObject({
      ok: false,
      code: "unknown-area",
      clause: "developmental-areas",
    });
  });

  it("refuses a target with no teaching steps or an impossible criterion", () => {
    const result = newTarget(
      { ...fields, teachingSteps: [], criterion: { successes: 5, outOf: 4, days: 3 } },
      lancashire,
    );
    expect(result).toMatchObject({
      ok: false,
      code: "invalid-input",
      problems: [
        {
          path: "criterion.successes",
          message: "cannot be more than outOf: a child cannot succeed more times than they try",
        },
        { path: "teachingSteps", message: "must have at least one teaching step" },
      ],
    });
  });
});
