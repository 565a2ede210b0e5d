// GET /api/audit: the audit trail, for coordinators and administrators. Reading it is itself audited.
import { nameContains } from "@openportage/domain";
import { and, asc, count, desc, eq, gte, inArray, like, lt, or, type SQL, sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { auditEvents, children, referrals, users } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { isCalendarDate } from "../../lib/clock.js";
import { Pagination, queryParams } from "../../lib/http.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp("must be an ISO 8601 time, like 2026-11-22T09:00:00Z"),
  // valibot's pattern takes any day up to 31 in any month (2026-02-30): the day must exist.
  v.check(
    (value) => isCalendarDate(value.slice(0, 10)),
    "must be an ISO 8601 time on a real day, like 2026-11-22T09:00:00Z",
  ),
);

const AuditQuery = v.strictObject({
  actorId: v.optional(v.pipe(v.string(), v.uuid("must be a user id"))),
  actor: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200))),
  recordType: v.optional(v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/, "must be a record type, like child"))),
  recordId: v.optional(v.pipe(v.string(), v.maxLength(64))),
  record: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a record id (or its last 8 characters) or a referral reference"),
    ),
  ),
  action: v.optional(v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/, "must be an action, like read"))),
  outcome: v.optional(v.picklist(["success", "denied", "failure"], "must be success, denied or failure")),
  from: v.optional(Timestamp),
  to: v.optional(Timestamp),
  ...Pagination,
});

/**
 * The child's name and referral reference for each child or referral event, resolved now from
 * the records (the audit rows themselves hold ids only). Names only for `withNames`: a role that
 * may see every child. A child with several referrals is shown by the newest one's reference.
 */
async function recordNames(
  db: Database,
  events: readonly { recordType: string | null; recordId: string | null }[],
  withNames: boolean,
): Promise<Map<string, { reference: string | null; childName: string | null }>> {
  const ids = (type: string) => [
    ...new Set(events.filter((e) => e.recordType === type && e.recordId).map((e) => e.recordId as string)),
  ];
  const [childIds, referralIds] = [ids("child"), ids("referral")];
  const found = new Map<string, { reference: string | null; childName: string | null }>();
  if (childIds.length === 0 && referralIds.length === 0) return found;
  const rows = await db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      receivedAt: referrals.receivedAt,
      childId: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
    })
    .from(referrals)
    .innerJoin(children, eq(children.id, referrals.childId))
    .where(or(inArray(referrals.id, referralIds), inArray(referrals.childId, childIds)))
    .orderBy(asc(referrals.receivedAt));
  for (const row of rows) {
    const named = { reference: row.reference, childName: withNames ? `${row.firstName} ${row.lastName}` : null };
    found.set(`referral:${row.referralId}`, named);
    // Ordered oldest first, so the newest referral's reference is the one kept for the child.
    found.set(`child:${row.childId}`, named);
  }
  return found;
}

export const auditRoutes = new Hono<AppEnv>().get(
  "/audit",
  describeRoute({
    tags: ["Audit"],
    summary: "Query the audit trail",
    description:
      "Newest first, with the total that match and each actor's name. Filter by actor (`actorId`, or `actor`: part of a name), record (`recordType`, `recordId`, or `record`: a record id, its last 8 or more characters (the trail shows ids by their last 8: their starts are the time they were made), or a referral reference, which finds the referral's and its child's events), action, outcome and time (from inclusive, to exclusive, UTC). The rows hold record ids only; when read, each child or referral event is given its referral's `reference` and, for coordinators (who may see every child), the child's name (`childName`, null for administrators).",
    responses: { 200: { description: "A page of audit events" } },
  }),
  allow("coordinator", "administrator"),
  noStore,
  queryParams(AuditQuery),
  async (c) => {
    const q = c.req.valid("query");
    const { db } = c.get("deps");
    const conditions: SQL[] = [];
    if (q.actorId) conditions.push(eq(auditEvents.actorId, q.actorId));
    if (q.actor) {
      // Part of a name, compared as the domain compares names ("sian" finds Siân): staff are few,
      // so their names are matched here and the trail is filtered by their ids.
      const actor = q.actor;
      const staffNames = await db.select({ id: users.id, name: users.name }).from(users);
      const ids = staffNames.filter((u) => nameContains(u.name, actor)).map((u) => u.id);
      conditions.push(inArray(auditEvents.actorId, ids.length > 0 ? ids : [""]));
    }
    if (q.recordType) conditions.push(eq(auditEvents.recordType, q.recordType));
    if (q.recordId) conditions.push(eq(auditEvents.recordId, q.recordId));
    if (q.record) {
      // A referral's reference finds the referral's events and its child's.
      const byReference = await db
        .select({ id: referrals.id, childId: referrals.childId })
        .from(referrals)
        .where(eq(sql`upper(${referrals.reference})`, q.record.toUpperCase()));
      const ids = byReference.flatMap((r) => [r.id, r.childId]);
      const id = q.record.toLowerCase();
      // Ids are shown by their last 8 characters (their starts are the time they were made, alike
      // for records made together: docs/adr/0063): 8 or more hex digits (and dashes) match an end.
      const match = /^[0-9a-f-]{7,}[0-9a-f]$/.test(id)
        ? or(eq(auditEvents.recordId, q.record), like(auditEvents.recordId, `%${id}`))
        : eq(auditEvents.recordId, q.record);
      conditions.push((ids.length > 0 ? or(match, inArray(auditEvents.recordId, ids)) : match) as SQL);
    }
    if (q.action) conditions.push(eq(auditEvents.action, q.action));
    if (q.outcome) conditions.push(eq(auditEvents.outcome, q.outcome));
    if (q.from) conditions.push(gte(auditEvents.at, new Date(q.from).toISOString()));
    if (q.to) conditions.push(lt(auditEvents.at, new Date(q.to).toISOString()));
    const where = conditions.length ? and(...conditions) : undefined;
    const [events, [total]] = await Promise.all([
      db
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          actorId: auditEvents.actorId,
          actorName: users.name,
          actorRole: auditEvents.actorRole,
          action: auditEvents.action,
          recordType: auditEvents.recordType,
          recordId: auditEvents.recordId,
          outcome: auditEvents.outcome,
          request: auditEvents.request,
          address: auditEvents.address,
          reason: auditEvents.reason,
        })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(where)
        .orderBy(desc(auditEvents.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorId)).where(where),
    ]);
    const named = await recordNames(db, events, staff(c).role === "coordinator");
    await audit(c, { action: "read", outcome: "success", recordType: "audit" });
    return c.json({
      page: q.page,
      pageSize: q.pageSize,
      total: total?.n ?? 0,
      events: events.map((e) => ({
        ...e,
        ...(named.get(`${e.recordType}:${e.recordId}`) ?? { reference: null, childName: null }),
      })),
    });
  },
);
