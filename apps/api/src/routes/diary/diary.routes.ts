// The home visitor's diary: the coming visits across their caseload, as a page's data, as an
// iCalendar file to download, and as a private calendar feed a calendar app can subscribe to.
import { createHash, randomBytes } from "node:crypto";
import { addDays, type IsoDate } from "@openportage/domain";
import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { allocations, auditEvents, calendarFeeds, children, referrals, users, visits } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { type CalendarVisit, diaryCalendar } from "../../lib/calendar.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { DiaryQuery } from "../cases/bodies.js";
import { CalendarSubscriptionSchema, type DiaryEntry, DiarySchema } from "../cases/views.js";
import { json, problem } from "../openapi-content.js";

const ROLES = ["home-visitor", "coordinator"] as const;
/** How far ahead a diary or a feed looks by default, and at most. */
const DEFAULT_DAYS = 28;
const MAX_DAYS = 366;
/** A feed's calendar looks back a little, so this week's past visits stay in the calendar app. */
const FEED_BACK_DAYS = 14;

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

async function diaryVisits(
  c: Context<AppEnv>,
  from: IsoDate,
  to: IsoDate,
  homeVisitorId: string | undefined,
): Promise<(DiaryEntry & { reference: string })[]> {
  const { db, protocol } = c.get("deps");
  const rows = await db
    .select({
      visitId: visits.id,
      date: visits.date,
      time: visits.time,
      status: visits.status,
      durationMinutes: visits.durationMinutes,
      child: { id: children.id, firstName: children.firstName, lastName: children.lastName },
      town: children.addressTown,
      postcode: children.postcode,
      reference: referrals.reference,
      homeVisitor: { id: users.id, name: users.name },
    })
    .from(visits)
    .innerJoin(allocations, and(eq(allocations.childId, visits.childId), isNull(allocations.endedAt)))
    .innerJoin(children, eq(children.id, visits.childId))
    .innerJoin(referrals, eq(referrals.id, allocations.referralId))
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .where(
      and(
        gte(visits.date, from),
        lte(visits.date, to),
        homeVisitorId ? eq(allocations.homeVisitorId, homeVisitorId) : undefined,
      ),
    )
    .orderBy(asc(visits.date), asc(visits.time));
  return rows.map((r) => ({
    visitId: r.visitId,
    date: r.date,
    time: r.time,
    status: r.status,
    durationMinutes: r.durationMinutes ?? protocol.visits.blocks.visitMinutes,
    child: r.child,
    town: r.town,
    postcode: r.postcode,
    homeVisitor: r.homeVisitor,
    reference: r.reference,
  }));
}

function range(
  c: Context<AppEnv>,
  query: { from?: string | undefined; to?: string | undefined },
): { from: IsoDate; to: IsoDate } {
  const today = englandDate(c.get("deps").clock.now());
  const from = (query.from as IsoDate | undefined) ?? today;
  const to = (query.to as IsoDate | undefined) ?? addDays(from, DEFAULT_DAYS - 1);
  if (to < from) throw validationProblem([{ field: "to", message: "must not be before from" }]);
  if (to > addDays(from, MAX_DAYS))
    throw validationProblem([{ field: "to", message: `must be within ${MAX_DAYS} days of from` }]);
  return { from, to };
}

/** Whose diary: a home visitor's own; a coordinator's choice, or everyone's. */
function whose(c: Context<AppEnv>, homeVisitorId: string | undefined): string | undefined {
  const user = staff(c);
  return user.role === "home-visitor" ? user.id : homeVisitorId;
}

export const diaryRoutes = new Hono<AppEnv>()
  .get(
    "/diary",
    describeRoute({
      tags: ["Diary"],
      summary: "The coming visits across the caseload",
      description:
        "A home visitor's own visits (a coordinator's: every visitor's, or one visitor's with `homeVisitorId`), from `from` (default today) to `to` (default four weeks on), in date and time order.",
      responses: { 200: { description: "The diary", content: json(DiarySchema) }, 422: problem("validation") },
    }),
    allow(...ROLES),
    noStore,
    queryParams(DiaryQuery),
    async (c) => {
      const query = c.req.valid("query");
      const { from, to } = range(c, query);
      const entries = await diaryVisits(c, from, to, whose(c, query.homeVisitorId));
      const childIds = [...new Set(entries.map((e) => e.child.id))];
      await audit(
        c,
        ...childIds.map((id) => ({ action: "read", outcome: "success" as const, recordType: "child", recordId: id })),
      );
      return c.json({ from, to, visits: entries.map(({ reference: _r, ...e }) => e) });
    },
  )
  .get(
    "/diary.ics",
    describeRoute({
      tags: ["Diary"],
      summary: "The diary as an iCalendar file to download",
      description: "The same visits as `/diary`, with each child's name and town, as `text/calendar`.",
      responses: {
        200: { description: "An iCalendar file", content: { "text/calendar": { schema: { type: "string" } } } },
      },
    }),
    allow(...ROLES),
    noStore,
    queryParams(DiaryQuery),
    async (c) => {
      const query = c.req.valid("query");
      const { from, to } = range(c, query);
      const { protocol, clock } = c.get("deps");
      const entries = await diaryVisits(c, from, to, whose(c, query.homeVisitorId));
      const events: CalendarVisit[] = entries.map((e) => ({
        uid: e.visitId,
        date: e.date,
        time: e.time,
        durationMinutes: e.durationMinutes,
        summary: `Portage visit: ${e.child.firstName} ${e.child.lastName}`,
        location: `${e.town} ${e.postcode}`,
        description: `Reference ${e.reference}. Read the home-visit safety notes on the case before you go.`,
        cancelled: e.status === "cancelled-by-family" || e.status === "cancelled-by-service",
      }));
      const childIds = [...new Set(entries.map((e) => e.child.id))];
      await audit(
        c,
        ...childIds.map((id) => ({
          action: "export",
          outcome: "success" as const,
          recordType: "child",
          recordId: id,
          reason: "diary-ics",
        })),
      );
      return c.body(diaryCalendar(`${protocol.serviceName}: visits`, events, clock.now()), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="portage-visits.ics"',
      });
    },
  )
  .post(
    "/diary/subscription",
    describeRoute({
      tags: ["Diary"],
      summary: "Make a private calendar feed of my visits",
      description:
        "Returns the feed's address once; it replaces any earlier one. The feed holds visit times and the families' references only (no names or addresses), since a calendar app keeps it outside the service.",
      responses: { 201: { description: "The feed's address", content: json(CalendarSubscriptionSchema) } },
    }),
    allow(...ROLES),
    noStore,
    jsonBody(v.strictObject({})),
    async (c) => {
      const user = staff(c);
      const { db, clock } = c.get("deps");
      const now = clock.now().toISOString();
      const token = randomBytes(32).toString("base64url");
      await db.transaction(
        async (tx) => {
          await tx
            .update(calendarFeeds)
            .set({ revokedAt: now })
            .where(and(eq(calendarFeeds.userId, user.id), isNull(calendarFeeds.revokedAt)));
          await tx.insert(calendarFeeds).values({ tokenHash: tokenHash(token), userId: user.id, createdAt: now });
          await tx
            .insert(auditEvents)
            .values(
              auditRow(c, { action: "create", outcome: "success", recordType: "calendar-feed", recordId: user.id }),
            );
        },
        { behavior: "immediate" },
      );
      // The address people reach the service at: behind a proxy (or with the admin app calling
      // in-process) the request's own origin is not it.
      const origin = c.get("deps").config.PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
      return c.json({ url: `${origin}/api/calendar/${token}` }, 201);
    },
  )
  .delete(
    "/diary/subscription",
    describeRoute({
      tags: ["Diary"],
      summary: "Stop my calendar feed",
      responses: { 204: { description: "Stopped" } },
    }),
    allow(...ROLES),
    noStore,
    async (c) => {
      const user = staff(c);
      const { db, clock } = c.get("deps");
      const now = clock.now().toISOString();
      await db.transaction(
        async (tx) => {
          await tx
            .update(calendarFeeds)
            .set({ revokedAt: now })
            .where(and(eq(calendarFeeds.userId, user.id), isNull(calendarFeeds.revokedAt)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "calendar-feed",
              recordId: user.id,
              reason: "revoked",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.body(null, 204);
    },
  )
  .get(
    "/calendar/:token",
    describeRoute({
      tags: ["Diary"],
      summary: "A home visitor's calendar feed (by its private address)",
      description:
        "No session: the address is the key. Holds the visits of the feed owner's caseload from two weeks ago to a year ahead, with references and times only. A stopped feed, or one whose owner's account is disabled, answers 404.",
      responses: {
        200: { description: "An iCalendar feed", content: { "text/calendar": { schema: { type: "string" } } } },
        404: problem("No such feed"),
      },
    }),
    noStore,
    pathParams(v.object({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)) })),
    async (c) => {
      const { token } = c.req.valid("param");
      const { db, protocol, clock } = c.get("deps");
      const [feed] = await db
        .select({ userId: calendarFeeds.userId, role: users.role })
        .from(calendarFeeds)
        .innerJoin(users, eq(users.id, calendarFeeds.userId))
        .where(
          and(eq(calendarFeeds.tokenHash, tokenHash(token)), isNull(calendarFeeds.revokedAt), isNull(users.disabledAt)),
        );
      if (!feed) {
        await audit(c, { action: "denied", outcome: "denied", recordType: "calendar-feed", reason: "no-such-feed" });
        throw new ProblemError("not-found", 404, "There is no such calendar feed");
      }
      const today = englandDate(clock.now());
      const from = addDays(today, -FEED_BACK_DAYS);
      const entries = await diaryVisits(
        c,
        from,
        addDays(today, MAX_DAYS - FEED_BACK_DAYS),
        feed.role === "home-visitor" ? feed.userId : undefined,
      );
      const events: CalendarVisit[] = entries.map((e) => ({
        uid: e.visitId,
        date: e.date,
        time: e.time,
        durationMinutes: e.durationMinutes,
        summary: `Portage visit (${e.reference})`,
        description: "Open the case in Open Portage for the family's details and home-visit safety notes.",
        cancelled: e.status === "cancelled-by-family" || e.status === "cancelled-by-service",
      }));
      await audit(c, {
        action: "read",
        outcome: "success",
        recordType: "calendar-feed",
        recordId: feed.userId,
        actorId: feed.userId,
        actorRole: feed.role,
      });
      return c.body(diaryCalendar(`${protocol.serviceName}: visits`, events, clock.now()), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
      });
    },
  );
