// GET /api/audit: the audit trail, for coordinators and administrators. Reading it is itself audited.
import { and, count, desc, eq, gte, inArray, like, lt, or, type SQL, sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, referrals, users } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { Pagination, queryParams } from "../../lib/http.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

const Timestamp = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 time, like 2026-11-22T09:00:00Z"));

const AuditQuery = v.strictObject({
  actorId: v.optional(v.pipe(v.string(), v.uuid("must be a user id"))),
  actor: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200))),
  recordType: v.optional(v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/, "must be a record type, like child"))),
  recordId: v.optional(v.pipe(v.string(), v.maxLength(64))),
  record: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a record id (or its first 8 characters) or a referral reference"),
    ),
  ),
  action: v.optional(v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/, "must be an action, like read"))),
  outcome: v.optional(v.picklist(["success", "denied", "failure"], "must be success, denied or failure")),
  from: v.optional(Timestamp),
  to: v.optional(Timestamp),
  ...Pagination,
});

export const auditRoutes = new Hono<AppEnv>().get(
  "/audit",
  describeRoute({
    tags: ["Audit"],
    summary: "Query the audit trail",
    description:
      "Newest first, with the total that match and each actor's name. Filter by actor (`actorId`, or `actor`: part of a name), record (`recordType`, `recordId`, or `record`: a record id, its first 8 or more characters, or a referral reference, which finds the referral's and its child's events), action, outcome and time (from inclusive, to exclusive, UTC).",
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
    if (q.actor) conditions.push(sql`instr(lower(${users.name}), ${q.actor.toLowerCase()}) > 0`);
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
      // Ids are shown by their first 8 characters: 8 or more hex digits (and dashes) match as a prefix.
      const match = /^[0-9a-f][0-9a-f-]{7,}$/.test(id)
        ? or(eq(auditEvents.recordId, q.record), like(auditEvents.recordId, `${id}%`))
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
    await audit(c, { action: "read", outcome: "success", recordType: "audit" });
    return c.json({ page: q.page, pageSize: q.pageSize, total: total?.n ?? 0, events });
  },
);
