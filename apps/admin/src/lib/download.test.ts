import { describe, expect, it } from "vitest";
import { passThrough, type Refuse, refusedFile } from "./download.ts";

function refuse(): Refuse & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    path: "/admin/cases/c1/targets/t1/chart.pdf",
    rewrite: (path) => {
      calls.push(`rewrite ${path}`);
      return new Response(null, { status: 404 });
    },
    redirect: (path, status) => {
      calls.push(`redirect ${path}`);
      return new Response(null, { status, headers: { Location: path } });
    },
  };
}

describe("passThrough", () => {
  it("streams the file on with its type and name, never cached", async () => {
    const api = new Response("%PDF-1.7 ...", {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="chart.pdf"' },
    });
    const response = await passThrough(api, { type: "application/pdf", filename: "x.pdf" }, refuse());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="chart.pdf"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("%PDF-1.7 ...");
  });

  it("names the file itself when the API does not", async () => {
    const response = await passThrough(
      new Response("BEGIN:VCALENDAR"),
      { type: "text/calendar", filename: "diary.ics" },
      refuse(),
    );
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="diary.ics"');
  });

  it("turns refusals into the app's own pages", async () => {
    const r = refuse();
    await passThrough(new Response("{}", { status: 404 }), { type: "", filename: "" }, r);
    await passThrough(new Response("{}", { status: 403 }), { type: "", filename: "" }, r);
    await passThrough(new Response("{}", { status: 500 }), { type: "", filename: "" }, r);
    await passThrough(undefined, { type: "", filename: "" }, r);
    const signIn = await passThrough(new Response("{}", { status: 401 }), { type: "", filename: "" }, r);
    expect(r.calls).toEqual([
      "rewrite /admin/404",
      "rewrite /admin/no-permission",
      "rewrite /admin/service-unavailable",
      "rewrite /admin/service-unavailable",
      `redirect /admin/sign-in?returnTo=${encodeURIComponent("/admin/cases/c1/targets/t1/chart.pdf")}&reason=expired`,
    ]);
    expect(signIn.status).toBe(303);
  });
});

describe("refusedFile", () => {
  it("reads a refusal the page can show, and leaves files and the other refusals to passThrough", async () => {
    const conflict = Response.json(
      { type: "/api/problems/conflict", title: "Conflict", status: 409, detail: "Access is revoked" },
      { status: 409 },
    );
    expect(await refusedFile(conflict)).toMatchObject({ status: 409, detail: "Access is revoked" });
    expect(await refusedFile(new Response("not json", { status: 409 }))).toMatchObject({ status: 409 });
    expect(await refusedFile(new Response("%PDF", { headers: { "Content-Type": "application/pdf" } }))).toBeUndefined();
    for (const status of [401, 403, 404, 500]) {
      expect(await refusedFile(Response.json({}, { status }))).toBeUndefined();
    }
    expect(await refusedFile(undefined)).toBeUndefined();
  });
});
