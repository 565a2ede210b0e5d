// What the reports read: only the columns the figures need, never names, addresses or notes of
// children. Each loader reads the whole service; the caller narrows to a home visitor's caseload.
import { and, asc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
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
 * Reads many narrow rows as one JSON array that SQLite builds (`json_group_array`): on five years
 * of visits several times faster than reading them row by row through the client, and exact
 * (JSON keeps nulls and every character). `query` selects one column, `rows`.
 */
async function packed(db: Database, query: SQL): Promise<(string | null)[][]> {
  const [row] = await db.all<{ rows: string | null }>(query);
  return JSON.parse(row?.rows ?? "[]") as (string | null)[][];
}

/**
 * Every referral's dates and status, and its route when `withRoute`. Without the route every
 * column is in the waiting list's covering index, so SQLite reads the index, not the rows with
 * their large JSON answers.
 */
export async function loadReferrals(db: Database, withRoute: boolean) {
  const route = withRoute ? sql`${referrals.route}` : sql`''`;
  const rows = await packed(
    db,
    sql`select json_group_array(json_array(${referrals.id}, ${referrals.childId}, ${referrals.receivedAt},
      ${referrals.acceptedOn}, ${referrals.status}, ${referrals.updatedAt}, ${route})) as rows from ${referrals}`,
  );
  return rows.map(([id, childId, receivedAt, acceptedOn, status, updatedAt, routeId]) => ({
    id: id as string,
    childId: childId as string,
    receivedAt: receivedAt as string,
    acceptedOn: acceptedOn ?? null,
    status: status as (typeof referrals.$inferSelect)["status"],
    updatedAt: updatedAt as string,
    route: routeId ?? "",
  }));
}

/** Every decision, in the order made. */
export async function loadDecisions(db: Database) {
  const rows = await packed(
    db,
    sql`select json_group_array(json_array(${decisions.referralId}, ${decisions.outcome}, ${decisions.decidedAt},
      ${decisions.id})) as rows from ${decisions}`,
  );
  return rows
    .map(([referralId, outcome, decidedAt, id]) => ({
      referralId: referralId as string,
      outcome: outcome as string,
      decidedAt: decidedAt as string,
      id: id as string,
    }))
    .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.id.localeCompare(b.id));
}

export const loadAllocations = (db: Database) =>
  db
    .select({
      referralId: allocations.referralId,
      childId: allocations.childId,
      homeVisitorId: allocations.homeVisitorId,
      allocatedAt: allocations.allocatedAt,
      endedAt: allocations.endedAt,
      endReason: allocations.endReason,
    })
    .from(allocations)
    .orderBy(asc(allocations.allocatedAt), asc(allocations.id));

/** Visits dated in the period, read from the `visits_by_date` covering index. */
export async function loadVisits(db: Database, from: string, to: string) {
  const rows = await packed(
    db,
    sql`select json_group_array(json_array(${visits.childId}, ${visits.blockId}, ${visits.date}, ${visits.status}))
      as rows from ${visits} where ${visits.date} >= ${from} and ${visits.date} <= ${to}`,
  );
  return rows.map(([childId, blockId, date, status]) => ({
    childId: childId as string,
    blockId: blockId as string,
    date: date as string,
    status: status as (typeof visits.$inferSelect)["status"],
  }));
}

/** Each child's first visit held, read from the `visits_held` index (a row a child, not a row a visit). */
export const loadFirstHeldVisits = (db: Database) =>
  db
    .select({ childId: visits.childId, date: sql<string>`min(${visits.date})` })
    .from(visits)
    .where(eq(visits.status, "held"))
    .groupBy(visits.childId);

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
