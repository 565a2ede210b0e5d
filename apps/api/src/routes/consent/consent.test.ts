import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, type TestCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };
let kid: TestCase;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];

const SERVICE = {
  kind: "service",
  givenBy: { name: "Sam Parent", relationship: "mother" },
  givenOn: "2026-11-02",
  recordedAs: "written",
  covers: "Home visits and keeping records",
};
const SHARING = {
  kind: "sharing",
  givenBy: { name: "Sam Parent", relationship: "mother" },
  givenOn: "2026-11-02",
  recordedAs: "verbal",
  recordedBy: "Harriet Visitor",
  recipientIds: ["health-visitor", "paediatrician"],
};
const DISCLOSURE = {
  recipientId: "health-visitor",
  purpose: "coordinating-support",
  what: "summary",
  description: "Progress summary",
  channel: "secure-email",
  disclosedOn: "2026-11-10",
};

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
  kid = await allocatedCase(h, coordinator, visitor);
});
afterAll(() => h.close());

describe("consent and disclosures", () => {
  it("refuses a disclosure without consent, with the domain's reason", async () => {
    const dry = await call(`/api/cases/${kid.childId}/sharing-decision`, "POST", visitor.cookie, {
      recipientId: "health-visitor",
      purpose: "coordinating-support",
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ allowed: false, basis: "none" });
    expect(dry.body.reason).toContain("No consent to share with Health visitor");
    const refused = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, DISCLOSURE);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("No consent to share with Health visitor");
    expect(refused.body.errors[0].field).toBe("recipientId");
    expect((await call(`/api/cases/${kid.childId}/disclosures`, "GET", visitor.cookie)).body.disclosures).toEqual([]);
  });

  it("records consent to the service and to share; names bad fields", async () => {
    const empty = await call(`/api/cases/${kid.childId}/consents`, "GET", visitor.cookie);
    expect(empty.body.serviceConsent).toBeNull();
    expect(empty.body.recipients.some((r: Json) => r.id === "health-visitor")).toBe(true);
    const service = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, SERVICE);
    expect(service.status, JSON.stringify(service.body)).toBe(201);
    expect(service.body).toMatchObject({ kind: "service", state: "active", version: 1 });
    expect(service.body.recordedBy.name).toBe("Harriet Visitor");
    expect(service.body.heardBy).toBeNull();

    const verbal = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recordedBy: undefined,
    });
    expect(verbal.status).toBe(422);
    expect(verbal.body.errors.map((e: Json) => e.field)).toContain("recordedBy");
    const stranger = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recipientIds: ["health-visitor", "the-press"],
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].field).toBe("recipientIds.1");
    const future = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, {
      ...SERVICE,
      givenOn: "2027-01-01",
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe("givenOn");
    const noName = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, {
      ...SERVICE,
      givenBy: { name: "", relationship: "mother" },
    });
    expect(noName.body.errors[0].field).toBe("givenBy.name");

    const sharing = await call(`/api/cases/${kid.childId}/consents`, "POST", visitor.cookie, SHARING);
    // Verbal consent keeps the name of who heard it, beside who recorded it.
    expect(sharing.body.heardBy).toBe("Harriet Visitor");
    expect(sharing.status).toBe(201);
    expect(sharing.body.recipients.map((r: Json) => r.name)).toEqual(["Health visitor", "Paediatrician"]);
    const list = await call(`/api/cases/${kid.childId}/consents`, "GET", visitor.cookie);
    expect(list.body.serviceConsent.id).toBe(service.body.id);
    expect(list.body.sharing).toHaveLength(1);
    const audit = await rows(
      "select action, reason from audit_events where record_id = ? and action = 'consent-change'",
      kid.childId,
    );
    expect(audit.map((a) => a.reason)).toEqual(["service-consent-given", "sharing-consent-given"]);
  });

  it("allows a disclosure with consent, recorded with its basis, in the history and audit trail", async () => {
    const made = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, DISCLOSURE);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ basis: "consent", flagged: false, exception: null, what: "summary" });
    expect(made.body.consentId).toBeTruthy();
    expect(made.body.disclosedBy.name).toBe("Harriet Visitor");
    const history = await call(`/api/cases/${kid.childId}/history?show=changes`, "GET", visitor.cookie);
    expect(history.body.entries.map((e: Json) => e.what)).toContain("disclosure-recorded");
    const audit = await rows(
      "select reason from audit_events where record_id = ? and action = 'disclose' and outcome = 'success'",
      kid.childId,
    );
    expect(audit.map((a) => a.reason)).toEqual(["disclosure-recorded"]);
  });

  it("refuses after withdrawal, from the withdrawal day on; a stale version is a conflict", async () => {
    const list = await call(`/api/cases/${kid.childId}/consents`, "GET", visitor.cookie);
    const consent = list.body.sharing[0];
    const path = `/api/cases/${kid.childId}/consents/${consent.id}/withdrawal`;
    const early = await call(path, "POST", visitor.cookie, { version: consent.version, withdrawnOn: "2026-11-01" });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toBe("withdrawnOn");
    const future = await call(path, "POST", visitor.cookie, { version: consent.version, withdrawnOn: "2026-12-25" });
    expect(future.body.errors[0].field).toBe("withdrawnOn");
    const done = await call(path, "POST", visitor.cookie, { version: consent.version, withdrawnOn: "2026-11-15" });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ state: "withdrawn", withdrawnOn: "2026-11-15", version: 2 });
    const stale = await call(path, "POST", coordinator.cookie, { version: consent.version, withdrawnOn: "2026-11-16" });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);

    const refused = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, {
      ...DISCLOSURE,
      disclosedOn: "2026-11-15",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("withdrew consent to share with Health visitor on 15 November 2026");
    const before = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, {
      ...DISCLOSURE,
      disclosedOn: "2026-11-14",
    });
    expect(before.status).toBe(201);
    const audit = await rows(
      "select reason from audit_events where record_id = ? and action = 'consent-change'",
      kid.childId,
    );
    expect(audit.map((a) => a.reason)).toContain("sharing-consent-withdrawn");
  });

  it("shares without consent only on a coordinator's exception, with its basis and reason, flagged", async () => {
    const exception = { basis: "safeguarding", reason: "Concern about harm", lawfulBasis: "Children Act 1989 s47" };
    const body = { ...DISCLOSURE, recipientId: "social-care", disclosedOn: "2026-11-18", exception };
    const byVisitor = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, body);
    expect(byVisitor.status).toBe(403);
    expect(byVisitor.body.errors[0].field).toBe("exception");
    const noReason = await call(`/api/cases/${kid.childId}/disclosures`, "POST", coordinator.cookie, {
      ...body,
      exception: { basis: "safeguarding", reason: " ", lawfulBasis: "" },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e: Json) => e.field)).toEqual(["exception.reason", "exception.lawfulBasis"]);
    const noBasis = await call(`/api/cases/${kid.childId}/disclosures`, "POST", coordinator.cookie, {
      ...body,
      exception: { reason: "x", lawfulBasis: "y" },
    });
    expect(noBasis.body.errors[0].field).toBe("exception.basis");
    const made = await call(`/api/cases/${kid.childId}/disclosures`, "POST", coordinator.cookie, body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ basis: "safeguarding", flagged: true, consentId: null });
    expect(made.body.exception).toMatchObject({ lawfulBasis: "Children Act 1989 s47", reason: "Concern about harm" });
    expect(made.body.exception.decidedBy.name).toBe("Cora Ordinator");
    const list = await call(`/api/cases/${kid.childId}/disclosures`, "GET", visitor.cookie);
    expect(list.body.disclosures[0]).toMatchObject({ id: made.body.id, flagged: true });
    const history = await call(`/api/cases/${kid.childId}/history?show=changes`, "GET", coordinator.cookie);
    expect(history.body.entries.map((e: Json) => e.what)).toContain("exception");
    const audit = await rows(
      "select reason from audit_events where record_id = ? and action = 'disclose' and outcome = 'success'",
      kid.childId,
    );
    expect(audit.map((a) => a.reason)).toContain("exception");
  });

  it("answers 404 for another visitor's child, and bad input names the field", async () => {
    for (const [path, method, json] of [
      [`/api/cases/${kid.childId}/consents`, "GET", undefined],
      [`/api/cases/${kid.childId}/consents`, "POST", SERVICE],
      [`/api/cases/${kid.childId}/disclosures`, "GET", undefined],
      [`/api/cases/${kid.childId}/disclosures`, "POST", DISCLOSURE],
      [`/api/cases/${kid.childId}/sharing-decision`, "POST", { recipientId: "health-visitor", purpose: "x" }],
    ] as const) {
      const res = await call(path, method, otherVisitor.cookie, json);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("Sam Parent");
    }
    const bad = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, {
      ...DISCLOSURE,
      channel: "pigeon",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("channel");
    const extra = await call(`/api/cases/${kid.childId}/disclosures`, "POST", visitor.cookie, {
      ...DISCLOSURE,
      basis: "consent",
    });
    expect(extra.body.errors[0].field).toBe("basis");
  });
});
