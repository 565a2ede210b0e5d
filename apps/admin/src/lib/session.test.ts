import { describe, expect, it } from "vitest";
import { createApi } from "./api.ts";
import { hasSessionCookie, type StaffUser, staffOf, userFrom } from "./session.ts";

describe("userFrom", () => {
  const user = { id: "u1", name: "Sam Lee", email: "sam@example.org", role: "coordinator" };
  it("reads a user wrapped or bare", () => {
    expect(userFrom({ user })).toEqual(user);
    expect(userFrom(user)).toEqual(user);
  });
  it("refuses anything without an id and a known role", () => {
    expect(userFrom(null)).toBeNull();
    expect(userFrom({ user: { ...user, role: "root" } })).toBeNull();
    expect(userFrom({ user: { role: "coordinator" } })).toBeNull();
  });
});

describe("hasSessionCookie", () => {
  it("spots a session cookie among others", () => {
    expect(hasSessionCookie("a=1; __Host-openportage-session=xyz")).toBe(true);
    expect(hasSessionCookie("__Host-session=xyz")).toBe(true);
    expect(hasSessionCookie("a=1; b=2")).toBe(false);
    expect(hasSessionCookie(null)).toBe(false);
  });
});

describe("staffOf", () => {
  const cora: StaffUser = { id: "u1", name: "Cora", email: "cora@council.example", role: "coordinator" };
  const said = Buffer.from(JSON.stringify(cora)).toString("base64url");
  function api(answer: () => Response) {
    const paths: string[] = [];
    const client = createApi({
      baseUrl: "http://api",
      cookie: "__Host-openportage-session=s",
      fetch: async (request) => {
        paths.push(new URL(request.url).pathname);
        return answer();
      },
    });
    return { client, paths };
  }

  it("is who the middleware found, asking nothing", async () => {
    const { client, paths } = api(() => Response.json({}));
    expect(await staffOf({ api: client, user: cora })).toBe(cora);
    expect(await staffOf({ api: client, user: undefined as never })).toBeUndefined();
    expect(paths).toEqual([]);
  });

  it("for a page identified by its first call: who the API said on it, else the session route's answer", async () => {
    const told = api(() => new Response("{}", { headers: { "Openportage-Staff": said } }));
    await told.client.get("/api/waiting-list");
    expect(await staffOf({ api: told.client, user: undefined as never, identifiedByFirstCall: true })).toEqual(cora);
    expect(told.paths).toEqual(["/api/waiting-list"]);
    const asked = api(() => Response.json({ user: cora }));
    expect(await staffOf({ api: asked.client, user: undefined as never, identifiedByFirstCall: true })).toEqual(cora);
    expect(asked.paths).toEqual(["/api/auth/session"]);
    const nobody = api(() => Response.json({}, { status: 401 }));
    expect(
      await staffOf({ api: nobody.client, user: undefined as never, identifiedByFirstCall: true }),
    ).toBeUndefined();
  });
});
