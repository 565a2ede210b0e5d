// The audit search: its filters from the query string, and the API query they become.
import { addDays, isIsoDate } from "@openportage/domain";
import type { Query } from "./api.ts";

/** What staff can search the audit trail by. */
export interface AuditFilters {
  readonly action: string;
  readonly recordType: string;
  /** A record id, its last 8 characters (as the trail shows it: {@link shortId}), or a referral's reference. */
  readonly record: string;
  /** Part of a member of staff's name. */
  readonly actor: string;
  /** One member of staff, by id (from a link). */
  readonly actorId: string;
  readonly outcome: string;
  /** First day, `YYYY-MM-DD` (UTC). */
  readonly from: string;
  /** Last day, inclusive, `YYYY-MM-DD` (UTC). */
  readonly to: string;
}

const WORD = /^[a-z-]{1,40}$/;
const RECORD = /^[A-Za-z0-9-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How the trail shows an id it has no name for: its last 8 characters. Ids begin with the time
 * they were made (docs/adr/0063), so their starts are alike; their ends are random. The API's
 * `record` search finds an id by these 8 characters.
 */
export function shortId(id: string): string {
  return id.slice(-8);
}

/** The filters in a query string; anything malformed is dropped, not sent. */
export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const get = (name: string) => (params.get(name) ?? "").trim();
  return {
    action: WORD.test(get("action")) ? get("action") : "",
    recordType: WORD.test(get("recordType")) ? get("recordType") : "",
    // An id or a reference: letters, digits and dashes (the older `recordId` is read as one).
    record: RECORD.test(get("record") || get("recordId")) ? get("record") || get("recordId") : "",
    actor: get("actor").slice(0, 200),
    actorId: UUID.test(get("actorId")) ? get("actorId") : "",
    outcome: ["success", "denied", "failure"].includes(get("outcome")) ? get("outcome") : "",
    from: isIsoDate(get("from")) ? get("from") : "",
    to: isIsoDate(get("to")) ? get("to") : "",
  };
}

/** The API's query for the filters: days become times (to is exclusive, so the day after). */
export function auditQuery(filters: AuditFilters, page: number): Query {
  return {
    action: filters.action,
    recordType: filters.recordType,
    record: filters.record,
    actor: filters.actor,
    actorId: filters.actorId,
    outcome: filters.outcome,
    from: filters.from ? `${filters.from}T00:00:00Z` : "",
    to: isIsoDate(filters.to) ? `${addDays(filters.to, 1)}T00:00:00Z` : "",
    page,
    pageSize: 50,
  };
}

/** The actions the API records, in words. */
export const AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  read: "Looked at",
  create: "Created",
  change: "Changed",
  decide: "Decided",
  allocate: "Allocated",
  disable: "Disabled",
  "reset-password": "Reset the password of",
  "sign-in": "Signed in",
  "sign-in-failed": "Failed to sign in",
  "sign-out": "Signed out",
  denied: "Refused access",
};

/** The record types the API records, in words. */
export const AUDIT_RECORD_TYPES: Readonly<Record<string, string>> = {
  child: "Child",
  referral: "Referral",
  user: "Staff account",
  "user-list": "Staff accounts",
  session: "Session",
  "waiting-list": "Waiting list",
  audit: "Audit trail",
  notification: "Notification",
  notifications: "Notifications not sent",
};
