// The referrals inbox's filters: read from the query string (so a filtered inbox can be
// bookmarked and works without JavaScript), and sent to the API, which filters and counts.
import { isIsoDate } from "@openportage/domain";
import type { Query } from "./api.ts";
import type { ReferralStatus } from "./records.ts";

/** The filters staff can set. Empty strings mean "any". */
export interface InboxFilters {
  readonly status: ReferralStatus | "";
  readonly route: string;
  /** Received on or after (`YYYY-MM-DD`). */
  readonly from: string;
  /** Received on or before (`YYYY-MM-DD`). */
  readonly to: string;
  /** Part of the child's name, or the referral's reference. */
  readonly q: string;
}

const STATUSES: readonly ReferralStatus[] = [
  "received",
  "more-information",
  "not-eligible",
  "waiting",
  "allocated",
  "closed",
];

/**
 * The filters in a query string; anything unrecognised is ignored. New referrals by default,
 * except for a search, which looks at every referral unless a status is chosen.
 */
export function readFilters(params: URLSearchParams): InboxFilters {
  const status = params.get("status");
  // A search is sent as typed (the API says when it is too long); only spaces count as none.
  const q = (params.get("q") ?? "").trim();
  const route = params.get("route") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    status:
      status === "any"
        ? ""
        : STATUSES.includes(status as ReferralStatus)
          ? (status as ReferralStatus)
          : params.has("status") || q !== ""
            ? ""
            : "received",
    route: /^[a-z][a-z0-9-]{0,60}$/.test(route) ? route : "",
    from: isIsoDate(from) ? from : "",
    to: isIsoDate(to) ? to : "",
    q,
  };
}

/** The API's query for the filters and page: the API filters and counts (never this app). */
export function inboxQuery(filters: InboxFilters, page: number, pageSize = 50): Query {
  return {
    status: filters.status,
    route: filters.route,
    from: filters.from,
    to: filters.to,
    q: filters.q,
    page,
    pageSize,
  };
}
