// The referrals inbox's filters: read from the query string (so a filtered inbox can be
// bookmarked and works without JavaScript), and applied.
import type { ReferralStatus, ReferralSummary } from "./records.ts";
import { todayInEngland } from "./words.ts";

/** The filters staff can set. Empty strings mean "any". */
export interface InboxFilters {
  readonly status: ReferralStatus | "";
  readonly route: string;
  /** Received on or after (`YYYY-MM-DD`). */
  readonly from: string;
  /** Received on or before (`YYYY-MM-DD`). */
  readonly to: string;
}

const STATUSES: readonly ReferralStatus[] = [
  "received",
  "more-information",
  "not-eligible",
  "waiting",
  "allocated",
  "closed",
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in a query string; anything unrecognised is ignored. New referrals by default. */
export function readFilters(params: URLSearchParams): InboxFilters {
  const status = params.get("status");
  const route = params.get("route") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    status:
      status === "any"
        ? ""
        : STATUSES.includes(status as ReferralStatus)
          ? (status as ReferralStatus)
          : params.has("status")
            ? ""
            : "received",
    route: /^[a-z][a-z0-9-]{0,60}$/.test(route) ? route : "",
    from: DATE.test(from) ? from : "",
    to: DATE.test(to) ? to : "",
  };
}

/** The day a referral was received, in England. */
export function receivedOn(referral: Pick<ReferralSummary, "receivedAt">): string {
  return todayInEngland(new Date(referral.receivedAt));
}

/** The referrals that pass the route and date filters (the API filters by status). */
export function applyFilters(referrals: readonly ReferralSummary[], filters: InboxFilters): ReferralSummary[] {
  return referrals.filter((referral) => {
    if (filters.route && referral.route !== filters.route) return false;
    const day = receivedOn(referral);
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
    return true;
  });
}
