import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

it("answers health with security headers", async () => {
  const res = await h.request("/api/health");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", protocol: "lancashire", mode: "demo" });
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
  // No inline code outside the reference page: scripts and styles from the API's own files only.
  expect(res.headers.get("content-security-policy")).toContain("script-src 'self'; style-src 'self';");
  expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
});

it("publishes the protocol", async () => {
  const body = (await (await h.request("/api/protocol")).json()) as { id: string; eligibility: unknown };
  expect(body.id).toBe("lancashire");
});

it("describes itself in OpenAPI 3.1 and serves its reference page without a CDN", async () => {
  const doc = (await (await h.request("/api/openapi.json")).json()) as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
      >
    >;
  };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/waiting-list");
  const referral = doc.paths["/referrals"]?.post?.requestBody?.content["application/json"]?.schema;
  expect(Object.keys(referral?.properties ?? {})).toContain("childDateOfBirth");
  const page = await h.request("/api/docs");
  const html = await page.text();
  expect(html).toContain('src="/api/docs/scalar.js"');
  expect(html).not.toMatch(/https:\/\/cdn/);
  // No inline script: the page's scripts are files, and its styles carry the request's nonce.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  const nonce = /<meta property="csp-nonce" content="([^"]+)">/.exec(html)?.[1];
  expect(nonce).toBeTruthy();
  expect(page.headers.get("content-security-policy")).toContain(`style-src 'self' 'nonce-${nonce}'`);
  expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
  const script = await h.request("/api/docs/scalar.js");
  expect(script.status).toBe(200);
});
