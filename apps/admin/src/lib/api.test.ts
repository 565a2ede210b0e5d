import { describe, expect, it } from "vitest";
import { apiBaseUrl, createApi, withQuery } from "./api.ts";
import { KeptAnswers } from "./kept.ts";

function recorder(response: () => Response) {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (request: Request) => {
      requests.push(request);
      return response();
    },
  };
}

describe("createApi", () => {
  it("forwards the cookie, origin and address, and returns the data", async () => {
    const r = recorder(
      () =>
        new Response(JSON.stringify({ id: "r1" }), {
          status: 201,
          headers: [
            ["Content-Type", "application/json"],
            ["Set-Cookie", "__Host-session=abc; Path=/; Secure; HttpOnly"],
          ],
        }),
    );
    const api = createApi({
      baseUrl: "http://127.0.0.1:3000/",
      cookie: "__Host-session=old",
      sameOrigin: true,
      forwardedFor: "203.0.113.9",
      fetch: r.fetch,
    });
    const result = await api.post<{ id: string }>("/api/things", { a: 1 });
    expect(result).toEqual({
      ok: true,
      status: 201,
      data: { id: "r1" },
      setCookie: ["__Host-session=abc; Path=/; Secure; HttpOnly"],
    });
    const request = r.requests[0];
    expect(request?.url).toBe("http://127.0.0.1:3000/api/things");
    expect(request?.headers.get("Cookie")).toBe("__Host-session=old");
    expect(request?.headers.get("Sec-Fetch-Site")).toBe("same-origin");
    expect(request?.headers.get("Origin")).toBeNull();
    expect(request?.headers.get("X-Forwarded-For")).toBe("203.0.113.9");
    expect(request?.headers.get("Content-Type")).toBe("application/json");
    expect(await request?.json()).toEqual({ a: 1 });
  });

  it("vouches for nothing on reads, or when the browser's request was not same-origin", async () => {
    const r = recorder(() => Response.json([]));
    await createApi({ baseUrl: "http://api", sameOrigin: true, fetch: r.fetch }).get("/api/list", { a: "" });
    await createApi({ baseUrl: "http://api", sameOrigin: false, fetch: r.fetch }).post("/api/list");
    expect(r.requests[0]?.headers.get("Sec-Fetch-Site")).toBeNull();
    expect(r.requests[1]?.headers.get("Sec-Fetch-Site")).toBeNull();
    expect(r.requests[0]?.url).toBe("http://api/api/list");
  });

  it("returns the problem document on a refusal", async () => {
    const r = recorder(() =>
      Response.json(
        { type: "/api/problems/validation", title: "Your request has problems", status: 422, errors: [] },
        { status: 422 },
      ),
    );
    const result = await createApi({ baseUrl: "http://api", fetch: r.fetch }).post("/api/x", {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.title).toBe("Your request has problems");
  });

  it("turns a network failure into a status 0 problem", async () => {
    const result = await createApi({
      baseUrl: "http://api",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    }).get("/api/x");
    expect(result).toMatchObject({ ok: false, status: 0 });
  });
});

describe("raw", () => {
  it("answers the API's response as it came, with the session forwarded and the query kept", async () => {
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const r = recorder(() => new Response(pdf, { status: 200, headers: { "Content-Type": "application/pdf" } }));
    const api = createApi({ baseUrl: "http://api", cookie: "s=1", sameOrigin: true, fetch: r.fetch });
    const response = await api.raw("/api/diary.ics", { homeVisitorId: "v1", from: "" });
    expect(response?.status).toBe(200);
    expect(response?.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await (response as Response).arrayBuffer())).toEqual(pdf);
    const request = r.requests[0];
    expect(request?.url).toBe("http://api/api/diary.ics?homeVisitorId=v1");
    expect(request?.method).toBe("GET");
    expect(request?.headers.get("Cookie")).toBe("s=1");
    // A read: nothing vouched for.
    expect(request?.headers.get("Sec-Fetch-Site")).toBeNull();
  });

  it("passes refusals on, and is undefined when the API cannot be reached", async () => {
    const refused = recorder(() => Response.json({ title: "Not found", status: 404 }, { status: 404 }));
    expect((await createApi({ baseUrl: "http://api", fetch: refused.fetch }).raw("/api/x"))?.status).toBe(404);
    const down = createApi({
      baseUrl: "http://api",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(await down.raw("/api/x")).toBeUndefined();
  });
});

describe("rawPost", () => {
  it("posts the body as JSON, vouching for the same-origin check, and answers the file as it came", async () => {
    const r = recorder(() => new Response("%PDF-1.7", { status: 200, headers: { "Content-Type": "application/pdf" } }));
    const api = createApi({ baseUrl: "http://api", cookie: "s=1", sameOrigin: true, fetch: r.fetch });
    const response = await api.rawPost("/api/cases/c1/family-access/a1/invitations", { via: "letter" });
    expect(await response?.text()).toBe("%PDF-1.7");
    const request = r.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("Sec-Fetch-Site")).toBe("same-origin");
    expect(request?.headers.get("Content-Type")).toBe("application/json");
    expect(request?.headers.get("Accept")).toBe("*/*");
    expect(await request?.json()).toEqual({ via: "letter" });
    const down = createApi({
      baseUrl: "http://api",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(await down.rawPost("/api/x")).toBeUndefined();
  });
});

describe("withQuery", () => {
  it("drops empty values", () => {
    expect(withQuery("/api/referrals", { status: "received", route: "", from: undefined, page: 2 })).toBe(
      "/api/referrals?status=received&page=2",
    );
  });
});

describe("apiBaseUrl", () => {
  it("prefers OPENPORTAGE_API_URL, else the loopback address on PORT", () => {
    expect(apiBaseUrl({ OPENPORTAGE_API_URL: "http://api:8080" })).toBe("http://api:8080");
    expect(apiBaseUrl({ PORT: "4321" })).toBe("http://127.0.0.1:4321");
    expect(apiBaseUrl({})).toBe("http://127.0.0.1:3000");
  });
});

describe("getKept", () => {
  const list = (tag: string | null, status = 200, body: unknown = { total: 2 }) =>
    new Response(status === 304 ? null : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", ...(tag ? { ETag: tag } : {}) },
    });

  it("names the kept answer's tag, and uses the kept data when the API says it is unchanged", async () => {
    const kept = new KeptAnswers();
    const answers = [list('"v1"'), list('"v1"', 304), list('"v2"', 200, { total: 3 })];
    const r = recorder(() => answers.shift() as Response);
    const api = createApi({ baseUrl: "http://api", cookie: "__Host-openportage-session=s", fetch: r.fetch, kept });
    const first = await api.getKept<{ total: number }>("/api/waiting-list", { page: 1 });
    expect(first.ok && first.data).toEqual({ total: 2 });
    expect(r.requests[0]?.headers.get("if-none-match")).toBeNull();
    first.made?.set("entries", "<ol></ol>");
    const second = await api.getKept<{ total: number }>("/api/waiting-list", { page: 1 });
    expect(r.requests[1]?.headers.get("if-none-match")).toBe('"v1"');
    expect(second).toMatchObject({ ok: true, status: 200, data: { total: 2 } });
    expect(second.made?.get("entries")).toBe("<ol></ol>");
    // The list changed: the new answer, and nothing made from the old one.
    const third = await api.getKept<{ total: number }>("/api/waiting-list", { page: 1 });
    expect(r.requests[2]?.headers.get("if-none-match")).toBe('"v1"');
    expect(third.ok && third.data).toEqual({ total: 3 });
    expect(third.made?.get("entries")).toBeUndefined();
  });

  it("keeps nothing for another session, and forgets the session when the API refuses it", async () => {
    const kept = new KeptAnswers();
    const answers = [list('"v1"'), list('"v1"'), list(null, 401, { title: "Sign in" }), list('"v1"')];
    const r = recorder(() => answers.shift() as Response);
    const as = (cookie: string) => createApi({ baseUrl: "http://api", cookie, fetch: r.fetch, kept });
    await as("__Host-openportage-session=a").getKept("/api/waiting-list");
    await as("__Host-openportage-session=b").getKept("/api/waiting-list");
    expect(r.requests[1]?.headers.get("if-none-match")).toBeNull();
    const refused = await as("__Host-openportage-session=a").getKept("/api/waiting-list");
    expect(refused.ok).toBe(false);
    await as("__Host-openportage-session=a").getKept("/api/waiting-list");
    expect(r.requests[3]?.headers.get("if-none-match")).toBeNull();
  });

  it("keeps nothing without a cookie or an entity tag", async () => {
    const kept = new KeptAnswers();
    const r = recorder(() => list(null));
    await createApi({ baseUrl: "http://api", fetch: r.fetch, kept }).getKept("/api/waiting-list");
    await createApi({ baseUrl: "http://api", cookie: "c=1", fetch: r.fetch, kept }).getKept("/api/waiting-list");
    expect(kept.size).toBe(0);
  });
});

describe("staffSaid and sessionRefused", () => {
  it("asks who the session belongs to on JSON calls only, and reads the API's answer", async () => {
    const user = { id: "u1", name: "Zoë", email: "z@council.example", role: "coordinator" };
    const r = recorder(
      () =>
        new Response("{}", {
          headers: { "Openportage-Staff": Buffer.from(JSON.stringify(user)).toString("base64url") },
        }),
    );
    const api = createApi({ baseUrl: "http://api", cookie: "c=1", fetch: r.fetch });
    expect(api.staffSaid()).toBeUndefined();
    await api.get("/api/waiting-list");
    expect(r.requests[0]?.headers.get("openportage-identify")).toBe("staff");
    expect(api.staffSaid()).toEqual(user);
    await api.raw("/api/letter.pdf");
    expect(r.requests[1]?.headers.get("openportage-identify")).toBeNull();
    expect(api.sessionRefused()).toBe(false);
  });

  it("notes a call refused because the session is not signed in", async () => {
    const r = recorder(() => new Response("{}", { status: 401 }));
    const api = createApi({ baseUrl: "http://api", cookie: "c=1", fetch: r.fetch });
    await api.get("/api/waiting-list");
    expect(api.sessionRefused()).toBe(true);
    expect(api.staffSaid()).toBeUndefined();
  });
});
