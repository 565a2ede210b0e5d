// The access matrix: every staff route x every role (and no session) x own/other child. Checks
// the status, that a refused answer holds no personal data, and that every refusal is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAMILY_COOKIE, startFamilySession } from "../../lib/family-session.js";
import { SESSION_COOKIE, startSession } from "../../lib/session.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

type Who = "anonymous" | "home-visitor" | "coordinator" | "administrator" | "family";
type Target = "own" | "other" | "none";

interface RouteCase {
  method: string;
  path: string;
  /**
   * Who gets in (2xx); others get 401 (anonymous; a family member on a staff route; staff on a
   * family route) or 403 (the wrong staff role).
   */
  allowed: Who[];
  /**
   * For the family's report downloads and practice days: an allowed caller may find no such
   * report or target (404) on the matrix's case. That another child's are refused is tested in
   * routes/family/family.test.ts.
   */
  mayFindNothing?: boolean;
  /** The route names a child's referral: home visitors get in only for their own (404 otherwise). */
  perChild?: boolean;
  /**
   * The route names a child's case (`:child`, and its `:goal`, `:block`, `:target`, `:visit`):
   * home visitors get in only for their own (404 otherwise); the other case is another visitor's.
   */
  perCase?: boolean;
  body?: (ctx: Ctx) => unknown;
}

interface Ctx {
  visitorId: string;
  /** The version of the case's plan now. */
  planVersion: number;
  /** The case's first block. */
  blockId: string;
}

const CASEWORK: Who[] = ["home-visitor", "coordinator"];
const STAFF: Who[] = ["home-visitor", "coordinator", "administrator"];

const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/auth/session", allowed: ["home-visitor", "coordinator", "administrator"] },
  { method: "POST", path: "/api/auth/sign-out", allowed: ["home-visitor", "coordinator", "administrator"] },
  { method: "GET", path: "/api/users", allowed: ["administrator"] },
  {
    method: "POST",
    path: "/api/users",
    allowed: ["administrator"],
    body: () => ({
      email: `new.${Math.random()}@council.example`,
      name: "New Person",
      role: "home-visitor",
      password: "a long enough passphrase",
    }),
  },
  { method: "PATCH", path: "/api/users/:user", allowed: ["administrator"], body: () => ({ name: "Renamed" }) },
  {
    method: "POST",
    path: "/api/users/:user/password",
    allowed: ["administrator"],
    body: () => ({ password: "a fresh long passphrase" }),
  },
  { method: "GET", path: "/api/users/:user/second-factor", allowed: ["administrator"] },
  { method: "POST", path: "/api/users/:user/second-factor/reset", allowed: ["administrator"] },
  // Your account and your own second factors (routes/account, routes/second-factor): every role.
  { method: "GET", path: "/api/account", allowed: STAFF },
  {
    method: "POST",
    path: "/api/account/password",
    allowed: STAFF,
    body: () => ({ currentPassword: "not the password", newPassword: "a fresh long passphrase" }),
  },
  { method: "GET", path: "/api/account/sessions", allowed: STAFF },
  { method: "POST", path: "/api/account/sessions/sign-out-others", allowed: STAFF },
  { method: "GET", path: "/api/second-factor", allowed: STAFF },
  { method: "POST", path: "/api/second-factor/authenticator-app", allowed: STAFF },
  {
    method: "POST",
    path: "/api/second-factor/authenticator-app/confirm",
    allowed: STAFF,
    body: () => ({ code: "000000" }),
  },
  { method: "POST", path: "/api/second-factor/passkey-options", allowed: STAFF },
  {
    method: "POST",
    path: "/api/second-factor/passkeys",
    allowed: STAFF,
    body: () => ({ challengeId: crypto.randomUUID(), response: {} }),
  },
  { method: "DELETE", path: "/api/second-factor/authenticator-app", allowed: STAFF, mayFindNothing: true },
  { method: "DELETE", path: "/api/second-factor/passkeys/:id", allowed: STAFF, mayFindNothing: true },
  { method: "POST", path: "/api/second-factor/recovery-codes", allowed: STAFF },
  { method: "GET", path: "/api/referrals", allowed: ["coordinator"] },
  {
    method: "POST",
    path: "/api/referrals/entered",
    allowed: ["coordinator"],
    body: () => ({ route: "early-help", referrer: { name: "A Professional", role: "Health visitor" }, answers: {} }),
  },
  { method: "GET", path: "/api/referrals/:id", allowed: ["coordinator", "home-visitor"], perChild: true },
  {
    method: "PATCH",
    path: "/api/referrals/:id",
    allowed: ["coordinator"],
    perChild: true,
    body: () => ({ triageFacts: { knownToPanel: false } }),
  },
  {
    method: "POST",
    path: "/api/referrals/:id/decision",
    allowed: ["coordinator"],
    perChild: true,
    body: () => ({ outcome: "more-information" }),
  },
  {
    method: "POST",
    path: "/api/referrals/:id/allocation",
    allowed: ["coordinator"],
    perChild: true,
    body: (ctx) => ({ homeVisitorId: ctx.visitorId }),
  },
  { method: "GET", path: "/api/waiting-list", allowed: ["coordinator"] },
  { method: "GET", path: "/api/waiting-list/summary", allowed: ["coordinator"] },
  // Two children who stay on the waiting list (the cases above move `own` and `other` off it).
  { method: "GET", path: "/api/waiting-list/explain?above=:third&below=:fourth", allowed: ["coordinator"] },
  { method: "GET", path: "/api/home-visitors", allowed: ["coordinator"] },
  { method: "GET", path: "/api/caseload", allowed: ["home-visitor"] },
  { method: "GET", path: "/api/audit", allowed: ["coordinator", "administrator"] },
  // Casework.
  { method: "GET", path: "/api/cases", allowed: CASEWORK },
  { method: "GET", path: "/api/cases/alerts", allowed: ["coordinator"] },
  { method: "GET", path: "/api/cases/:child", allowed: CASEWORK, perCase: true },
  {
    method: "PUT",
    path: "/api/cases/:child/home-visit-notes",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 0, text: "A dog" }),
  },
  { method: "GET", path: "/api/cases/:child/history", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/cases/:child/profiles", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/profiles",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ recordedOn: "2026-11-19", entries: [{ areaId: "physical", mark: "emerging" }] }),
  },
  { method: "GET", path: "/api/cases/:child/plan", allowed: CASEWORK, perCase: true },
  { method: "POST", path: "/api/cases/:child/plan", allowed: CASEWORK, perCase: true, body: () => ({}) },
  {
    method: "POST",
    path: "/api/cases/:child/plan/goals",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, areaId: "physical", text: "Walks", setOn: "2026-11-20" }),
  },
  {
    method: "PATCH",
    path: "/api/cases/:child/plan/goals/:goal",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, text: "Walks alone" }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/plan/blocks",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({
      version: ctx.planVersion,
      start: "2027-02-22",
      frequency: "weekly",
      weekday: "monday",
      time: "10:00",
    }),
  },
  {
    method: "PATCH",
    path: "/api/cases/:child/plan/blocks/:block",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, time: "11:00" }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/plan/blocks/:block/targets",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({
      version: ctx.planVersion,
      areaId: "physical",
      does: "roll over",
      conditions: "on a mat",
      teachingSteps: ["one"],
      practice: { how: "daily", timesPerDay: 1 },
    }),
  },
  {
    method: "PATCH",
    path: "/api/cases/:child/plan/targets/:target",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, conditions: "on the mat" }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/plan/targets/:target/outcome",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, result: "carried-forward", on: "2026-11-20" }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/plan/agreement",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion, agreedOn: "2026-11-20", agreedBy: ["Parent"] }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/plan/start",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ version: ctx.planVersion }),
  },
  { method: "GET", path: "/api/cases/:child/plan/revisions", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/plan/blocks/:block/visits",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({}),
  },
  { method: "GET", path: "/api/cases/:child/visits", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/cases/:child/visits/:visit", allowed: CASEWORK, perCase: true },
  {
    method: "PATCH",
    path: "/api/cases/:child/visits/:visit",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 1, date: "2027-01-05", time: "10:00" }),
  },
  {
    method: "PUT",
    path: "/api/cases/:child/visits/:visit/record",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 1, status: "cancelled-by-service" }),
  },
  { method: "GET", path: "/api/cases/:child/practice-records", allowed: CASEWORK, perCase: true },
  {
    method: "PUT",
    path: "/api/cases/:child/targets/:target/practice-records",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ records: [{ date: "2026-11-20", practised: false }] }),
  },
  { method: "GET", path: "/api/cases/:child/targets/:target/activity-chart.pdf", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/diary", allowed: CASEWORK },
  { method: "GET", path: "/api/diary.ics", allowed: CASEWORK },
  { method: "POST", path: "/api/diary/subscription", allowed: CASEWORK, body: () => ({}) },
  { method: "DELETE", path: "/api/diary/subscription", allowed: CASEWORK },
  // Block reviews and long-term goal reviews.
  { method: "GET", path: "/api/cases/:child/reviews", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/cases/:child/plan/blocks/:block/review", allowed: CASEWORK, perCase: true },
  {
    // The block runs until February: the review is refused (422) after the case check, storing nothing.
    method: "POST",
    path: "/api/cases/:child/plan/blocks/:block/review",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({
      version: ctx.planVersion,
      reviewedOn: "2026-11-20",
      celebrations: "Bubbles",
      nextFocus: "Two words",
      outcomes: [],
      decision: "next-block",
      nextBlock: { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "10:00" },
    }),
  },
  {
    // No review saved yet: refused (409) after the case check.
    method: "PUT",
    path: "/api/cases/:child/plan/blocks/:block/review",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 1, nextFocus: "Two words" }),
  },
  // No review saved yet: 409 after the case check.
  { method: "GET", path: "/api/cases/:child/plan/blocks/:block/review.pdf", allowed: CASEWORK, perCase: true },
  {
    // A home visitor is not a coordinator: refused (422) after the case check.
    method: "POST",
    path: "/api/cases/:child/plan/goals/:goal/reviews",
    allowed: CASEWORK,
    perCase: true,
    body: (ctx) => ({ reviewedOn: "2026-11-20", outcome: "continued", coordinatorId: ctx.visitorId }),
  },
  // Transition plans, exits, children due to leave, closed cases.
  { method: "GET", path: "/api/exits/due", allowed: ["coordinator"] },
  // The caseload import (issue 16): administrators only. A dry run of no files: 200 with the problems.
  { method: "GET", path: "/api/imports/templates", allowed: ["administrator"] },
  { method: "GET", path: "/api/imports/templates/children.csv", allowed: ["administrator"] },
  { method: "POST", path: "/api/imports", allowed: ["administrator"], body: () => ({ dryRun: true, files: {} }) },
  // Reports (issue 13): coordinators see the service; home visitors the caseload reports, for their own caseload.
  { method: "GET", path: "/api/reports", allowed: CASEWORK },
  { method: "GET", path: "/api/reports/visits?from=2026-01-01&to=2026-12-31", allowed: CASEWORK },
  { method: "GET", path: "/api/reports/caseloads?from=2026-01-01&to=2026-12-31&format=csv", allowed: CASEWORK },
  { method: "GET", path: "/api/reports/referrals?from=2026-01-01&to=2026-12-31", allowed: ["coordinator"] },
  { method: "GET", path: "/api/reports/waiting-times?from=2026-01-01&to=2026-12-31", allowed: ["coordinator"] },
  { method: "GET", path: "/api/cases/:child/leaving", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/cases/:child/transition-plan", allowed: CASEWORK, perCase: true },
  {
    method: "PUT",
    path: "/api/cases/:child/transition-plan",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 0, settingName: "A Nursery", settingType: "nursery", startDate: "2027-01-04" }),
  },
  { method: "GET", path: "/api/cases/:child/exit/draft?reasonId=age-limit", allowed: CASEWORK, perCase: true },
  // A day to come: refused (422) after the access check, so the shared cases stay open.
  {
    method: "POST",
    path: "/api/cases/:child/exit",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ reasonId: "family-withdrew", exitedOn: "2099-01-01", withReport: false }),
  },
  // `:closed` is a child who left with a transition report (set up below).
  { method: "GET", path: "/api/closed-cases", allowed: ["coordinator"] },
  { method: "GET", path: "/api/closed-cases/:closed", allowed: ["coordinator"] },
  { method: "GET", path: "/api/closed-cases/:closed/transition-report.pdf", allowed: ["coordinator"] },
  // No reason: refused (422) after the role check, so the closed case stays closed.
  { method: "POST", path: "/api/closed-cases/:closed/reopen", allowed: ["coordinator"], body: () => ({ reason: "" }) },
  // Re-allocation, return to the waiting list, monitoring visits.
  // An allocation id that is not the case's current one: the handler refuses it (409) after the
  // access check, so the shared cases stay with their visitors for the entries after these.
  {
    method: "POST",
    path: "/api/cases/:child/reallocation",
    allowed: ["coordinator"],
    perCase: true,
    body: (ctx) => ({
      allocationId: "00000000-0000-4000-8000-000000000000",
      homeVisitorId: ctx.visitorId,
      handoverNote: "Mornings suit the family",
    }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/return-to-waiting-list",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ allocationId: "00000000-0000-4000-8000-000000000000", reason: "The family asked to pause" }),
  },
  { method: "GET", path: "/api/referrals/:id/monitoring-visits", allowed: CASEWORK, perChild: true },
  {
    method: "POST",
    path: "/api/referrals/:id/monitoring-visits",
    allowed: ["coordinator"],
    perChild: true,
    // The default protocol makes no monitoring visits (409 after the access check).
    body: () => ({ date: "2026-11-19", status: "held" }),
  },
  // Consent, sharing decisions and disclosures.
  { method: "GET", path: "/api/cases/:child/consents", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/consents",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({
      kind: "service",
      givenBy: { name: "A Carer", relationship: "mother" },
      givenOn: "2026-11-02",
      recordedAs: "written",
      covers: "Home visits",
    }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/consents/:consentId/withdrawal",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 1, withdrawnOn: "2026-11-10" }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/sharing-decision",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ recipientId: "health-visitor", purpose: "coordinating-support" }),
  },
  { method: "GET", path: "/api/cases/:child/disclosures", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/disclosures",
    allowed: CASEWORK,
    perCase: true,
    // No consent on record: 422 after the access check.
    body: () => ({
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      what: "summary",
      channel: "secure-email",
      disclosedOn: "2026-11-10",
    }),
  },
  // Sending reports by email (each send a disclosure), and trying a failed send again.
  {
    method: "POST",
    path: "/api/cases/:child/report-sends",
    allowed: CASEWORK,
    perCase: true,
    // The block has no saved review: 409 after the access check.
    body: (ctx) => ({
      blockId: ctx.blockId,
      recipientId: "health-visitor",
      purpose: "coordinating-support",
      emailAddress: "matrix@nhs.example",
    }),
  },
  { method: "POST", path: "/api/cases/:child/disclosures/:disclosureId/retry", allowed: CASEWORK, perCase: true },
  { method: "GET", path: "/api/closed-cases/:closed/report-sends", allowed: ["coordinator"] },
  {
    method: "POST",
    path: "/api/closed-cases/:closed/report-sends",
    allowed: ["coordinator"],
    // No consent to share with the setting: 422 after the access check.
    body: () => ({
      recipientId: "setting-senco",
      purpose: "transition-to-setting",
      emailAddress: "senco@matrix.example",
    }),
  },
  { method: "POST", path: "/api/closed-cases/:closed/disclosures/:disclosureId/retry", allowed: ["coordinator"] },
  // Notifications not sent (routes/notifications): coordinators and administrators. The matrix's
  // version is never the row's, so an allowed caller gets 409 edit-conflict and nothing changes.
  { method: "GET", path: "/api/notifications", allowed: ["coordinator", "administrator"] },
  { method: "GET", path: "/api/notifications/summary", allowed: ["coordinator", "administrator"] },
  { method: "GET", path: "/api/notifications/:notification", allowed: ["coordinator", "administrator"] },
  {
    method: "POST",
    path: "/api/notifications/:notification/send-again",
    allowed: ["coordinator", "administrator"],
    body: () => ({ version: "AAAAAAAAAAAAAAAA" }),
  },
  {
    method: "POST",
    path: "/api/notifications/:notification/set-aside",
    allowed: ["coordinator", "administrator"],
    body: () => ({ version: "AAAAAAAAAAAAAAAA" }),
  },
  // The family app, staff side: who may use it for a child, and what the family sends in.
  { method: "GET", path: "/api/cases/:child/family-access", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/family-access",
    allowed: CASEWORK,
    perCase: true,
    // The first allowed call invites; later ones find the person already there (409).
    body: () => ({
      name: "Matrix Grandparent",
      relationship: "grandmother",
      email: "grandparent@matrix.example",
      kind: "helper",
      permissions: { practice: true, visits: true, reports: false, sharing: false },
    }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/family-access/:accessId/invitations",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ via: "email" }),
  },
  {
    // A stale version: 409 after the access check, and the access stays.
    method: "PATCH",
    path: "/api/cases/:child/family-access/:accessId",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 999, permissions: { practice: true, visits: true, reports: true, sharing: false } }),
  },
  {
    method: "POST",
    path: "/api/cases/:child/family-access/:accessId/revocation",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 999 }),
  },
  { method: "GET", path: "/api/cases/:child/family-messages", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/family-messages/:messageId/read",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({}),
  },
  { method: "GET", path: "/api/family-requests", allowed: ["coordinator"] },
  // The family app: only a family member, only for a child they were invited for.
  { method: "GET", path: "/api/family/session", allowed: ["family"] },
  { method: "POST", path: "/api/family/sign-out", allowed: ["family"] },
  { method: "POST", path: "/api/family/passkeys/options", allowed: ["family"], body: () => ({}) },
  // No answer from an authenticator: refused (401 with its reason, or 422) after the session check.
  { method: "POST", path: "/api/family/passkeys", allowed: ["family"], body: () => ({}) },
  { method: "GET", path: "/api/family/children", allowed: ["family"] },
  { method: "GET", path: "/api/family/children/:child", allowed: ["family"], perCase: true },
  { method: "GET", path: "/api/family/children/:child/visits.ics", allowed: ["family"], perCase: true },
  { method: "GET", path: "/api/family/children/:child/practice", allowed: ["family"], perCase: true },
  {
    method: "PUT",
    path: "/api/family/children/:child/practice/:target/:date",
    allowed: ["family"],
    perCase: true,
    // The matrix's block starts next week: its target is not on this week's plan yet (404 after
    // the access check). routes/family/family-practice.test.ts records practice for real.
    mayFindNothing: true,
    body: () => ({ practised: false }),
  },
  { method: "GET", path: "/api/family/children/:child/reports", allowed: ["family"], perCase: true },
  {
    method: "GET",
    path: "/api/family/children/:child/reports/:file{review-[0-9a-f-]{36}\\.pdf}",
    allowed: ["family"],
    perCase: true,
    mayFindNothing: true,
  },
  {
    method: "GET",
    path: "/api/family/children/:child/reports/transition-report.pdf",
    allowed: ["family"],
    perCase: true,
    mayFindNothing: true,
  },
  { method: "GET", path: "/api/family/children/:child/sharing", allowed: ["family"], perCase: true },
  {
    method: "POST",
    path: "/api/family/children/:child/sharing/:consentId/withdrawal",
    allowed: ["family"],
    perCase: true,
    body: () => ({ version: 1 }),
  },
  { method: "GET", path: "/api/family/children/:child/messages", allowed: ["family"], perCase: true },
  {
    method: "POST",
    path: "/api/family/children/:child/messages",
    allowed: ["family"],
    perCase: true,
    body: () => ({ body: "Can we move Tuesday's visit?" }),
  },
  {
    method: "POST",
    path: "/api/family/children/:child/leave-request",
    allowed: ["family"],
    perCase: true,
    body: () => ({ body: "We are moving away" }),
  },
  // Professionals involved.
  { method: "GET", path: "/api/cases/:child/professionals", allowed: CASEWORK, perCase: true },
  {
    method: "POST",
    path: "/api/cases/:child/professionals",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ role: "gp", name: "Dr Matrix" }),
  },
  {
    // A stale version: an allowed caller gets 409 and the professional stays for the next.
    method: "PATCH",
    path: "/api/cases/:child/professionals/:professionalId",
    allowed: CASEWORK,
    perCase: true,
    body: () => ({ version: 999, name: "Dr Matrix" }),
  },
  {
    method: "DELETE",
    path: "/api/cases/:child/professionals/:professionalId?version=999",
    allowed: CASEWORK,
    perCase: true,
  },
];

/** A professional on the child's list (one is added the first time), for the professionals routes. */
async function professionalOf(childId: string): Promise<string> {
  const found = await h.db.$client.execute({
    sql: "select id from professionals where child_id = ? limit 1",
    args: [childId],
  });
  if (found.rows[0]) return String(found.rows[0].id);
  const id = crypto.randomUUID();
  await h.db.$client.execute({
    sql: "insert into professionals (id, child_id, role, name, source, version, created_at, updated_at) values (?, ?, 'gp', 'Dr Matrix', 'staff', 1, ?, ?)",
    args: [id, childId, "2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00.000Z"],
  });
  return id;
}

/** A fresh consent to share for the child, for the withdrawal route. */
async function consentOf(childId: string): Promise<string> {
  const id = crypto.randomUUID();
  await h.db.$client.execute({
    sql: "insert into consents (id, child_id, kind, given_by_name, given_by_relationship, given_on, recorded_as, recipient_ids, recorded_by, version, created_at, updated_at) values (?, ?, 'sharing', 'A Carer', 'mother', '2026-11-01', 'written', '[\"health-visitor\"]', ?, 1, ?, ?)",
    args: [id, childId, people.coordinator?.id ?? "", "2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00.000Z"],
  });
  return id;
}

/** A send by email that failed (every attempt used), for the retry routes: a new one each time. */
async function failedSendOf(childId: string): Promise<string> {
  const disclosureId = crypto.randomUUID();
  const at = "2026-11-20T10:00:00.000Z";
  await h.db.$client.execute({
    sql: "insert into disclosures (id, child_id, recipient_id, what, purpose, basis, channel, email_address, disclosed_on, disclosed_by, created_at) values (?, ?, 'health-visitor', 'report', 'coordinating-support', 'consent', 'notify-email', 'matrix@nhs.example', '2026-11-20', ?, ?)",
    args: [disclosureId, childId, people.coordinator?.id ?? "", at],
  });
  await h.db.$client.execute({
    sql: "insert into outbox (id, kind, email_address, personalisation, child_id, disclosure_id, status, attempts, next_attempt_at, created_at) values (?, 'report', 'matrix@nhs.example', '{}', ?, ?, 'failed', 8, ?, ?)",
    args: [crypto.randomUUID(), childId, disclosureId, at, at],
  });
  return disclosureId;
}

/** An email that failed (every attempt used), for the notifications-not-sent routes. */
async function failedNotification(): Promise<string> {
  const id = crypto.randomUUID();
  const at = "2026-11-20T10:00:00.000Z";
  await h.db.$client.execute({
    sql: "insert into outbox (id, kind, email_address, personalisation, referral_id, status, attempts, last_error, next_attempt_at, created_at) values (?, 'parent-confirmation', 'matrix.parent@example.com', '{}', ?, 'failed', 8, 'HTTP 500', ?, ?)",
    args: [id, own.id, at, at],
  });
  return id;
}

/** A family member's access to the child (one is added the first time), for the staff family-access routes. */
async function accessOf(childId: string): Promise<string> {
  const found = await h.db.$client.execute({
    sql: "select id from family_access where child_id = ? and kind = 'helper' limit 1",
    args: [childId],
  });
  if (found.rows[0]) return String(found.rows[0].id);
  const member = await familyMemberFor(h, childId, {
    invitedBy: people.coordinator?.id ?? "",
    kind: "helper",
    name: "Matrix Helper",
  });
  return member.accessId;
}

/** A message from the family about the child, for the staff messages routes. */
async function messageOf(childId: string): Promise<string> {
  const accessId = await accessOf(childId);
  const id = crypto.randomUUID();
  await h.db.$client.execute({
    sql: "insert into family_messages (id, child_id, access_id, kind, body, created_at) values (?, ?, ?, 'message', 'Hello', ?)",
    args: [id, childId, accessId, "2026-11-20T10:00:00.000Z"],
  });
  return id;
}

/** Routes anyone may call. */
const PUBLIC = [
  "GET /api/health",
  "GET /api/protocol",
  "POST /api/referrals",
  // The eligibility checker without JavaScript (tested in routes/eligibility-check): nothing stored.
  "POST /api/eligibility-check",
  "POST /api/auth/sign-in",
  // A forgotten password (tested in routes/auth/password-reset.test.ts): the link's token is the key.
  "POST /api/auth/password-reset",
  "POST /api/auth/password-reset/check",
  "POST /api/auth/password-reset/complete",
  // By its private address (tested in routes/diary): no session.
  "GET /api/calendar/:token",
  // A family member signing in (tested in routes/family-auth): an invitation link, a code or a passkey.
  "GET /api/family/invitations/:token",
  "POST /api/family/invitations/:token/passkey-options",
  "POST /api/family/invitations/:token/passkey",
  "POST /api/family/invitations/:token/accept",
  "POST /api/family/sign-in/code",
  "POST /api/family/sign-in/code/verify",
  "POST /api/family/sign-in/passkey-options",
  "POST /api/family/sign-in/passkey",
  // Demo mode only (tested in routes/family-demo-mail): the demo's mail viewer.
  "GET /api/family/demo-mail",
];

/**
 * The steps of a sign-in not finished (tested in routes/auth/second-factor-sign-in.test.ts): only a
 * session waiting for that step gets in; below, such a session is refused on every staff route.
 */
const SIGN_IN_STEPS = [
  "GET /api/auth/sign-in/step",
  "POST /api/auth/sign-in/authenticator-code",
  "POST /api/auth/sign-in/recovery-code",
  "POST /api/auth/sign-in/passkey-options",
  "POST /api/auth/sign-in/passkey",
  "POST /api/auth/sign-in/new-password",
];

/** The routes a sign-in waiting at enrolment may call (to add its first factor). */
const ENROLMENT = [
  "GET /api/second-factor",
  "POST /api/second-factor/authenticator-app",
  "POST /api/second-factor/authenticator-app/confirm",
  "POST /api/second-factor/passkey-options",
  "POST /api/second-factor/passkeys",
];

let h: Harness;
/** Every status each route answered in the matrix: the OpenAPI document must describe each (see the end). */
const seenStatuses = new Map<RouteCase, Set<number>>();
let own: { id: string; reference: string };
let other: { id: string; reference: string };
let third: { id: string; reference: string };
let fourth: { id: string; reference: string };
const people: Partial<Record<Who, { id: string; cookie: string }>> = {};
let spareUser: string;
let ownCase: TestCase;
let otherCase: TestCase;
let closedCase: TestCase;
/** A family member invited for `ownCase`'s child (a parent). */
let familyOwn: TestFamilyMember;
const SECRET_NAMES = [
  "Ownchild",
  "Otherchild",
  "Thirdchild",
  "Fourthchild",
  "Grace Example",
  "PR1 2AB",
  "01632 960 001",
];

beforeAll(async () => {
  h = await createHarness();
  people["home-visitor"] = await h.staffMember("home-visitor");
  people.coordinator = await h.staffMember("coordinator");
  people.administrator = await h.staffMember("administrator");
  spareUser = (await h.staffMember("home-visitor")).id;
  own = await h.refer({ childFirstName: "Ownchild" });
  other = await h.refer({ childFirstName: "Otherchild" });
  third = await h.refer({ childFirstName: "Thirdchild" });
  fourth = await h.refer({ childFirstName: "Fourthchild" });
  // Accept all four and allocate `own` to the home visitor.
  for (const r of [own, other, third, fourth]) {
    const res = await h.request(`/api/referrals/${r.id}/decision`, {
      method: "POST",
      cookie: people.coordinator.cookie,
      json: { outcome: "accepted", complexity: "high" },
    });
    expect(res.status).toBe(200);
  }
  const allocated = await h.request(`/api/referrals/${own.id}/allocation`, {
    method: "POST",
    cookie: people.coordinator.cookie,
    json: { homeVisitorId: people["home-visitor"].id },
  });
  expect(allocated.status).toBe(201);
  // Two cases with a plan: `ownCase` the home visitor's (reassigned to each visitor tested), `otherCase` another visitor's.
  ownCase = await caseWithPlan(h, people.coordinator, people["home-visitor"], { childFirstName: "Owncase" });
  otherCase = await caseWithPlan(h, people.coordinator, await h.staffMember("home-visitor"), {
    childFirstName: "Othercase",
  });
  // A child who has left the service, with a transition report, for the closed-case routes.
  closedCase = await caseWithPlan(h, people.coordinator, await h.staffMember("home-visitor"), {
    childFirstName: "Closedcase",
  });
  const exited = await h.request(`/api/cases/${closedCase.childId}/exit`, {
    method: "POST",
    cookie: people.coordinator.cookie,
    json: {
      reasonId: "age-limit",
      exitedOn: "2026-11-20",
      destination: "A Nursery",
      withReport: true,
      report: {
        strengthsAndInterests: "Bubbles",
        howChildLearnsBest: "Shown first",
        familyWantsSettingToKnow: "Naps after lunch",
        canNowDo: [{ areaId: "physical", summary: "Sits unaided" }],
      },
    },
  });
  expect(exited.status, await exited.clone().text()).toBe(201);
  familyOwn = await familyMemberFor(h, ownCase.childId, { invitedBy: people.coordinator.id, kind: "carer" });
});
afterAll(() => h.close());

async function planVersion(childId: string): Promise<number> {
  const result = await h.db.$client.execute({
    sql: "select version from play_plans where child_id = ? and status <> 'completed'",
    args: [childId],
  });
  return Number(result.rows[0]?.version ?? 1);
}

it("covers every route the app has", () => {
  const declared = new Set([
    ...ROUTES.map(
      (r) =>
        `${r.method} ${r.path
          .replace(":user", ":id")
          .replace(":child", ":id")
          .replace(":goal", ":goalId")
          .replace(":block", ":blockId")
          .replace(":target", ":targetId")
          .replace(":visit", ":visitId")
          .replace(":closed", ":id")
          .replace(":notification", ":id")
          .split("?")[0]
          // Each report is asked for by its name: one route, `/api/reports/:name`.
          ?.replace(/^\/api\/reports\/[a-z-]+$/, "/api/reports/:name")
          // Each import template by its file name: one route, `/api/imports/templates/:kind`.
          .replace(/^\/api\/imports\/templates\/[a-z-]+\.csv$/, "/api/imports/templates/:kind")}`,
    ),
    ...PUBLIC,
    ...SIGN_IN_STEPS,
  ]);
  const actual = new Set(
    h.app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !r.path.includes("*"))
      .filter(
        (r) =>
          ![
            "/api/openapi.json",
            "/api/docs",
            "/api/docs/scalar.js",
            "/api/docs/setup.js",
            "/api/docs/start.js",
            "/api/referrals/form",
            "/api/referrals/form.css",
          ].includes(r.path),
      )
      .map((r) => `${r.method} ${r.path}`),
  );
  expect([...actual].sort()).toEqual([...declared].sort());
});

async function deniedCount(): Promise<number> {
  const result = await h.db.$client.execute("select count(*) as n from audit_events where outcome = 'denied'");
  return Number(result.rows[0]?.n);
}

const WHO: Who[] = ["anonymous", "home-visitor", "coordinator", "administrator", "family"];

/** A new family session for the matrix's family member (sign-out ends the one before). */
async function familySession(): Promise<{ id: string; cookie: string }> {
  const { token } = await startFamilySession(h.db, familyOwn.accountId, "passkey", h.clock.now());
  return { id: familyOwn.accountId, cookie: `${FAMILY_COOKIE}=${token}` };
}

describe.each(ROUTES)("$method $path", (route) => {
  const targets: Target[] = route.perChild || route.perCase ? ["own", "other"] : ["none"];
  for (const who of WHO) {
    for (const target of targets) {
      it(`${who}${target === "none" ? "" : ` (${target} child)`}`, async () => {
        // Each case signs in afresh: sign-out ends the session.
        const person =
          who === "anonymous" ? undefined : who === "family" ? await familySession() : await h.staffMember(who);
        if (person && who === "home-visitor" && target === "own") {
          // Give this visitor the `own` child's allocation.
          await h.db.$client.execute({
            sql: "update allocations set home_visitor_id = ? where referral_id = ?",
            args: [person.id, own.id],
          });
        }
        if (person && who === "home-visitor" && target === "own" && route.perCase) {
          await h.db.$client.execute({
            sql: "update allocations set home_visitor_id = ? where child_id = ? and ended_at is null",
            args: [person.id, ownCase.childId],
          });
        }
        const theCase = target === "other" ? otherCase : ownCase;
        const id = target === "other" ? other.id : own.id;
        const path = route.path
          .replace(":id", id)
          .replace(":third", third.id)
          .replace(":fourth", fourth.id)
          .replace(":user", spareUser)
          .replace(":child", theCase.childId)
          .replace(":goal", theCase.goalId ?? "")
          .replace(":block", theCase.blockId ?? "")
          .replace(":target", theCase.targetId ?? "")
          .replace(":visit", theCase.visitIds?.[1] ?? "")
          .replace(":closed", closedCase.childId)
          .replace(":notification", route.path.includes(":notification") ? await failedNotification() : "")
          .replace(
            ":professionalId",
            route.path.includes(":professionalId") ? await professionalOf(theCase.childId) : "",
          )
          .replace("/reports/:file{review-[0-9a-f-]{36}\\.pdf}", `/reports/review-${theCase.blockId ?? ""}.pdf`)
          .replace(":date", "2026-11-20")
          .replace(":accessId", route.path.includes(":accessId") ? await accessOf(theCase.childId) : "")
          .replace(":messageId", route.path.includes(":messageId") ? await messageOf(theCase.childId) : "")
          .replace(":consentId", route.path.includes(":consentId") ? await consentOf(theCase.childId) : "")
          .replace(
            ":disclosureId",
            route.path.includes(":disclosureId")
              ? await failedSendOf(route.path.includes(":closed") ? closedCase.childId : theCase.childId)
              : "",
          );
        const before = await deniedCount();
        const res = await h.request(path, {
          method: route.method,
          ...(person ? { cookie: person.cookie } : { headers: { origin: "http://localhost" } }),
          ...(route.body
            ? {
                json: route.body({
                  visitorId: people["home-visitor"]?.id ?? "",
                  planVersion: await planVersion(theCase.childId),
                  blockId: theCase.blockId ?? "",
                }),
              }
            : {}),
        });
        const text = await res.text();
        seenStatuses.set(route, (seenStatuses.get(route) ?? new Set()).add(res.status));
        const roleAllowed = who !== "anonymous" && route.allowed.includes(who);
        // A family member is no one on a staff route, and a member of staff no one on a family route.
        const familyRoute = route.allowed.includes("family");
        const expected = !roleAllowed
          ? who === "anonymous" || who === "family" || familyRoute
            ? 401
            : 403
          : (route.perChild || route.perCase) && (who === "home-visitor" || who === "family") && target === "other"
            ? 404
            : "ok";
        if (expected === "ok") {
          // Allowed: any answer but a refusal (a 409/422 here means the route ran its own checks).
          expect(route.mayFindNothing ? [401, 403] : [401, 403, 404], text).not.toContain(res.status);
        } else {
          expect(res.status, text).toBe(expected);
          expect(res.headers.get("content-type")).toContain("application/problem+json");
          for (const secret of SECRET_NAMES) expect(text).not.toContain(secret);
          expect(text).not.toContain(id === own.id ? own.reference : other.reference);
          if (route.perCase) {
            expect(text).not.toContain(theCase.reference);
            expect(text).not.toMatch(/Owncase|Othercase/);
          }
          expect(await deniedCount()).toBe(before + 1);
        }
      });
    }
  }
});

describe("cookie-authenticated requests from elsewhere", () => {
  it("refuses a state change without a same-origin Origin, and audits it", async () => {
    const before = await deniedCount();
    const res = await h.request(`/api/referrals/${own.id}/decision`, {
      method: "POST",
      cookie: people.coordinator?.cookie ?? "",
      headers: { origin: "https://evil.example" },
      json: { outcome: "more-information" },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { type: string }).type).toBe("/api/problems/bad-origin");
    expect(await deniedCount()).toBe(before + 1);
    const noHeaders = await h.app.request(`/api/referrals/${own.id}/decision`, {
      method: "POST",
      headers: { cookie: people.coordinator?.cookie ?? "", "content-type": "application/json" },
      body: JSON.stringify({ outcome: "more-information" }),
    });
    expect(noHeaders.status).toBe(403);
    const fetchSite = await h.app.request("/api/auth/session", {
      headers: { cookie: people.coordinator?.cookie ?? "" },
    });
    expect(fetchSite.status).toBe(200);
  });
});

describe("a sign-in not finished (password right, second factor, new password or enrolment to come)", () => {
  const staffRoutes = ROUTES.filter((r) => r.allowed.some((who) => STAFF.includes(who)));
  for (const step of ["second-factor", "new-password", "enrol"] as const) {
    it(`is refused on every staff route while it waits for ${step}`, async () => {
      const person = await h.staffMember("administrator");
      const { token } = await startSession(h.db, person.id, h.clock.now(), 12, { pendingStep: step });
      const cookie = `${SESSION_COOKIE}=${token}`;
      const tested: string[] = [];
      for (const route of staffRoutes) {
        const key = `${route.method} ${route.path}`;
        // Signing out ends a pending sign-in too; enrolment's own routes let it in at that step.
        if (key === "POST /api/auth/sign-out" || (step === "enrol" && ENROLMENT.includes(key))) continue;
        const path = route.path
          .replace("/reports/:file{review-[0-9a-f-]{36}\\.pdf}", `/reports/review-${own.id}.pdf`)
          .replace(":date", "2026-11-20")
          .replace(/:[A-Za-z]+/g, own.id)
          .split("?")[0] as string;
        const before = await deniedCount();
        const res = await h.request(path, { method: route.method, cookie });
        const text = await res.text();
        expect(res.status, `${key}: ${text}`).toBe(401);
        for (const secret of SECRET_NAMES) expect(text).not.toContain(secret);
        expect(await deniedCount()).toBe(before + 1);
        tested.push(key);
      }
      expect(tested.length).toBeGreaterThan(staffRoutes.length - 7);
    });
  }
});

describe("the OpenAPI document", () => {
  /** A matrix path as the document writes it: `/api/cases/:child/plan` is `/cases/{id}/plan`. */
  const documentPath = (path: string) =>
    (path.split("?")[0] ?? "")
      .replace(/^\/api/, "")
      .replace(/\/reports\/[a-z-]+$/, "/reports/:name")
      .replace(/\/imports\/templates\/[a-z-]+\.csv$/, "/imports/templates/:kind")
      .replace(":file{review-[0-9a-f-]{36}\\.pdf}", ":file")
      .replace(/:(user|child|closed|notification)\b/g, ":id")
      .replace(/:(goal|block|target|visit)\b/g, ":$1Id")
      .replace(/:([A-Za-z]+)/g, "{$1}");

  it("describes every status the matrix saw, for every route", async () => {
    const doc = (await (await h.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>>;
    };
    const missing: string[] = [];
    for (const [route, statuses] of seenStatuses) {
      const op = doc.paths[documentPath(route.path)]?.[route.method.toLowerCase()];
      if (!op) {
        missing.push(`${route.method} ${route.path}: not in the document`);
        continue;
      }
      for (const status of statuses)
        if (!(String(status) in (op.responses ?? {}))) missing.push(`${route.method} ${route.path} ${status}`);
      // A route that needs a session says so (the document's `security`).
      if (!op.security?.length) missing.push(`${route.method} ${route.path}: no security`);
    }
    for (const entry of PUBLIC) {
      const [method = "", path = ""] = entry.split(" ");
      const op = doc.paths[documentPath(path)]?.[method.toLowerCase()];
      if (op && op.security?.length !== 0) missing.push(`${entry}: public, but its security asks for a session`);
    }
    expect(seenStatuses.size).toBe(ROUTES.length);
    expect(missing).toEqual([]);
  });
});
