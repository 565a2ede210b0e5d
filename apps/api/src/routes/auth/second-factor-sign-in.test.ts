// Staff sign-in with a second factor, tested as WSTG asks (4.4 authentication, 4.6 sessions):
// TOTP codes inside and outside their window and never twice, recovery codes once each, the
// second factor not skippable by calling the API directly, throttles, passkeys verified for real
// (a software authenticator), production mode's enrolment, the first sign-in's new password, an
// administrator's reset, and disabled accounts.
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../lib/session.js";
import { softwareAuthenticator } from "../../test-support/authenticator.js";
import { createHarness, type Harness, ORIGIN } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function cookieFrom(res: Response): string {
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

function signIn(harness: Harness, email: string, password: string) {
  return harness.request("/api/auth/sign-in", {
    method: "POST",
    json: { email, password },
    headers: { origin: ORIGIN },
  });
}

/** The code an authenticator app with `secret` shows `offsetSeconds` from the harness's now. */
function codeAt(harness: Harness, secret: string, offsetSeconds = 0): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: "SHA1",
  });
  return totp.generate({ timestamp: harness.clock.now().getTime() + offsetSeconds * 1000 });
}

/** Adds an authenticator app to a signed-in person; returns the secret and the recovery codes. */
async function enrolApp(harness: Harness, cookie: string) {
  const started = await harness.request("/api/second-factor/authenticator-app", { method: "POST", cookie });
  expect(started.status).toBe(200);
  const body = (await started.json()) as { key: string; uri: string; qrSvg: string };
  const secret = body.key.replace(/\s+/g, "");
  const confirmed = await harness.request("/api/second-factor/authenticator-app/confirm", {
    method: "POST",
    cookie,
    json: { code: codeAt(harness, secret) },
  });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  // The enrolment's code used this step: move on so the next code is a new one.
  harness.clock.advance(30_000);
  return { secret, recoveryCodes, started: body };
}

async function pendingSignIn(harness: Harness, person: { email: string; password: string }) {
  const res = await signIn(harness, person.email, person.password);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { stage: string; methods: string[]; user?: unknown };
  return { cookie: cookieFrom(res), body };
}

describe("an authenticator app (TOTP)", () => {
  it("is enrolled with a QR code drawn on the server and a key, and its secret is never shown again", async () => {
    const person = await h.staffMember("coordinator");
    const { secret, recoveryCodes, started } = await enrolApp(h, person.cookie);
    expect(started.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
    expect(started.uri).toContain("algorithm=SHA1&digits=6&period=30");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const factors = await h.request("/api/second-factor", { cookie: person.cookie });
    const text = await factors.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({
      authenticatorApp: { addedAt: expect.any(String) },
      recoveryCodesLeft: 10,
    });
    // Starting again while one is confirmed is refused: the secret cannot be fetched anew.
    const again = await h.request("/api/second-factor/authenticator-app", { method: "POST", cookie: person.cookie });
    expect(again.status).toBe(409);
    // Recovery codes are stored hashed, never as shown.
    const stored = await h.db.$client.execute("select code_hash from staff_recovery_codes");
    const hashes = stored.rows.map((r) => String(r.code_hash));
    for (const code of recoveryCodes) {
      expect(hashes).not.toContain(code);
      expect(hashes).not.toContain(code.replaceAll("-", ""));
    }
  });

  it("is asked for after the password, and until it is given no staff route lets the session in", async () => {
    const person = await h.staffMember("coordinator");
    const { secret } = await enrolApp(h, person.cookie);
    const { cookie, body } = await pendingSignIn(h, person);
    expect(body.stage).toBe("second-factor");
    expect(body.user).toBeUndefined();
    expect(body.methods).toEqual(["authenticator-app", "recovery-code"]);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    for (const path of ["/api/auth/session", "/api/referrals", "/api/users", "/api/account", "/api/waiting-list"]) {
      expect((await h.request(path, { cookie })).status, path).toBe(401);
    }
    // Enrolling another factor is not a way round it either.
    expect((await h.request("/api/second-factor/authenticator-app", { method: "POST", cookie })).status).toBe(401);
    expect((await h.request("/api/second-factor/passkey-options", { method: "POST", cookie })).status).toBe(401);
    const step = await h.request("/api/auth/sign-in/step", { cookie });
    expect(await step.json()).toMatchObject({ stage: "second-factor" });
    const done = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie,
      json: { code: codeAt(h, secret) },
    });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await done.json()).toMatchObject({ stage: "signed-in", user: { id: person.id } });
    const signedIn = cookieFrom(done);
    expect(signedIn).not.toBe(cookie);
    expect((await h.request("/api/auth/session", { cookie: signedIn })).status).toBe(200);
    // The pending session has ended: it cannot be used for the step again.
    expect((await h.request("/api/auth/sign-in/step", { cookie })).status).toBe(401);
  });

  it("refuses a code used before (no replay), and codes outside one step either side", async () => {
    const person = await h.staffMember("coordinator");
    const { secret } = await enrolApp(h, person.cookie);
    const first = await pendingSignIn(h, person);
    const code = codeAt(h, secret);
    const ok = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: first.cookie,
      json: { code },
    });
    expect(ok.status).toBe(200);
    // The same code, at once, in another sign-in: refused.
    const second = await pendingSignIn(h, person);
    const replay = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: second.cookie,
      json: { code },
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ errors: [{ field: "code" }] });
    // Five minutes on: two steps back is too old, one step back still works, and then one ahead.
    h.clock.advance(5 * 60_000);
    const late = await pendingSignIn(h, person);
    const tooOld = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: late.cookie,
      json: { code: codeAt(h, secret, -60) },
    });
    expect(tooOld.status).toBe(401);
    const tooNew = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: late.cookie,
      json: { code: codeAt(h, secret, 60) },
    });
    expect(tooNew.status).toBe(401);
    const oneBack = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: late.cookie,
      json: { code: codeAt(h, secret, -30) },
    });
    expect(oneBack.status).toBe(200);
    const ahead = await pendingSignIn(h, person);
    const oneAhead = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: ahead.cookie,
      json: { code: codeAt(h, secret, 30) },
    });
    expect(oneAhead.status).toBe(200);
    // After a code for the next step, the current step's code is older: refused too.
    const behind = await pendingSignIn(h, person);
    const current = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: behind.cookie,
      json: { code: codeAt(h, secret) },
    });
    expect(current.status).toBe(401);
  });

  it("is throttled like passwords: 10 wrong codes, then even the right one waits", async () => {
    const person = await h.staffMember("coordinator");
    const { secret } = await enrolApp(h, person.cookie);
    const { cookie } = await pendingSignIn(h, person);
    const right = codeAt(h, secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 10; i++) {
      const res = await h.request("/api/auth/sign-in/authenticator-code", {
        method: "POST",
        cookie,
        json: { code: wrong },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie,
      json: { code: right },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("900");
    const failures = await h.db.$client.execute({
      sql: "select count(*) as n from audit_events where action = 'second-factor-failed' and record_id = ?",
      args: [person.id],
    });
    expect(Number(failures.rows[0]?.n)).toBeGreaterThanOrEqual(11);
    // The counts are in the database, not in this process's memory.
    expect(await h.count("rate_limits")).toBeGreaterThan(0);
  });

  it("a pending sign-in lasts 10 minutes", async () => {
    const person = await h.staffMember("coordinator");
    const { secret } = await enrolApp(h, person.cookie);
    const { cookie } = await pendingSignIn(h, person);
    h.clock.advance(11 * 60_000);
    const res = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie,
      json: { code: codeAt(h, secret) },
    });
    expect(res.status).toBe(401);
  });
});

describe("recovery codes", () => {
  it("each work once, however they are typed", async () => {
    const person = await h.staffMember("home-visitor");
    const { recoveryCodes } = await enrolApp(h, person.cookie);
    const code = recoveryCodes[0] ?? "";
    const first = await pendingSignIn(h, person);
    const used = await h.request("/api/auth/sign-in/recovery-code", {
      method: "POST",
      cookie: first.cookie,
      json: { code: ` ${code.toUpperCase().replaceAll("-", " ")} ` },
    });
    expect(used.status, await used.clone().text()).toBe(200);
    const second = await pendingSignIn(h, person);
    const again = await h.request("/api/auth/sign-in/recovery-code", {
      method: "POST",
      cookie: second.cookie,
      json: { code },
    });
    expect(again.status).toBe(401);
    const other = await h.request("/api/auth/sign-in/recovery-code", {
      method: "POST",
      cookie: second.cookie,
      json: { code: recoveryCodes[1] ?? "" },
    });
    expect(other.status).toBe(200);
    const factors = (await (await h.request("/api/second-factor", { cookie: cookieFrom(other) })).json()) as {
      recoveryCodesLeft: number;
    };
    expect(factors.recoveryCodesLeft).toBe(8);
  });

  it("made anew, the old ones stop working", async () => {
    const person = await h.staffMember("home-visitor");
    const { recoveryCodes } = await enrolApp(h, person.cookie);
    const fresh = await h.request("/api/second-factor/recovery-codes", { method: "POST", cookie: person.cookie });
    expect(fresh.status).toBe(200);
    const { recoveryCodes: newCodes } = (await fresh.json()) as { recoveryCodes: string[] };
    expect(newCodes).toHaveLength(10);
    const { cookie } = await pendingSignIn(h, person);
    const old = await h.request("/api/auth/sign-in/recovery-code", {
      method: "POST",
      cookie,
      json: { code: recoveryCodes[0] ?? "" },
    });
    expect(old.status).toBe(401);
    const current = await h.request("/api/auth/sign-in/recovery-code", {
      method: "POST",
      cookie,
      json: { code: newCodes[0] ?? "" },
    });
    expect(current.status).toBe(200);
  });
});

describe("passkeys for staff", () => {
  it("are added and then asked for at sign-in, verified for real, each challenge once", async () => {
    const person = await h.staffMember("coordinator");
    const laptop = softwareAuthenticator(ORIGIN);
    const options = await h.request("/api/second-factor/passkey-options", { method: "POST", cookie: person.cookie });
    expect(options.status).toBe(200);
    const { challengeId, options: creation } = (await options.json()) as { challengeId: string; options: never };
    const added = await h.request("/api/second-factor/passkeys", {
      method: "POST",
      cookie: person.cookie,
      json: { challengeId, response: laptop.create(creation) },
    });
    expect(added.status, await added.clone().text()).toBe(200);
    expect(((await added.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    // Staff passkeys are kept apart from the family app's.
    expect(await h.count("staff_passkeys")).toBeGreaterThan(0);
    expect(await h.count("family_passkeys")).toBe(0);

    const { cookie, body } = await pendingSignIn(h, person);
    expect(body.methods).toEqual(["passkey", "recovery-code"]);
    const asked = await h.request("/api/auth/sign-in/passkey-options", { method: "POST", cookie });
    const request = (await asked.json()) as { challengeId: string; options: { allowCredentials: unknown[] } };
    expect(request.options.allowCredentials).toHaveLength(1);
    const answer = laptop.get(request.options as never);
    const done = await h.request("/api/auth/sign-in/passkey", {
      method: "POST",
      cookie,
      json: { challengeId: request.challengeId, response: answer },
    });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await done.json()).toMatchObject({ stage: "signed-in" });
    // The same answer again, in a new sign-in: its challenge is spent.
    const next = await pendingSignIn(h, person);
    const replay = await h.request("/api/auth/sign-in/passkey", {
      method: "POST",
      cookie: next.cookie,
      json: { challengeId: request.challengeId, response: answer },
    });
    expect(replay.status).toBe(401);
    // An answer signed by another key is refused.
    const fresh = (await (
      await h.request("/api/auth/sign-in/passkey-options", { method: "POST", cookie: next.cookie })
    ).json()) as {
      challengeId: string;
      options: never;
    };
    const forged = await h.request("/api/auth/sign-in/passkey", {
      method: "POST",
      cookie: next.cookie,
      json: { challengeId: fresh.challengeId, response: laptop.get(fresh.options, { otherKey: true }) },
    });
    expect(forged.status).toBe(401);
  });
});

describe("the first sign-in with a password an administrator set", () => {
  it("asks for a new password before anything else", async () => {
    const admin = await h.staffMember("administrator");
    const created = await h.request("/api/users", {
      method: "POST",
      cookie: admin.cookie,
      json: {
        email: "nell@council.example",
        name: "Nell New",
        role: "home-visitor",
        password: "given by the administrator",
      },
    });
    expect(created.status).toBe(201);
    const { cookie, body } = await pendingSignIn(h, {
      email: "nell@council.example",
      password: "given by the administrator",
    });
    expect(body.stage).toBe("new-password");
    expect((await h.request("/api/auth/session", { cookie })).status).toBe(401);
    expect((await h.request("/api/cases", { cookie })).status).toBe(401);
    const same = await h.request("/api/auth/sign-in/new-password", {
      method: "POST",
      cookie,
      json: { password: "given by the administrator" },
    });
    expect(same.status).toBe(422);
    const weak = await h.request("/api/auth/sign-in/new-password", {
      method: "POST",
      cookie,
      json: { password: "password1234" },
    });
    expect(weak.status).toBe(422);
    expect(await weak.json()).toMatchObject({ errors: [{ field: "password" }] });
    const chosen = await h.request("/api/auth/sign-in/new-password", {
      method: "POST",
      cookie,
      json: { password: "my own chosen words 7" },
    });
    expect(chosen.status, await chosen.clone().text()).toBe(200);
    expect(await chosen.json()).toMatchObject({ stage: "signed-in" });
    // Next time the new password alone signs in (demo mode: no factor required).
    const again = await signIn(h, "nell@council.example", "my own chosen words 7");
    expect(await again.json()).toMatchObject({ stage: "signed-in" });
    expect((await signIn(h, "nell@council.example", "given by the administrator")).status).toBe(401);
  });
});

describe("an administrator's reset of a second factor", () => {
  it("removes the factors, ends every session, is audited, and cannot be done to oneself", async () => {
    const admin = await h.staffMember("administrator");
    const person = await h.staffMember("home-visitor");
    await enrolApp(h, person.cookie);
    const pending = await pendingSignIn(h, person);
    const reset = await h.request(`/api/users/${person.id}/second-factor/reset`, {
      method: "POST",
      cookie: admin.cookie,
    });
    expect(reset.status).toBe(204);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(401);
    expect((await h.request("/api/auth/sign-in/step", { cookie: pending.cookie })).status).toBe(401);
    const factors = await h.request(`/api/users/${person.id}/second-factor`, { cookie: admin.cookie });
    expect(await factors.json()).toEqual({ authenticatorApp: false, passkeys: 0, recoveryCodesLeft: 0 });
    const audit = await h.db.$client.execute({
      sql: "select actor_id from audit_events where action = 'reset-second-factor' and record_id = ? and outcome = 'success'",
      args: [person.id],
    });
    expect(audit.rows.map((r) => r.actor_id)).toEqual([admin.id]);
    const own = await h.request(`/api/users/${admin.id}/second-factor/reset`, { method: "POST", cookie: admin.cookie });
    expect(own.status).toBe(403);
    const coordinator = await h.staffMember("coordinator");
    const notAdmin = await h.request(`/api/users/${person.id}/second-factor/reset`, {
      method: "POST",
      cookie: coordinator.cookie,
    });
    expect(notAdmin.status).toBe(403);
  });
});

describe("a disabled account", () => {
  it("cannot finish a sign-in it had started", async () => {
    const admin = await h.staffMember("administrator");
    const person = await h.staffMember("home-visitor");
    const { secret } = await enrolApp(h, person.cookie);
    const { cookie } = await pendingSignIn(h, person);
    await h.request(`/api/users/${person.id}`, { method: "PATCH", cookie: admin.cookie, json: { disabled: true } });
    const res = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie,
      json: { code: codeAt(h, secret) },
    });
    expect(res.status).toBe(401);
    expect((await signIn(h, person.email, person.password)).status).toBe(401);
  });
});

describe("your account", () => {
  it("changes its password with the current one and the second factor, ending the other sessions", async () => {
    const person = await h.staffMember("coordinator");
    const { secret } = await enrolApp(h, person.cookie);
    const other = await pendingSignIn(h, person);
    const otherDone = await h.request("/api/auth/sign-in/authenticator-code", {
      method: "POST",
      cookie: other.cookie,
      json: { code: codeAt(h, secret) },
    });
    const elsewhere = cookieFrom(otherDone);
    h.clock.advance(30_000);
    const sessions = (await (await h.request("/api/account/sessions", { cookie: person.cookie })).json()) as {
      sessions: { current: boolean }[];
    };
    expect(sessions.sessions.map((s) => s.current).sort()).toEqual([false, true]);
    const change = (body: object) =>
      h.request("/api/account/password", { method: "POST", cookie: person.cookie, json: body });
    const wrongCurrent = await change({
      currentPassword: "not it at all",
      newPassword: "a new phrase to use 9",
      code: codeAt(h, secret),
    });
    expect(wrongCurrent.status).toBe(422);
    expect(await wrongCurrent.json()).toMatchObject({ errors: [{ field: "currentPassword" }] });
    const noCode = await change({ currentPassword: person.password, newPassword: "a new phrase to use 9" });
    expect(noCode.status).toBe(422);
    expect(await noCode.json()).toMatchObject({ errors: [{ field: "code" }] });
    const changed = await change({
      currentPassword: person.password,
      newPassword: "a new phrase to use 9",
      code: codeAt(h, secret),
    });
    expect(changed.status, await changed.clone().text()).toBe(204);
    expect((await h.request("/api/auth/session", { cookie: person.cookie })).status).toBe(200);
    expect((await h.request("/api/auth/session", { cookie: elsewhere })).status).toBe(401);
    expect((await signIn(h, person.email, "a new phrase to use 9")).status).toBe(200);
  });

  it("signs out everywhere else", async () => {
    const person = await h.staffMember("coordinator");
    const second = cookieFrom(await signIn(h, person.email, person.password));
    const out = await h.request("/api/account/sessions/sign-out-others", { method: "POST", cookie: person.cookie });
    expect(out.status).toBe(204);
    expect((await h.request("/api/auth/session", { cookie: second })).status).toBe(401);
    const left = (await (await h.request("/api/account/sessions", { cookie: person.cookie })).json()) as {
      sessions: { current: boolean; device: string | null }[];
    };
    expect(left.sessions).toHaveLength(1);
    expect(left.sessions[0]?.current).toBe(true);
  });
});

describe("production mode", () => {
  let prod: Harness;
  beforeAll(async () => {
    prod = await createHarness({
      env: { OPENPORTAGE_MODE: "production", ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=fws@council.example" },
    });
  });
  afterAll(() => prod.close());

  it("makes a member of staff without a second factor enrol before anything else", async () => {
    const person = await prod.staffMember("coordinator");
    const { cookie, body } = await pendingSignIn(prod, person);
    expect(body.stage).toBe("enrol");
    expect((await prod.request("/api/referrals", { cookie })).status).toBe(401);
    expect((await prod.request("/api/auth/session", { cookie })).status).toBe(401);
    expect((await prod.request("/api/second-factor/recovery-codes", { method: "POST", cookie })).status).toBe(401);
    const factors = await prod.request("/api/second-factor", { cookie });
    expect(await factors.json()).toMatchObject({ required: true, signingIn: true, authenticatorApp: null });
    const started = (await (
      await prod.request("/api/second-factor/authenticator-app", { method: "POST", cookie })
    ).json()) as {
      key: string;
    };
    const secret = started.key.replace(/\s+/g, "");
    const confirmed = await prod.request("/api/second-factor/authenticator-app/confirm", {
      method: "POST",
      cookie,
      json: { code: codeAt(prod, secret) },
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ stage: "signed-in", recoveryCodes: expect.any(Array) });
    const signedIn = cookieFrom(confirmed);
    expect((await prod.request("/api/auth/session", { cookie: signedIn })).status).toBe(200);
    // The last factor cannot be removed in production mode.
    const removed = await prod.request("/api/second-factor/authenticator-app", { method: "DELETE", cookie: signedIn });
    expect(removed.status).toBe(409);
    // And from now on it is asked for.
    prod.clock.advance(30_000);
    expect((await pendingSignIn(prod, person)).body.stage).toBe("second-factor");
  });
});
