// Sets up a child's case through the API itself, as staff would: a referral accepted and
// allocated, then (optionally) a plan with a long-term goal, a block agreed and started, a
// target and the block's visits. For the casework tests and the access matrix.
import { expect } from "vitest";
import type { Harness } from "./harness.js";

/** What a set-up case holds. */
export interface TestCase {
  readonly childId: string;
  readonly referralId: string;
  readonly reference: string;
  planId?: string;
  goalId?: string;
  blockId?: string;
  targetId?: string;
  visitIds?: string[];
  /** The plan's version after set-up. */
  version?: number;
}

interface Person {
  readonly id: string;
  readonly cookie: string;
}

async function ok(res: Response, status = 200): Promise<unknown> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return text ? JSON.parse(text) : null;
}

/** The Monday block start every test uses: in the autumn term after the harness's clock (2026-11-20). */
export const BLOCK_START = "2026-11-23";

let made = 0;
/** A different family name each time, so each referral is a new one rather than a retry. */
function familyName(): string {
  made += 1;
  let n = made;
  let letters = "";
  while (n > 0) {
    letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return `Casework${letters}`;
}

/** A referral accepted and allocated to `visitor`. */
export async function allocatedCase(
  h: Harness,
  coordinator: Person,
  visitor: Person,
  overrides: Parameters<Harness["refer"]>[0] = {},
): Promise<TestCase> {
  const referral = await h.refer({ childLastName: familyName(), ...overrides });
  await ok(
    await h.request(`/api/referrals/${referral.id}/decision`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { outcome: "accepted", complexity: "moderate" },
    }),
  );
  await ok(
    await h.request(`/api/referrals/${referral.id}/allocation`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { homeVisitorId: visitor.id },
    }),
    201,
  );
  const row = await h.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [referral.id] });
  return { childId: String(row.rows[0]?.child_id), referralId: referral.id, reference: referral.reference };
}

type PlanAnswer = {
  plan: {
    id: string;
    version: number;
    longTermGoals: { id: string }[];
    blocks: { id: string; targets: { id: string }[] }[];
  };
};

/** An allocated case with a started plan: one goal, one weekly block from {@link BLOCK_START}, one target, its visits. */
export async function caseWithPlan(
  h: Harness,
  coordinator: Person,
  visitor: Person,
  overrides: Parameters<Harness["refer"]>[0] = {},
): Promise<TestCase> {
  const testCase = await allocatedCase(h, coordinator, visitor, overrides);
  const base = `/api/cases/${testCase.childId}/plan`;
  const as = (path: string, method: string, json: unknown, status = 200) =>
    Promise.resolve(h.request(path, { method, cookie: visitor.cookie, json })).then((res) =>
      ok(res, status),
    ) as Promise<PlanAnswer>;
  let answer = await as(base, "POST", {}, 201);
  answer = await as(`${base}/goals`, "POST", {
    version: answer.plan.version,
    areaId: "communication-and-language",
    text: "Uses single words to ask for what she wants",
    setOn: "2026-11-20",
  });
  const goalId = answer.plan.longTermGoals[0]?.id as string;
  answer = await as(`${base}/blocks`, "POST", {
    version: answer.plan.version,
    start: BLOCK_START,
    frequency: "weekly",
    weekday: "monday",
    time: "10:00",
  });
  const blockId = answer.plan.blocks[0]?.id as string;
  answer = await as(`${base}/blocks/${blockId}/targets`, "POST", {
    version: answer.plan.version,
    areaId: "communication-and-language",
    longTermGoalId: goalId,
    does: "say 'more' to ask for more bubbles",
    conditions: "when an adult blows bubbles and pauses",
    teachingSteps: ["looks at the adult when the bubbles stop", "makes a sound to ask", "says 'more'"],
    practice: { how: "Blow bubbles, stop, and wait for her to ask", timesPerDay: 3 },
  });
  const targetId = answer.plan.blocks[0]?.targets[0]?.id as string;
  answer = await as(`${base}/agreement`, "POST", {
    version: answer.plan.version,
    agreedOn: "2026-11-20",
    agreedBy: ["Grace Example (parent)", "Home visitor"],
  });
  answer = await as(`${base}/start`, "POST", { version: answer.plan.version });
  const generated = (await ok(
    await h.request(`${base}/blocks/${blockId}/visits`, { method: "POST", cookie: visitor.cookie, json: {} }),
    201,
  )) as { visits: { id: string }[] };
  return {
    ...testCase,
    planId: answer.plan.id,
    goalId,
    blockId,
    targetId,
    visitIds: generated.visits.map((v) => v.id),
    version: answer.plan.version,
  };
}
