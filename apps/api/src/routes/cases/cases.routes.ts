// The child's case: the home visitor's view of an allocated child (who the child and family
// are, home-visit safety notes, the plan and this week's targets, the next visits), the list of
// cases, the coordinator's missed-visit alerts, the case's own notes and its history.
import type { IsoDate } from "@openportage/domain";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, max, ne, sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  allocations,
  auditEvents,
  carers,
  cases,
  children,
  developmentalProfiles,
  familyAccounts,
  playPlans,
  referrals,
  users,
  visits,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, Pagination, pathParams, queryParams } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { allocationDetails } from "../allocations/handover.js";
import { json, problem } from "../openapi-content.js";
import { currentPlan } from "../plans/store.js";
import { currentBlock, planRecords, targetView } from "../plans/view.js";
import { childVisits } from "../visits/visits.routes.js";
import { auditCaseRead, caseFor } from "./access.js";
import { HomeVisitNotesBody } from "./bodies.js";
import { editConflict } from "./conflict.js";
import {
  CaseListSchema,
  CaseViewSchema,
  HistorySchema,
  HomeVisitNotesViewSchema,
  MissedVisitAlertsSchema,
} from "./views.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

/** Home-visit notes as first given on the referral form, until staff write the case's own. */
function referralSafetyNotes(answers: unknown): string | null {
  const text = (answers as { homeVisitSafety?: unknown } | null)?.homeVisitSafety;
  return typeof text === "string" && text.trim() !== "" ? text.trim() : null;
}

export const caseRoutes = new Hono<AppEnv>()
  .get(
    "/cases",
    describeRoute({
      tags: ["Casework"],
      summary: "The allocated children: a home visitor's own, or every child for a coordinator",
      description:
        "By last name, then first name. A coordinator may ask for one home visitor's (`homeVisitorId`). With `page` (and `pageSize`, 1 to 100, default 25) one page of them; `total` counts them all.",
      responses: { 200: { description: "By last name", content: json(CaseListSchema) } },
    }),
    allow(...ROLES),
    noStore,
    queryParams(
      v.strictObject({
        homeVisitorId: v.optional(v.pipe(v.string(), v.uuid("must be a home visitor's id"))),
        page: v.optional(Pagination.page.wrapped),
        pageSize: Pagination.pageSize,
      }),
    ),
    async (c) => {
      const user = staff(c);
      const { homeVisitorId, page } = c.req.valid("query");
      const pageSize = page === undefined ? undefined : c.req.valid("query").pageSize;
      const { db, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const visitor = user.role === "home-visitor" ? user.id : homeVisitorId;
      const rows = await db
        .select({
          child: {
            id: children.id,
            firstName: children.firstName,
            lastName: children.lastName,
            dateOfBirth: children.dateOfBirth,
          },
          reference: referrals.reference,
          homeVisitor: { id: users.id, name: users.name },
          allocatedAt: allocations.allocatedAt,
          missedVisitsFlaggedOn: cases.missedVisitsFlaggedOn,
        })
        .from(allocations)
        .innerJoin(children, eq(children.id, allocations.childId))
        .innerJoin(referrals, eq(referrals.id, allocations.referralId))
        .innerJoin(users, eq(users.id, allocations.homeVisitorId))
        .leftJoin(cases, eq(cases.childId, allocations.childId))
        .where(and(isNull(allocations.endedAt), visitor ? eq(allocations.homeVisitorId, visitor) : undefined))
        .orderBy(asc(children.lastName), asc(children.firstName), asc(children.id))
        .limit(pageSize ?? -1)
        .offset(page && pageSize ? (page - 1) * pageSize : 0);
      const [total] = await db
        .select({ n: count() })
        .from(allocations)
        .where(and(isNull(allocations.endedAt), visitor ? eq(allocations.homeVisitorId, visitor) : undefined));
      const ids = rows.map((r) => r.child.id);
      const plans = ids.length
        ? await db
            .select({ childId: playPlans.childId, status: playPlans.status })
            .from(playPlans)
            .where(and(inArray(playPlans.childId, ids), ne(playPlans.status, "completed")))
        : [];
      // Each child's first planned visit from today: one row a child, not every future visit.
      const firstAt = sql<string>`min(${visits.date} || 'T' || ${visits.time})`;
      const next = ids.length
        ? await db
            .select({ childId: visits.childId, at: firstAt })
            .from(visits)
            .where(and(inArray(visits.childId, ids), eq(visits.status, "planned"), gte(visits.date, today)))
            .groupBy(visits.childId)
        : [];
      const planOf = new Map(plans.map((p) => [p.childId, p.status]));
      const nextOf = new Map<string, { date: string; time: string }>();
      for (const n of next) {
        const [date = "", time = ""] = n.at.split("T");
        nextOf.set(n.childId, { date, time });
      }
      await audit(
        c,
        ...rows.map((r) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: r.child.id,
        })),
      );
      return c.json({
        total: total?.n ?? 0,
        ...(page && pageSize ? { page, pageSize } : {}),
        cases: rows.map((r) => ({
          ...r,
          planStatus: planOf.get(r.child.id) ?? null,
          nextVisit: nextOf.get(r.child.id) ?? null,
        })),
      });
    },
  )
  .get(
    "/cases/alerts",
    describeRoute({
      tags: ["Casework"],
      summary: "Families the missed-visit rule has flagged (coordinators)",
      description:
        "Each allocated child whose latest run of missed visits reached the protocol's limit, with the day it was flagged.",
      responses: { 200: { description: "Oldest flag first", content: json(MissedVisitAlertsSchema) } },
    }),
    allow("coordinator"),
    noStore,
    async (c) => {
      const { db } = c.get("deps");
      const rows = await db
        .select({
          child: { id: children.id, firstName: children.firstName, lastName: children.lastName },
          homeVisitor: { id: users.id, name: users.name },
          flaggedOn: cases.missedVisitsFlaggedOn,
        })
        .from(cases)
        .innerJoin(allocations, and(eq(allocations.childId, cases.childId), isNull(allocations.endedAt)))
        .innerJoin(children, eq(children.id, cases.childId))
        .innerJoin(users, eq(users.id, allocations.homeVisitorId))
        .where(isNotNull(cases.missedVisitsFlaggedOn))
        .orderBy(asc(cases.missedVisitsFlaggedOn));
      const rule = c.get("deps").protocol.visits.missedVisits;
      const reason = `${rule.consecutiveLimit} visits in a row missed. ${rule.action}`;
      const alerts = rows.flatMap((r) => (r.flaggedOn ? [{ ...r, flaggedOn: r.flaggedOn, reason }] : []));
      await audit(
        c,
        ...alerts.map((a) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: a.child.id,
        })),
      );
      return c.json({ alerts });
    },
  )
  .get(
    "/cases/:id",
    describeRoute({
      tags: ["Casework"],
      summary: "The child's case",
      description:
        "Who the child and family are and how to reach them, the home-visit safety notes, the plan with the current block and this week's targets (with progress), the next visits, the missed-visit rule, and how many developmental profiles are recorded; the allocation says who allocated the child and when, and why it went beyond the home visitor's caseload limit when it did (`overCaseloadReason`). `id` is the child's id. Coordinators reach every allocated child; a home visitor only their own (404 otherwise).",
      responses: {
        200: { description: "The case", content: json(CaseViewSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const stored = await currentPlan(db, id);
      const [[child], family, [referral], [visitor], [notes], visitList, [profiles], current] = await Promise.all([
        db.select().from(children).where(eq(children.id, id)),
        db.select().from(carers).where(eq(carers.childId, id)).orderBy(asc(carers.createdAt)),
        db
          .select({
            id: referrals.id,
            reference: referrals.reference,
            route: referrals.route,
            receivedAt: referrals.receivedAt,
            answers: referrals.answers,
          })
          .from(referrals)
          .where(eq(referrals.id, access.referralId)),
        db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, access.homeVisitorId)),
        db.select().from(cases).where(eq(cases.childId, id)),
        childVisits(db, id, protocol, stored?.plan.blocks ?? []),
        db
          .select({ n: count(), latest: max(developmentalProfiles.recordedOn) })
          .from(developmentalProfiles)
          .where(eq(developmentalProfiles.childId, id)),
        allocationDetails(db, id, access.referralId),
      ]);
      if (!child || !referral || !visitor)
        throw new ProblemError("not-found", 404, "There is no case here that you can see");
      const profileCount = profiles?.n ?? 0;
      const latestProfile = profiles?.latest ?? null;
      let plan = null;
      if (stored) {
        const block = currentBlock(stored.plan.blocks);
        const records = await planRecords(db, stored.id);
        const blockView = block
          ? {
              id: block.id,
              number: block.number,
              start: block.start,
              end: block.end,
              frequency: block.frequency,
              weekday: block.weekday,
              time: block.time,
              status: block.status,
              ...(block.agreedOn ? { agreedOn: block.agreedOn } : {}),
              ...(block.agreedBy ? { agreedBy: [...block.agreedBy] } : {}),
              targets: block.targets.map((t) => targetView(t, block.id, records, protocol, today)),
              visitCount: visitList.visits.filter((vs) => vs.blockId === block.id).length,
            }
          : null;
        plan = {
          id: stored.id,
          status: stored.plan.status,
          version: stored.version,
          currentBlock: blockView,
          targetsThisWeek: (blockView?.targets ?? []).filter((t) => t.status === "open"),
        };
      }
      await auditCaseRead(c, id);
      return c.json({
        asOf: today,
        child: {
          id: child.id,
          firstName: child.firstName,
          lastName: child.lastName,
          dateOfBirth: child.dateOfBirth,
          sex: child.sex,
          homeLanguages: child.homeLanguages,
          interpreterNeeded: child.interpreterNeeded,
          address: {
            line1: child.addressLine1,
            line2: child.addressLine2,
            town: child.addressTown,
            postcode: child.postcode,
          },
        },
        carers: family.map((f) => ({
          id: f.id,
          name: f.name,
          relationship: f.relationship,
          phone: f.phone,
          email: f.email,
        })),
        referral: {
          id: referral.id,
          reference: referral.reference,
          route: referral.route,
          receivedAt: referral.receivedAt,
        },
        allocation: {
          homeVisitor: visitor,
          allocatedAt: access.allocatedAt,
          ...(current.id ? { id: current.id } : {}),
          ...(current.allocatedBy ? { allocatedBy: current.allocatedBy } : {}),
          imported: current.imported,
          overCaseloadReason: current.overCaseloadReason,
          handover: current.handover,
        },
        homeVisitNotes: notes
          ? { text: notes.homeVisitNotes, version: notes.version, updatedAt: notes.updatedAt }
          : { text: referralSafetyNotes(referral.answers), version: 0, updatedAt: null },
        plan,
        nextVisits: visitList.visits.filter((vs) => vs.status === "planned" && vs.date >= today).slice(0, 5),
        missedVisits: visitList.missedVisits,
        profiles: { count: profileCount, latestOn: latestProfile as IsoDate | null },
      });
    },
  )
  .put(
    "/cases/:id/home-visit-notes",
    describeRoute({
      tags: ["Casework"],
      summary: "Change the home-visit safety notes (pets, hazards, parking)",
      description: "Send the `version` read with the case (0 while the notes are still the referral's).",
      requestBody: { content: json(HomeVisitNotesBody) },
      responses: {
        200: { description: "The notes", content: json(HomeVisitNotesViewSchema) },
        404: problem("No case here that you can see"),
        409: problem("edit-conflict: the notes changed since the version sent"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(HomeVisitNotesBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const text = input.text === "" ? null : input.text;
      const saved = await db.transaction(
        async (tx) => {
          const [row] = await tx
            .select({ notes: cases, name: users.name })
            .from(cases)
            .leftJoin(users, eq(users.id, cases.updatedBy))
            .where(eq(cases.childId, id));
          // A case row made by the missed-visit rule alone (version 0) has no notes of its own yet.
          const current = row?.notes.version ?? 0;
          if (current !== input.version) {
            throw editConflict("case's home-visit notes", input.version, {
              currentVersion: current,
              changedBy: row?.name ?? null,
              changedAt: row?.notes.updatedAt ?? null,
              changes: ["home-visit-notes-changed"],
            });
          }
          const version = current + 1;
          if (row) {
            await tx
              .update(cases)
              .set({ homeVisitNotes: text, version, updatedAt: now, updatedBy: user.id })
              .where(and(eq(cases.childId, id), eq(cases.version, current)));
          } else {
            await tx
              .insert(cases)
              .values({ childId: id, homeVisitNotes: text, version, updatedAt: now, updatedBy: user.id });
          }
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "home-visit-notes-changed",
            }),
          );
          return { text, version, updatedAt: now };
        },
        { behavior: "immediate" },
      );
      return c.json(saved);
    },
  )
  .get(
    "/cases/:id/history",
    describeRoute({
      tags: ["Casework"],
      summary: "What happened on the case: every change and read, who and when",
      description:
        "From the audit trail (newest first). `what` is the change's code (`plan-agreed`, `visit-held`, ...).",
      responses: {
        200: { description: "A page of the history", content: json(HistorySchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    queryParams(
      v.strictObject({
        ...Pagination,
        /** `changes`: leave out the reads, to see what was done. */
        show: v.optional(v.picklist(["all", "changes"], "must be all or changes"), "all"),
      }),
    ),
    async (c) => {
      const { id } = c.req.valid("param");
      const { page, pageSize, show } = c.req.valid("query");
      await caseFor(c, id);
      const { db } = c.get("deps");
      const where = and(
        eq(auditEvents.recordType, "child"),
        eq(auditEvents.recordId, id),
        eq(auditEvents.outcome, "success"),
        show === "changes" ? ne(auditEvents.action, "read") : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select({
            at: auditEvents.at,
            action: auditEvents.action,
            what: auditEvents.reason,
            actorId: auditEvents.actorId,
            actorRole: auditEvents.actorRole,
            actorName: users.name,
            // A family member's actions are audited under their family account.
            familyName: familyAccounts.name,
          })
          .from(auditEvents)
          .leftJoin(users, eq(users.id, auditEvents.actorId))
          .leftJoin(
            familyAccounts,
            and(eq(familyAccounts.id, auditEvents.actorId), eq(auditEvents.actorRole, "family")),
          )
          .where(where)
          .orderBy(desc(auditEvents.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: count() }).from(auditEvents).where(where),
      ]);
      await auditCaseRead(c, id);
      return c.json({
        entries: rows.map((r) => ({
          at: r.at,
          action: r.action,
          what: r.what,
          actor: r.actorId
            ? { id: r.actorId, name: r.actorName ?? r.familyName ?? "(unknown)", role: r.actorRole }
            : null,
        })),
        total: total?.n ?? 0,
        page,
        pageSize,
      });
    },
  );
