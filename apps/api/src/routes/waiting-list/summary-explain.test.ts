// The waiting list's summary (size, longest wait, ageing out soon) and "why is this child above
// that one", answered by the domain's explainPosition.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
const ids: Record<string, string> = {};

async function accept(id: string, complexity: "low" | "moderate" | "high") {
  const res = await h.request(`/api/referrals/${id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity },
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  ids.early = (await h.refer({ childFirstName: "Early" })).id;
  await accept(ids.early as string, "low");
  h.clock.advance(10 * 86_400_000);
  coordinator = await h.staffMember("coordinator");
  ids.high = (await h.refer({ childFirstName: "Highneeds" })).id;
  await accept(ids.high as string, "high");
  ids.twin = (await h.refer({ childFirstName: "Twin" })).id;
  await accept(ids.twin as string, "high");
  ids.waiting = (await h.refer({ childFirstName: "Notaccepted" })).id;
});
afterAll(() => h.close());

interface Brief {
  position: number;
  referralId: string;
  reference: string;
  child: { id: string; firstName: string; lastName: string };
  daysWaited: number;
}

describe("GET /api/waiting-list/summary", () => {
  it("gives the list's size and longest wait without reading the list page by page", async () => {
    const res = await h.request("/api/waiting-list/summary", { cookie: coordinator.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const summary = (await res.json()) as {
      size: number;
      longestWaitDays: number;
      longestWait: Brief | null;
      ageingOutSoonTotal: number;
      ageingOutSoon: Brief[];
    };
    expect(summary.size).toBe(3);
    expect(summary.longestWaitDays).toBe(10);
    expect(summary.longestWait).toMatchObject({ referralId: ids.early, child: { firstName: "Early" } });
    expect(summary.ageingOutSoon.length).toBeLessThanOrEqual(5);
    // The list's own answer carries the longest wait too.
    const list = (await (await h.request("/api/waiting-list?pageSize=1", { cookie: coordinator.cookie })).json()) as {
      total: number;
      longestWaitDays: number;
    };
    expect(list).toMatchObject({ total: 3, longestWaitDays: 10 });
  });

  it("refuses unknown keys", async () => {
    expect((await h.request("/api/waiting-list/summary?page=1", { cookie: coordinator.cookie })).status).toBe(422);
  });
});

describe("GET /api/waiting-list/explain", () => {
  interface Explanation {
    above: Brief;
    below: Brief;
    decidedBy: string;
    rule: string;
    pointsDifference: number;
    differences: {
      criterionId: string;
      abovePoints: number;
      belowPoints: number;
      aboveWhy: string;
      belowWhy: string;
    }[];
    text: string;
  }
  async function explain(above: string, below: string) {
    return h.request(`/api/waiting-list/explain?above=${above}&below=${below}`, { cookie: coordinator.cookie });
  }

  it("explains more points in the domain's words, with names and references for ids", async () => {
    const res = await explain(ids.high as string, ids.early as string);
    expect(res.status).toBe(200);
    const why = (await res.json()) as Explanation;
    expect(why.decidedBy).toBe("more-points");
    expect(why.above.referralId).toBe(ids.high);
    expect(why.pointsDifference).toBeGreaterThan(0);
    expect(why.differences.length).toBeGreaterThan(0);
    expect(why.differences.every((d) => d.aboveWhy !== "" && d.belowWhy !== "")).toBe(true);
    expect(why.rule).toContain("more priority points");
    expect(why.text).toContain(`Highneeds ${why.above.child.lastName} (${why.above.reference})`);
    expect(why.text).not.toContain(ids.high);
    expect(why.text).not.toContain(ids.early);
  });

  it("follows the list when asked the other way round, and names a tie-break", async () => {
    const reversed = (await (await explain(ids.early as string, ids.high as string)).json()) as Explanation;
    expect(reversed.above.referralId).toBe(ids.high);
    const tie = (await (await explain(ids.twin as string, ids.high as string)).json()) as Explanation;
    expect(tie.decidedBy).not.toBe("more-points");
    expect(tie.pointsDifference).toBe(0);
    expect(tie.text).toContain("tie-break");
    // It agrees with the list's own order and its answer for neighbours.
    const list = (await (await h.request("/api/waiting-list", { cookie: coordinator.cookie })).json()) as {
      entries: { referralId: string; aboveNext: Explanation | null }[];
    };
    expect(list.entries[0]?.referralId).toBe(tie.above.referralId);
    expect(list.entries[0]?.aboveNext).toMatchObject({ decidedBy: tie.decidedBy, text: tie.text });
    expect(list.entries.at(-1)?.aboveNext).toBeNull();
  });

  it("answers 404 for a referral not on the list, 422 for the same child twice or a bad id", async () => {
    expect((await explain(ids.high as string, ids.waiting as string)).status).toBe(404);
    expect((await explain(ids.high as string, ids.high as string)).status).toBe(422);
    expect((await explain("nope", ids.high as string)).status).toBe(422);
    expect(
      (await h.request(`/api/waiting-list/explain?above=${ids.high}`, { cookie: coordinator.cookie })).status,
    ).toBe(422);
  });
});
