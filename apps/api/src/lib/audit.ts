// The audit trail: who, what record, which action, when (UTC), from where. Never the personal
// data itself: record ids and short reason codes only.
import type { Context } from "hono";
import { auditEvents } from "../db/schema.js";
import type { AppEnv } from "./types.js";

/** One event to record. */
export interface AuditEvent {
  readonly action: string;
  readonly outcome: "success" | "denied" | "failure";
  readonly recordType?: string;
  readonly recordId?: string;
  /** A short code, never personal data: `wrong-role`, `not-allocated`, `bad-password`, ... */
  readonly reason?: string;
  /** Overrides the signed-in user (sign-in, where the user is known only after the check). */
  readonly actorId?: string | null;
  readonly actorRole?: string | null;
}

/** The row for an event in this request's context. */
export function auditRow(c: Context<AppEnv>, event: AuditEvent): typeof auditEvents.$inferInsert {
  const user = c.get("user");
  return {
    at: c.get("deps").clock.now().toISOString(),
    actorId: event.actorId !== undefined ? event.actorId : (user?.id ?? null),
    actorRole: event.actorRole !== undefined ? event.actorRole : (user?.role ?? null),
    action: event.action,
    recordType: event.recordType ?? null,
    recordId: event.recordId ?? null,
    outcome: event.outcome,
    request: `${c.req.method} ${c.req.routePath}`,
    address: c.get("address") ?? null,
    reason: event.reason ?? null,
  };
}

/** Writes events at once (reads and denials; changes write theirs inside their own transaction). */
export async function audit(c: Context<AppEnv>, ...events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await c
    .get("deps")
    .db.insert(auditEvents)
    .values(events.map((e) => auditRow(c, e)));
}
