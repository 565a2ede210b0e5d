// What the reports read: only the columns the figures need, never names, addresses or notes of
// children. Each loader reads the whole service; the caller narrows to a home visitor's caseload.
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import {
  allocations,
  decisions,
  developmentalProfiles,
  exits,
  playPlans,
  referrals,
  settings,
  transitionPlans,
  users,
  visits,
} from "../../db/schema.js";

/** The council setting that holds the small-number threshold (a whole number of 1 or more). */
export const THRESHOLD_SETTING = "reports.smallNumberThreshold";

/** The small-number threshold: the council's setting, or 5. */
export async function loadThreshold(db: Database): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, THRESHOLD_SETTING));
  const value = row?.value;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : 5;
}

/**
 * Every referral's dates and status, and its route when `withRoute`. Without the route every
 * column is in the waiting list's covering index, so SQLite reads the index, not the rows with
 * their large JSON answers (several times faster on 10,000 referrals).
 */
export async function loadReferrals(db: Database, withRoute: boolean) {
  const columns = {
    id: referrals.id,
    childId: referrals.childId,
    receivedAt: referrals.receivedAt,
    acceptedOn: referrals.acceptedOn,
    status: referrals.status,
    updatedAt: referrals.updatedAt,
  };
  if (withRoute) return db.select({ ...columns, route: referrals.route }).from(referrals);
  const rows = await db.select(columns).from(referrals);
  return rows.map((row) => ({ ...row, route: "" }));
}

export const loadDecisions = (db: Database) =>
  db
    .select({ referralId: decisions.referralId, outcome: decisions.outcome, decidedAt: decisions.decidedAt })
    .from(decisions)
    .orderBy(asc(decisions.decidedAt), asc(decisions.id));

export const loadAllocations = (db: Database) =>
  db
    .select({
      referralId: allocations.referralId,
      childId: allocations.childId,
      homeVisitorId: allocations.homeVisitorId,
      allocatedAt: allocations.allocatedAt,
      endedAt: allocations.endedAt,
    })
    .from(allocations)
    .orderBy(asc(allocations.allocatedAt), asc(allocations.id));

/** Visits dated in the period. */
export const loadVisits = (db: Database, from: string, to: string) =>
  db
    .select({ childId: visits.childId, blockId: visits.blockId, date: visits.date, status: visits.status })
    .from(visits)
    .where(and(gte(visits.date, from), lte(visits.date, to)));

/** Held visits (for each child's first). */
export const loadHeldVisits = (db: Database) =>
  db.select({ childId: visits.childId, date: visits.date }).from(visits).where(eq(visits.status, "held"));

export const loadVisitors = (db: Database) =>
  db.select({ id: users.id, name: users.name, role: users.role }).from(users);

export const loadPlans = (db: Database) =>
  db.select({ childId: playPlans.childId, document: playPlans.document }).from(playPlans);

export const loadProfiles = (db: Database) =>
  db
    .select({
      childId: developmentalProfiles.childId,
      recordedOn: developmentalProfiles.recordedOn,
      entries: developmentalProfiles.entries,
    })
    .from(developmentalProfiles)
    .orderBy(asc(developmentalProfiles.recordedOn), asc(developmentalProfiles.createdAt));

/** Exits in the period, with the kind of setting the child moved on to (from the transition plan). */
export const loadExits = (db: Database, from: string, to: string) =>
  db
    .select({
      childId: exits.childId,
      referralId: exits.referralId,
      reasonId: exits.reasonId,
      exitedOn: exits.exitedOn,
      reopenedAt: exits.reopenedAt,
      settingType: transitionPlans.settingType,
    })
    .from(exits)
    .leftJoin(transitionPlans, eq(transitionPlans.childId, exits.childId))
    .where(and(gte(exits.exitedOn, from), lte(exits.exitedOn, to)));
