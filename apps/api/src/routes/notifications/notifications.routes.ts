// Notifications not sent, for coordinators and administrators: every email the outbox gave up on
// (every attempt used, or refused by GOV.UK Notify), or holds mid-delivery past its lease because
// Notify could not be asked whether it arrived; and the two decisions staff make about one: send it
// again (a fresh set of attempts) or set it aside (it stays, for the record). Each decision names the
// version read, so two people acting at once cannot both act; each is audited (docs/adr/0055).
import { createHash } from "node:crypto";
import { and, count, desc, eq, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { auditEvents, children, disclosures, outbox, referrals, users } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { IdParam, jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { leaseMs, type NotificationKind, SECRET_KINDS } from "../../lib/notify.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { json, problem } from "../openapi-content.js";
import {
  NotificationDecisionBody,
  NotificationsAnswerSchema,
  NotificationsQuery,
  NotificationsSummarySchema,
  type NotificationView,
  NotificationViewSchema,
} from "./contract.js";

const TAGS = ["Notifications not sent"];
/** What the audit trail calls one outbox row. */
const RECORD_TYPE = "notification";

type Deps = AppEnv["Variables"]["deps"];

/** A state in the words a sentence ends with. */
const STATE_WORDS: Record<NotificationView["state"], string> = {
  queued: "queued to be sent",
  sending: "being sent",
  sent: "sent",
  failed: "failed",
  stuck: "stuck mid-delivery",
  cancelled: "cancelled",
  "set-aside": "set aside",
};
type Row = typeof outbox.$inferSelect;

/** The address with all but its first letter hidden, the domain kept whole: a mistyped domain shows. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${address.slice(0, 1)}•••${address.slice(at)}`;
}

/** The row's version: a digest of what changes whenever staff or the outbox act on it. */
export function versionOf(row: Pick<Row, "status" | "attempts" | "nextAttemptAt" | "claimedAt">): string {
  return createHash("sha256")
    .update(`${row.status}|${row.attempts}|${row.nextAttemptAt}|${row.claimedAt ?? ""}`)
    .digest("base64url")
    .slice(0, 16);
}

/** Where a row is, in the list's words: `stuck` is a claim older than the lease. */
function stateOf(deps: Deps, row: Row): NotificationView["state"] {
  switch (row.status) {
    case "pending":
      return "queued";
    case "sending":
      return (row.claimedAt ?? "") <= stuckSince(deps) ? "stuck" : "sending";
    default:
      return row.status;
  }
}

/** Rows a worker claimed longer ago than the lease: it died, or Notify cannot be asked about them. */
function stuckSince(deps: Deps): string {
  return new Date(deps.clock.now().getTime() - leaseMs(deps.config.NOTIFY_TIMEOUT_SECONDS)).toISOString();
}

function needsAction(deps: Deps): SQL {
  return or(
    eq(outbox.status, "failed"),
    and(eq(outbox.status, "sending"), lte(outbox.claimedAt, stuckSince(deps))),
  ) as SQL;
}

/** The team's address now (the referral intake's rule): a send again of a team alert goes there. */
function teamAddress(deps: Deps): string | null {
  return deps.config.TEAM_EMAIL ?? deps.protocol.council.contact.email ?? null;
}

/**
 * Where a send again would go. A parent's confirmation goes to the carer email on the referral now
 * (a coordinator corrects a mistyped address there), a team alert to the team's address now; every
 * other email to the address it was queued for (a report's address is part of its disclosure).
 * Null when the referral no longer holds a carer email.
 */
function addressNow(deps: Deps, row: Row, carerEmail: string | null | undefined): string | null {
  if (row.kind === "parent-confirmation") return carerEmail ?? null;
  if (row.kind === "team-alert") return teamAddress(deps) ?? row.emailAddress;
  return row.emailAddress;
}

/** Why a send again is refused, or null when it may go. */
function sendAgainRefusal(state: NotificationView["state"], row: Row, to: string | null): string | null {
  if (state !== "failed" && state !== "stuck")
    return `Only a notification that failed can be sent again; this one is ${STATE_WORDS[state]}.`;
  // A secret sent late is a secret that may have expired, or that still works in an inbox nobody
  // checked: never sent again; the person asks for a new one (docs/adr/0055).
  if (row.kind === "staff-password-reset")
    return "It held a link to reset a password, which lasts 30 minutes: set it aside, and ask the member of staff to ask for a new link.";
  if (row.kind === "family-code")
    return "It held a sign-in code, which lasts minutes: set it aside, and ask the family member to ask for a new code.";
  if (SECRET_KINDS.has(row.kind))
    return "It held an invitation link: set it aside, and invite the family member again from the child's case (check their email address).";
  if (state === "stuck")
    return "It may have reached GOV.UK Notify: the outbox sends it again by itself once Notify can say it did not arrive.";
  if (to === null) return "The referral no longer has an email address for the parent or carer.";
  return null;
}

/** Each row's referral or child, with the reference and (for coordinators) the child's name. */
async function aboutEach(deps: Deps, rows: readonly Row[], withNames: boolean) {
  const referralIds = [...new Set(rows.flatMap((r) => (r.referralId ? [r.referralId] : [])))];
  const childIds = [...new Set(rows.flatMap((r) => (r.childId && !r.referralId ? [r.childId] : [])))];
  const found = new Map<
    string,
    { referralId: string; childId: string; reference: string; childName: string; carerEmail: string | null }
  >();
  if (referralIds.length === 0 && childIds.length === 0) return found;
  const linked = await deps.db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      answers: referrals.answers,
      childId: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
    })
    .from(referrals)
    .innerJoin(children, eq(children.id, referrals.childId))
    .where(or(inArray(referrals.id, referralIds), inArray(referrals.childId, childIds)))
    .orderBy(referrals.receivedAt);
  for (const r of linked) {
    const entry = {
      referralId: r.referralId,
      childId: r.childId,
      reference: r.reference,
      childName: withNames ? `${r.firstName} ${r.lastName}` : "",
      carerEmail: ((r.answers as { carerEmail?: string }).carerEmail ?? "").trim() || null,
    };
    found.set(`referral:${r.referralId}`, entry);
    // Oldest first: the child's newest referral is the one kept.
    found.set(`child:${r.childId}`, entry);
  }
  return found;
}

/** Who set each of these rows aside, and when (the latest `set-aside` audit event). */
async function setAsideBy(deps: Deps, ids: readonly string[]) {
  const by = new Map<string, { by: string | null; at: string }>();
  if (ids.length === 0) return by;
  const events = await deps.db
    .select({ recordId: auditEvents.recordId, at: auditEvents.at, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.recordType, RECORD_TYPE),
        inArray(auditEvents.recordId, [...ids]),
        eq(auditEvents.reason, "set-aside"),
        eq(auditEvents.outcome, "success"),
      ),
    )
    .orderBy(auditEvents.id);
  for (const e of events) if (e.recordId) by.set(e.recordId, { by: e.name, at: e.at });
  return by;
}

/** The views of `rows`, for the caller's role. */
async function views(c: Context<AppEnv>, rows: readonly Row[]): Promise<NotificationView[]> {
  const deps = c.get("deps");
  const withNames = staff(c).role === "coordinator";
  const [about, asideBy] = await Promise.all([
    aboutEach(deps, rows, withNames),
    setAsideBy(
      deps,
      rows.filter((r) => r.status === "set-aside").map((r) => r.id),
    ),
  ]);
  return rows.map((row) => {
    const linked = row.referralId
      ? about.get(`referral:${row.referralId}`)
      : row.childId
        ? about.get(`child:${row.childId}`)
        : undefined;
    const state = stateOf(deps, row);
    const to = addressNow(deps, row, linked?.carerEmail);
    const refusal = sendAgainRefusal(state, row, to);
    return {
      id: row.id,
      kind: row.kind as NotificationKind,
      state,
      queuedAt: row.createdAt,
      attempts: row.attempts,
      lastError: row.lastError,
      recipient: maskEmail(row.emailAddress),
      addressChanged: to !== null && to.toLowerCase() !== row.emailAddress.toLowerCase(),
      about:
        row.referralId || row.childId
          ? {
              referralId: linked?.referralId ?? row.referralId,
              childId: linked?.childId ?? row.childId,
              reference: linked?.reference ?? null,
              childName: withNames && linked ? linked.childName : null,
            }
          : null,
      canSendAgain: refusal === null,
      sendAgainRefusal: refusal,
      canSetAside: state === "failed" || state === "stuck",
      setAside: state === "set-aside" ? (asideBy.get(row.id) ?? null) : null,
      version: versionOf(row),
    };
  });
}

/** The row, if it is one this list holds (failed, stuck or set aside); 404 otherwise. */
async function listedRow(deps: Deps, id: string): Promise<Row> {
  const [row] = await deps.db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw new ProblemError("not-found", 404, "There is no notification here");
  return row;
}

/** 409 `edit-conflict`: the row changed since `given` was read, with who acted last when staff did. */
async function changedSince(deps: Deps, row: Row): Promise<ProblemError> {
  const [last] = await deps.db
    .select({ at: auditEvents.at, reason: auditEvents.reason, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.recordType, RECORD_TYPE),
        eq(auditEvents.recordId, row.id),
        eq(auditEvents.action, "change"),
        eq(auditEvents.outcome, "success"),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const done = last?.reason === "set-aside" ? "set aside" : "sent again";
  const who = last ? ` ${done}${last.name ? ` by ${last.name}` : ""}` : " changed by the outbox";
  return new ProblemError(
    "edit-conflict",
    409,
    `This notification was${who} since you opened it (it is now ${STATE_WORDS[stateOf(deps, row)]}). Check it and decide again.`,
    {
      currentVersion: versionOf(row),
      state: stateOf(deps, row),
      changedBy: last?.name ?? null,
      changedAt: last?.at ?? null,
      changes: last ? [last.reason ?? "change"] : ["delivery"],
    },
  );
}

/** Reads the row for a decision: 404 if unknown, 409 `edit-conflict` if it changed since `version`. */
async function rowAsRead(deps: Deps, id: string, version: string): Promise<Row> {
  const row = await listedRow(deps, id);
  if (versionOf(row) !== version) throw await changedSince(deps, row);
  return row;
}

/** The update's condition: the row exactly as read (a change in between makes it match nothing). */
function asRead(row: Row): SQL {
  return and(
    eq(outbox.id, row.id),
    eq(outbox.status, row.status),
    eq(outbox.attempts, row.attempts),
    eq(outbox.nextAttemptAt, row.nextAttemptAt),
    row.claimedAt === null ? isNull(outbox.claimedAt) : eq(outbox.claimedAt, row.claimedAt),
  ) as SQL;
}

/** The one row's view after a decision. */
async function viewOf(c: Context<AppEnv>, id: string): Promise<NotificationView> {
  const row = await listedRow(c.get("deps"), id);
  const [view] = await views(c, [row]);
  if (!view) throw new ProblemError("not-found", 404, "There is no notification here");
  return view;
}

const decisionResponses = (done: string) => ({
  200: { description: `${done}: the notification as it is now`, content: json(NotificationViewSchema) },
  404: problem("No such notification (not-found)"),
  409: problem(
    "edit-conflict (it changed since the version sent: someone else acted, or the outbox did) or conflict (its state does not allow this)",
  ),
});

export const notificationRoutes = new Hono<AppEnv>()
  .get(
    "/notifications",
    describeRoute({
      tags: TAGS,
      summary: "Notifications not sent: failed, stuck or set aside",
      description:
        "Newest first, paged. `show=needs-action` (the default): every email that `failed` (every attempt used, or refused for good by GOV.UK Notify with a 400), and every one `stuck` mid-delivery past its lease (a worker claimed it, and Notify could not be asked whether it arrived). `show=set-aside`: those staff set aside, with who and when. Each has its kind, when it was queued, attempts, the last error (a status code or a scrubbed message), the address partly hidden, the referral or case it is about (its `reference`; the child's name for coordinators only), whether it may be sent again (and why not), and its `version` for a decision. Audited as a `read` of the list, and of each child named.",
      responses: {
        200: { description: "A page of notifications not sent", content: json(NotificationsAnswerSchema) },
      },
    }),
    allow("coordinator", "administrator"),
    noStore,
    queryParams(NotificationsQuery),
    async (c) => {
      const deps = c.get("deps");
      const q = c.req.valid("query");
      const where = q.show === "set-aside" ? eq(outbox.status, "set-aside") : needsAction(deps);
      const [rows, [total]] = await Promise.all([
        deps.db
          .select()
          .from(outbox)
          .where(where)
          .orderBy(desc(outbox.createdAt), desc(outbox.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        deps.db.select({ n: count() }).from(outbox).where(where),
      ]);
      const notifications = await views(c, rows);
      const named = [
        ...new Set(notifications.flatMap((n) => (n.about?.childName && n.about.childId ? [n.about.childId] : []))),
      ];
      await audit(
        c,
        { action: "read", outcome: "success", recordType: "notifications", reason: q.show },
        ...named.map((id) => ({ action: "read", outcome: "success" as const, recordType: "child", recordId: id })),
      );
      return c.json({ show: q.show, page: q.page, pageSize: q.pageSize, total: total?.n ?? 0, notifications });
    },
  )
  .get(
    "/notifications/summary",
    describeRoute({
      tags: TAGS,
      summary: "How many notifications were not sent (counts only)",
      description:
        "`needsAction` is `failed` plus `stuck` (as `GET /notifications` lists them); `setAside` those staff set aside. For the dashboard's and the navigation's count: no personal data, so not audited.",
      responses: { 200: { description: "The counts", content: json(NotificationsSummarySchema) } },
    }),
    allow("coordinator", "administrator"),
    noStore,
    async (c) => {
      const deps = c.get("deps");
      const rows = await deps.db
        .select({ status: outbox.status, n: count() })
        .from(outbox)
        .where(or(needsAction(deps), eq(outbox.status, "set-aside")))
        .groupBy(outbox.status);
      const n = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
      const [failed, stuck, setAside] = [n("failed"), n("sending"), n("set-aside")];
      return c.json({ needsAction: failed + stuck, failed, stuck, setAside });
    },
  )
  .get(
    "/notifications/:id",
    describeRoute({
      tags: TAGS,
      summary: "One notification, as the list shows it",
      description:
        "Any notification the outbox holds, as `GET /notifications` shows one (for the page that confirms a decision). Audited as a `read` of the notification, and of the child when named.",
      responses: {
        200: { description: "The notification", content: json(NotificationViewSchema) },
        404: problem("No such notification (not-found)"),
      },
    }),
    allow("coordinator", "administrator"),
    noStore,
    pathParams(IdParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const view = await viewOf(c, id);
      await audit(
        c,
        { action: "read", outcome: "success", recordType: RECORD_TYPE, recordId: id },
        ...(view.about?.childName && view.about.childId
          ? [{ action: "read", outcome: "success" as const, recordType: "child", recordId: view.about.childId }]
          : []),
      );
      return c.json(view);
    },
  )
  .post(
    "/notifications/:id/send-again",
    describeRoute({
      tags: TAGS,
      summary: "Send a failed notification again",
      description:
        "Send the `version` read with the list. Only a `failed` one, and not one that held a secret (a family invitation, a sign-in code, a password reset link: set it aside and ask for a new one), nor one `stuck` (the outbox sends it again itself once GOV.UK Notify can say it did not arrive): those are `409 conflict` with the reason. It is due now with a fresh set of attempts. A parent's confirmation goes to the carer email on the referral now (correct a mistyped address there first), a team alert to the team's address now; a report or routine notice to the address its disclosure recorded, and consent is checked again just before it leaves. A stale version is `409 edit-conflict` and nothing changes. Audited as a `change` of the notification (reason `send-again`).",
      responses: decisionResponses("Due again now"),
    }),
    allow("coordinator", "administrator"),
    noStore,
    pathParams(IdParam),
    jsonBody(NotificationDecisionBody),
    async (c) => {
      const deps = c.get("deps");
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("json");
      const row = await rowAsRead(deps, id, version);
      const state = stateOf(deps, row);
      const [linked] = row.referralId
        ? await deps.db.select({ answers: referrals.answers }).from(referrals).where(eq(referrals.id, row.referralId))
        : [];
      const carerEmail = ((linked?.answers as { carerEmail?: string } | undefined)?.carerEmail ?? "").trim() || null;
      const to = addressNow(deps, row, carerEmail);
      const refusal = sendAgainRefusal(state, row, to);
      if (refusal !== null || to === null) {
        throw new ProblemError("conflict", 409, refusal ?? "It cannot be sent again.", { kind: row.kind, state });
      }
      const now = deps.clock.now().toISOString();
      await deps.db.transaction(
        async (tx) => {
          const changed = await tx
            .update(outbox)
            .set({
              status: "pending",
              attempts: 0,
              nextAttemptAt: now,
              lastError: null,
              claimedAt: null,
              emailAddress: to,
            })
            .where(asRead(row));
          if (changed.rowsAffected !== 1) throw await changedSince(deps, await listedRow(deps, id));
          const events = [
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: RECORD_TYPE,
              recordId: id,
              reason: "send-again",
            }),
          ];
          // A report or routine notice is a disclosure: its retry is recorded as one (as report-sends does).
          if (row.disclosureId && row.childId) {
            events.push(
              auditRow(c, {
                action: "disclose",
                outcome: "success",
                recordType: "child",
                recordId: row.childId,
                reason: "retry",
              }),
            );
          }
          await tx.insert(auditEvents).values(events);
        },
        { behavior: "immediate" },
      );
      return c.json(await viewOf(c, id));
    },
  )
  .post(
    "/notifications/:id/set-aside",
    describeRoute({
      tags: TAGS,
      summary: "Set a notification aside: it will not be sent",
      description:
        "Send the `version` read with the list. A `failed` or `stuck` notification becomes `set-aside`: a member of staff decided it is not to be sent (the person was told another way, or asked for a new one). The row stays, for the record; one that held a secret (an invitation link, a sign-in code, a password reset link) keeps it no more. A report or routine notice set aside is recorded on its disclosure as never having left. A stale version is `409 edit-conflict`; one already set aside, sent or on its way is `409 conflict`. Audited as a `change` of the notification (reason `set-aside`).",
      responses: decisionResponses("Set aside"),
    }),
    allow("coordinator", "administrator"),
    noStore,
    pathParams(IdParam),
    jsonBody(NotificationDecisionBody),
    async (c) => {
      const deps = c.get("deps");
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("json");
      const row = await rowAsRead(deps, id, version);
      const state = stateOf(deps, row);
      if (state !== "failed" && state !== "stuck") {
        throw new ProblemError(
          "conflict",
          409,
          `Only a notification that failed or is stuck can be set aside; this one is ${state === "set-aside" ? "already set aside" : STATE_WORDS[state]}.`,
        );
      }
      const now = deps.clock.now().toISOString();
      await deps.db.transaction(
        async (tx) => {
          const changed = await tx
            .update(outbox)
            .set({
              status: "set-aside",
              claimedAt: null,
              // Nothing will send it: keep no usable secret, and no document.
              document: null,
              ...(SECRET_KINDS.has(row.kind) ? { personalisation: { forgotten: "set-aside" } } : {}),
            })
            .where(asRead(row));
          if (changed.rowsAffected !== 1) throw await changedSince(deps, await listedRow(deps, id));
          if (row.disclosureId) {
            await tx.update(disclosures).set({ cancelledAt: now }).where(eq(disclosures.id, row.disclosureId));
          }
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: RECORD_TYPE,
              recordId: id,
              reason: "set-aside",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json(await viewOf(c, id));
    },
  );
