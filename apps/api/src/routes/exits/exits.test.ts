import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };
/** Born 2 October 2023: Lancashire's support ends on 1 January 2027, six weeks after the harness's today (20 November 2026). */
let leaving: TestCase;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const one = async (sql: string, ...args: string[]): Promise<Json> =>
  (await h.db.$client.execute({ sql, args })).rows[0] ?? {};
const REPORT = {
  strengthsAndInterests: "Loves bubbles and songs with actions",
  howChildLearnsBest: "Short turns, shown first, with lots of praise",
  familyWantsSettingToKnow: "She naps after lunch",
  canNowDo: [{ areaId: "communication-and-language", summary: "Asks for more with a sound" }],
};

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
  leaving = await caseWithPlan(h, coordinator, visitor, {
    childFirstName: "Leah",
    childLastName: "Leaver",
    childDateOfBirth: { day: "2", month: "10", year: "2023" },
  });
});
afterAll(() => h.close());

describe("children due to leave", () => {
  it("lists the child reaching the age limit within 12 weeks, with the date, the reason and the clause", async () => {
    const young = await allocatedCase(h, coordinator, visitor, { childLastName: "Youngone" });
    const due = await call("/api/exits/due?weeks=12", "GET", coordinator.cookie);
    expect(due.status).toBe(200);
    expect(due.body.weeks).toBe(12);
    const entry = due.body.children.find((c: Json) => c.child.id === leaving.childId);
    expect(entry.next).toMatchObject({
      reasonId: "age-limit",
      reason: "Reached the end of the age range",
      due: "2027-01-01",
      status: "upcoming",
      clauseId: "age-window",
      transitionReport: true,
    });
    expect(entry.homeVisitor.name).toBe("Harriet Visitor");
    expect(due.body.children.some((c: Json) => c.child.id === young.childId)).toBe(false);
    const shorter = await call("/api/exits/due?weeks=4", "GET", coordinator.cookie);
    expect(shorter.body.children.some((c: Json) => c.child.id === leaving.childId)).toBe(false);
    const bad = await call("/api/exits/due?weeks=0", "GET", coordinator.cookie);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("weeks");
  });

  it("shows on the case's Moving on tab for its home visitor, not another's", async () => {
    const mine = await call(`/api/cases/${leaving.childId}/leaving`, "GET", visitor.cookie);
    expect(mine.status).toBe(200);
    expect(mine.body.dueExits[0]).toMatchObject({ reasonId: "age-limit", due: "2027-01-01" });
    expect(mine.body.reasons.map((r: Json) => r.id)).toContain("family-withdrew");
    expect(mine.body.transitionPlan).toBeNull();
    const theirs = await call(`/api/cases/${leaving.childId}/leaving`, "GET", otherVisitor.cookie);
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain("Leaver");
  });
});

describe("the transition plan", () => {
  it("is recorded from version 0, then changed with its version; a stale version is refused", async () => {
    const path = `/api/cases/${leaving.childId}/transition-plan`;
    expect((await call(path, "GET", visitor.cookie)).body.plan).toBeNull();
    const body = {
      version: 0,
      settingName: "Little Acorns Nursery",
      settingType: "nursery",
      startDate: "2027-01-04",
      peopleInvolved: "Ms Patel (SENCO); the health visitor",
    };
    const saved = await call(path, "PUT", visitor.cookie, body);
    expect(saved.status).toBe(200);
    expect(saved.body.plan).toMatchObject({ settingName: "Little Acorns Nursery", version: 1, notes: null });
    const stale = await call(path, "PUT", coordinator.cookie, { ...body, notes: "Two settling-in sessions" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 1,
      changedBy: "Harriet Visitor",
      changes: ["transition-plan-changed"],
    });
    const changed = await call(path, "PUT", coordinator.cookie, {
      ...body,
      version: 1,
      notes: "Two settling-in sessions",
    });
    expect(changed.body.plan).toMatchObject({ version: 2, notes: "Two settling-in sessions" });
    const audited = await one(
      "select count(*) as n from audit_events where record_id = ? and reason like 'transition-plan-%'",
      leaving.childId,
    );
    expect(Number(audited.n)).toBe(2);
  });

  it("refuses bad input naming each field, and stores nothing", async () => {
    const path = `/api/cases/${leaving.childId}/transition-plan`;
    const bad = await call(path, "PUT", visitor.cookie, {
      version: 2,
      settingName: " ",
      settingType: "castle",
      startDate: "2027-02-30",
      extra: true,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual([
      "extra",
      "settingName",
      "settingType",
      "startDate",
    ]);
    expect((await call(path, "GET", visitor.cookie)).body.plan.version).toBe(2);
    expect((await call(path, "GET", otherVisitor.cookie)).status).toBe(404);
  });
});

describe("transition visits", () => {
  it("a planned visit becomes a joint visit at the nursery, with its place", async () => {
    const visitId = leaving.visitIds?.[2] as string;
    const path = `/api/cases/${leaving.childId}/visits/${visitId}`;
    const noPlace = await call(path, "PATCH", visitor.cookie, {
      version: 1,
      date: "2026-12-08",
      time: "10:00",
      kind: "transition",
    });
    expect(noPlace.status).toBe(422);
    expect(noPlace.body.errors[0].field).toBe("place");
    const moved = await call(path, "PATCH", visitor.cookie, {
      version: 1,
      date: "2026-12-08",
      time: "10:00",
      kind: "transition",
      place: "Little Acorns Nursery",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.visit).toMatchObject({ kind: "transition", place: "Little Acorns Nursery" });
    const tab = await call(`/api/cases/${leaving.childId}/leaving`, "GET", visitor.cookie);
    expect(tab.body.transitionVisits).toEqual([
      { id: visitId, date: "2026-12-08", time: "10:00", status: "planned", place: "Little Acorns Nursery" },
    ]);
  });
});

describe("the exit", () => {
  it("drafts the report from the plan and says what staff still have to write", async () => {
    const draft = await call(`/api/cases/${leaving.childId}/exit/draft?reasonId=age-limit`, "GET", visitor.cookie);
    expect(draft.status).toBe(200);
    expect(draft.body.requirement).toMatchObject({ listed: true, required: true });
    expect(draft.body.requirement.sections).toHaveLength(7);
    expect(draft.body.destination).toBe("Little Acorns Nursery");
    expect(draft.body.draft.targetsWorkingOn[0]).toMatchObject({
      areaId: "communication-and-language",
      target: "say 'more' to ask for more bubbles when an adult blows bubbles and pauses",
      teachingStepsThatHelp: ["looks at the adult when the bubbles stop", "makes a sound to ask", "says 'more'"],
    });
    expect(draft.body.draft.professionalsInvolved).toEqual([{ role: "Health visitor" }]);
    expect(draft.body.missing.map((m: Json) => m.section)).toEqual(
      expect.arrayContaining(["strengths-and-interests", "how-child-learns-best", "family-views"]),
    );
    const withdrew = await call(
      `/api/cases/${leaving.childId}/exit/draft?reasonId=family-withdrew`,
      "GET",
      visitor.cookie,
    );
    expect(withdrew.body.requirement.required).toBe(false);
  });

  it("is refused, storing nothing, for a reason the protocol does not list, a day to come, or a report missing", async () => {
    const path = `/api/cases/${leaving.childId}/exit`;
    const exit = { reasonId: "age-limit", exitedOn: "2026-11-20", withReport: true, report: REPORT };
    const refusals: [unknown, string[]][] = [
      [{ ...exit, reasonId: "ran-away-to-sea" }, ["reasonId"]],
      [{ ...exit, exitedOn: "2026-11-21" }, ["exitedOn"]],
      [{ ...exit, withReport: false, report: undefined }, ["withReport"]],
      [{ ...exit, report: { ...REPORT, strengthsAndInterests: undefined } }, ["report.strengthsAndInterests"]],
      [{ ...exit, report: { ...REPORT, canNowDo: [{ areaId: "physical", summary: "" }] } }, ["report.canNowDo"]],
      [{ reasonId: "age-limit", exitedOn: "yesterday", withReport: "yes" }, ["exitedOn", "withReport"]],
    ];
    for (const [body, fields] of refusals) {
      const res = await call(path, "POST", visitor.cookie, body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors.map((e: Json) => e.field).sort()).toEqual(fields);
    }
    expect(await h.count("exits")).toBe(0);
    const other = await call(path, "POST", otherVisitor.cookie, exit);
    expect(other.status).toBe(404);
    expect(await h.count("exits")).toBe(0);
    expect((await call(`/api/cases/${leaving.childId}`, "GET", visitor.cookie)).status).toBe(200);
  });

  it("closes the case with the report stored, sets the destroy-after date, and takes the child off the caseload", async () => {
    await h.db.$client.execute({
      sql: "update children set destroy_after = '2099-01-01' where id = ?",
      args: [leaving.childId],
    });
    const res = await call(`/api/cases/${leaving.childId}/exit`, "POST", visitor.cookie, {
      reasonId: "age-limit",
      exitedOn: "2026-11-20",
      withReport: true,
      note: "Moving to nursery in January",
      report: {
        ...REPORT,
        canNowDo: [{ areaId: "communication-and-language", summary: "Asks for more with a sound" }],
        professionalsInvolved: [{ role: "Health visitor", name: "Sam Lee" }],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.destroyAfter).toBe("2048-10-02");
    expect(res.body.referral.status).toBe("closed");
    expect(res.body.exit).toMatchObject({
      reasonId: "age-limit",
      exitedOn: "2026-11-20",
      destination: "Little Acorns Nursery",
      recordedBy: { name: "Harriet Visitor" },
    });
    const report = res.body.exit.transitionReport;
    expect(report.canNowDo).toEqual([
      {
        areaId: "communication-and-language",
        area: "Communication and language",
        summary: "Asks for more with a sound",
      },
    ]);
    expect(report.targetsWorkingOn).toHaveLength(1);
    expect(report.sharing).toMatchObject({ settingName: "Little Acorns Nursery", recipientId: "setting-senco" });

    expect(await one("select destroy_after from children where id = ?", leaving.childId)).toMatchObject({
      destroy_after: "2048-10-02",
    });
    expect(
      await one("select end_reason, ended_at from allocations where referral_id = ?", leaving.referralId),
    ).toMatchObject({ end_reason: "exited", ended_at: "2026-11-20T10:00:00.000Z" });
    expect(await one("select status from referrals where id = ?", leaving.referralId)).toMatchObject({
      status: "closed",
    });
    expect(
      await one("select action from audit_events where record_id = ? and reason = 'exited'", leaving.childId),
    ).toMatchObject({ action: "change" });

    // Gone from the caseload and the case routes.
    expect((await call(`/api/cases/${leaving.childId}`, "GET", visitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${leaving.childId}`, "GET", coordinator.cookie)).status).toBe(404);
    const cases = await call("/api/cases", "GET", coordinator.cookie);
    expect(cases.body.cases.some((c: Json) => c.child.id === leaving.childId)).toBe(false);
    const caseload = await call("/api/caseload", "GET", visitor.cookie);
    expect(JSON.stringify(caseload.body)).not.toContain("Leaver");
    const due = await call("/api/exits/due", "GET", coordinator.cookie);
    expect(due.body.children.some((c: Json) => c.child.id === leaving.childId)).toBe(false);
    const again = await call(`/api/cases/${leaving.childId}/exit`, "POST", visitor.cookie, {
      reasonId: "family-withdrew",
      exitedOn: "2026-11-20",
      withReport: false,
    });
    expect(again.status).toBe(404);
  });

  it("lets a family leave at any time without a report", async () => {
    const withdrew = await allocatedCase(h, coordinator, visitor, { childLastName: "Withdrew" });
    const res = await call(`/api/cases/${withdrew.childId}/exit`, "POST", coordinator.cookie, {
      reasonId: "family-withdrew",
      exitedOn: "2026-11-20",
      withReport: false,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.exit).toMatchObject({ reasonId: "family-withdrew", transitionReport: null, destination: null });
    const pdf = await h.request(`/api/closed-cases/${withdrew.childId}/transition-report.pdf`, {
      cookie: coordinator.cookie,
    });
    expect(pdf.status).toBe(404);
  });
});

describe("closed cases", () => {
  it("are listed for coordinators with the exit, the report and the destroy-after date", async () => {
    const list = await call("/api/closed-cases", "GET", coordinator.cookie);
    expect(list.status).toBe(200);
    expect(list.body.closedCases.find((c: Json) => c.child.id === leaving.childId)).toMatchObject({
      reasonId: "age-limit",
      hasReport: true,
      destroyAfter: "2048-10-02",
      destination: "Little Acorns Nursery",
    });
    const one = await call(`/api/closed-cases/${leaving.childId}`, "GET", coordinator.cookie);
    expect(one.status).toBe(200);
    expect(one.body.homeVisitor.name).toBe("Harriet Visitor");
    expect(one.body.exit.transitionReport.strengthsAndInterests).toBe(REPORT.strengthsAndInterests);
    expect(one.body.sharingNote).toContain("recorded separately");
    expect((await call(`/api/closed-cases/${leaving.childId}`, "GET", visitor.cookie)).status).toBe(403);
    const pdf = await h.request(`/api/closed-cases/${leaving.childId}/transition-report.pdf`, {
      cookie: coordinator.cookie,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toContain("no-store");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const open = await call(`/api/closed-cases/${otherVisitor.id}`, "GET", coordinator.cookie);
    expect(open.status).toBe(404);
  });

  it("are reopened by a coordinator with a reason: back on the waiting list, audited", async () => {
    const path = `/api/closed-cases/${leaving.childId}/reopen`;
    const noReason = await call(path, "POST", coordinator.cookie, { reason: "" });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe("reason");
    const res = await call(path, "POST", coordinator.cookie, { reason: "The nursery place fell through" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "waiting", destroyAfter: "2048-10-02" });
    expect(await one("select status, accepted_on from referrals where id = ?", leaving.referralId)).toMatchObject({
      status: "waiting",
      accepted_on: "2026-11-20",
    });
    expect(await one("select reopened_by, reopen_reason from exits where child_id = ?", leaving.childId)).toMatchObject(
      { reopened_by: coordinator.id, reopen_reason: "The nursery place fell through" },
    );
    expect(
      await one("select action from audit_events where record_id = ? and reason = 'case-reopened'", leaving.childId),
    ).toMatchObject({ action: "change" });
    expect((await call(`/api/closed-cases/${leaving.childId}`, "GET", coordinator.cookie)).status).toBe(404);
    expect((await call(path, "POST", coordinator.cookie, { reason: "again" })).status).toBe(404);
    const list = await call("/api/closed-cases", "GET", coordinator.cookie);
    expect(list.body.closedCases.some((c: Json) => c.child.id === leaving.childId)).toBe(false);
  });
});
