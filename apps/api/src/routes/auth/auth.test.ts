import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../lib/session.js";
import { createHarness, type Harness, ORIGIN } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return h.request("/api/auth/sign-in", {
    method: "POST",
    json: { email, password },
    headers: { origin: ORIGIN, ...headers },
  });
}

function cookieFrom(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  return header.split(";")[0] ?? "";
}

describe("sign-in", () => {
  it("starts a session in a __Host- cookie and audits it", async () => {
    const person = await h.staffMember("coordinator");
    const res = await signIn(person.email.toUpperCase(), person.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toContain("Secure");
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    const me = await h.request("/api/auth/session", { cookie: cookieFrom(res) });
    expect(me.status).toBe(200);
    const stored = await h.db.$client.execute("select token_hash from sessions");
    const token = cookieFrom(res).split("=")[1] ?? "";
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);
    const audit = await h.db.$client.execute({
      sql: "select * from audit_events where action = 'sign-in' and actor_id = ?",
      args: [person.id],
    });
    expect(audit.rows).toHaveLength(1);
  });

  it("issues a new session id at every sign-in and ends the old one", async () => {
    const person = await h.staffMember("coordinator");
    const first = cookieFrom(await signIn(person.email, person.password));
    const second = await signIn(person.email, person.password, { cookie: first });
    expect(cookieFrom(second)).not.toBe(first);
    expect((await h.request("/api/auth/session", { cookie: first })).status).toBe(401);
  });

  it("refuses a wrong password or unknown account with the same answer, audited without the email", async () => {
    const person = await h.staffMember("home-visitor");
    const wrong = await signIn(person.email, "not the password at all");
    const unknown = await signIn("nobody@council.example", "not the password at all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const failures = await h.db.$client.execute("select * from audit_events where action = 'sign-in-failed'");
    expect(failures.rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failures.rows)).not.toContain("nobody@council.example");
  });

  it("throttles repeated failures on one account", async () => {
    const person = await h.staffMember("home-visitor");
    for (let i = 0; i < 10; i++) expect((await signIn(person.email, `wrong password ${i}`)).status).toBe(401);
    const blocked = await signIn(person.email, person.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("900");
  });

  it("refuses a disabled account and ends its sessions", async () => {
    const admin = await h.staffMember("administrator");
    const person = await h.staffMember("home-visitor");
    const res = await h.request(`/api/users/${person.id}`, {
      method: "PATCH",
      cookie: admin.cookie,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(401);
    expect((await signIn(person.email, person.password)).status).toBe(401);
  });
});

describe("sessions", () => {
  it("end after 30 idle minutes and after 12 hours whatever happens", async () => {
    const person = await h.staffMember("coordinator");
    h.clock.advance(29 * 60_000);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(401);
    const busy = await h.staffMember("coordinator");
    for (let i = 0; i < 26; i++) {
      h.clock.advance(29 * 60_000);
      const status = (await h.request("/api/auth/session", { cookie: busy.cookie })).status;
      if (i < 24) expect(status).toBe(200);
      else expect(status).toBe(401);
    }
  });

  it("sign-out ends the session on the server", async () => {
    const person = await h.staffMember("administrator");
    const out = await h.request("/api/auth/sign-out", { method: "POST", cookie: person.cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(401);
  });
});

describe("accounts", () => {
  it("refuses short and common passwords", async () => {
    const admin = await h.staffMember("administrator");
    for (const password of ["short", "password1234", "aaaaaaaaaaaaaaaa"]) {
      const res = await h.request("/api/users", {
        method: "POST",
        cookie: admin.cookie,
        json: { email: "x@council.example", name: "X", role: "coordinator", password },
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("password");
    }
  });
});
