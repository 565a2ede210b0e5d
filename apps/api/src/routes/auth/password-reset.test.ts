// A forgotten staff password, tested as WSTG 4.4.9 asks: the same answer whether or not the
// address has an account, a link by email through the outbox that works once and for 30 minutes
// (only its hash stored), the second factor still asked, and every session ended afterwards.
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../lib/notify.js";
import { hashToken } from "../../lib/session.js";
import { createHarness, type Harness, ORIGIN } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function ask(email: string) {
  return h.request("/api/auth/password-reset", { method: "POST", json: { email }, headers: { origin: ORIGIN } });
}

function complete(body: object) {
  return h.request("/api/auth/password-reset/complete", { method: "POST", json: body, headers: { origin: ORIGIN } });
}

/** Sends what the outbox holds and returns the token of the last reset link sent to `email`. */
async function linkSentTo(email: string): Promise<string> {
  await deliverDue({ db: h.db, notifier: h.notifier, clock: h.clock, logger: h.logger });
  const sent = h.notifier.sent.filter((s) => s.kind === "staff-password-reset" && s.emailAddress === email);
  const link = sent.at(-1)?.personalisation.link ?? "";
  expect(link).toMatch(/\/admin\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
  return new URL(link).searchParams.get("token") ?? "";
}

describe("asking for a reset link", () => {
  it("answers the same whether or not the address has an account, and sends a link only when it has", async () => {
    const person = await h.staffMember("coordinator");
    const before = await h.count("outbox");
    const known = await ask(person.email.toUpperCase());
    const unknown = await ask("nobody.here@council.example");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    expect(await h.count("outbox")).toBe(before + 1);
    const token = await linkSentTo(person.email);
    // Only the token's hash is stored.
    const stored = await h.db.$client.execute("select token_hash from password_resets");
    const hashes = stored.rows.map((r) => String(r.token_hash));
    expect(hashes).toContain(hashToken(token));
    expect(hashes).not.toContain(token);
    // Neither the unknown address nor the email is in the audit trail.
    const audit = await h.db.$client.execute("select * from audit_events where action = 'password-reset-asked'");
    expect(audit.rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit.rows)).not.toContain("nobody.here");
    expect(JSON.stringify(audit.rows)).not.toContain(person.email);
  });

  it("sends nothing for a disabled account, with the same answer", async () => {
    const admin = await h.staffMember("administrator");
    const person = await h.staffMember("home-visitor");
    await h.request(`/api/users/${person.id}`, { method: "PATCH", cookie: admin.cookie, json: { disabled: true } });
    const before = await h.count("outbox");
    const res = await ask(person.email);
    expect(res.status).toBe(202);
    expect(await h.count("outbox")).toBe(before);
  });

  it("is throttled per address", async () => {
    const other = await createHarness();
    try {
      for (let i = 0; i < 10; i++) {
        const res = await other.request("/api/auth/password-reset", {
          method: "POST",
          json: { email: `x${i}@council.example` },
          headers: { origin: ORIGIN },
        });
        expect(res.status).toBe(202);
      }
      const blocked = await other.request("/api/auth/password-reset", {
        method: "POST",
        json: { email: "x@council.example" },
        headers: { origin: ORIGIN },
      });
      expect(blocked.status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe("a reset link", () => {
  it("sets a new password once, and ends every session of the account", async () => {
    const person = await h.staffMember("coordinator");
    await ask(person.email);
    const token = await linkSentTo(person.email);
    const check = await h.request("/api/auth/password-reset/check", {
      method: "POST",
      json: { token },
      headers: { origin: ORIGIN },
    });
    expect(await check.json()).toEqual({ methods: [] });
    const weak = await complete({ token, password: "password1234" });
    expect(weak.status).toBe(422);
    const done = await complete({ token, password: "lighthouse morning tide 3" });
    expect(done.status, await done.clone().text()).toBe(204);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(401);
    const again = await complete({ token, password: "another phrase again 4" });
    expect(again.status).toBe(410);
    const signIn = await h.request("/api/auth/sign-in", {
      method: "POST",
      json: { email: person.email, password: "lighthouse morning tide 3" },
      headers: { origin: ORIGIN },
    });
    expect(signIn.status).toBe(200);
  });

  it("expires after 30 minutes, and a newer link replaces an older one", async () => {
    const person = await h.staffMember("coordinator");
    await ask(person.email);
    const older = await linkSentTo(person.email);
    await ask(person.email);
    const newer = await linkSentTo(person.email);
    expect((await complete({ token: older, password: "lighthouse morning tide 5" })).status).toBe(410);
    h.clock.advance(31 * 60_000);
    const late = await complete({ token: newer, password: "lighthouse morning tide 5" });
    expect(late.status).toBe(410);
    const lateBody = await late.json();
    expect(lateBody).toMatchObject({ type: "/api/problems/reset-link-unusable" });
    // Unknown, used or expired: one answer.
    const unknown = await complete({ token: "A".repeat(43), password: "lighthouse morning tide 5" });
    expect(unknown.status).toBe(410);
    expect(await unknown.json()).toEqual(lateBody);
  });

  it("still asks for the second factor when the account has one", async () => {
    const person = await h.staffMember("coordinator");
    const started = (await (
      await h.request("/api/second-factor/authenticator-app", { method: "POST", cookie: person.cookie })
    ).json()) as {
      key: string;
    };
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(started.key.replace(/\s+/g, "")) });
    const code = () => totp.generate({ timestamp: h.clock.now().getTime() });
    await h.request("/api/second-factor/authenticator-app/confirm", {
      method: "POST",
      cookie: person.cookie,
      json: { code: code() },
    });
    h.clock.advance(30_000);
    await ask(person.email);
    const token = await linkSentTo(person.email);
    const check = await h.request("/api/auth/password-reset/check", {
      method: "POST",
      json: { token },
      headers: { origin: ORIGIN },
    });
    expect(await check.json()).toEqual({ methods: ["authenticator-app", "recovery-code"] });
    const without = await complete({ token, password: "lighthouse morning tide 6" });
    expect(without.status).toBe(422);
    expect(await without.json()).toMatchObject({ errors: [{ field: "code" }] });
    const wrong = await complete({
      token,
      password: "lighthouse morning tide 6",
      code: "000000" === code() ? "111111" : "000000",
    });
    expect(wrong.status).toBe(401);
    const right = await complete({ token, password: "lighthouse morning tide 6", code: code() });
    expect(right.status, await right.clone().text()).toBe(204);
  });
});
