import { describe, expect, it } from "vitest";
import { apiBaseUrl, createApi, FAMILY_COOKIE, familyCookieOf } from "./api.ts";

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

describe("familyCookieOf", () => {
  it("keeps the family session cookie alone", () => {
    expect(familyCookieOf(`__Host-openportage-session=staff; ${FAMILY_COOKIE}=abc_DEF-1; other=1`)).toBe(
      `${FAMILY_COOKIE}=abc_DEF-1`,
    );
    expect(familyCookieOf("__Host-openportage-session=staff")).toBeNull();
    expect(familyCookieOf(null)).toBeNull();
    expect(familyCookieOf(`x${FAMILY_COOKIE}=abc`)).toBeNull();
  });
});

describe("createApi", () => {
  it("forwards the family cookie only, vouches for the origin check, and returns the data", async () => {
    const r = recorder(
      () =>
        new Response(JSON.stringify({ id: "r1" }), {
          status: 201,
          headers: [
            ["Content-Type", "application/json"],
            ["Set-Cookie", `${FAMILY_COOKIE}=new; Path=/; Secure; HttpOnly`],
          ],
        }),
    );
    const api = createApi({
      baseUrl: "http://127.0.0.1:3000/",
      cookie: `__Host-openportage-session=staff; ${FAMILY_COOKIE}=old`,
      sameOrigin: true,
      forwardedFor: "203.0.113.9",
      fetch: r.fetch,
    });
    const result = await api.post<{ id: string }>("/api/family/things", { a: 1 });
    expect(result).toEqual({
      ok: true,
      status: 201,
      data: { id: "r1" },
      setCookie: [`${FAMILY_COOKIE}=new; Path=/; Secure; HttpOnly`],
    });
    const request = r.requests[0];
    expect(request?.url).toBe("http://127.0.0.1:3000/api/family/things");
    expect(request?.headers.get("Cookie")).toBe(`${FAMILY_COOKIE}=old`);
    expect(request?.headers.get("Sec-Fetch-Site")).toBe("same-origin");
    expect(request?.headers.get("X-Forwarded-For")).toBe("203.0.113.9");
    expect(await request?.json()).toEqual({ a: 1 });
  });

  it("sends no cookie when there is no family session, and vouches for nothing on reads", async () => {
    const r = recorder(() => Response.json([]));
    await createApi({ baseUrl: "http://api", cookie: "a=1", sameOrigin: true, fetch: r.fetch }).get("/api/x");
    await createApi({ baseUrl: "http://api", sameOrigin: false, fetch: r.fetch }).post("/api/x");
    expect(r.requests[0]?.headers.get("Cookie")).toBeNull();
    expect(r.requests[0]?.headers.get("Sec-Fetch-Site")).toBeNull();
    expect(r.requests[1]?.headers.get("Sec-Fetch-Site")).toBeNull();
  });

  it("returns the problem document on a refusal, and status 0 when the API cannot be reached", async () => {
    const refused = await createApi({
      baseUrl: "http://api",
      fetch: async () =>
        new Response(
          JSON.stringify({ title: "Check the code", status: 422, errors: [{ path: "code", message: "m" }] }),
          {
            status: 422,
          },
        ),
    }).post("/api/family/sign-in/code/verify", {});
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.errors).toEqual([{ path: "code", message: "m" }]);
    const down = await createApi({
      baseUrl: "http://api",
      fetch: async () => {
        throw new Error("ECONNREFUSED");
      },
    }).get("/api/family/session");
    expect(down).toMatchObject({ ok: false, status: 0 });
  });

  it("finds the API's base URL", () => {
    expect(apiBaseUrl({ OPENPORTAGE_API_URL: "http://api:9" })).toBe("http://api:9");
    expect(apiBaseUrl({ PORT: "4000" })).toBe("http://127.0.0.1:4000");
    expect(apiBaseUrl({})).toBe("http://127.0.0.1:3000");
  });
});
