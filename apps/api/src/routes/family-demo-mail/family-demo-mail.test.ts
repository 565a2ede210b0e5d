// The demo's mail viewer: in demo mode it shows the family emails the outbox holds, newest first,
// so a new user can read their invitation and codes; in production mode the route is not there.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemError, sendProblem } from "../../lib/problem.js";
import type { AppEnv } from "../../lib/types.js";
import type { Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { familyDemoMailRoutes } from "./family-demo-mail.routes.js";

describe("in demo mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it("lists the invitation and code emails, newest first, and no other kind", async () => {
    const coordinator = await h.staffMember("coordinator");
    const visitor = await h.staffMember("home-visitor");
    const c = await allocatedCase(h, coordinator, visitor, { carerEmail: "demo.carer@example.com" });
    const { token } = await invite(h, visitor.cookie, c.childId, {
      kind: "carer",
      name: "Demo Person",
      relationship: "mum",
      email: "demo.person@example.com",
    });
    expect((await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" })).status).toBe(200);
    h.clock.advance(60_000);
    expect(
      (await familyRequest(h, "/api/family/sign-in/code", { json: { email: "demo.person@example.com" } })).status,
    ).toBe(202);

    const res = await familyRequest(h, "/api/family/demo-mail");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const mail = res.body.mail as Json[];
    expect(mail.map((m) => m.kind)).toEqual(["family-code", "family-invitation"]);
    expect(mail[0]).toMatchObject({
      emailAddress: "demo.person@example.com",
      personalisation: { code: expect.stringMatching(/^\d{6}$/), minutes: "10", name: "Demo Person" },
      status: "pending",
      createdAt: "2026-11-20T10:01:00.000Z",
      sentAt: null,
    });
    expect(mail[1]?.personalisation.link).toBe(`http://localhost/family/invitation/${token}`);
    // The referral's own emails (to the parent, to the team) are not shown.
    expect(await h.count("outbox")).toBeGreaterThan(2);
  });

  it("is not in the OpenAPI document", async () => {
    const doc = (await (await h.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/family/session");
    expect(Object.keys(doc.paths)).not.toContain("/family/demo-mail");
  });
});

describe("in production mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      env: { OPENPORTAGE_MODE: "production", ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=fws@council.example" },
    });
  });
  afterAll(() => h.close());

  it("does not exist", async () => {
    const res = await familyRequest(h, "/api/family/demo-mail");
    expect(res.status).toBe(404);
    expect(res.body.type).toBe("/api/problems/not-found");
    expect(res.body).not.toHaveProperty("mail");
  });

  it("refuses at the top even were the route mounted", async () => {
    const deps = {
      db: h.db,
      config: h.config,
      protocol: h.protocol,
      clock: h.clock,
      notifier: h.notifier,
      logger: h.logger,
    };
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set("deps", deps);
        await next();
      })
      .route("/api", familyDemoMailRoutes)
      .onError((error, c) => (error instanceof ProblemError ? sendProblem(c, error.problem) : c.text("error", 500)));
    const res = await app.request("/api/family/demo-mail");
    expect(res.status).toBe(404);
  });
});
