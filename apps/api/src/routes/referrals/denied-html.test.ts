import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, exampleReferralInput, type Harness, referralFormBody } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { REFERRAL_RATE_LIMIT: "3" } });
});
afterAll(() => h.close());

const FORM = {
  "content-type": "application/x-www-form-urlencoded",
  accept: "text/html,application/xhtml+xml,*/*;q=0.8",
};

async function deniedRateLimited(): Promise<number> {
  const result = await h.db.$client.execute(
    "select count(*) as n from audit_events where action = 'denied' and outcome = 'denied' and reason = 'rate-limited' and record_type = 'referral'",
  );
  return Number(result.rows[0]?.n);
}

describe("a form post (no JavaScript) that is refused", () => {
  it("409: the key was used with other answers -> the form again as a page, answers kept, a new key", async () => {
    const key = "form-key-0123456789abcdef";
    const first = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({ ...exampleReferralInput({ childFirstName: "Firstly" }), idempotencyKey: key }),
    });
    expect(first.status).toBe(201);
    const again = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({ ...exampleReferralInput({ childFirstName: "Secondly" }), idempotencyKey: key }),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("text/html");
    expect(again.headers.get("cache-control")).toContain("no-store");
    const html = await again.text();
    expect(html).toContain('class="govuk-error-summary"');
    expect(html).toContain("already sent with different answers");
    expect(html).toContain('value="Secondly"');
    expect(html).toContain('<link rel="stylesheet" href="/api/referrals/form.css">');
    expect(html).not.toContain(`value="${key}"`);
  });

  it("429: audited as a denied request, and answered with the form again as a page", async () => {
    const before = await deniedRateLimited();
    const res = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({
        ...exampleReferralInput({ childFirstName: "Thirdly" }),
        idempotencyKey: "form-key-third-0123456789",
      }),
    });
    expect(res.status).toBe(201);
    // Stored referrals count (the refused 409 above did not): this is the third of three.
    const third = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({
        ...exampleReferralInput({ childFirstName: "Fourthly" }),
        idempotencyKey: "form-key-fourth-012345",
      }),
    });
    expect(third.status).toBe(201);
    const limited = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({
        ...exampleReferralInput({ childFirstName: "Limited" }),
        idempotencyKey: "form-key-limited-012345",
      }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("content-type")).toContain("text/html");
    const html = await limited.text();
    expect(html).toContain('class="govuk-error-summary"');
    expect(html).toMatch(/Too many referrals from this address: try again in \d+ seconds/);
    expect(html).toContain('value="Limited"');
    expect(html).toContain('value="form-key-limited-012345"');
    expect(await deniedRateLimited()).toBe(before + 1);
    const kept = await h.db.$client.execute("select count(*) as n from children where first_name = 'Limited'");
    expect(Number(kept.rows[0]?.n)).toBe(0);
    // The same refusal to JSON stays problem details, and is audited too.
    const json = await h.request("/api/referrals", { method: "POST", json: exampleReferralInput() });
    expect(json.status).toBe(429);
    expect(json.headers.get("content-type")).toContain("application/problem+json");
    expect(await deniedRateLimited()).toBe(before + 2);
    const [row] = (
      await h.db.$client.execute("select * from audit_events where reason = 'rate-limited' order by id desc limit 1")
    ).rows;
    expect(row?.request).toBe("POST /api/referrals");
    expect(row?.record_id).toBeNull();
  });

  it("at the limit, a retry of a stored referral still gets its first reference, and is not counted", async () => {
    // The address is at its limit (the test above): the third referral sent again, same key and answers.
    const hits = async () =>
      Number((await h.db.$client.execute("select coalesce(sum(hits), 0) as n from rate_limits")).rows[0]?.n);
    const [before, stored] = [await hits(), await h.count("referrals")];
    const retry = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody({
        ...exampleReferralInput({ childFirstName: "Fourthly" }),
        idempotencyKey: "form-key-fourth-012345",
      }),
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).toContain("govuk-panel");
    expect(await h.count("referrals")).toBe(stored);
    expect(await hits()).toBe(before);
  });
});
