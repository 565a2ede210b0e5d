import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, ORIGIN } from "../../test-support/harness.js";

let h: Harness;
let admin: { id: string; cookie: string };
beforeAll(async () => {
  h = await createHarness();
  admin = await h.staffMember("administrator");
});
afterAll(() => h.close());

async function signIn(email: string, password: string) {
  return h.request("/api/auth/sign-in", { method: "POST", json: { email, password }, headers: { origin: ORIGIN } });
}

describe("POST /api/users/:id/password", () => {
  it("sets the new password, ends every session of the account, and audits it", async () => {
    const visitor = await h.staffMember("home-visitor", "Reset Me");
    const second = await signIn(visitor.email, visitor.password);
    expect(second.status).toBe(200);
    expect((await h.request("/api/auth/session", { cookie: visitor.cookie })).status).toBe(200);

    const res = await h.request(`/api/users/${visitor.id}/password`, {
      method: "POST",
      cookie: admin.cookie,
      json: { password: "a brand new long passphrase" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("cache-control")).toBe("no-store");

    // Both sessions are over; the old password no longer works and the new one does.
    expect((await h.request("/api/auth/session", { cookie: visitor.cookie })).status).toBe(401);
    const open = await h.db.$client.execute({
      sql: "select count(*) as n from sessions where user_id = ? and ended_at is null",
      args: [visitor.id],
    });
    expect(Number(open.rows[0]?.n)).toBe(0);
    expect((await signIn(visitor.email, visitor.password)).status).toBe(401);
    expect((await signIn(visitor.email, "a brand new long passphrase")).status).toBe(200);

    const audited = await h.db.$client.execute({
      sql: "select actor_id, outcome, request from audit_events where action = 'reset-password' and record_id = ?",
      args: [visitor.id],
    });
    expect(audited.rows).toHaveLength(1);
    expect(audited.rows[0]).toMatchObject({
      actor_id: admin.id,
      outcome: "success",
      request: "POST /api/users/:id/password",
    });
    // The password itself is never kept in the clear or in the audit trail.
    const everything = JSON.stringify((await h.db.$client.execute("select * from audit_events")).rows);
    expect(everything).not.toContain("brand new");
  });

  it("refuses a password the policy refuses, with the field, and changes nothing", async () => {
    const visitor = await h.staffMember("home-visitor", "Keep Me");
    for (const password of ["short", "password1234", "aaaaaaaaaaaaaaaa", `${visitor.email.split("@")[0]} plus more`]) {
      const res = await h.request(`/api/users/${visitor.id}/password`, {
        method: "POST",
        cookie: admin.cookie,
        json: { password },
      });
      expect(res.status, password).toBe(422);
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors[0]?.field).toBe("password");
      expect(JSON.stringify(problem)).not.toContain(password);
    }
    expect((await h.request("/api/auth/session", { cookie: visitor.cookie })).status).toBe(200);
    expect((await signIn(visitor.email, visitor.password)).status).toBe(200);
  });

  it("refuses unknown keys, a missing password, and answers 404 for no such account", async () => {
    const visitor = await h.staffMember("home-visitor");
    const extra = await h.request(`/api/users/${visitor.id}/password`, {
      method: "POST",
      cookie: admin.cookie,
      json: { password: "a long enough passphrase", role: "administrator" },
    });
    expect(extra.status).toBe(422);
    const missing = await h.request(`/api/users/${visitor.id}/password`, {
      method: "POST",
      cookie: admin.cookie,
      json: {},
    });
    expect(missing.status).toBe(422);
    const nobody = await h.request("/api/users/00000000-0000-4000-8000-000000000000/password", {
      method: "POST",
      cookie: admin.cookie,
      json: { password: "a long enough passphrase" },
    });
    expect(nobody.status).toBe(404);
  });
});
