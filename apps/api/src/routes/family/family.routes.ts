// The family app's routes (docs/family.md, ADR 0044): a parent, carer or helper signed in to the
// family app sees their own child's plan, visits, reports and sharing choices, records daily
// practice, withdraws a consent to share, writes to the home visitor and can ask to stop. Every
// route is behind `familyOnly` (the family cookie only), every child id is checked by
// `familyChild` (404 for a child they were not invited for, audited), and every read and change
// is audited with the family member as the actor. The rules are the staff routes' own: the plan
// (`currentPlan`, `targetProgress`), practice records (`practice/store.ts`), visits
// (`childVisits`, `lib/calendar.ts`), reports (`reviewReportDocument`, `transitionReportDocument`)
// and consent (`consent/store.ts`).
import {
  addDays,
  COMMON_SHARING_PURPOSES,
  dateInWords,
  type IsoDate,
  minDate,
  type PlayPlan,
  type ProgressStatus,
  type Protocol,
  type Target,
  targetProgress,
} from "@openportage/domain";
import { and, asc, desc, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  auditEvents,
  blockReviews,
  children,
  consents,
  exits,
  familyAccess,
  familyMessages,
  practiceRecords,
  visits,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { type CalendarVisit, diaryCalendar } from "../../lib/calendar.js";
import { englandDate, isCalendarDate } from "../../lib/clock.js";
import {
  ALL_PERMISSIONS,
  type FamilyPermissions,
  familyMember,
  familyOnly,
  isLiveAccess,
} from "../../lib/family-session.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import type { AppEnv } from "../../lib/types.js";
import type { ConsentRow } from "../consent/store.js";
import { consentRows, recipientName, withdrawConsent } from "../consent/store.js";
import { transitionReportDocument } from "../exits/exits.routes.js";
import { json, problem } from "../openapi-content.js";
import { currentPlan } from "../plans/store.js";
import { areaName, criterionText, planRecords, practiceText, toActivityRecord } from "../plans/view.js";
import {
  checkDay,
  FAMILY_PRACTICE_DAYS,
  familyTargetsThisWeek,
  findTarget,
  practiceRecordsWhere,
  type StoredPracticeRecord,
  writePracticeDay,
} from "../practice/store.js";
import { reviewReportDocument } from "../reviews/reviews.routes.js";
import { childVisits } from "../visits/visits.routes.js";
import { carerOnly, type FamilyChildAccess, familyChild, homeVisitorOf, mayOf } from "./access.js";
import {
  FamilyChildrenSchema,
  type FamilyConsent,
  FamilyConsentSchema,
  type FamilyEnteredBy,
  FamilyLeaveBody,
  FamilyMessageBody,
  FamilyOverviewSchema,
  type FamilyOwnMessage,
  FamilyOwnMessageSchema,
  FamilyOwnMessagesSchema,
  type FamilyPracticeDay,
  FamilyPracticeDayBody,
  FamilyPracticeQuery,
  FamilyPracticeSavedSchema,
  FamilyPracticeSchema,
  FamilyReportsSchema,
  FamilySharingSchema,
  type FamilyTarget,
  FamilyWithdrawalBody,
} from "./contract.js";
import { dayInWords, firstNameOf, listInWords, planStatusInWords, shortDayInWords, timeInWords } from "./words.js";

const TAGS = ["Family app"];
const Uuid = v.pipe(v.string(), v.uuid());
const ChildParam = v.object({ id: Uuid });
const DayParam = v.object({
  id: Uuid,
  targetId: Uuid,
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
const ConsentParam = v.object({ id: Uuid, consentId: Uuid });
const ReviewFileParam = v.object({
  id: Uuid,
  file: v.pipe(v.string(), v.regex(/^review-[0-9a-f-]{36}\.pdf$/)),
});
const noChild = problem("No child here that you can see (not invited, not allowed, or Portage has ended)");

type Deps = AppEnv["Variables"]["deps"];

/** The child's first name (the family app never needs more). */
async function firstNameOfChild(c: Context<AppEnv>, childId: string): Promise<string> {
  const [child] = await c
    .get("deps")
    .db.select({ firstName: children.firstName })
    .from(children)
    .where(eq(children.id, childId));
  if (!child) throw new ProblemError("not-found", 404, "There is nothing here that you can see");
  return child.firstName;
}

/** Audits a family member's read of the child's record. */
function auditRead(c: Context<AppEnv>, childId: string, reason?: string): Promise<void> {
  return audit(c, {
    action: "read",
    outcome: "success",
    recordType: "child",
    recordId: childId,
    ...(reason ? { reason } : {}),
  });
}

/** A target as the family reads it. */
function familyTarget(
  target: Target,
  childName: string,
  records: Parameters<typeof targetProgress>[1],
  protocol: Protocol,
  today: IsoDate,
): FamilyTarget {
  return {
    id: target.id,
    area: areaName(protocol, target.areaId),
    goalText: `${childName} will ${target.does}`,
    does: target.does,
    conditions: target.conditions,
    doneWhenText: criterionText(target),
    teachingSteps: target.teachingSteps.map((s, i) => ({ number: i + 1, text: s.text })),
    howToPractise: target.practice.how,
    howOften: practiceText(target),
    progressText: progressForFamily(targetProgress(target, records, today).status, records.length > 0, childName),
  };
}

/** How a target is going, in a parent's words (the domain's summary is written for staff). */
export function progressForFamily(status: ProgressStatus, anythingWritten: boolean, childName: string): string {
  switch (status) {
    case "achieved":
      return `${childName} can do this now. Well done!`;
    case "developing":
      return `${childName} is nearly there: on some days it went just right.`;
    case "emerging":
      return `${childName} has started to do this. Keep going!`;
    default:
      return anythingWritten
        ? "Keep practising: nothing has gone right yet, and that's fine."
        : "Nothing written down yet.";
  }
}

/** Who entered a day, as the family member reads it. */
function enteredByForFamily(
  stored: StoredPracticeRecord,
  accountId: string,
  homeVisitorId: string | undefined,
): FamilyEnteredBy {
  const by = stored.enteredBy;
  if (by.kind === "family") {
    return by.id === accountId ? { kind: "you", text: "you" } : { kind: "family", text: firstNameOf(by.name) };
  }
  return by.id === homeVisitorId
    ? { kind: "home-visitor", text: "your home visitor" }
    : { kind: "service", text: "the Portage team" };
}

function summaryOf(r: { practised: boolean; tries: number | null; successes: number | null }): string {
  if (!r.practised) return "Not practised";
  const tries = r.tries ?? 0;
  const successes = r.successes ?? 0;
  return `${tries} ${tries === 1 ? "try" : "tries"}, ${successes} ${successes === 1 ? "success" : "successes"}`;
}

/** The window of days a family may fill in or correct: today and the days before it. */
function earliestChange(today: IsoDate): IsoDate {
  return addDays(today, 1 - FAMILY_PRACTICE_DAYS);
}

/** One cell of the family's chart. */
function dayView(
  date: IsoDate,
  stored: StoredPracticeRecord | undefined,
  block: { start: string; end: string },
  today: IsoDate,
  who: { accountId: string; homeVisitorId: string | undefined },
): FamilyPracticeDay {
  let whyNot: string | null = null;
  if (date > today) whyNot = "This day has not come yet.";
  else if (date < earliestChange(today))
    whyNot = `You can fill in or correct the last ${FAMILY_PRACTICE_DAYS} days. Ask your home visitor to change an older day.`;
  else if (date < block.start) whyNot = `This target starts on ${dayInWords(block.start)}.`;
  else if (date > block.end) whyNot = `This target's block of visits ended on ${dayInWords(block.end)}.`;
  const row = stored?.record;
  return {
    date,
    dateText: shortDayInWords(date),
    canChange: whyNot === null,
    whyNot,
    record:
      row && stored
        ? {
            practised: row.practised,
            tries: row.tries,
            successes: row.successes,
            note: row.note,
            summaryText: summaryOf(row),
            enteredBy: enteredByForFamily(stored, who.accountId, who.homeVisitorId),
            version: row.version,
          }
        : null,
  };
}

/** The state of a consent to share, for the family. */
function consentForFamily(
  deps: Deps,
  row: ConsentRow,
  serviceWithdrawals: readonly string[],
  today: string,
  canChange: boolean,
): FamilyConsent {
  const names = ((row.recipientIds as string[] | null) ?? []).map((id) => recipientName(deps, id));
  const purposes = (row.purposes as string[] | null) ?? [];
  const ended = serviceWithdrawals.find((on) => on >= row.givenOn && on <= today);
  const withdrawn = row.withdrawnOn !== null && row.withdrawnOn <= today;
  const notYet = row.givenOn > today;
  const stateText = withdrawn
    ? `Withdrawn from ${dateInWords(row.withdrawnOn as IsoDate)}`
    : ended
      ? `Ended on ${dateInWords(ended as IsoDate)}, when consent to Portage was withdrawn`
      : notYet
        ? `Starts on ${dateInWords(row.givenOn as IsoDate)}`
        : `In place since ${dateInWords(row.givenOn as IsoDate)}`;
  const inForce = !withdrawn && !ended && !notYet;
  return {
    id: row.id,
    sharedWith: names,
    sharedWithText: listInWords(names),
    purposesText:
      purposes.length > 0
        ? `Only for: ${listInWords(
            purposes.map((p) => {
              const words = (COMMON_SHARING_PURPOSES as Record<string, string>)[p];
              return words ? words.charAt(0).toLowerCase() + words.slice(1) : p;
            }),
          )}`
        : null,
    givenByText: `${row.givenByName} (${row.givenByRelationship})`,
    givenOn: row.givenOn,
    givenOnText: dateInWords(row.givenOn as IsoDate),
    withdrawnOn: row.withdrawnOn,
    withdrawnOnText: row.withdrawnOn ? dateInWords(row.withdrawnOn as IsoDate) : null,
    inForce,
    stateText,
    canWithdraw: canChange && !withdrawn && !ended,
    version: row.version,
  };
}

async function sharingViews(c: Context<AppEnv>, childId: string, canChange: boolean): Promise<FamilyConsent[]> {
  const deps = c.get("deps");
  const today = englandDate(deps.clock.now());
  const rows = (await consentRows(deps.db, childId)).map((r) => r.consent);
  const serviceWithdrawals = rows.flatMap((r) => (r.kind === "service" && r.withdrawnOn ? [r.withdrawnOn] : []));
  return rows
    .filter((r) => r.kind === "sharing")
    .map((r) => consentForFamily(deps, r, serviceWithdrawals, today, canChange));
}

const KIND_WORDS: Record<FamilyOwnMessage["kind"], string> = {
  message: "Message",
  "leave-request": "Asked to stop Portage",
  "consent-withdrawn": "Withdrew a consent to share",
};

function ownMessage(row: typeof familyMessages.$inferSelect): FamilyOwnMessage {
  return {
    id: row.id,
    kind: row.kind,
    kindText: KIND_WORDS[row.kind],
    body: row.body,
    sentAt: row.createdAt,
    sentOnText: dateInWords(englandDate(new Date(row.createdAt))),
    read: row.readAt !== null,
  };
}

/** Writes a message from the family member about the child, audited, in one transaction. */
async function sendMessage(
  c: Context<AppEnv>,
  access: FamilyChildAccess,
  kind: FamilyOwnMessage["kind"],
  body: string | null,
): Promise<FamilyOwnMessage> {
  const { db, clock } = c.get("deps");
  const row = {
    id: newId(),
    childId: access.childId,
    accessId: access.id,
    kind,
    body,
    createdAt: clock.now().toISOString(),
    readAt: null,
    readBy: null,
  };
  await db.transaction(
    async (tx) => {
      await tx.insert(familyMessages).values(row);
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "create",
          outcome: "success",
          recordType: "child",
          recordId: access.childId,
          reason: kind === "message" ? "family-message" : kind,
        }),
      );
    },
    { behavior: "immediate" },
  );
  return ownMessage(row);
}

/** The block reviews whose report can be made: saved, for a block of the child's current plan. */
async function savedReviews(c: Context<AppEnv>, childId: string, plan: PlayPlan | undefined) {
  const { db } = c.get("deps");
  const blocks = new Map((plan?.blocks ?? []).map((b) => [b.id, b.number]));
  const rows = await db
    .select({ blockId: blockReviews.blockId, reviewedOn: blockReviews.reviewedOn })
    .from(blockReviews)
    .where(eq(blockReviews.childId, childId))
    .orderBy(desc(blockReviews.reviewedOn), desc(blockReviews.createdAt));
  return rows.flatMap((r) => {
    const number = blocks.get(r.blockId);
    return number === undefined ? [] : [{ ...r, number }];
  });
}

/** The exit the child left on (not reopened), if any. */
async function currentExit(c: Context<AppEnv>, childId: string) {
  const [exit] = await c
    .get("deps")
    .db.select()
    .from(exits)
    .where(and(eq(exits.childId, childId), isNull(exits.reopenedAt)))
    .orderBy(desc(exits.createdAt))
    .limit(1);
  return exit;
}

/** The last day reports can be downloaded, from the access's end (the start of the day after). */
function lastDayBefore(endsAt: string | null): IsoDate | null {
  return endsAt ? addDays(englandDate(new Date(endsAt)), -1) : null;
}

export const familyRoutes = new Hono<AppEnv>()
  .get(
    "/family/children",
    describeRoute({
      tags: TAGS,
      summary: "The children this family member may see",
      description:
        "Each child the signed-in family member was invited for and still reaches: the first name, whether they are a parent or carer (`carer`) or a helper, what they may see and do, and, once the child has left Portage, until when the reports stay.",
      responses: { 200: { description: "By first name", content: json(FamilyChildrenSchema) } },
    }),
    familyOnly,
    noStore,
    async (c) => {
      const member = familyMember(c);
      const { db, clock } = c.get("deps");
      const now = clock.now().toISOString();
      const rows = await db
        .select({ access: familyAccess, firstName: children.firstName })
        .from(familyAccess)
        .innerJoin(children, eq(children.id, familyAccess.childId))
        .where(and(eq(familyAccess.accountId, member.accountId), inArray(familyAccess.status, ["active", "ended"])))
        .orderBy(asc(children.firstName));
      const live = rows.filter((r) => isLiveAccess(r.access, now));
      const list = live.map(({ access, firstName }) => {
        const full = {
          ...access,
          can:
            access.kind === "carer"
              ? ALL_PERMISSIONS
              : { ...ALL_PERMISSIONS, ...(access.permissions as Partial<FamilyPermissions>) },
        };
        const reportsUntil = access.status === "ended" ? lastDayBefore(access.endsAt) : null;
        return {
          id: access.childId,
          firstName,
          kind: access.kind,
          relationship: access.relationship,
          may: mayOf(full),
          status: access.status as "active" | "ended",
          endsAt: access.status === "ended" ? access.endsAt : null,
          reportsUntil,
          statusText:
            access.status === "ended"
              ? `Portage has ended for ${firstName}.${
                  full.can.reports && reportsUntil
                    ? ` You can download ${firstName}'s reports until ${dateInWords(reportsUntil)}.`
                    : ""
                }`
              : "",
        };
      });
      await audit(
        c,
        ...list.map((child) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: child.id,
        })),
      );
      return c.json({ children: list });
    },
  )
  .get(
    "/family/children/:id",
    describeRoute({
      tags: TAGS,
      summary: "The child's plan at a glance: this week's targets, the next visits, who to contact",
      description:
        "This week's targets (the open targets of the current block, once agreed: area, what the child will do and when, the teaching steps in order, how and how often to practise, how it is going) and what the home visitor said to practise next at the last visit; the next visits (date, time, where); the home visitor's name and how to reach the service; the plan's state in words. A helper sees the targets only with `practice` and the visits only with `visits` (null otherwise). 404 once Portage has ended.",
      responses: { 200: { description: "The overview", content: json(FamilyOverviewSchema) }, 404: noChild },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await familyChild(c, id);
      const may = mayOf(access);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const [childName, stored, visitor] = await Promise.all([
        firstNameOfChild(c, id),
        currentPlan(db, id),
        homeVisitorOf(db, id),
      ]);
      const week = stored ? familyTargetsThisWeek(stored.plan) : { block: undefined, targets: [] };
      let thisWeek = null;
      if (may.practice) {
        const records = stored ? await planRecords(db, stored.id) : [];
        const [last] = await db
          .select({ date: visits.date, practiseNext: visits.practiseNext })
          .from(visits)
          .where(and(eq(visits.childId, id), eq(visits.status, "held"), lte(visits.date, today)))
          .orderBy(desc(visits.date), desc(visits.time))
          .limit(1);
        thisWeek = {
          blockText:
            week.block && week.block.status !== "draft"
              ? `Block ${week.block.number}: ${dateInWords(week.block.start)} to ${dateInWords(week.block.end)}`
              : null,
          targets: week.targets.map((t) => familyTarget(t, childName, records, protocol, today)),
          fromLastVisit: last?.practiseNext ? { dateText: dayInWords(last.date), text: last.practiseNext } : null,
        };
      }
      let nextVisits = null;
      if (may.visits) {
        const all = await childVisits(db, id, protocol, stored?.plan.blocks ?? []);
        nextVisits = all.visits
          .filter((vs) => vs.status === "planned" && vs.date >= today)
          .slice(0, 5)
          .map((vs) => ({
            id: vs.id,
            date: vs.date,
            dateText: dayInWords(vs.date),
            time: vs.time,
            timeText: timeInWords(vs.time),
            placeText: vs.kind === "home" || !vs.place ? "At home" : `At ${vs.place}`,
          }));
      }
      const { contact } = protocol.council;
      await auditRead(c, id);
      return c.json({
        asOf: today,
        child: { id, firstName: childName },
        may,
        plan: {
          status: stored?.plan.status ?? null,
          statusText: planStatusInWords(stored?.plan.status ?? null, week.block, childName),
        },
        thisWeek,
        nextVisits,
        homeVisitor: visitor ? { name: visitor.name } : null,
        service: {
          name: protocol.serviceName,
          council: protocol.council.name,
          phone: contact.phone ?? null,
          email: contact.email ?? null,
          url: contact.url ?? null,
        },
      });
    },
  )
  .get(
    "/family/children/:id/visits.ics",
    describeRoute({
      tags: TAGS,
      summary: "The child's next visits as an iCalendar file, to add to a phone's calendar",
      description:
        "The visits from today on (a cancelled one marked cancelled, so a calendar that imported it before updates it), with the home visitor's name and where; nothing about any other child. Needs `visits`.",
      responses: {
        200: { description: "An iCalendar file", content: { "text/calendar": { schema: { type: "string" } } } },
        404: noChild,
      },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await familyChild(c, id, "visits");
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const [childName, visitor, rows] = await Promise.all([
        firstNameOfChild(c, id),
        homeVisitorOf(db, id),
        db
          .select()
          .from(visits)
          .where(and(eq(visits.childId, id), gte(visits.date, today)))
          .orderBy(asc(visits.date), asc(visits.time)),
      ]);
      const { contact } = protocol.council;
      const reach = contact.phone ?? contact.email ?? contact.url;
      const events: CalendarVisit[] = rows
        .filter((r) => r.status === "planned" || r.status.startsWith("cancelled"))
        .map((r) => ({
          uid: r.id,
          date: r.date,
          time: r.time,
          durationMinutes: protocol.visits.blocks.visitMinutes,
          summary: visitor ? `Portage visit with ${visitor.name}` : "Portage visit",
          location: r.kind === "home" || !r.place ? "At home" : r.place,
          description: `${protocol.serviceName}.${reach ? ` To change a visit, contact ${reach}.` : ""}`,
          cancelled: r.status !== "planned",
        }));
      await audit(c, {
        action: "export",
        outcome: "success",
        recordType: "child",
        recordId: id,
        reason: "family-visits-ics",
      });
      return c.body(diaryCalendar(`${childName}'s Portage visits`, events, clock.now()), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="portage-visits.ics"',
      });
    },
  )
  .get(
    "/family/children/:id/practice",
    describeRoute({
      tags: TAGS,
      summary: "The family's practice chart: the last 7 days for each of this week's targets",
      description:
        "For each of this week's targets, each day from `from` (default: 6 days ago) for up to 7 days and never after today (England's dates): what is recorded and who by (`you`, another family member by first name, or the home visitor), and whether the day can still be filled in or corrected (the last 7 days, inside the target's block). Needs `practice`.",
      responses: {
        200: { description: "The chart", content: json(FamilyPracticeSchema) },
        404: noChild,
        422: problem("validation: `from` is not a date, or is after today"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    queryParams(FamilyPracticeQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      await familyChild(c, id, "practice");
      const member = familyMember(c);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      if (query.from !== undefined && !isCalendarDate(query.from)) {
        throw validationProblem([{ field: "from", message: "must be a real date" }]);
      }
      const from = (query.from as IsoDate | undefined) ?? earliestChange(today);
      if (from > today) throw validationProblem([{ field: "from", message: "must be today or earlier" }]);
      const to = minDate(addDays(from, FAMILY_PRACTICE_DAYS - 1), today);
      const [childName, stored, visitor] = await Promise.all([
        firstNameOfChild(c, id),
        currentPlan(db, id),
        homeVisitorOf(db, id),
      ]);
      const week = stored ? familyTargetsThisWeek(stored.plan) : { block: undefined, targets: [] };
      const ids = week.targets.map((t) => t.id);
      const [records, rows] = stored
        ? await Promise.all([
            planRecords(db, stored.id),
            ids.length > 0
              ? practiceRecordsWhere(
                  db,
                  and(
                    eq(practiceRecords.planId, stored.id),
                    inArray(practiceRecords.targetId, ids),
                    gte(practiceRecords.date, from),
                    lte(practiceRecords.date, to),
                  ),
                )
              : Promise.resolve([]),
          ])
        : [[], []];
      const dates: IsoDate[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
      const who = { accountId: member.accountId, homeVisitorId: visitor?.id };
      await auditRead(c, id, "practice");
      return c.json({
        asOf: today,
        from,
        to,
        earliestChange: earliestChange(today),
        targets: week.targets.map((t) => {
          const view = familyTarget(t, childName, records, protocol, today);
          const block = week.block ?? { start: from, end: to };
          return {
            id: t.id,
            area: view.area,
            goalText: view.goalText,
            howOften: view.howOften,
            progressText: view.progressText,
            days: dates.map((d) =>
              dayView(
                d,
                rows.find((r) => r.record.targetId === t.id && r.record.date === d),
                block,
                today,
                who,
              ),
            ),
          };
        }),
      });
    },
  )
  .put(
    "/family/children/:id/practice/:targetId/:date",
    describeRoute({
      tags: TAGS,
      summary: "Record how practice went on one day, for one of this week's targets",
      description:
        "`{practised: true, tries, successes, note?}` (at least 1 try, never more successes than tries) or `{practised: false, note?}` for a day not practised, with the day's `version` when it is already recorded (a stale or missing one gets 409 `edit-conflict`; the same values sent again change nothing). The day is one of the last 7 days up to today (England's dates) inside the target's block; the target is one of this week's. The home visitor's practice records show it at once as entered by the family, and every earlier version is kept. Needs `practice`.",
      requestBody: { content: json(FamilyPracticeDayBody) },
      responses: {
        200: { description: "The day as recorded", content: json(FamilyPracticeSavedSchema) },
        404: problem("No child here that you can see, or no such target this week"),
        409: problem(
          "edit-conflict: the day was changed since you read it (by someone else in the family, or the home visitor)",
        ),
        422: problem("validation: the field says which (`date`, `tries`, `successes`, `note`)"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(DayParam),
    jsonBody(FamilyPracticeDayBody),
    async (c) => {
      const { id, targetId, date } = c.req.valid("param");
      const input = c.req.valid("json");
      await familyChild(c, id, "practice");
      const member = familyMember(c);
      const { db, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const now = clock.now().toISOString();
      const stored = await currentPlan(db, id);
      const week = stored ? familyTargetsThisWeek(stored.plan) : { block: undefined, targets: [] };
      const found =
        stored && week.targets.some((t) => t.id === targetId) ? findTarget(stored.plan, targetId) : undefined;
      if (!stored || !found) throw new ProblemError("not-found", 404, "There is no such target on this week's plan");
      // The family app's window (the last 7 days) first; then the chart's own rules (the domain's).
      const tooOld = isCalendarDate(date) && date < earliestChange(today);
      const checked = checkDay({ ...input, date }, { targetId, block: found.block }, today);
      const dayProblems = checked.ok ? [] : checked.problems;
      const problems = tooOld
        ? [
            {
              field: "date",
              message: `must be one of the last ${FAMILY_PRACTICE_DAYS} days (from ${dateInWords(earliestChange(today))}): ask your home visitor to change an older day`,
            },
            ...dayProblems.filter((p) => p.field !== "date"),
          ]
        : dayProblems;
      if (problems.length > 0 || !checked.ok) throw validationProblem(problems);
      const before = targetProgress(found.target, await planRecords(db, stored.id), today);
      await db.transaction(
        async (tx) => {
          const result = await writePracticeDay(tx, {
            childId: id,
            planId: stored.id,
            targetId,
            date,
            values: checked.values,
            version: input.version,
            by: { family: member.accountId },
            now,
          });
          if (result !== "unchanged") {
            await tx.insert(auditEvents).values(
              auditRow(c, {
                action: "change",
                outcome: "success",
                recordType: "child",
                recordId: id,
                reason: "practice-recorded",
              }),
            );
          }
        },
        { behavior: "immediate" },
      );
      const [rows, visitor] = await Promise.all([
        practiceRecordsWhere(db, eq(practiceRecords.targetId, targetId)),
        homeVisitorOf(db, id),
      ]);
      const after = targetProgress(
        found.target,
        rows.map((r) => toActivityRecord(r.record)),
        today,
      );
      return c.json({
        targetId,
        day: dayView(
          date as IsoDate,
          rows.find((r) => r.record.date === date),
          found.block,
          today,
          { accountId: member.accountId, homeVisitorId: visitor?.id },
        ),
        progressText: after.summary,
        reachedTarget: before.status !== "achieved" && after.status === "achieved",
      });
    },
  )
  .get(
    "/family/children/:id/reports",
    describeRoute({
      tags: TAGS,
      summary: "The child's reviews and reports to download",
      description:
        "The saved review of each block of visits (newest first) and, once the child has left, the progress and transition report, each with the address of its PDF. After the child leaves these stay until `availableUntil`. Needs `reports`.",
      responses: { 200: { description: "The reports", content: json(FamilyReportsSchema) }, 404: noChild },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await familyChild(c, id, "reports");
      const { db } = c.get("deps");
      const stored = await currentPlan(db, id);
      const [reviews, exit] = await Promise.all([savedReviews(c, id, stored?.plan), currentExit(c, id)]);
      const until = access.status === "ended" ? lastDayBefore(access.endsAt) : null;
      const base = `/api/family/children/${id}/reports`;
      await auditRead(c, id, "reports");
      return c.json({
        reviews: reviews.map((r) => ({
          blockId: r.blockId,
          blockNumber: r.number,
          title: `Review of block ${r.number}`,
          reviewedOn: r.reviewedOn,
          reviewedOnText: dateInWords(r.reviewedOn as IsoDate),
          href: `${base}/review-${r.blockId}.pdf`,
        })),
        transitionReport: exit?.transitionReport
          ? {
              title: "Progress and transition report",
              leftOnText: `Written when Portage ended on ${dateInWords(exit.exitedOn as IsoDate)}`,
              href: `${base}/transition-report.pdf`,
            }
          : null,
        availableUntil: until,
        availableUntilText: until ? `You can download these until ${dateInWords(until)}.` : null,
      });
    },
  )
  .get(
    "/family/children/:id/reports/transition-report.pdf",
    describeRoute({
      tags: TAGS,
      summary: "The progress and transition report written when the child left, as a PDF",
      responses: {
        200: {
          description: "The PDF",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        404: problem("No child here that you can see, or no transition report"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await familyChild(c, id, "reports");
      const exit = await currentExit(c, id);
      if (!exit) throw new ProblemError("not-found", 404, "There is no transition report for this child");
      const { pdf, fileName } = await transitionReportDocument(c.get("deps"), exit);
      await auditRead(c, id, "transition-report");
      return c.body(pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
      });
    },
  )
  .get(
    "/family/children/:id/reports/:file{review-[0-9a-f-]{36}\\.pdf}",
    describeRoute({
      tags: TAGS,
      summary: "A block's review report, as a PDF (`review-<blockId>.pdf`)",
      responses: {
        200: {
          description: "The PDF",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        404: problem("No child here that you can see, or no saved review of that block"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ReviewFileParam),
    async (c) => {
      const { id, file } = c.req.valid("param");
      const blockId = file.slice("review-".length, -".pdf".length);
      await familyChild(c, id, "reports");
      const { db } = c.get("deps");
      const stored = await currentPlan(db, id);
      const saved = await savedReviews(c, id, stored?.plan);
      if (!saved.some((r) => r.blockId === blockId)) {
        throw new ProblemError("not-found", 404, "There is no saved review of that block");
      }
      const visitor = await homeVisitorOf(db, id);
      const { pdf, fileName } = await reviewReportDocument(c, id, blockId, visitor?.id ?? "");
      await auditRead(c, id, "review-report");
      return c.body(pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
      });
    },
  )
  .get(
    "/family/children/:id/sharing",
    describeRoute({
      tags: TAGS,
      summary: "The family's consents to share: with whom, given when and by whom, withdrawn when",
      description:
        "Each consent to share the service holds, oldest first, in words, with whether it is in force today and whether this family member can withdraw it (a parent or carer). Needs `sharing`.",
      responses: { 200: { description: "The consents", content: json(FamilySharingSchema) }, 404: noChild },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await familyChild(c, id, "sharing");
      const canChange = access.kind === "carer";
      const list = await sharingViews(c, id, canChange);
      await auditRead(c, id, "sharing");
      return c.json({ canChange, consents: list });
    },
  )
  .post(
    "/family/children/:id/sharing/:consentId/withdrawal",
    describeRoute({
      tags: TAGS,
      summary: "Withdraw a consent to share, from today",
      description:
        "Send the consent's `version`. It is withdrawn from today (England's date) by the same rule as the staff route: nothing may be shared on it from today (the domain's `sharingDecision`), and an email not yet sent on it is not sent. The home visitor is told (a message on the case). Only a parent or carer may: a helper who can see the sharing choices gets 403, one who cannot gets 404. Consent to Portage itself is not withdrawn here: ask to stop instead. Audited as `consent-change`.",
      requestBody: { content: json(FamilyWithdrawalBody) },
      responses: {
        200: { description: "The consent, withdrawn", content: json(FamilyConsentSchema) },
        403: problem("forbidden: only a parent or carer can change the sharing choices"),
        404: problem("No child or consent here that you can see"),
        409: problem("edit-conflict: the consent changed since you read it; or conflict: withdrawn already"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ConsentParam),
    jsonBody(FamilyWithdrawalBody),
    async (c) => {
      const { id, consentId } = c.req.valid("param");
      const input = c.req.valid("json");
      const access = await familyChild(c, id, "sharing");
      await carerOnly(c, access, "change the sharing choices");
      const member = familyMember(c);
      const deps = c.get("deps");
      const today = englandDate(deps.clock.now());
      const now = deps.clock.now().toISOString();
      await deps.db.transaction(
        async (tx) => {
          const [consent] = await tx
            .select({ kind: consents.kind, recipientIds: consents.recipientIds })
            .from(consents)
            .where(and(eq(consents.id, consentId), eq(consents.childId, id)));
          if (!consent) throw new ProblemError("not-found", 404, "There is no consent here that you can see");
          if (consent.kind !== "sharing") {
            throw new ProblemError(
              "conflict",
              409,
              "This is your consent to Portage itself. To stop Portage, tell the service you want to stop.",
            );
          }
          await withdrawConsent(tx, c, id, consentId, { version: input.version, withdrawnOn: today }, today);
          const names = ((consent.recipientIds as string[] | null) ?? []).map((r) => recipientName(deps, r));
          await tx.insert(familyMessages).values({
            id: newId(),
            childId: id,
            accessId: access.id,
            kind: "consent-withdrawn",
            body: `${member.name} withdrew consent to share with ${listInWords(names)}, from ${dateInWords(today)}.`,
            createdAt: now,
          });
        },
        { behavior: "immediate" },
      );
      const view = (await sharingViews(c, id, true)).find((x) => x.id === consentId);
      if (!view) throw new ProblemError("server-error", 500);
      return c.json(view);
    },
  )
  .get(
    "/family/children/:id/messages",
    describeRoute({
      tags: TAGS,
      summary: "The messages this family member sent about the child, newest first, with whether they were read",
      responses: { 200: { description: "The messages", content: json(FamilyOwnMessagesSchema) }, 404: noChild },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await familyChild(c, id);
      const rows = await c
        .get("deps")
        .db.select()
        .from(familyMessages)
        .where(and(eq(familyMessages.childId, id), eq(familyMessages.accessId, access.id)))
        .orderBy(desc(familyMessages.createdAt));
      await auditRead(c, id, "family-messages");
      return c.json({ messages: rows.map(ownMessage) });
    },
  )
  .post(
    "/family/children/:id/messages",
    describeRoute({
      tags: TAGS,
      summary: "Ask the home visitor a question or leave them a note",
      description: "`{body}`: 1 to 2,000 characters. The home visitor sees it on the case.",
      requestBody: { content: json(FamilyMessageBody) },
      responses: {
        201: { description: "The message", content: json(FamilyOwnMessageSchema) },
        404: noChild,
        422: problem("validation: `body`"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    jsonBody(FamilyMessageBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const { body } = c.req.valid("json");
      const access = await familyChild(c, id);
      return c.json(await sendMessage(c, access, "message", body), 201);
    },
  )
  .post(
    "/family/children/:id/leave-request",
    describeRoute({
      tags: TAGS,
      summary: "Tell the service the family wants to stop Portage",
      description:
        "`{body?}`: why, or anything the family wants to say (up to 2,000 characters). The coordinator sees the request (`GET /api/family-requests`) and the home visitor sees it on the case; staff then arrange the exit with the family. Only a parent or carer may (a helper gets 403).",
      requestBody: { content: json(FamilyLeaveBody) },
      responses: {
        201: { description: "The request", content: json(FamilyOwnMessageSchema) },
        403: problem("forbidden: only a parent or carer can ask to stop"),
        404: noChild,
        422: problem("validation: `body`"),
      },
    }),
    familyOnly,
    noStore,
    pathParams(ChildParam),
    jsonBody(FamilyLeaveBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const { body } = c.req.valid("json");
      const access = await familyChild(c, id);
      await carerOnly(c, access, "ask to stop Portage");
      return c.json(await sendMessage(c, access, "leave-request", body ? body : null), 201);
    },
  );
