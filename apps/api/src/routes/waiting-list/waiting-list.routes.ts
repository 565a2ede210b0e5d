// GET /api/waiting-list: accepted referrals in the order the published protocol promises,
// ranked by the domain package, each with its score breakdown and days waited.
import {
  checkWaitingList,
  type IsoDate,
  type Protocol,
  rankWaitingList,
  type WaitingListEntry,
} from "@openportage/domain";
import { count, eq, max } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { children, referrals } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { englandDate, englandDateOf } from "../../lib/clock.js";
import { setAsideReason } from "../../lib/errors.js";
import { Pagination, queryParams } from "../../lib/http.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";

async function rank(db: Database, protocol: Protocol, asOf: IsoDate) {
  const rows = await db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      receivedAt: referrals.receivedAt,
      acceptedOn: referrals.acceptedOn,
      complexity: referrals.complexity,
      hadPortageBefore: referrals.hadPortageBefore,
      otherSpecialistSupport: referrals.otherSpecialistSupport,
      inSetting: referrals.inSetting,
      childId: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      dateOfBirth: children.dateOfBirth,
    })
    .from(referrals)
    .innerJoin(children, eq(children.id, referrals.childId))
    .where(eq(referrals.status, "waiting"));
  const entries: WaitingListEntry[] = rows.map((r) => ({
    id: r.id,
    dateOfBirth: r.dateOfBirth as WaitingListEntry["dateOfBirth"],
    acceptedOn: (r.acceptedOn ?? asOf) as WaitingListEntry["acceptedOn"],
    referredOn: englandDateOf(r.receivedAt),
    complexity: r.complexity ?? "low",
    inSetting: r.inSetting ?? false,
    otherSpecialistSupport: r.otherSpecialistSupport ?? false,
    hadPortageBefore: r.hadPortageBefore ?? false,
  }));
  // An entry the rules cannot rank (impossible dates) is set aside and reported, not allowed
  // to take the whole list down.
  const problems = checkWaitingList(entries, asOf);
  const setAside = new Set(problems.map((p) => p.id));
  const ranking = rankWaitingList(
    entries.filter((e) => !setAside.has(e.id)),
    protocol,
    asOf,
  );
  return { byId: new Map(rows.map((r) => [r.id, r])), ranking, problems };
}

const cache = new WeakMap<Database, { key: string } & Awaited<ReturnType<typeof rank>>>();

export const waitingListRoutes = new Hono<AppEnv>().get(
  "/waiting-list",
  describeRoute({
    tags: ["Waiting list"],
    summary: "The waiting list, ranked",
    description:
      "Ranked by the council's protocol (`rankWaitingList` in @openportage/domain): each entry has its position, total points, the breakdown by criterion with the reason and clause, days waited and when the child ages out. Paginated.",
    responses: { 200: { description: "A page of the ranked waiting list" } },
  }),
  allow("coordinator"),
  noStore,
  queryParams(v.strictObject({ ...Pagination })),
  async (c) => {
    const { page, pageSize } = c.req.valid("query");
    const { db, clock, protocol, logger } = c.get("deps");
    const asOf = englandDate(clock.now());
    // Ranking thousands of referrals takes a while: keep the last ranking until the list changes
    // (any accept, allocation or correction moves the count or the latest update).
    const [version] = await db
      .select({ n: count(), latest: max(referrals.updatedAt) })
      .from(referrals)
      .where(eq(referrals.status, "waiting"));
    const key = `${asOf}|${version?.n}|${version?.latest}|${protocol.id}`;
    const cached = cache.get(db);
    const fresh = cached?.key === key ? undefined : await rank(db, protocol, asOf);
    const { byId, ranking, problems } = fresh ?? (cached as NonNullable<typeof cached>);
    cache.set(db, { key, byId, ranking, problems });
    if (fresh && problems.length > 0)
      logger.warn("waiting-list entries set aside: their dates cannot be ranked", {
        count: problems.length,
        referralIds: problems.slice(0, 20).map((p) => p.id),
      });
    const slice = ranking.entries.slice((page - 1) * pageSize, page * pageSize);
    const pageEntries = slice.map(({ position, entry, score }) => {
      const row = byId.get(entry.id) as NonNullable<ReturnType<typeof byId.get>>;
      return {
        position,
        referralId: entry.id,
        reference: row.reference,
        child: { id: row.childId, firstName: row.firstName, lastName: row.lastName, dateOfBirth: row.dateOfBirth },
        acceptedOn: entry.acceptedOn,
        daysWaited: score.daysWaited,
        agesOutOn: score.agesOutOn,
        weeksLeft: score.weeksLeft,
        agedOut: score.agedOut,
        total: score.total,
        breakdown: score.breakdown,
      };
    });
    await audit(
      c,
      ...pageEntries.map((e) => ({
        action: "read",
        outcome: "success" as const,
        recordType: "child",
        recordId: e.child.id,
      })),
    );
    return c.json({
      asOf,
      protocolId: ranking.protocolId,
      page,
      pageSize,
      total: ranking.entries.length,
      entries: pageEntries,
      // Entries whose dates the rules cannot rank (a correction is needed): ids and reason codes.
      setAside: problems.map((p) => ({ referralId: p.id, reason: setAsideReason(p) })),
    });
  },
);
