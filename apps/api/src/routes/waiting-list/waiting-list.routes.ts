// GET /api/waiting-list: accepted referrals in the order the published protocol promises,
// ranked by the domain package, each with its score breakdown and days waited; its summary (size,
// longest wait, who ages out soon) for the dashboard; and why one child is above another, in the
// domain's own words (`explainPosition`).
import { randomBytes } from "node:crypto";
import {
  checkWaitingList,
  explainPosition,
  type IsoDate,
  POINTS_RULE,
  type Protocol,
  type RankedEntry,
  rankWaitingList,
  TIE_BREAKS,
  type WaitingListEntry,
  type WaitingListRanking,
} from "@openportage/domain";
import { eq } from "drizzle-orm";
import type { Context, TypedResponse } from "hono";
import { Hono } from "hono";
import type { JSONParsed } from "hono/utils/types";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { children, listVersions, referrals } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { englandDate, englandDateOf } from "../../lib/clock.js";
import { setAsideReason } from "../../lib/errors.js";
import { Pagination, queryParams } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { lastHeldVisits, monitoringDue } from "../monitoring/due.js";

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

type Ranked = Awaited<ReturnType<typeof rank>>;

/**
 * The ranking kept while the list is unchanged, with the pages already made from it: a page's
 * entries (and, where no monitoring visits are due while waiting, its whole answer) depend only
 * on the ranking, so they are made once for each version of the list.
 */
interface Kept extends Ranked {
  readonly key: string;
  /** Names this ranking, made in this process, in the pages' entity tags: a new ranking, a new tag. */
  readonly tag: string;
  readonly pages: Map<string, { readonly entries: PageEntry[]; json?: Uint8Array<ArrayBuffer> }>;
}

/** Pages kept for one version of the list, at most (a coordinator reads a few). */
const PAGES_KEPT = 50;

const cache = new WeakMap<Database, Kept>();
type Row = Ranked["byId"] extends Map<string, infer R> ? R : never;

/** The list's version, read on every request: built and prepared once for each database. */
const versionReads = new WeakMap<Database, ReturnType<typeof prepareVersionRead>>();
function prepareVersionRead(db: Database) {
  return db
    .select({ version: listVersions.version })
    .from(listVersions)
    .where(eq(listVersions.name, "waiting-list"))
    .prepare();
}
function versionRead(db: Database) {
  let read = versionReads.get(db);
  if (!read) {
    read = prepareVersionRead(db);
    versionReads.set(db, read);
  }
  return read;
}

/** Today's ranking, from the cache while the list is unchanged. */
async function currentRanking(c: Context<AppEnv>): Promise<Kept & { asOf: IsoDate }> {
  const { db, clock, protocol, logger } = c.get("deps");
  const asOf = englandDate(clock.now());
  // Ranking thousands of referrals takes a while: keep the last ranking until the list changes.
  // Triggers raise the list's version on every change that could move it (migration 0013), in
  // whichever process made it: one row read, whatever the list's length.
  const [version] = await versionRead(db).execute();
  const key = `${asOf}|${version?.version}|${protocol.id}`;
  const cached = cache.get(db);
  if (cached?.key === key) return { ...cached, asOf };
  const fresh = await rank(db, protocol, asOf);
  const kept: Kept = { key, tag: randomBytes(9).toString("base64url"), ...fresh, pages: new Map() };
  cache.set(db, kept);
  if (fresh.problems.length > 0)
    logger.warn("waiting-list entries set aside: their dates cannot be ranked", {
      count: fresh.problems.length,
      referralIds: fresh.problems.slice(0, 20).map((p) => p.id),
    });
  return { ...kept, asOf };
}

/** The longest wait on the list, in days (0 when nobody waits), and the first entry to have waited it. */
function longestWait(ranking: WaitingListRanking): RankedEntry | undefined {
  let longest: RankedEntry | undefined;
  for (const r of ranking.entries) if (!longest || r.score.daysWaited > longest.score.daysWaited) longest = r;
  return longest;
}

/** A place on the list in brief: who, where, how long they have waited, when they age out. */
function brief({ position, entry, score }: RankedEntry, row: Row) {
  return {
    position,
    referralId: entry.id,
    reference: row.reference,
    child: { id: row.childId, firstName: row.firstName, lastName: row.lastName },
    daysWaited: score.daysWaited,
    agesOutOn: score.agesOutOn,
    weeksLeft: score.weeksLeft,
    agedOut: score.agedOut,
  };
}

/**
 * Why `higher` is above `lower` (or the other way round: the answer follows the list), from the
 * domain's `explainPosition`, with the referral ids in its words replaced by the child's name and
 * reference, and each differing criterion's reason from both breakdowns.
 */
function explain(ranking: WaitingListRanking, byId: Map<string, Row>, higher: RankedEntry, lower: RankedEntry) {
  // Only the two entries are searched: their positions are the ranking's.
  const why = explainPosition({ ...ranking, entries: [higher, lower] }, higher.entry.id, lower.entry.id);
  const [above, below] = higher.position < lower.position ? [higher, lower] : [lower, higher];
  const aboveRow = byId.get(above.entry.id) as Row;
  const belowRow = byId.get(below.entry.id) as Row;
  const label = (row: Row) => `${row.firstName} ${row.lastName} (${row.reference})`;
  const reasons = (r: RankedEntry) => new Map(r.score.breakdown.map((p) => [p.criterionId, p.why]));
  const [aboveWhy, belowWhy] = [reasons(above), reasons(below)];
  return {
    above: brief(above, aboveRow),
    below: brief(below, belowRow),
    decidedBy: why.decidedBy,
    /** The published rule that decided, in the protocol's words. */
    rule: (why.decidedBy === POINTS_RULE.id ? POINTS_RULE : TIE_BREAKS.find((t) => t.id === why.decidedBy))?.text ?? "",
    pointsDifference: why.pointsDifference,
    differences: why.differences.map((d) => ({
      ...d,
      aboveWhy: aboveWhy.get(d.criterionId) ?? "",
      belowWhy: belowWhy.get(d.criterionId) ?? "",
    })),
    text: why.text.replaceAll(above.entry.id, label(aboveRow)).replaceAll(below.entry.id, label(belowRow)),
  };
}

/** A page of the ranked list: each child with their breakdown and why they are above the next. */
function pageOf(ranking: WaitingListRanking, byId: Map<string, Row>, slice: RankedEntry[]) {
  return slice.map((ranked, i) => {
    const { position, entry, score } = ranked;
    const row = byId.get(entry.id) as Row;
    // The next child on this page (the page's last child is explained on the next page's terms).
    const next = slice[i + 1];
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
      aboveNext: next ? explain(ranking, byId, ranked, next) : null,
    };
  });
}

type PageEntry = ReturnType<typeof pageOf>[number];

/** The answer of GET /api/waiting-list. */
interface ListAnswer {
  asOf: IsoDate;
  protocolId: string;
  page: number;
  pageSize: number;
  total: number;
  longestWaitDays: number;
  entries: (PageEntry & { monitoring?: ReturnType<typeof monitoringDue> })[];
  setAside: { referralId: string; reason: ReturnType<typeof setAsideReason> }[];
}

/**
 * The entity tag of a page of the list: the ranking it was made from (a new one for every change
 * to the list, every day, every restart) and the page. Names no child.
 */
function entityTag(ranking: string, pageKey: string): string {
  return `"${ranking}.${pageKey.replace("|", ".")}"`;
}

/** Whether an `If-None-Match` header names `tag` (weak or strong, in a list, or `*`). */
export function matchesTag(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(",").some((item) => {
    const candidate = item.trim();
    return candidate === "*" || candidate === tag || candidate === `W/${tag}`;
  });
}

/**
 * An answer already made into JSON, typed as `c.json` would type it (for the typed client). Kept
 * as UTF-8 bytes, not a string: a string is measured and encoded again on every send (two passes
 * over a 25-entry page's 60 KB; writing it was 6.5% of the waiting list benchmark's CPU profile).
 */
function jsonText(c: Context<AppEnv>, text: Uint8Array<ArrayBuffer>) {
  return c.body(text, 200, { "Content-Type": "application/json" }) as unknown as Response &
    TypedResponse<JSONParsed<ListAnswer>, 200, "json">;
}

const ExplainQuery = v.pipe(
  v.strictObject({
    above: v.pipe(v.string(), v.uuid("must be a referral id")),
    below: v.pipe(v.string(), v.uuid("must be a referral id")),
  }),
  v.forward(
    v.check((q) => q.above !== q.below, "must be another child than the one in above"),
    ["below"],
  ),
);

export const waitingListRoutes = new Hono<AppEnv>()
  .get(
    "/waiting-list",
    describeRoute({
      tags: ["Waiting list"],
      summary: "The waiting list, ranked",
      description:
        "Ranked by the council's protocol (`rankWaitingList` in @openportage/domain): each entry has its position, total points, the breakdown by criterion with the reason and clause, days waited, when the child ages out, and why it is above the next child on the page (`aboveNext`, from `explainPosition`; null for the page's last); where the protocol makes monitoring visits while a family waits, `monitoring`: when the next is due (`monitoringVisitsDue`). `total` is the list's size and `longestWaitDays` the longest wait on the whole list. Paginated. Where no monitoring visits are made while waiting, the answer carries an `ETag` naming this version of the list and this page: a request with that tag in `If-None-Match` gets 304 (no body) while they are unchanged, after the same session, role and read-audit checks as any read.",
      responses: {
        200: { description: "A page of the ranked waiting list" },
        304: { description: "The page named in If-None-Match is unchanged (the list has not changed since)" },
      },
    }),
    allow("coordinator"),
    noStore,
    queryParams(v.strictObject({ ...Pagination })),
    async (c) => {
      const { page, pageSize } = c.req.valid("query");
      const current = await currentRanking(c);
      const { asOf, byId, ranking, problems } = current;
      const pageKey = `${page}|${pageSize}`;
      let made = current.pages.get(pageKey);
      if (!made) {
        const start = (page - 1) * pageSize;
        made = { entries: pageOf(ranking, byId, ranking.entries.slice(start, start + pageSize)) };
        if (current.pages.size < PAGES_KEPT) current.pages.set(pageKey, made);
      }
      const { entries } = made;
      await audit(
        c,
        ...entries.map((e) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: e.child.id,
        })),
      );
      // Monitoring visits only where the protocol makes them, and only for the page shown: one
      // grouped read, so the default protocol (none while waiting) pays nothing, and its whole
      // answer is made once for each version of the list.
      const { db, protocol } = c.get("deps");
      // A caller that holds this very page (the admin app, for one session) names it by its tag and
      // is told "unchanged" without the body: the session, the role and the read audit above are
      // the same as for any read (a faster audit, never a thinner one).
      const tag = protocol.visits.monitoring.whileWaiting ? undefined : entityTag(current.tag, pageKey);
      if (tag !== undefined) {
        c.header("ETag", tag);
        if (matchesTag(c.req.header("if-none-match"), tag)) return c.body(null, 304);
      }
      if (tag !== undefined && made.json !== undefined) return jsonText(c, made.json);
      const monitoring = protocol.visits.monitoring.whileWaiting
        ? await lastHeldVisits(
            db,
            entries.map((e) => e.child.id),
          )
        : undefined;
      const body: ListAnswer = {
        asOf,
        protocolId: ranking.protocolId,
        page,
        pageSize,
        total: ranking.entries.length,
        longestWaitDays: longestWait(ranking)?.score.daysWaited ?? 0,
        entries: monitoring
          ? entries.map((e) => ({
              ...e,
              // When the next monitoring visit is due (only where the protocol makes them while waiting).
              monitoring: monitoringDue(protocol, e.acceptedOn, asOf, monitoring.get(e.child.id)),
            }))
          : entries,
        // Entries whose dates the rules cannot rank (a correction is needed): ids and reason codes.
        setAside: problems.map((p) => ({ referralId: p.id, reason: setAsideReason(p) })),
      };
      if (monitoring) return c.json(body, 200);
      made.json = new TextEncoder().encode(JSON.stringify(body));
      return jsonText(c, made.json);
    },
  )
  .get(
    "/waiting-list/summary",
    describeRoute({
      tags: ["Waiting list"],
      summary: "The waiting list in brief",
      description:
        "For the coordinator's dashboard: how many children wait, the longest wait (days) and who has waited it, and the children who age out within `weeks` weeks (default 12), soonest first (at most 5, with how many in all).",
      responses: { 200: { description: "The summary" } },
    }),
    allow("coordinator"),
    noStore,
    queryParams(
      v.strictObject({
        weeks: v.optional(
          v.pipe(v.string(), v.regex(/^\d{1,2}$/, "must be a whole number of weeks from 0 to 99"), v.transform(Number)),
          "12",
        ),
      }),
    ),
    async (c) => {
      const { weeks } = c.req.valid("query");
      const { asOf, byId, ranking } = await currentRanking(c);
      const longest = longestWait(ranking);
      const soon = ranking.entries
        .filter((r) => r.score.agedOut || r.score.weeksLeft <= weeks)
        .sort((a, b) => (a.score.agesOutOn < b.score.agesOutOn ? -1 : a.score.agesOutOn > b.score.agesOutOn ? 1 : 0));
      const named = [...(longest ? [longest] : []), ...soon.slice(0, 5)].map((r) =>
        brief(r, byId.get(r.entry.id) as Row),
      );
      await audit(
        c,
        ...[...new Set(named.map((n) => n.child.id))].map((id) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: id,
        })),
      );
      return c.json({
        asOf,
        size: ranking.entries.length,
        longestWaitDays: longest?.score.daysWaited ?? 0,
        longestWait: longest ? brief(longest, byId.get(longest.entry.id) as Row) : null,
        ageingOutWithinWeeks: weeks,
        ageingOutSoonTotal: soon.length,
        ageingOutSoon: soon.slice(0, 5).map((r) => brief(r, byId.get(r.entry.id) as Row)),
      });
    },
  )
  .get(
    "/waiting-list/explain",
    describeRoute({
      tags: ["Waiting list"],
      summary: "Why one child is above another",
      description:
        "`above` and `below` are referral ids on the waiting list, in either order: the answer follows the list. From the domain's `explainPosition`: the rule that decided (more points, or the tie-break that settled equal points) in the protocol's words, the criteria whose points differ, and the answer in plain words.",
      responses: {
        200: { description: "The explanation" },
        404: { description: "A referral that is not on the waiting list" },
      },
    }),
    allow("coordinator"),
    noStore,
    queryParams(ExplainQuery),
    async (c) => {
      const q = c.req.valid("query");
      const { byId, ranking } = await currentRanking(c);
      const find = (id: string) => (byId.has(id) ? ranking.entries.find((r) => r.entry.id === id) : undefined);
      const [higher, lower] = [find(q.above), find(q.below)];
      if (!higher || !lower) {
        const missing = [...(!higher ? ["above"] : []), ...(!lower ? ["below"] : [])];
        throw new ProblemError("not-found", 404, `Not on the waiting list: ${missing.join(" and ")}`);
      }
      const answer = explain(ranking, byId, higher, lower);
      await audit(
        c,
        ...[answer.above.child.id, answer.below.child.id].map((id) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: id,
        })),
      );
      return c.json({ asOf: ranking.asOf, ...answer });
    },
  );
