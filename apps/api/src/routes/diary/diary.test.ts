import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../../test-support/calls.js";
import { caseWithPlan } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

describe("the diary", () => {
  it("lists a visitor's own coming visits; a coordinator's, everyone's", async () => {
    const mine = await caseWithPlan(h, coordinator, visitor);
    const theirs = await caseWithPlan(h, coordinator, otherVisitor);
    const res = await h.request("/api/diary", { cookie: visitor.cookie });
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ from: "2026-11-20", to: "2026-12-17" });
    expect(body.visits.map((v: Json) => v.date)).toEqual(["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14"]);
    expect(body.visits.every((v: Json) => v.child.id === mine.childId && v.durationMinutes === 60)).toBe(true);
    const all = (await (await h.request("/api/diary?to=2026-11-23", { cookie: coordinator.cookie })).json()) as Json;
    expect(all.visits.map((v: Json) => v.child.id).sort()).toEqual([mine.childId, theirs.childId].sort());
    const bad = await h.request("/api/diary?from=2026-12-01&to=2026-11-01", { cookie: visitor.cookie });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Json).errors[0].field).toBe("to");
  });

  it("downloads as an iCalendar file, and can be subscribed to at a private address that can be stopped", async () => {
    const mine = await caseWithPlan(h, coordinator, visitor);
    const ics = await h.request("/api/diary.ics", { cookie: visitor.cookie });
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    const text = await ics.text();
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).toContain(`UID:${mine.visitIds?.[0]}@openportage`);
    expect(text).toContain("DTSTART:20261123T100000Z");
    expect(text).toMatch(/SUMMARY:Portage visit: \w+ Casework/);
    const made = await h.request("/api/diary/subscription", { method: "POST", cookie: visitor.cookie, json: {} });
    expect(made.status).toBe(201);
    const { url } = (await made.json()) as { url: string };
    const feedPath = new URL(url).pathname;
    const feed = await h.request(feedPath);
    expect(feed.status).toBe(200);
    const feedText = await feed.text();
    expect(feedText).toContain(`SUMMARY:Portage visit (${mine.reference})`);
    // The feed leaves the service: no names or addresses in it.
    expect(feedText).not.toMatch(/Casework/);
    expect((await h.request("/api/calendar/not-a-token")).status).toBe(404);
    const stopped = await h.request("/api/diary/subscription", { method: "DELETE", cookie: visitor.cookie });
    expect(stopped.status).toBe(204);
    expect((await h.request(feedPath)).status).toBe(404);
  });
});

describe("the activity chart", () => {
  it("is a PDF for the child's own visitor, 404 for another", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/targets/${c.targetId}/activity-chart.pdf`;
    const res = await h.request(path, { cookie: visitor.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="activity-chart.pdf"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect((await h.request(path, { cookie: otherVisitor.cookie })).status).toBe(404);
  });
});
