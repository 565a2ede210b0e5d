import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../lib/notify.js";
import { createHarness, exampleReferralInput, type Harness } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { TEAM_EMAIL: "team@council.example" } });
});
afterAll(() => h.close());

function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}

function flatten(input = exampleReferralInput()): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "childDateOfBirth" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [part, partValue] of Object.entries(value)) out[`childDateOfBirth-${part}`] = String(partValue);
    } else out[key] = value as string | string[];
  }
  return out;
}

describe("POST /api/referrals (JSON)", () => {
  it("stores a referral, assesses it, queues notifications and answers with a reference", async () => {
    const before = await h.count("referrals");
    const res = await h.request("/api/referrals", { method: "POST", json: exampleReferralInput() });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { reference: string; receivedAt: string };
    expect(body.reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(await h.count("referrals")).toBe(before + 1);
    const row = (
      await h.db.$client.execute({ sql: "select * from referrals where reference = ?", args: [body.reference] })
    ).rows[0];
    expect(row?.eligibility_outcome).toBe("eligible");
    expect(JSON.parse(String(row?.eligibility)).reasons.length).toBeGreaterThan(0);
    const outbox = (
      await h.db.$client.execute({ sql: "select kind from outbox where referral_id = ?", args: [row?.id ?? ""] })
    ).rows;
    expect(outbox.map((r) => r.kind).sort()).toEqual(["parent-confirmation", "team-alert"]);
  });

  it("returns the first result for a retry with the same key, storing nothing new", async () => {
    const key = "3f0c2d1e-aaaa-4bbb-8ccc-123456789abc";
    const first = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput(),
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    const count = await h.count("referrals");
    const again = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput(),
      headers: { "idempotency-key": key },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await h.count("referrals")).toBe(count);
    const changed = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput({ childFirstName: "Other" }),
      headers: { "idempotency-key": key },
    });
    expect(changed.status).toBe(409);
    expect(await h.count("referrals")).toBe(count);
  });

  it("dedupes a double click that races in concurrently", async () => {
    const count = await h.count("referrals");
    const input = exampleReferralInput({ idempotencyKey: "double-click-key-0001", childFirstName: "Racer" });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.request("/api/referrals", { method: "POST", json: input })),
    );
    const bodies = await Promise.all(results.map((r) => r.json() as Promise<{ reference: string }>));
    expect(new Set(bodies.map((b) => b.reference)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await h.count("referrals")).toBe(count + 1);
  });

  it("treats identical answers without a key as the same referral", async () => {
    const input = exampleReferralInput({ childFirstName: "Nokey" });
    const a = await h.request("/api/referrals", { method: "POST", json: input });
    const b = await h.request("/api/referrals", { method: "POST", json: input });
    expect([a.status, b.status]).toEqual([201, 200]);
  });

  it("takes the same answers without a key on a later day as a new referral", async () => {
    const input = exampleReferralInput({ childFirstName: "Again" });
    const first = await h.request("/api/referrals", { method: "POST", json: input });
    h.clock.advance(24 * 60 * 60 * 1000);
    const later = await h.request("/api/referrals", { method: "POST", json: input });
    expect([first.status, later.status]).toEqual([201, 201]);
    const [a, b] = (await Promise.all([first.json(), later.json()])) as { reference: string }[];
    expect(a?.reference).not.toBe(b?.reference);
  });

  it("stores nothing when the honeypot is filled, but answers as usual", async () => {
    const count = await h.count("referrals");
    const res = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput({ website: "http://spam.example", childFirstName: "Bot" }),
    });
    expect(res.status).toBe(201);
    expect(await h.count("referrals")).toBe(count);
  });

  it("delivers queued notifications through the notifier, and retries failures with back-off", async () => {
    h.notifier.fail(true);
    const failed = await deliverDue(h);
    expect(failed.failed).toBeGreaterThan(0);
    const pending = (
      await h.db.$client.execute("select attempts, next_attempt_at, last_error from outbox where status = 'pending'")
    ).rows;
    expect(
      pending.every((r) => Number(r.attempts) === 1 && String(r.next_attempt_at) > h.clock.now().toISOString()),
    ).toBe(true);
    h.notifier.fail(false);
    expect((await deliverDue(h)).sent).toBe(0); // not due yet
    h.clock.advance(60_000);
    const round = await deliverDue(h);
    expect(round.sent).toBeGreaterThan(0);
    const team = h.notifier.sent.find((s) => s.kind === "team-alert");
    expect(team?.emailAddress).toBe("team@council.example");
    expect(Object.keys(team?.personalisation ?? {}).sort()).toEqual(["reference", "route", "service_name"]);
  });
});

describe("POST /api/referrals (form post, no JavaScript)", () => {
  it("answers with a confirmation page holding the reference", async () => {
    const res = await h.request("/api/referrals", {
      method: "POST",
      body: formBody(flatten(exampleReferralInput({ childFirstName: "Formy" }))),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("govuk-panel--confirmation");
    expect(html).toMatch(/<strong>[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}<\/strong>/);
  });

  it("shows the error summary and keeps the answers", async () => {
    const count = await h.count("referrals");
    const fields = flatten(exampleReferralInput({ childFirstName: "Keep <me>" }));
    fields["childDateOfBirth-day"] = "";
    delete fields.carerPhone;
    const res = await h.request("/api/referrals", {
      method: "POST",
      body: formBody(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('<a href="#childDateOfBirth-day">Date of birth must include a day</a>');
    expect(html).toContain('<a href="#carerPhone">Enter a phone number</a>');
    expect(html).toContain('value="Keep &lt;me&gt;"');
    expect(html).toContain('autocomplete="bday-month"');
    expect(html).toContain("<title>Error: ");
    expect(await h.count("referrals")).toBe(count);
  });
});

describe("CORS", () => {
  it("allows no other origin by default", async () => {
    const res = await h.request("/api/referrals", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
