// GET /api/audit: the audit trail, for coordinators and administrators. Reading it is itself audited.
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { Pagination, queryParams } from "../../lib/http.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

const Timestamp = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 time, like 2026-11-22T09:00:00Z"));

const AuditQuery = v.strictObject({
  actorId: v.optional(v.pipe(v.string(), v.uuid("must be a user id"))),
  recordType: v.optional(v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/, "must be a record type, like child"))),
  recordId: v.optional(v.pipe(v.string(), v.maxLength(64))),
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
    description: "Newest first. Filter by actor, record, action, outcome and time (from inclusive, to exclusive, UTC).",
    responses: { 200: { description: "A page of audit events" } },
  }),
  allow("coordinator", "administrator"),
  noStore,
  queryParams(AuditQuery),
  async (c) => {
    const q = c.req.valid("query");
    const conditions: SQL[] = [];
    if (q.actorId) conditions.push(eq(auditEvents.actorId, q.actorId));
    if (q.recordType) conditions.push(eq(auditEvents.recordType, q.recordType));
    if (q.recordId) conditions.push(eq(auditEvents.recordId, q.recordId));
    if (q.action) conditions.push(eq(auditEvents.action, q.action));
    if (q.outcome) conditions.push(eq(auditEvents.outcome, q.outcome));
    if (q.from) conditions.push(gte(auditEvents.at, new Date(q.from).toISOString()));
    if (q.to) conditions.push(lt(auditEvents.at, new Date(q.to).toISOString()));
    const events = await c
      .get("deps")
      .db.select()
      .from(auditEvents)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    await audit(c, { action: "read", outcome: "success", recordType: "audit" });
    return c.json({ page: q.page, pageSize: q.pageSize, events });
  },
);
