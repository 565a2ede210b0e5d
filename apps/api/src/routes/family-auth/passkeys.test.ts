// Passkeys verified for real: a software authenticator (test-support/authenticator.ts) makes
// ES256 key pairs with node:crypto and answers with the CBOR attestation object, authenticator
// data and client data a browser sends, so @simplewebauthn/server's verification runs on them.
// Registration from an invitation, discoverable sign-in with counters, single-use challenges that
// last 5 minutes, wrong origins, relying parties and keys refused, and a passkey added later.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { softwareAuthenticator } from "../../test-support/authenticator.js";
import type { Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite, latestCode } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness, ORIGIN } from "../../test-support/harness.js";

const START = "2026-11-20T10:00:00.000Z";
let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };

const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];

beforeAll(async () => {
  h = await createHarness({ now: START, env: { TRUST_PROXY: "true" } });
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
});
afterAll(() => h.close());
beforeEach(() => h.clock.set(START));

let n = 0;
async function invited() {
  n += 1;
  const c = await allocatedCase(h, coordinator, visitor, { carerEmail: `pk.carer.${n}@example.com` });
  const made = await invite(h, visitor.cookie, c.childId, {
    kind: "carer",
    name: `Kim Passkey ${n}`,
    relationship: "mum",
    email: `pk.member.${n}@example.com`,
  });
  return { ...c, ...made, email: `pk.member.${n}@example.com` };
}

const post = (path: string, json?: unknown, cookie?: string | null) =>
  familyRequest(h, path, { method: "POST", ...(json !== undefined ? { json } : {}), cookie: cookie ?? null });

/** Registers a passkey from an invitation with `phone`; returns the answer. */
async function register(token: string, phone = softwareAuthenticator(ORIGIN)) {
  const options = await post(`/api/family/invitations/${token}/passkey-options`);
  expect(options.status).toBe(200);
  const response = phone.create(options.body.options);
  return {
    phone,
    answer: await post(`/api/family/invitations/${token}/passkey`, { challengeId: options.body.challengeId, response }),
  };
}

async function signInOptions() {
  const options = await post("/api/family/sign-in/passkey-options");
  expect(options.status).toBe(200);
  return options.body as { challengeId: string; options: { challenge: string; rpId: string } };
}

describe("setting up a passkey from an invitation", () => {
  it("asks for a discoverable passkey for this service, verifies the answer and signs in", async () => {
    const { token, childId, access, email } = await invited();
    const options = await post(`/api/family/invitations/${token}/passkey-options`);
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      rp: { id: "localhost", name: h.protocol.serviceName },
      user: { name: email, displayName: `Kim Passkey ${n}`, id: Buffer.from(access.accountId).toString("base64url") },
      authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
      attestation: "none",
      excludeCredentials: [],
    });
    expect(options.body.options.pubKeyCredParams).toEqual(expect.arrayContaining([{ type: "public-key", alg: -7 }]));
    const phone = softwareAuthenticator(ORIGIN);
    const response = phone.create(options.body.options);
    const answer = await post(`/api/family/invitations/${token}/passkey`, {
      challengeId: options.body.challengeId,
      response,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ member: { id: access.accountId }, method: "passkey" });
    expect(answer.cookie).toMatch(/^__Host-openportage-family=/);
    expect(
      await rows("select account_id, counter, transports from family_passkeys where credential_id = ?", response.id),
    ).toEqual([{ account_id: access.accountId, counter: 0, transports: '["internal","hybrid"]' }]);
    expect(await rows("select status from family_access where id = ?", access.id)).toEqual([{ status: "active" }]);
    expect(await rows("select used_at from family_invitations where access_id = ?", access.id)).toEqual([
      { used_at: START },
    ]);
    const session = await familyRequest(h, "/api/family/session", { cookie: answer.cookie });
    expect(session.body).toMatchObject({ passkeys: 1, session: { method: "passkey" }, children: [{ childId }] });
    expect(
      await rows(
        "select actor_id, actor_role, reason from audit_events where action = 'sign-in' and record_id = ?",
        access.accountId,
      ),
    ).toEqual([{ actor_id: access.accountId, actor_role: "family", reason: "invitation-passkey" }]);
    // The invitation is used: the same link cannot set up another passkey.
    expect((await post(`/api/family/invitations/${token}/passkey-options`)).status).toBe(410);
  });

  it("refuses an answer for another origin, relying party or challenge, and a challenge used or run out", async () => {
    const { token, access } = await invited();
    const tries = [
      { origin: "https://evil.example" },
      { rpId: "evil.example" },
      { challenge: Buffer.from("not the challenge").toString("base64url") },
      { type: "webauthn.get" },
    ];
    for (const tamper of tries) {
      const options = await post(`/api/family/invitations/${token}/passkey-options`);
      const response = softwareAuthenticator(ORIGIN).create(options.body.options, tamper);
      const refused = await post(`/api/family/invitations/${token}/passkey`, {
        challengeId: options.body.challengeId,
        response,
      });
      expect(refused.status, JSON.stringify(tamper)).toBe(401);
      expect(refused.body.type).toBe("/api/problems/family-sign-in-failed");
      expect(refused.setCookie).toBeNull();
      // The challenge went with the try: the right answer to it is refused now.
      const honest = softwareAuthenticator(ORIGIN).create(options.body.options);
      expect(
        (
          await post(`/api/family/invitations/${token}/passkey`, {
            challengeId: options.body.challengeId,
            response: honest,
          })
        ).status,
      ).toBe(401);
    }
    // A challenge lasts 5 minutes.
    const options = await post(`/api/family/invitations/${token}/passkey-options`);
    h.clock.advance(5 * 60_000 + 1000);
    const late = softwareAuthenticator(ORIGIN).create(options.body.options);
    expect(
      (
        await post(`/api/family/invitations/${token}/passkey`, {
          challengeId: options.body.challengeId,
          response: late,
        })
      ).status,
    ).toBe(401);
    // A challenge for another invitation is not this one's.
    const other = await invited();
    const theirs = await post(`/api/family/invitations/${other.token}/passkey-options`);
    const crossed = softwareAuthenticator(ORIGIN).create(theirs.body.options);
    h.clock.set(START);
    expect(
      (
        await post(`/api/family/invitations/${token}/passkey`, {
          challengeId: theirs.body.challengeId,
          response: crossed,
        })
      ).status,
    ).toBe(401);
    expect(await rows("select credential_id from family_passkeys where account_id = ?", access.accountId)).toEqual([]);
    expect(await rows("select status from family_access where id = ?", access.id)).toEqual([{ status: "invited" }]);
    expect(
      await rows(
        "select reason from audit_events where action = 'sign-in-failed' and record_id = ? order by id",
        access.accountId,
      ),
    ).toEqual([
      ...Array.from({ length: 4 }, () => [{ reason: "passkey-not-verified" }, { reason: "challenge-unusable" }]).flat(),
      { reason: "challenge-unusable" },
      { reason: "challenge-unusable" },
    ]);
  });

  it("refuses a body that is not a WebAuthn answer with 422, and unknown keys", async () => {
    const { token } = await invited();
    const options = await post(`/api/family/invitations/${token}/passkey-options`);
    const response = softwareAuthenticator(ORIGIN).create(options.body.options);
    const extra = await post(`/api/family/invitations/${token}/passkey`, {
      challengeId: options.body.challengeId,
      response: { ...response, isAdmin: true },
    });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].field).toBe("response.isAdmin");
    const missing = await post(`/api/family/invitations/${token}/passkey`, { challengeId: options.body.challengeId });
    expect(missing.status).toBe(422);
  });
});

describe("signing in with a passkey", () => {
  it("needs no email address, verifies against the stored key and counter, and stores the counter", async () => {
    const { token, access, childId } = await invited();
    const { phone, answer } = await register(token);
    expect(answer.status).toBe(200);
    const options = await signInOptions();
    expect(options.options).toMatchObject({ rpId: "localhost", userVerification: "preferred" });
    expect(options.options).not.toHaveProperty("allowCredentials.0");
    h.clock.advance(60_000);
    const response = phone.get(options.options);
    const signedIn = await post("/api/family/sign-in/passkey", { challengeId: options.challengeId, response });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body).toMatchObject({ member: { id: access.accountId }, method: "passkey" });
    expect(
      await rows("select counter, last_used_at from family_passkeys where credential_id = ?", response.id),
    ).toEqual([{ counter: 1, last_used_at: "2026-11-20T10:01:00.000Z" }]);
    const session = await familyRequest(h, "/api/family/session", { cookie: signedIn.cookie });
    expect(session.body.children).toEqual([expect.objectContaining({ childId })]);

    // The same answer again: its challenge is used.
    const replay = await post("/api/family/sign-in/passkey", { challengeId: options.challengeId, response });
    expect(replay.status).toBe(401);
    // A counter that does not go up (a cloned authenticator) is refused.
    const next = await signInOptions();
    const cloned = await post("/api/family/sign-in/passkey", {
      challengeId: next.challengeId,
      response: phone.get(next.options, { counter: 1 }),
    });
    expect(cloned.status).toBe(401);
    // Signed with another key, or for another relying party or origin: refused.
    for (const tamper of [{ otherKey: true }, { rpId: "evil.example" }, { origin: "https://evil.example" }]) {
      const o = await signInOptions();
      const refused = await post("/api/family/sign-in/passkey", {
        challengeId: o.challengeId,
        response: phone.get(o.options, tamper),
      });
      expect(refused.status, JSON.stringify(tamper)).toBe(401);
    }
    // And the honest phone still signs in.
    const o = await signInOptions();
    expect(
      (await post("/api/family/sign-in/passkey", { challengeId: o.challengeId, response: phone.get(o.options) }))
        .status,
    ).toBe(200);
    expect(
      await rows(
        "select reason from audit_events where action = 'sign-in-failed' and record_id = ? order by id",
        access.accountId,
      ),
    ).toEqual(Array.from({ length: 4 }, () => ({ reason: "passkey-not-verified" })));
  });

  it("refuses a passkey the service does not know, and one whose access was revoked", async () => {
    const stranger = softwareAuthenticator(ORIGIN);
    stranger.create({
      challenge: "x",
      rp: { id: "localhost", name: "x" },
      user: { id: "eA", name: "x", displayName: "x" },
    });
    const o = await signInOptions();
    const unknown = await post("/api/family/sign-in/passkey", {
      challengeId: o.challengeId,
      response: stranger.get(o.options),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toContain("not one we know");

    const { token, access, childId } = await invited();
    const { phone } = await register(token);
    const revoked = await familyRequest(h, `/api/cases/${childId}/family-access/${access.id}/revocation`, {
      json: { version: 2 },
      cookie: visitor.cookie,
    });
    expect(revoked.status).toBe(200);
    const again = await signInOptions();
    const refused = await post("/api/family/sign-in/passkey", {
      challengeId: again.challengeId,
      response: phone.get(again.options),
    });
    expect(refused.status).toBe(401);
    expect(
      await rows(
        "select reason from audit_events where action = 'sign-in-failed' and reason in ('passkey-unknown', 'no-live-access') order by id",
      ),
    ).toEqual([{ reason: "passkey-unknown" }, { reason: "no-live-access" }]);
  });
});

describe("adding a passkey later", () => {
  it("after a code sign-in, for the signed-in account only", async () => {
    const { token, access, email } = await invited();
    expect((await post(`/api/family/invitations/${token}/accept`)).status).toBe(200);
    await familyRequest(h, "/api/family/sign-in/code", { json: { email }, address: "203.0.113.9" });
    const code = await latestCode(h, email);
    const signedIn = await familyRequest(h, "/api/family/sign-in/code/verify", {
      json: { email, code },
      address: "203.0.113.9",
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.cookie;
    expect((await familyRequest(h, "/api/family/session", { cookie })).body.passkeys).toBe(0);

    expect((await post("/api/family/passkeys/options")).status).toBe(401);
    const options = await post("/api/family/passkeys/options", undefined, cookie);
    expect(options.status).toBe(200);
    expect(options.body.options.user.id).toBe(Buffer.from(access.accountId).toString("base64url"));
    const phone = softwareAuthenticator(ORIGIN);
    const response = phone.create(options.body.options);
    // Someone else's session cannot answer this account's challenge.
    const other = await invited();
    const otherIn = await post(`/api/family/invitations/${other.token}/accept`);
    const crossed = await post(
      "/api/family/passkeys",
      { challengeId: options.body.challengeId, response },
      otherIn.cookie,
    );
    expect(crossed.status).toBe(422);
    expect(crossed.body.errors[0].field).toBe("challengeId");

    const options2 = await post("/api/family/passkeys/options", undefined, cookie);
    const response2 = phone.create(options2.body.options);
    const added = await post(
      "/api/family/passkeys",
      { challengeId: options2.body.challengeId, response: response2 },
      cookie,
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toEqual({ credentialId: response2.id, createdAt: START });
    // The next options leave out the passkey the account has.
    const options3 = await post("/api/family/passkeys/options", undefined, cookie);
    expect(options3.body.options.excludeCredentials).toEqual([
      { id: response2.id, type: "public-key", transports: ["internal", "hybrid"] },
    ]);
    const o = await signInOptions();
    const passkeyIn = await post("/api/family/sign-in/passkey", {
      challengeId: o.challengeId,
      response: phone.get(o.options),
    });
    expect(passkeyIn.status).toBe(200);
    expect(passkeyIn.body.member.id).toBe(access.accountId);
    expect(
      await rows("select reason from audit_events where action = 'create' and record_id = ?", access.accountId),
    ).toEqual([{ reason: "passkey-added" }]);
  });
});

describe("the relying party", () => {
  it("is localhost when the API is called on the loopback address (the demo's apps call it on 127.0.0.1)", async () => {
    const res = await h.app.request("http://127.0.0.1:3000/api/family/sign-in/passkey-options", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).options.rpId).toBe("localhost");
  });

  it("is the host of PUBLIC_ORIGIN when it is set, and the answer must come from that origin", async () => {
    const public_ = await createHarness({
      now: START,
      env: { PUBLIC_ORIGIN: "https://portage.example.gov.uk", ADMIN_ORIGINS: ORIGIN },
    });
    try {
      const coord = await public_.staffMember("coordinator");
      const hv = await public_.staffMember("home-visitor");
      const c = await allocatedCase(public_, coord, hv, { carerEmail: "po.carer@example.com" });
      const made = await public_.request(`/api/cases/${c.childId}/family-access`, {
        method: "POST",
        cookie: hv.cookie,
        headers: { origin: "https://portage.example.gov.uk" },
        json: { kind: "carer", name: "Lee Public", relationship: "dad", email: "lee@example.com" },
      });
      expect(made.status).toBe(201);
      const outboxRow = await public_.db.$client.execute(
        "select personalisation from outbox where kind = 'family-invitation'",
      );
      const link = (JSON.parse(String(outboxRow.rows[0]?.personalisation)) as { link: string }).link;
      expect(link).toMatch(/^https:\/\/portage\.example\.gov\.uk\/family\/invitation\//);
      const token = link.split("/").pop() ?? "";
      const call = (path: string, json?: unknown) =>
        public_.request(path, {
          method: "POST",
          headers: { origin: "https://portage.example.gov.uk" },
          ...(json ? { json } : {}),
        });
      const options = (await (await call(`/api/family/invitations/${token}/passkey-options`)).json()) as Json;
      expect(options.options.rp.id).toBe("portage.example.gov.uk");
      const fromLocalhost = softwareAuthenticator(ORIGIN).create(options.options);
      expect(
        (
          await call(`/api/family/invitations/${token}/passkey`, {
            challengeId: options.challengeId,
            response: fromLocalhost,
          })
        ).status,
      ).toBe(401);
      const again = (await (await call(`/api/family/invitations/${token}/passkey-options`)).json()) as Json;
      const fromService = softwareAuthenticator("https://portage.example.gov.uk").create(again.options);
      expect(
        (
          await call(`/api/family/invitations/${token}/passkey`, {
            challengeId: again.challengeId,
            response: fromService,
          })
        ).status,
      ).toBe(200);
    } finally {
      await public_.close();
    }
  });
});
