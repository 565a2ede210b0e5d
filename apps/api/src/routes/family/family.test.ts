// The family app's routes: only the children a family member was invited for, what a helper's
// permissions allow, the overview in words, the visits as a calendar file, the sharing choices
// (withdrawn from today by the staff route's own rule) and messages to the home visitor.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { progressForFamily } from "./family.routes.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };
let mine: TestCase;
let theirs: TestCase;
let carer: TestFamilyMember;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];

beforeAll(async () => {
  // Sunday 29 November 2026: the block began on Monday 23 November; the next visit is Monday 30.
  h = await createHarness({ now: "2026-11-29T18:00:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
  mine = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Amira" });
  theirs = await caseWithPlan(h, coordinator, otherVisitor, { childFirstName: "Zeynep" });
  carer = await familyMemberFor(h, mine.childId, { invitedBy: visitor.id, name: "Grace Example" });
});
afterAll(() => h.close());

describe("who reaches what", () => {
  it("lists only the children the member was invited for", async () => {
    const res = await call("/api/family/children", "GET", carer.cookie);
    expect(res.status).toBe(200);
    expect(res.body.children).toEqual([
      {
        id: mine.childId,
        firstName: "Amira",
        kind: "carer",
        relationship: "mother",
        may: {
          practice: true,
          visits: true,
          reports: true,
          sharing: true,
          changeSharing: true,
          askToLeave: true,
          sendMessages: true,
        },
        status: "active",
        endsAt: null,
        reportsUntil: null,
        statusText: "",
      },
    ]);
  });

  it("answers 404 for another child on every route, with nothing of theirs, audited as the family member", async () => {
    const paths: [string, string, unknown?][] = [
      ["GET", ""],
      ["GET", "/visits.ics"],
      ["GET", "/practice"],
      ["PUT", `/practice/${theirs.targetId}/2026-11-28`, { practised: true, tries: 1, successes: 1 }],
      ["GET", "/reports"],
      ["GET", "/reports/transition-report.pdf"],
      ["GET", `/reports/review-${theirs.blockId}.pdf`],
      ["GET", "/sharing"],
      ["POST", `/sharing/${theirs.childId}/withdrawal`, { version: 1 }],
      ["GET", "/messages"],
      ["POST", "/messages", { body: "Hello" }],
      ["POST", "/leave-request", {}],
    ];
    for (const [method, rest, json] of paths) {
      const res = await h.request(`/api/family/children/${theirs.childId}${rest}`, {
        method,
        cookie: carer.cookie,
        ...(json === undefined ? {} : { json }),
      });
      const text = await res.text();
      expect(res.status, `${method} ${rest}`).toBe(404);
      expect(text).not.toContain("Zeynep");
    }
    const denied = await rows(
      "select actor_id, actor_role, reason from audit_events where record_id = ? and action = 'denied'",
      theirs.childId,
    );
    expect(denied.length).toBe(paths.length);
    expect(denied.every((d) => d.actor_id === carer.accountId && d.actor_role === "family")).toBe(true);
    expect(denied[0]?.reason).toBe("not-invited");
  });

  it("keeps family and staff sessions apart", async () => {
    expect((await call(`/api/family/children/${mine.childId}`, "GET", visitor.cookie)).status).toBe(401);
    expect((await call("/api/family/children", "GET", "")).status).toBe(401);
    expect((await call(`/api/cases/${mine.childId}/family-messages`, "GET", carer.cookie)).status).toBe(401);
    expect((await call("/api/family-requests", "GET", carer.cookie)).status).toBe(401);
  });

  it("shows a helper only what their permissions allow: 404 on the rest", async () => {
    const helper = await familyMemberFor(h, mine.childId, {
      invitedBy: visitor.id,
      kind: "helper",
      relationship: "grandparent",
      name: "Nana Example",
      permissions: { practice: false, visits: true, reports: false, sharing: false },
    });
    const overview = await call(`/api/family/children/${mine.childId}`, "GET", helper.cookie);
    expect(overview.status).toBe(200);
    expect(overview.body.thisWeek).toBeNull();
    expect(overview.body.nextVisits.length).toBeGreaterThan(0);
    expect(overview.body.may).toMatchObject({ practice: false, reports: false, sharing: false, askToLeave: false });
    for (const [method, rest, json] of [
      ["GET", "/practice", undefined],
      ["PUT", `/practice/${mine.targetId}/2026-11-28`, { practised: true, tries: 2, successes: 1 }],
      ["GET", "/reports", undefined],
      ["GET", "/reports/transition-report.pdf", undefined],
      ["GET", "/sharing", undefined],
      ["POST", `/sharing/${mine.childId}/withdrawal`, { version: 1 }],
    ] as const) {
      const res = await call(`/api/family/children/${mine.childId}${rest}`, method, helper.cookie, json);
      expect(res.status, `${method} ${rest}`).toBe(404);
    }
    const ics = await h.request(`/api/family/children/${mine.childId}/visits.ics`, { cookie: helper.cookie });
    expect(ics.status).toBe(200);
    const leave = await call(`/api/family/children/${mine.childId}/leave-request`, "POST", helper.cookie, {});
    expect(leave.status).toBe(403);
    const noVisits = await familyMemberFor(h, mine.childId, {
      invitedBy: visitor.id,
      kind: "helper",
      permissions: { visits: false },
    });
    const seen = await call(`/api/family/children/${mine.childId}`, "GET", noVisits.cookie);
    expect(seen.body.nextVisits).toBeNull();
    expect(seen.body.thisWeek.targets).toHaveLength(1);
    expect((await call(`/api/family/children/${mine.childId}/visits.ics`, "GET", noVisits.cookie)).status).toBe(404);
  });
});

describe("the overview", () => {
  it("says this week's targets, the next visits and who to contact in words", async () => {
    const res = await h.request(`/api/family/children/${mine.childId}`, { cookie: carer.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Json;
    expect(body.child).toEqual({ id: mine.childId, firstName: "Amira" });
    expect(body.plan).toEqual({ status: "active", statusText: "Amira's play plan is running." });
    expect(body.thisWeek.blockText).toBe("Block 1: 23 November 2026 to 12 February 2027");
    expect(body.thisWeek.targets).toEqual([
      {
        id: mine.targetId,
        area: "Communication and language",
        goalText: "Amira will say 'more' to ask for more bubbles",
        does: "say 'more' to ask for more bubbles",
        conditions: "when an adult blows bubbles and pauses",
        doneWhenText: "3 out of 4 times, on 3 different days",
        teachingSteps: [
          { number: 1, text: "looks at the adult when the bubbles stop" },
          { number: 2, text: "makes a sound to ask" },
          { number: 3, text: "says 'more'" },
        ],
        howToPractise: "Blow bubbles, stop, and wait for her to ask",
        howOften: "3 times a day",
        progressText: "Nothing written down yet.",
      },
    ]);
    expect(body.nextVisits[0]).toMatchObject({
      date: "2026-11-30",
      dateText: "Monday 30 November 2026",
      time: "10:00",
      timeText: "10am",
      placeText: "At home",
    });
    expect(body.homeVisitor).toEqual({ name: "Harriet Visitor" });
    expect(body.service).toMatchObject({ name: "Lancashire Portage Service", council: "Lancashire County Council" });
    const [read] = await rows(
      "select actor_id, actor_role from audit_events where record_id = ? and action = 'read' order by id desc limit 1",
      mine.childId,
    );
    expect(read).toMatchObject({ actor_id: carer.accountId, actor_role: "family" });
  });

  it("gives the next visits as an iCalendar file with this child's visits only", async () => {
    const res = await h.request(`/api/family/children/${mine.childId}/visits.ics`, { cookie: carer.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const ics = await res.text();
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("SUMMARY:Portage visit with Harriet Visitor");
    expect(ics).toContain(`UID:${mine.visitIds?.[1]}@openportage`);
    // The visit on Monday 23 November has passed.
    expect(ics).not.toContain(`UID:${mine.visitIds?.[0]}@openportage`);
    for (const id of theirs.visitIds ?? []) expect(ics).not.toContain(id);
    expect(ics).not.toContain("Zeynep");
  });
});

describe("sharing choices", () => {
  let consentId: string;

  beforeAll(async () => {
    const post = (json: unknown) => call(`/api/cases/${mine.childId}/consents`, "POST", visitor.cookie, json);
    const given = { givenBy: { name: "Grace Example", relationship: "mother" }, givenOn: "2026-11-02" };
    expect(
      (await post({ kind: "service", ...given, recordedAs: "written", covers: "Home visits and records" })).status,
    ).toBe(201);
    const sharing = await post({
      kind: "sharing",
      ...given,
      recordedAs: "written",
      recipientIds: ["health-visitor", "paediatrician"],
    });
    expect(sharing.status).toBe(201);
    consentId = sharing.body.id;
  });

  it("lists the consents to share in words", async () => {
    const res = await call(`/api/family/children/${mine.childId}/sharing`, "GET", carer.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      canChange: true,
      consents: [
        {
          id: consentId,
          sharedWith: ["Health visitor", "Paediatrician"],
          sharedWithText: "Health visitor and Paediatrician",
          purposesText: null,
          givenByText: "Grace Example (mother)",
          givenOn: "2026-11-02",
          givenOnText: "2 November 2026",
          withdrawnOn: null,
          withdrawnOnText: null,
          inForce: true,
          stateText: "In place since 2 November 2026",
          canWithdraw: true,
          version: 1,
        },
      ],
    });
  });

  it("lets only a parent or carer withdraw: a helper who sees the choices gets 403", async () => {
    const helper = await familyMemberFor(h, mine.childId, {
      invitedBy: visitor.id,
      kind: "helper",
      permissions: { sharing: true },
    });
    const seen = await call(`/api/family/children/${mine.childId}/sharing`, "GET", helper.cookie);
    expect(seen.body.canChange).toBe(false);
    expect(seen.body.consents[0].canWithdraw).toBe(false);
    const res = await call(
      `/api/family/children/${mine.childId}/sharing/${consentId}/withdrawal`,
      "POST",
      helper.cookie,
      { version: 1 },
    );
    expect(res.status).toBe(403);
    expect((await rows("select withdrawn_on from consents where id = ?", consentId))[0]?.withdrawn_on).toBeNull();
  });

  it("withdraws from today by the staff rule: the sharing decision refuses, and the home visitor is told", async () => {
    const decide = () =>
      call(`/api/cases/${mine.childId}/sharing-decision`, "POST", visitor.cookie, {
        recipientId: "health-visitor",
        purpose: "coordinating-support",
      });
    expect((await decide()).body.allowed).toBe(true);
    const path = `/api/family/children/${mine.childId}/sharing/${consentId}/withdrawal`;
    const bad = await call(path, "POST", carer.cookie, { version: "one" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("version");
    const stale = await call(path, "POST", carer.cookie, { version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe("/api/problems/edit-conflict");
    const res = await call(path, "POST", carer.cookie, { version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      withdrawnOn: "2026-11-29",
      inForce: false,
      stateText: "Withdrawn from 29 November 2026",
      canWithdraw: false,
      version: 2,
    });
    const after = await decide();
    expect(after.body.allowed).toBe(false);
    expect(after.body.reason).toContain("withdrew consent to share with Health visitor on 29 November 2026");
    const again = await call(path, "POST", carer.cookie, { version: 2 });
    expect(again.status).toBe(409);
    const messages = await call(`/api/cases/${mine.childId}/family-messages`, "GET", visitor.cookie);
    expect(messages.body.messages[0]).toMatchObject({
      kind: "consent-withdrawn",
      body: "Grace Example withdrew consent to share with Health visitor and Paediatrician, from 29 November 2026.",
      from: { accountId: carer.accountId, name: "Grace Example", relationship: "mother", kind: "carer" },
      readAt: null,
    });
    const audited = await rows(
      "select actor_id, actor_role, reason from audit_events where record_id = ? and action = 'consent-change' order by id desc limit 1",
      mine.childId,
    );
    expect(audited[0]).toMatchObject({
      actor_id: carer.accountId,
      actor_role: "family",
      reason: "sharing-consent-withdrawn",
    });
  });

  it("does not withdraw consent to Portage itself", async () => {
    const [service] = await rows("select id from consents where child_id = ? and kind = 'service'", mine.childId);
    const res = await call(
      `/api/family/children/${mine.childId}/sharing/${service?.id}/withdrawal`,
      "POST",
      carer.cookie,
      { version: 1 },
    );
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("To stop Portage");
  });
});

describe("messages and asking to leave", () => {
  it("sends a question to the home visitor, who marks it read", async () => {
    const path = `/api/family/children/${mine.childId}/messages`;
    for (const [json, field] of [
      [{ body: "   " }, "body"],
      [{ body: "x".repeat(2001) }, "body"],
      [{}, "body"],
      [{ body: "Hi", secret: 1 }, "secret"],
    ] as const) {
      const res = await call(path, "POST", carer.cookie, json);
      expect(res.status, JSON.stringify(json).slice(0, 40)).toBe(422);
      expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
    }
    const sent = await call(path, "POST", carer.cookie, { body: "Can we move Monday's visit to the afternoon?" });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ kind: "message", kindText: "Message", read: false });
    const staffSide = await call(`/api/cases/${mine.childId}/family-messages`, "GET", visitor.cookie);
    const message = staffSide.body.messages.find((m: Json) => m.id === sent.body.id);
    expect(message).toMatchObject({ body: "Can we move Monday's visit to the afternoon?", readBy: null });
    const read = await call(
      `/api/cases/${mine.childId}/family-messages/${sent.body.id}/read`,
      "POST",
      visitor.cookie,
      {},
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ readBy: { id: visitor.id, name: "Harriet Visitor" } });
    const own = await call(path, "GET", carer.cookie);
    expect(own.body.messages.find((m: Json) => m.id === sent.body.id)).toMatchObject({ read: true });
    // The case's history names the family member who sent it.
    const history = await call(`/api/cases/${mine.childId}/history?show=changes`, "GET", visitor.cookie);
    const byFamily = history.body.entries.filter((e: Json) => e.actor?.role === "family");
    expect(byFamily.length).toBeGreaterThan(0);
    expect(byFamily.map((e: Json) => [e.actor.name, e.actor.id])).toContainEqual(["Grace Example", carer.accountId]);
    expect(byFamily.filter((e: Json) => e.actor.name === "(unknown)")).toEqual([]);
  });

  it("tells the coordinator when a family asks to stop", async () => {
    const res = await call(`/api/family/children/${mine.childId}/leave-request`, "POST", carer.cookie, {
      body: "We are moving to Leeds in January.",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: "leave-request", kindText: "Asked to stop Portage" });
    const list = await call("/api/family-requests", "GET", coordinator.cookie);
    expect(list.status).toBe(200);
    const request = list.body.requests.find((r: Json) => r.id === res.body.id);
    expect(request).toMatchObject({
      kind: "leave-request",
      body: "We are moving to Leeds in January.",
      child: { id: mine.childId, firstName: "Amira" },
      homeVisitor: { id: visitor.id, name: "Harriet Visitor" },
      from: { name: "Grace Example", kind: "carer" },
    });
    expect(list.body.requests.some((r: Json) => r.kind === "consent-withdrawn")).toBe(true);
    expect((await call("/api/family-requests", "GET", visitor.cookie)).status).toBe(403);
    await call(`/api/cases/${mine.childId}/family-messages/${res.body.id}/read`, "POST", coordinator.cookie, {});
    const after = await call("/api/family-requests", "GET", coordinator.cookie);
    expect(after.body.requests.some((r: Json) => r.id === res.body.id)).toBe(false);
  });

  it("keeps another home visitor out of the case's messages", async () => {
    const res = await call(`/api/cases/${mine.childId}/family-messages`, "GET", otherVisitor.cookie);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain("Leeds");
    const [message] = await rows("select id from family_messages where child_id = ? limit 1", mine.childId);
    const mark = await call(
      `/api/cases/${mine.childId}/family-messages/${message?.id}/read`,
      "POST",
      otherVisitor.cookie,
      {},
    );
    expect(mark.status).toBe(404);
    const wrongCase = await call(
      `/api/cases/${theirs.childId}/family-messages/${message?.id}/read`,
      "POST",
      otherVisitor.cookie,
      {},
    );
    expect(wrongCase.status).toBe(404);
  });
});

describe("progress in a parent's words", () => {
  it("says how a target is going without the service's words", () => {
    expect(progressForFamily("achieved", true, "Amira")).toBe("Amira can do this now. Well done!");
    expect(progressForFamily("developing", true, "Amira")).toContain("nearly there");
    expect(progressForFamily("emerging", true, "Amira")).toContain("started to do this");
    expect(progressForFamily("not-started", false, "Amira")).toBe("Nothing written down yet.");
    expect(progressForFamily("not-started", true, "Amira")).toContain("Keep practising");
    for (const status of ["achieved", "developing", "emerging", "not-started"] as const) {
      expect(progressForFamily(status, true, "Amira")).not.toMatch(/activity record|criterion|block/i);
    }
  });
});
