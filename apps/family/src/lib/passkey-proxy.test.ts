import { describe, expect, it } from "vitest";
import { createApi } from "./api.ts";
import { failureReason, MAX_PASSKEY_BODY, optionsFor, passkeyAnswer, verifyWith } from "./passkey-proxy.ts";

function apiAnswering(status: number, body: unknown, setCookie?: string) {
  const sent: { url: string; body: unknown }[] = [];
  const api = createApi({
    baseUrl: "http://api",
    fetch: async (request) => {
      sent.push({ url: request.url, body: await request.json() });
      const headers = new Headers({ "Content-Type": "application/json" });
      if (setCookie) headers.append("Set-Cookie", setCookie);
      return new Response(JSON.stringify(body), { status, headers });
    },
  });
  return { api, sent };
}

describe("passkeyAnswer", () => {
  it("takes the challenge id and the credential, and nothing that is not them", () => {
    expect(passkeyAnswer(JSON.stringify({ challengeId: "c", response: { id: "x" }, returnTo: "/family/" }))).toEqual({
      challengeId: "c",
      response: { id: "x" },
      returnTo: "/family/",
    });
    expect(passkeyAnswer("not json")).toBeNull();
    expect(passkeyAnswer(JSON.stringify({ response: {} }))).toBeNull();
    expect(passkeyAnswer(JSON.stringify({ challengeId: "c", response: "x" }))).toBeNull();
    expect(
      passkeyAnswer(JSON.stringify({ challengeId: "c", response: { pad: "x".repeat(MAX_PASSKEY_BODY) } })),
    ).toBeNull();
  });
});

describe("the passkey endpoints", () => {
  it("hand the options on and say why not in the script's words", async () => {
    const ok = apiAnswering(200, { challengeId: "c1", options: { challenge: "abc" }, extra: "dropped" });
    const answer = await optionsFor(ok.api, "/api/family/sign-in/passkey-options");
    expect(await answer.json()).toEqual({ challengeId: "c1", options: { challenge: "abc" } });
    const gone = apiAnswering(410, { title: "Expired", status: 410, invitation: "expired" });
    const refused = await optionsFor(gone.api, "/api/family/invitations/t/passkey-options");
    expect(refused.status).toBe(410);
    expect(await refused.json()).toEqual({ reason: "expired" });
    expect(failureReason({ status: 0 })).toBe("unreachable");
    expect(failureReason({ status: 422 })).toBe("refused");
  });

  it("send the challenge id and credential only, and pass the session cookie back with where to go", async () => {
    const signedIn = apiAnswering(200, { member: { id: "m", name: "Grace" } }, "__Host-openportage-family=t; Path=/");
    const request = new Request("http://family/sign-in/passkey", {
      method: "POST",
      body: JSON.stringify({ challengeId: "c1", response: { id: "x" }, returnTo: "/family/children/1", extra: 1 }),
    });
    const answer = await verifyWith(request, signedIn.api, "/api/family/sign-in/passkey", (back) => `${back}!`);
    expect(signedIn.sent[0]?.body).toEqual({ challengeId: "c1", response: { id: "x" } });
    expect(await answer.json()).toEqual({ location: "/family/children/1!" });
    expect(answer.headers.get("Set-Cookie")).toBe("__Host-openportage-family=t; Path=/");
    const bad = await verifyWith(new Request("http://f", { method: "POST", body: "{}" }), signedIn.api, "/x", String);
    expect(bad.status).toBe(400);
  });
});
