// The staff side of the family app: inviting a carer from the referral or another person, the
// invitation email through the outbox to a stand-in for GOV.UK Notify over real HTTP, the link
// taken up, what a helper may see changed, access revoked (invitations voided, sessions ended),
// and the printed letter with the link as a QR code. Home visitors reach only their own caseload.
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { extractText, getDocumentProxy, getResolvedPDFJS } from "unpdf";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDue, type Notifier, notifierFromConfig } from "../../lib/notify.js";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite, latestInvitationEmail, tokenOf } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { notifyStandIn, standInKey } from "../../test-support/notify-stand-in.js";

const KEY = standInKey();
const INVITATION_TEMPLATE = randomUUID();
const notify = notifyStandIn(KEY);
let h: Harness;
let notifier: Notifier;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];
const deliver = () => deliverDue({ db: h.db, notifier, clock: h.clock, logger: h.logger });

let families = 0;
/** A case whose carer (from the referral) has an address of their own. */
async function newCase() {
  families += 1;
  const carerEmail = `carer.${families}@example.com`;
  const c = await allocatedCase(h, coordinator, visitor, { carerEmail, carerName: `Sam Carer ${families}` });
  // The referral's own emails are not what these tests are about.
  await deliver();
  notify.received.length = 0;
  return { ...c, carerEmail };
}

beforeAll(async () => {
  await notify.listen();
  h = await createHarness({
    env: {
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
      NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
      NOTIFY_TEMPLATE_REPORT: randomUUID(),
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_INVITATION: INVITATION_TEMPLATE,
      NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(async () => {
  await h.close();
  await notify.close();
});
beforeEach(async () => {
  // The referrals' own emails are not what these tests are about.
  await deliver();
  notify.received.length = 0;
});

describe("inviting a carer from the case", () => {
  it("offers the referral's carer, invites them through the outbox, and the link signs them in", async () => {
    const c = await newCase();
    const before = await call(`/api/cases/${c.childId}/family-access`, "GET", visitor.cookie);
    expect(before.status).toBe(200);
    expect(before.body.access).toEqual([]);
    expect(before.body.carersToInvite).toEqual([
      { carerId: expect.any(String), name: "Sam Carer 1", relationship: "Mum", email: c.carerEmail },
    ]);
    const carerId = before.body.carersToInvite[0].carerId;

    const made = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      carerId,
      kind: "carer",
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.access).toMatchObject({
      name: "Sam Carer 1",
      email: c.carerEmail,
      relationship: "Mum",
      kind: "carer",
      carerId,
      permissions: { practice: true, visits: true, reports: true, sharing: true },
      status: "invited",
      invitedBy: { id: visitor.id, name: "Harriet Visitor" },
      invitedAt: "2026-11-20T10:00:00.000Z",
      acceptedAt: null,
      lastSignInAt: null,
      pendingInvitationExpiresAt: "2026-12-04T10:00:00.000Z",
      version: 1,
    });
    expect(made.body.invitation).toEqual({ via: "email", expiresAt: "2026-12-04T10:00:00.000Z" });

    // The email goes once, through GOV.UK Notify, with the link and its last day in words.
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(notify.received).toHaveLength(1);
    const email = notify.received[0];
    expect(email?.tokenValid).toBe(true);
    expect(email?.body).toMatchObject({
      template_id: INVITATION_TEMPLATE,
      email_address: c.carerEmail,
      personalisation: {
        service_name: h.protocol.serviceName,
        name: "Sam Carer 1",
        child_first_name: "Ada",
        expires_on: "4 December 2026",
      },
    });
    const link = String(email?.body.personalisation.link);
    expect(link).toMatch(/^http:\/\/localhost\/family\/invitation\/[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is kept with the invitation.
    const token = tokenOf(link);
    expect(await rows("select token_hash from family_invitations where token_hash = ?", token)).toEqual([]);

    // The link can be used, and taking it up signs the carer in.
    const usable = await familyRequest(h, `/api/family/invitations/${token}`);
    expect(usable.status).toBe(200);
    expect(usable.body).toMatchObject({ name: "Sam Carer 1", childFirstName: "Ada", expiresOn: "4 December 2026" });
    const accepted = await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const session = await familyRequest(h, "/api/family/session", { cookie: accepted.cookie });
    expect(session.status).toBe(200);
    expect(session.body.children).toEqual([
      expect.objectContaining({ childId: c.childId, firstName: "Ada", kind: "carer", status: "active" }),
    ]);

    const after = await call(`/api/cases/${c.childId}/family-access`, "GET", visitor.cookie);
    expect(after.body.access[0]).toMatchObject({
      status: "active",
      acceptedAt: "2026-11-20T10:00:00.000Z",
      lastSignInAt: "2026-11-20T10:00:00.000Z",
      pendingInvitationExpiresAt: null,
      version: 2,
    });
    expect(after.body.carersToInvite).toEqual([]);
    // Audited on the child: the invitation by the visitor, its acceptance by the carer.
    const account = after.body.access[0].accountId;
    expect(
      await rows(
        "select action, actor_id, actor_role, reason from audit_events where record_id = ? and action in ('create', 'change') order by id",
        c.childId,
      ),
    ).toEqual(
      expect.arrayContaining([
        { action: "create", actor_id: visitor.id, actor_role: "home-visitor", reason: "family-invited" },
        { action: "change", actor_id: account, actor_role: "family", reason: "family-invitation-accepted" },
      ]),
    );
  });

  it("uses the address given when the carer has none recorded, and needs one", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { carerEmail: undefined });
    const list = await call(`/api/cases/${c.childId}/family-access`, "GET", visitor.cookie);
    const offered = list.body.carersToInvite[0];
    expect(offered.email).toBeNull();
    const refused = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      carerId: offered.carerId,
      kind: "carer",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: "email" })]);
    const made = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      carerId: offered.carerId,
      kind: "carer",
      email: " Given.Address@Example.com ",
    });
    expect(made.status).toBe(201);
    expect(made.body.access.email).toBe("given.address@example.com");
  });

  it("refuses a second access for the same person and child (409), and keeps one account per address", async () => {
    const c = await newCase();
    const other = await newCase();
    const first = await invite(h, visitor.cookie, c.childId, {
      kind: "helper",
      name: "Pat Grandparent",
      relationship: "grandparent",
      email: "pat.shared@example.com",
      permissions: { practice: true, visits: false, reports: false, sharing: false },
    });
    const again = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      kind: "helper",
      name: "Pat Again",
      relationship: "grandparent",
      email: "PAT.shared@example.com",
      permissions: { practice: true, visits: true, reports: true, sharing: true },
    });
    expect(again.status).toBe(409);
    expect(again.body.accessId).toBe(first.access.id);
    // Invited for a second child: the same account.
    const second = await invite(h, visitor.cookie, other.childId, {
      kind: "helper",
      name: "Pat Grandparent",
      relationship: "grandparent",
      email: "pat.shared@example.com",
      permissions: { practice: true, visits: true, reports: false, sharing: false },
    });
    expect(second.access.accountId).toBe(first.access.accountId);
    expect(await rows("select id from family_accounts where email = 'pat.shared@example.com'")).toHaveLength(1);
  });

  it("checks the body: a carer on this child, permissions only and always for a helper, the fields a new person needs", async () => {
    const c = await newCase();
    const other = await newCase();
    const otherCarer = (await call(`/api/cases/${other.childId}/family-access`, "GET", visitor.cookie)).body
      .carersToInvite[0].carerId;
    const fields = async (body: Json) => {
      const res = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      return res.body.errors.map((e: Json) => e.field).sort();
    };
    expect(await fields({ carerId: otherCarer, kind: "carer" })).toEqual(["carerId"]);
    expect(await fields({ kind: "helper", name: "A", relationship: "aunt", email: "a@example.com" })).toEqual([
      "permissions",
    ]);
    expect(
      await fields({
        kind: "carer",
        name: "A",
        relationship: "dad",
        email: "a@example.com",
        permissions: { practice: true, visits: true, reports: true, sharing: true },
      }),
    ).toEqual(["permissions"]);
    expect(await fields({ kind: "carer" })).toEqual(["email", "name", "relationship"]);
    expect(await fields({ kind: "carer", name: "A", relationship: "dad", email: "not an address" })).toEqual(["email"]);
    expect(
      await fields({ kind: "carer", name: "A", relationship: "dad", email: "a@example.com", admin: true }),
    ).toEqual(["admin"]);
    expect(await rows("select id from family_access where child_id = ?", c.childId)).toEqual([]);
  });

  it("is for the child's own home visitor and coordinators: another visitor gets 404, audited", async () => {
    const c = await newCase();
    expect((await call(`/api/cases/${c.childId}/family-access`, "GET", otherVisitor.cookie)).status).toBe(404);
    const refused = await call(`/api/cases/${c.childId}/family-access`, "POST", otherVisitor.cookie, {
      kind: "carer",
      name: "A",
      relationship: "dad",
      email: "a.other@example.com",
    });
    expect(refused.status).toBe(404);
    expect(await rows("select id from family_access where child_id = ?", c.childId)).toEqual([]);
    expect(
      await rows("select reason from audit_events where record_id = ? and actor_id = ?", c.childId, otherVisitor.id),
    ).toEqual([{ reason: "not-allocated" }, { reason: "not-allocated" }]);
    const made = await invite(h, coordinator.cookie, c.childId);
    const revoke = await call(
      `/api/cases/${c.childId}/family-access/${made.access.id}/revocation`,
      "POST",
      otherVisitor.cookie,
      { version: 1 },
    );
    expect(revoke.status).toBe(404);
    // An access id from another child names nothing here.
    const elsewhere = await newCase();
    expect(
      (
        await call(`/api/cases/${elsewhere.childId}/family-access/${made.access.id}`, "PATCH", visitor.cookie, {
          version: 1,
        })
      ).status,
    ).toBe(404);
  });
});

describe("what a helper may see", () => {
  it("is changed with the version read; a stale version is 409 edit-conflict; a carer's is not changed", async () => {
    const c = await newCase();
    const { access } = await invite(h, visitor.cookie, c.childId);
    expect(access.permissions).toEqual({ practice: true, visits: true, reports: false, sharing: false });
    const path = `/api/cases/${c.childId}/family-access/${access.id}`;
    const changed = await call(path, "PATCH", visitor.cookie, {
      version: 1,
      permissions: { practice: true, visits: true, reports: true, sharing: false },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, permissions: { reports: true } });
    const stale = await call(path, "PATCH", coordinator.cookie, {
      version: 1,
      permissions: { practice: false, visits: false, reports: false, sharing: false },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: "/api/problems/edit-conflict", currentVersion: 2 });
    expect((await call(path, "GET", visitor.cookie)).status).toBe(404); // no such route: the list is the read
    expect(
      await rows(
        "select reason from audit_events where record_id = ? and action = 'change' and reason like 'family-%'",
        c.childId,
      ),
    ).toEqual([{ reason: "family-access-changed" }]);

    const list = await call(`/api/cases/${c.childId}/family-access`, "GET", visitor.cookie);
    const carer = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      carerId: list.body.carersToInvite[0].carerId,
      kind: "carer",
    });
    const refused = await call(
      `/api/cases/${c.childId}/family-access/${carer.body.access.id}`,
      "PATCH",
      visitor.cookie,
      {
        version: 1,
        permissions: { practice: false, visits: false, reports: false, sharing: false },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe("permissions");
  });
});

describe("revoking access", () => {
  it("ends it now: the invitations are voided and the person's sessions end", async () => {
    const c = await newCase();
    const { access, token } = await invite(h, visitor.cookie, c.childId);
    const accepted = await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
    expect(accepted.status).toBe(200);
    // A fresh invitation, still open when access is revoked.
    const fresh = await call(`/api/cases/${c.childId}/family-access/${access.id}/invitations`, "POST", visitor.cookie, {
      via: "email",
    });
    expect(fresh.status).toBe(202);
    const pending = (await latestInvitationEmail(h, c.childId)).token;
    expect((await familyRequest(h, `/api/family/invitations/${pending}`)).status).toBe(200);
    expect((await familyRequest(h, "/api/family/session", { cookie: accepted.cookie })).status).toBe(200);

    const path = `/api/cases/${c.childId}/family-access/${access.id}/revocation`;
    const stale = await call(path, "POST", visitor.cookie, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe("/api/problems/edit-conflict");
    const revoked = await call(path, "POST", visitor.cookie, { version: 2 });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({
      status: "revoked",
      endsAt: "2026-11-20T10:00:00.000Z",
      endReason: "revoked",
      version: 3,
      pendingInvitationExpiresAt: null,
    });
    expect((await familyRequest(h, "/api/family/session", { cookie: accepted.cookie })).status).toBe(401);
    // The invitation emails had not left yet: they never will.
    expect(
      await rows(
        "select status from outbox where kind = 'family-invitation' and child_id = ? order by rowid",
        c.childId,
      ),
    ).toEqual([{ status: "cancelled" }, { status: "cancelled" }]);
    const voided = await familyRequest(h, `/api/family/invitations/${pending}`);
    expect(voided.status).toBe(410);
    expect(voided.body.invitation).toBe("voided");
    expect((await call(path, "POST", visitor.cookie, { version: 3 })).status).toBe(409);
    expect(
      (
        await call(`/api/cases/${c.childId}/family-access/${access.id}/invitations`, "POST", visitor.cookie, {
          via: "email",
        })
      ).status,
    ).toBe(409);
    expect(
      await rows(
        "select reason from audit_events where record_id = ? and action = 'change' and reason like 'family-access%'",
        c.childId,
      ),
    ).toEqual([{ reason: "family-access-revoked" }]);

    // Invited again later: the same access, open again with a new invitation.
    const again = await call(`/api/cases/${c.childId}/family-access`, "POST", visitor.cookie, {
      kind: "helper",
      name: "Pat Helper",
      relationship: "grandparent",
      email: "pat@example.com",
      permissions: { practice: true, visits: false, reports: false, sharing: false },
    });
    expect(again.status).toBe(201);
    expect(again.body.access).toMatchObject({ id: access.id, status: "invited", endsAt: null, version: 4 });
  });
});

/** The first image on the first page, as PDF.js draws it: its pixels and how many bytes each has. */
async function firstImage(pdf: Awaited<ReturnType<typeof getDocumentProxy>>) {
  const { OPS } = await getResolvedPDFJS();
  const page = await pdf.getPage(1);
  const ops = await page.getOperatorList();
  const at = ops.fnArray.indexOf(OPS.paintImageXObject);
  expect(at).toBeGreaterThanOrEqual(0);
  const name = ops.argsArray[at][0] as string;
  const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray }>((resolve) =>
    page.objs.get(name, resolve),
  );
  return { ...image, channels: image.data.length / (image.width * image.height) };
}

describe("the invitation letter", () => {
  it("is an A4 PDF with the link written out and as a QR code, and the link works", async () => {
    const c = await newCase();
    const { access } = await invite(h, visitor.cookie, c.childId);
    const res = await h.request(`/api/cases/${c.childId}/family-access/${access.id}/invitations`, {
      method: "POST",
      cookie: visitor.cookie,
      json: { via: "letter" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const pdf = await getDocumentProxy(bytes.slice());
    const { text } = await extractText(pdf, { mergePages: true });
    const link = /http:\/\/localhost\/family\/invitation\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(link, text).toBeDefined();
    expect(text).toContain("Dear Pat Helper,");
    expect(text).toContain("Harriet Visitor from");
    expect(text).toContain("The invitation works once, until 4 December 2026.");
    expect(text).toContain("Open the camera on your phone");
    // The QR code is an image in a figure with its alt text, and it is the link's QR code, module by module.
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toMatch(/\/S \/Figure/);
    expect(raw).toMatch(/\/Alt \(A QR code that opens your invitation link\)/);
    const image = await firstImage(pdf);
    const expected = QRCode.create(link ?? "", { errorCorrectionLevel: "M" }).modules;
    const scale = image.width / (expected.size + 8);
    const dark: boolean[] = [];
    for (let row = 0; row < expected.size; row++)
      for (let col = 0; col < expected.size; col++) {
        const x = Math.floor((4 + col + 0.5) * scale);
        const y = Math.floor((4 + row + 0.5) * scale);
        dark.push((image.data[(y * image.width + x) * image.channels] ?? 255) < 128);
      }
    expect(dark).toEqual([...expected.data].map((bit) => bit === 1));
    // Not emailed: nothing more in the outbox than the first invitation.
    expect(
      await rows("select id from outbox where kind = 'family-invitation' and child_id = ?", c.childId),
    ).toHaveLength(1);
    const usable = await familyRequest(h, `/api/family/invitations/${tokenOf(link ?? "")}`);
    expect(usable.status).toBe(200);
    expect(
      await rows(
        "select reason from audit_events where record_id = ? and action = 'create' and reason like 'family-%' order by id",
        c.childId,
      ),
    ).toEqual([{ reason: "family-invited" }, { reason: "family-invitation-letter" }]);
  });
});
