// Bad input everywhere: each answered 4xx with a problem document, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, exampleReferralInput, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
});
afterAll(() => h.close());

interface Problem {
  type: string;
  title: string;
  status: number;
  errors?: { field: string; pointer: string; message: string }[];
}

async function expectProblem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as Problem;
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  return body;
}

describe("POST /api/referrals", () => {
  it.each([
    ["malformed JSON", "{not json", "application/json", 400, "malformed-body"],
    ["an array", "[]", "application/json", 422, "validation"],
    ["a string", '"hello"', "application/json", 422, "validation"],
    ["wrong content type", "childFirstName=A", "text/plain", 415, "unsupported-media-type"],
    ["multipart", "--x--", "multipart/form-data; boundary=x", 415, "unsupported-media-type"],
  ])("refuses %s", async (_name, body, type, status, problem) => {
    const before = await h.count("referrals");
    const res = await h.request("/api/referrals", { method: "POST", body, headers: { "content-type": type } });
    expect((await expectProblem(res, status)).type).toBe(`/api/problems/${problem}`);
    expect(await h.count("referrals")).toBe(before);
  });

  it("names each wrong field with its path", async () => {
    const res = await h.request("/api/referrals", {
      method: "POST",
      json: {
        ...exampleReferralInput(),
        childFirstName: 7,
        childDateOfBirth: { day: 1, month: "2", year: "2025" },
        extra: "x",
      },
    });
    const body = await expectProblem(res, 422);
    const fields = body.errors?.map((e) => e.field);
    expect(fields).toContain("childFirstName");
    expect(fields).toContain("childDateOfBirth");
    expect(fields).toContain("extra");
    expect(body.errors?.find((e) => e.field === "childFirstName")?.pointer).toBe("/childFirstName");
  });

  it("refuses __proto__ keys in JSON and in form posts", async () => {
    const before = await h.count("referrals");
    const json = JSON.stringify(exampleReferralInput()).replace("{", '{"__proto__":{"polluted":true},');
    const res = await h.request("/api/referrals", {
      method: "POST",
      body: json,
      headers: { "content-type": "application/json" },
    });
    expect((await expectProblem(res, 422)).errors?.[0]?.field).toBe("__proto__");
    const form = await h.request("/api/referrals", {
      method: "POST",
      body: "__proto__=x&childFirstName=A",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await h.count("referrals")).toBe(before);
  });

  it("refuses an oversize body", async () => {
    const big = JSON.stringify({ ...exampleReferralInput(), helpWanted: "x".repeat(70 * 1024) });
    const res = await h.request("/api/referrals", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json" },
    });
    expect((await expectProblem(res, 413)).type).toBe("/api/problems/body-too-large");
  });

  it("refuses a bad idempotency key header", async () => {
    const res = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput(),
      headers: { "idempotency-key": "x" },
    });
    expect((await expectProblem(res, 422)).errors?.[0]?.field).toBe("Idempotency-Key");
  });

  it("rate limits per address", async () => {
    const limited = await (await import("../../test-support/harness.js")).createHarness({
      env: { REFERRAL_RATE_LIMIT: "2" },
    });
    try {
      const send = (name: string) =>
        limited.request("/api/referrals", { method: "POST", json: exampleReferralInput({ childFirstName: name }) });
      expect((await send("A")).status).toBe(201);
      expect((await send("B")).status).toBe(201);
      const third = await send("C");
      expect((await expectProblem(third, 429)).type).toBe("/api/problems/rate-limited");
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe("staff routes", () => {
  it("refuse unknown keys, wrong types and bad queries with paths", async () => {
    const r = await h.refer({ childFirstName: "Target" });
    const decision = await h.request(`/api/referrals/${r.id}/decision`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { outcome: "accepted", complexity: "extreme", status: "allocated" },
    });
    const body = await expectProblem(decision, 422);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(["complexity", "status"]);
    const query = await h.request("/api/waiting-list?pageSize=1000&sort=name", { cookie: coordinator.cookie });
    expect((await expectProblem(query, 422)).errors?.map((e) => e.field).sort()).toEqual(["pageSize", "sort"]);
    const notFound = await h.request("/api/referrals/not-a-uuid", { cookie: coordinator.cookie });
    await expectProblem(notFound, 404);
    const missing = await h.request("/api/referrals/00000000-0000-4000-8000-000000000000", {
      cookie: coordinator.cookie,
    });
    await expectProblem(missing, 404);
    const wrongType = await h.request(`/api/referrals/${r.id}`, {
      method: "PATCH",
      cookie: coordinator.cookie,
      body: "outcome=accepted",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await expectProblem(wrongType, 415);
    const tooBig = await h.request(`/api/referrals/${r.id}`, {
      method: "PATCH",
      cookie: coordinator.cookie,
      json: { answers: { helpWanted: "x".repeat(20 * 1024) } },
    });
    await expectProblem(tooBig, 413);
  });

  it("answers unknown paths and methods with problems", async () => {
    await expectProblem(await h.request("/api/nothing-here"), 404);
  });
});
