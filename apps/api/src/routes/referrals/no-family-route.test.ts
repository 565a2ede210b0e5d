// The public intake under a protocol with no route for families (Cheshire East: children come
// through the Early Years Forum; ADR 0060): the form is not offered, a family's referral is not
// stored under a route the protocol lacks, and the page says how a child is referred.
import { cheshireEast, lancashire, type Protocol } from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, exampleReferralInput, type Harness, referralFormBody } from "../../test-support/harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };

describe("the public intake where only professionals refer (Cheshire East)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ protocol: cheshireEast });
  });
  afterAll(() => h.close());

  it("stores nothing from a family's JSON referral, and says how children are referred", async () => {
    const res = await h.request("/api/referrals", { method: "POST", json: exampleReferralInput() });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toBe("/api/problems/no-family-route");
    expect(problem.detail).toContain("Early Years Forum");
    expect(await h.count("referrals")).toBe(0);
    expect(await h.count("children")).toBe(0);
    expect(await h.count("outbox")).toBe(0);
  });

  it("answers a plain form post with the page saying how to be referred, storing nothing", async () => {
    const res = await h.request("/api/referrals", {
      method: "POST",
      headers: FORM,
      body: referralFormBody(exampleReferralInput()),
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Families cannot refer themselves to Start for Life Portage, Cheshire East");
    expect(html).toContain("<strong>Early Years Forum</strong>");
    // The council's own page about the service, as the council's configuration gives it.
    expect(html).toContain('href="https://www.cheshireeast.gov.uk/livewell/');
    expect(html).not.toContain("<form");
    expect(await h.count("referrals")).toBe(0);
  });

  it("offers no form at GET /api/referrals/form, only how a child is referred", async () => {
    const res = await h.request("/api/referrals/form");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("<form");
    expect(html).not.toContain("Send referral");
    expect(html).toContain("Children are referred by a professional who knows them");
    expect(html).toContain("A professional or setting brings the child to the monthly Early Years Forum");
  });

  it("does not tell a family the checker rules out that they can still refer their child", async () => {
    const fields = new URLSearchParams({
      "dateOfBirth-day": "10",
      "dateOfBirth-month": "3",
      "dateOfBirth-year": "2025",
      knownToPanel: "yes",
      attendsSetting: "no",
      livesInArea: "no",
      availableForVisits: "yes",
    });
    const res = await h.request("/api/eligibility-check", { method: "POST", headers: FORM, body: fields.toString() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Where else you can get help");
    expect(html).not.toContain("you can still refer your child");
    expect(html).toContain('If you think we have got this wrong, <a class="govuk-link" href="/contact">contact us</a>');
  });
});

describe("the public intake under a protocol whose family route is not called self-referral", () => {
  // Lancashire's routes, its family route under another id and listed after the professional one.
  const protocol: Protocol = {
    ...lancashire,
    eligibility: {
      ...lancashire.eligibility,
      routes: {
        ...lancashire.eligibility.routes,
        routes: [
          ...lancashire.eligibility.routes.routes.filter((r) => r.referrer === "professional"),
          { id: "parent-form", name: "Parent form", description: "A parent completes the form.", referrer: "family" },
        ],
      },
    },
  };
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ protocol });
  });
  afterAll(() => h.close());

  it("records the family's referral under the protocol's family route, which its assessment meets", async () => {
    const res = await h.request("/api/referrals", { method: "POST", json: exampleReferralInput() });
    expect(res.status).toBe(201);
    const [row] = (await h.db.$client.execute("select route, source, eligibility from referrals")).rows;
    expect(row?.route).toBe("parent-form");
    expect(row?.source).toBe("public-form");
    const reasons = JSON.parse(String(row?.eligibility)).reasons as { topic: string; result: string }[];
    expect(reasons.find((r) => r.topic === "referral-route")?.result).toBe("met");
    const form = await h.request("/api/referrals/form");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="/api/referrals"');
  });
});
