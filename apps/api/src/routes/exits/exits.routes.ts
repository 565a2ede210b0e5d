// A child moving on (ADR 0041): the exits due across the caseload and for one child (the
// domain's `dueExits`), the transition plan, the draft transition report, the exit itself (the
// allocation ended, the referral closed, the destroy-after date set again from the protocol's
// retention rule, the family's access to the family app ended, in one transaction), and closed cases, which coordinators read and reopen.
import {
  checkTransitionReport,
  destroyAfterDate,
  type IsoDate,
  type TransitionReport,
  transitionReportContents,
} from "@openportage/domain";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  allocations,
  auditEvents,
  children,
  exits,
  referrals,
  transitionPlans,
  users,
  visits,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import { transitionReportPdf } from "../../lib/transition-report-pdf.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { editConflict } from "../cases/conflict.js";
import { json, problem } from "../openapi-content.js";
import {
  ClosedCaseListSchema,
  ClosedCaseSchema,
  DueExitsAnswerSchema,
  DueExitsQuery,
  ExitBody,
  ExitDraftAnswerSchema,
  ExitDraftQuery,
  LeavingAnswerSchema,
  ReopenBody,
  ReopenedSchema,
  SETTING_TYPES,
  TransitionPlanAnswerSchema,
  TransitionPlanBody,
} from "./contract.js";
import {
  closedCaseFor,
  draftMissing,
  draftReport,
  dueExitsFor,
  endFamilyAccess,
  exitFacts,
  factsQuery,
  reasonName,
  reportFrom,
  reportView,
  requirement,
  SHARING_NOTE,
  transitionPlanOf,
} from "./store.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const ChildParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
/** The case's Moving on tab looks this far ahead, as the coordinator's dashboard does. */
const LEAVING_WEEKS = 12;

/** The report sections' fields in the exit body, for the problems the domain's check finds. */
const REPORT_FIELD: Record<string, string> = {
  "strengths-and-interests": "report.strengthsAndInterests",
  "can-now-do": "report.canNowDo",
  targets: "report.targets",
  "how-child-learns-best": "report.howChildLearnsBest",
  "professionals-involved": "report.professionalsInvolved",
  "family-views": "report.familyWantsSettingToKnow",
  "consent-to-share": "destination",
};

type Deps = AppEnv["Variables"]["deps"];

/** A closed case as the screens show it. */
/** The transition report stored when the child left, as a PDF; 404 when none was written. */
export async function transitionReportDocument(
  deps: Deps,
  exit: typeof exits.$inferSelect,
): Promise<{ pdf: Uint8Array<ArrayBuffer>; fileName: string; title: string; childName: string }> {
  const view = await closedCaseView(deps, exit);
  const report = view.exit.transitionReport;
  if (!report) throw new ProblemError("not-found", 404, "No transition report was written when this child left");
  const pdf = await transitionReportPdf({
    serviceName: deps.protocol.serviceName,
    childFirstName: view.child.firstName,
    childLastName: view.child.lastName,
    dateOfBirth: view.child.dateOfBirth,
    exitedOn: view.exit.exitedOn,
    reason: view.exit.reason,
    homeVisitorName: view.homeVisitor?.name ?? null,
    report,
    sharingNote: SHARING_NOTE,
  });
  return {
    pdf,
    fileName: "transition-report.pdf",
    title: "Progress and transition report",
    childName: `${view.child.firstName} ${view.child.lastName}`,
  };
}

async function closedCaseView(deps: Deps, exit: typeof exits.$inferSelect) {
  const { db, protocol } = deps;
  const [[child], [referral], [recorder], [allocation]] = await Promise.all([
    db.select().from(children).where(eq(children.id, exit.childId)),
    db
      .select({ id: referrals.id, reference: referrals.reference, status: referrals.status })
      .from(referrals)
      .where(eq(referrals.id, exit.referralId)),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, exit.recordedBy)),
    db
      .select({ id: users.id, name: users.name })
      .from(allocations)
      .innerJoin(users, eq(users.id, allocations.homeVisitorId))
      .where(and(eq(allocations.childId, exit.childId), eq(allocations.endReason, "exited")))
      .orderBy(desc(allocations.endedAt))
      .limit(1),
  ]);
  if (!child || !referral) throw new ProblemError("not-found", 404, "There is no closed case here that you can see");
  return {
    child: { id: child.id, firstName: child.firstName, lastName: child.lastName, dateOfBirth: child.dateOfBirth },
    referral,
    homeVisitor: allocation ?? null,
    destroyAfter: child.destroyAfter,
    exit: {
      id: exit.id,
      reasonId: exit.reasonId,
      reason: reasonName(protocol, exit.reasonId),
      exitedOn: exit.exitedOn,
      destination: exit.destination,
      note: exit.note,
      recordedBy: recorder ?? { id: exit.recordedBy, name: "(unknown)" },
      createdAt: exit.createdAt,
      transitionReport: exit.transitionReport ? reportView(exit.transitionReport as TransitionReport, protocol) : null,
      reopenedAt: exit.reopenedAt,
      reopenReason: exit.reopenReason,
    },
    sharingNote: SHARING_NOTE,
  };
}

export const exitRoutes = new Hono<AppEnv>()
  .get(
    "/exits/due",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "Children due to leave (coordinators)",
      description:
        "Every allocated child with an exit due now or within `weeks` (default 12), by the domain's `dueExits`: reaching the age limit, starting a setting, setting hours over the cap, moving away, missed visits. Each exit has its date, the reason in words, the protocol clause and whether a transition report is needed. Soonest first.",
      responses: { 200: { description: "Soonest first", content: json(DueExitsAnswerSchema) } },
    }),
    allow("coordinator"),
    noStore,
    queryParams(DueExitsQuery),
    async (c) => {
      const { weeks } = c.req.valid("query");
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const rows = await factsQuery(db)
        .where(isNull(allocations.endedAt))
        .orderBy(asc(children.lastName), asc(children.firstName));
      const due = rows.flatMap((row) => {
        const exitsDue = dueExitsFor(exitFacts({ ...row, dateOfBirth: row.child.dateOfBirth }), protocol, today, weeks);
        const [next] = exitsDue;
        return next
          ? [{ child: row.child, reference: row.reference, homeVisitor: row.homeVisitor, next, exits: exitsDue }]
          : [];
      });
      due.sort((a, b) => (a.next.due < b.next.due ? -1 : a.next.due > b.next.due ? 1 : 0));
      await audit(
        c,
        ...due.map((d) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: d.child.id,
          reason: "due-exits",
        })),
      );
      return c.json({ asOf: today, weeks, children: due });
    },
  )
  .get(
    "/cases/:id/leaving",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "The case's Moving on tab: exits due, the transition plan, transition visits, the exit reasons",
      description: `Exits due now or within ${LEAVING_WEEKS} weeks (the domain's \`dueExits\`), the transition plan, the transition visits, and the protocol's exit reasons with whether each calls for a transition report.`,
      responses: {
        200: { description: "What moving on rests on", content: json(LeavingAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const today = englandDate(clock.now());
      const [[row], plan, transitionVisits] = await Promise.all([
        factsQuery(db).where(and(eq(allocations.childId, id), isNull(allocations.endedAt))),
        transitionPlanOf(db, id),
        db
          .select({ id: visits.id, date: visits.date, time: visits.time, status: visits.status, place: visits.place })
          .from(visits)
          .where(and(eq(visits.childId, id), eq(visits.kind, "transition")))
          .orderBy(asc(visits.date), asc(visits.time)),
      ]);
      if (!row) throw new ProblemError("not-found", 404, "There is no case here that you can see");
      await auditCaseRead(c, id);
      return c.json({
        asOf: today,
        dueExits: dueExitsFor(
          exitFacts({ ...row, dateOfBirth: row.child.dateOfBirth }),
          protocol,
          today,
          LEAVING_WEEKS,
        ),
        transitionPlan: plan,
        transitionVisits,
        reasons: protocol.exits.reasons.map((r) => ({
          id: r.id,
          name: r.name,
          description: r.description,
          transitionReport: r.transitionReport,
        })),
        settingTypes: [...SETTING_TYPES],
      });
    },
  )
  .get(
    "/cases/:id/transition-plan",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "The child's transition plan: the setting, the start date, who is involved",
      responses: {
        200: { description: "The plan, or null", content: json(TransitionPlanAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const plan = await transitionPlanOf(c.get("deps").db, id);
      await auditCaseRead(c, id);
      return c.json({ plan, settingTypes: [...SETTING_TYPES] });
    },
  )
  .put(
    "/cases/:id/transition-plan",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "Record or change the transition plan",
      description:
        "Send `version` 0 for a child with no plan yet, else the version read. The start date is the day the child starts at the setting: the domain reads it as `startedSettingOn` when it works out the exits due.",
      requestBody: { content: json(TransitionPlanBody) },
      responses: {
        200: { description: "The plan", content: json(TransitionPlanAnswerSchema) },
        404: problem("No case here that you can see"),
        409: problem("edit-conflict: the plan changed since the version sent"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    jsonBody(TransitionPlanBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const values = {
        settingName: input.settingName,
        settingType: input.settingType,
        startDate: input.startDate,
        peopleInvolved: input.peopleInvolved || null,
        notes: input.notes || null,
        updatedAt: now,
        updatedBy: user.id,
      };
      await db.transaction(
        async (tx) => {
          const [row] = await tx
            .select({ plan: transitionPlans, name: users.name })
            .from(transitionPlans)
            .leftJoin(users, eq(users.id, transitionPlans.updatedBy))
            .where(eq(transitionPlans.childId, id));
          const current = row?.plan.version ?? 0;
          if (current !== input.version) {
            throw editConflict("transition plan", input.version, {
              currentVersion: current,
              changedBy: row?.name ?? null,
              changedAt: row?.plan.updatedAt ?? null,
              changes: ["transition-plan-changed"],
            });
          }
          if (row) {
            await tx
              .update(transitionPlans)
              .set({ ...values, version: current + 1 })
              .where(and(eq(transitionPlans.childId, id), eq(transitionPlans.version, current)));
          } else {
            await tx.insert(transitionPlans).values({ childId: id, ...values, version: 1 });
          }
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: row ? "change" : "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: row ? "transition-plan-changed" : "transition-plan-recorded",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json({ plan: await transitionPlanOf(db, id), settingTypes: [...SETTING_TYPES] });
    },
  )
  .get(
    "/cases/:id/exit/draft",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "What the transition report will hold, for staff to complete",
      description:
        "The domain's `transitionReportContents` for `reasonId` (whether the reason calls for a report, and its sections), a draft from the play plan (targets achieved and being worked on, with their teaching steps), the latest developmental profile (what the child can now do) and the referral (the professionals involved), and what the domain's `checkTransitionReport` finds still missing. Staff write the child's strengths and interests, how they learn best and what the family wants the setting to know.",
      responses: {
        200: { description: "The draft", content: json(ExitDraftAnswerSchema) },
        404: problem("No case here that you can see"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    queryParams(ExitDraftQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      const { reasonId } = c.req.valid("query");
      const access = await caseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const [draft, plan] = await Promise.all([
        draftReport(db, id, access.referralId, protocol),
        transitionPlanOf(db, id),
      ]);
      const destination = plan?.settingName ?? null;
      await auditCaseRead(c, id);
      return c.json({
        asOf: englandDate(clock.now()),
        requirement: reasonId ? requirement(reasonId, protocol) : null,
        destination,
        draft,
        missing: draftMissing(draft, destination ?? "", access.referralId, protocol),
        sharingNote: SHARING_NOTE,
      });
    },
  )
  .post(
    "/cases/:id/exit",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "The child leaves the service",
      description:
        "The reason (one of the protocol's exit reasons), the day (today or earlier, not before the allocation), the destination and a note, and a transition report when the reason calls for one (or staff want one): the draft's parts with what staff wrote, checked by the domain's `checkTransitionReport`. In one transaction: the exit with its report is stored, the allocation ends (`exited`), the referral is closed, and the child's destroy-after date is set from the protocol's retention rule; the family's access to the family app ends (reports only, for 28 days from today, and each family member signed up is emailed). A family can leave at any time (`family-withdrew`), with or without a report. The child is then gone from the caseload; coordinators reach them under closed cases.",
      requestBody: { content: json(ExitBody) },
      responses: {
        201: { description: "The closed case", content: json(ClosedCaseSchema) },
        404: problem("No case here that you can see"),
        409: problem("The child has already left"),
        422: problem("validation: the reason, the date, or the report's sections"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    jsonBody(ExitBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      const access = await caseFor(c, id);
      const deps = c.get("deps");
      const { db, protocol, clock } = deps;
      const today = englandDate(clock.now());
      const problems: { field: string; message: string }[] = [];
      const contents = transitionReportContents(input.reasonId, protocol);
      if (!contents.listed) {
        problems.push({
          field: "reasonId",
          message: `must be one of the protocol's exit reasons (${protocol.exits.reasons.map((r) => r.id).join(", ")})`,
        });
      }
      if (input.exitedOn > today) problems.push({ field: "exitedOn", message: "must be today or earlier" });
      else if (input.exitedOn < englandDate(new Date(access.allocatedAt)))
        problems.push({ field: "exitedOn", message: "must not be before the child was allocated" });
      if (contents.required && !input.withReport)
        problems.push({ field: "withReport", message: `must be true: ${contents.why}` });
      if (!input.withReport && input.report !== undefined)
        problems.push({ field: "report", message: "is sent only with a transition report (withReport true)" });
      if (problems.length > 0) throw validationProblem(problems);
      const [plan, [child]] = await Promise.all([
        transitionPlanOf(db, id),
        db
          .select({ dateOfBirth: children.dateOfBirth, firstName: children.firstName })
          .from(children)
          .where(eq(children.id, id)),
      ]);
      const destination = input.destination || plan?.settingName || null;
      let report: TransitionReport | null = null;
      if (input.withReport) {
        const draft = await draftReport(db, id, access.referralId, protocol);
        const written = reportFrom(draft, input.report ?? {}, destination ?? "", access.referralId, protocol);
        const check = checkTransitionReport(written, protocol);
        if (!check.complete) {
          throw validationProblem(
            check.missing.map((m) => ({
              field: REPORT_FIELD[m.section] ?? "report",
              message:
                m.section === "consent-to-share"
                  ? "must name the setting the transition report is for"
                  : `${m.title}: ${m.problem.replace(/^[\w.]+: /, "")}`,
            })),
            "The transition report is not complete",
          );
        }
        report = check.report;
      }
      const user = staff(c);
      const now = clock.now().toISOString();
      const exitId = newId();
      const destroyAfter = destroyAfterDate((child?.dateOfBirth ?? today) as IsoDate, protocol);
      await db.transaction(
        async (tx) => {
          const ended = await tx
            .update(allocations)
            .set({ endedAt: now, endReason: "exited" })
            .where(
              and(
                eq(allocations.childId, id),
                eq(allocations.referralId, access.referralId),
                isNull(allocations.endedAt),
              ),
            )
            .returning({ id: allocations.id });
          if (ended.length !== 1) throw new ProblemError("conflict", 409, "This child has already left the service");
          await tx.insert(exits).values({
            id: exitId,
            childId: id,
            referralId: access.referralId,
            reasonId: input.reasonId,
            exitedOn: input.exitedOn,
            destination,
            note: input.note || null,
            transitionReport: report,
            recordedBy: user.id,
            createdAt: now,
          });
          await tx
            .update(referrals)
            .set({ status: "closed", updatedAt: now })
            .where(eq(referrals.id, access.referralId));
          await tx.update(children).set({ destroyAfter, updatedAt: now }).where(eq(children.id, id));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "exited",
            }),
          );
          // The family app: reports only, for 28 days, and the family told by email.
          await endFamilyAccess(tx, c, id, child?.firstName ?? "", today);
        },
        { behavior: "immediate" },
      );
      const [exit] = await db.select().from(exits).where(eq(exits.id, exitId));
      if (!exit) throw new ProblemError("server-error", 500);
      return c.json(await closedCaseView(deps, exit), 201);
    },
  )
  .get(
    "/closed-cases",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "Children who have left the service (coordinators)",
      description:
        "Each child's exit (not reopened): the reason, the day, the destination, whether a transition report was written, and the record's destroy-after date. Latest exit first.",
      responses: { 200: { description: "Latest exit first", content: json(ClosedCaseListSchema) } },
    }),
    allow("coordinator"),
    noStore,
    async (c) => {
      const { db, protocol } = c.get("deps");
      const rows = await db
        .select({
          child: {
            id: children.id,
            firstName: children.firstName,
            lastName: children.lastName,
            dateOfBirth: children.dateOfBirth,
          },
          reference: referrals.reference,
          reasonId: exits.reasonId,
          exitedOn: exits.exitedOn,
          destination: exits.destination,
          report: exits.transitionReport,
          destroyAfter: children.destroyAfter,
          referralStatus: referrals.status,
        })
        .from(exits)
        .innerJoin(children, eq(children.id, exits.childId))
        .innerJoin(referrals, eq(referrals.id, exits.referralId))
        .where(and(isNull(exits.reopenedAt), eq(referrals.status, "closed")))
        .orderBy(desc(exits.exitedOn), desc(exits.createdAt));
      const closedCases = rows.map(({ report, referralStatus: _status, ...r }) => ({
        ...r,
        reason: reasonName(protocol, r.reasonId),
        hasReport: report !== null,
      }));
      await audit(
        c,
        ...closedCases.map((r) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: r.child.id,
          reason: "closed-case",
        })),
      );
      return c.json({ closedCases });
    },
  )
  .get(
    "/closed-cases/:id",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "One closed case: the exit and the stored transition report (coordinators)",
      description: "`id` is the child's id.",
      responses: {
        200: { description: "The closed case", content: json(ClosedCaseSchema) },
        404: problem("No closed case here"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const { exit } = await closedCaseFor(c, id);
      const view = await closedCaseView(c.get("deps"), exit);
      await audit(c, { action: "read", outcome: "success", recordType: "child", recordId: id, reason: "closed-case" });
      return c.json(view);
    },
  )
  .get(
    "/closed-cases/:id/transition-report.pdf",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "The stored transition report as a PDF to print (coordinators)",
      description: "A4, tagged for screen readers, in the sections of the domain's transition report.",
      responses: {
        200: {
          description: "The PDF",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        404: problem("No closed case here, or it has no transition report"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const { exit } = await closedCaseFor(c, id);
      const { pdf } = await transitionReportDocument(c.get("deps"), exit);
      await audit(c, {
        action: "export",
        outcome: "success",
        recordType: "child",
        recordId: id,
        reason: "transition-report",
      });
      return c.body(pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="transition-report.pdf"',
      });
    },
  )
  .post(
    "/closed-cases/:id/reopen",
    describeRoute({
      tags: ["Transitions and exits"],
      summary: "Reopen a closed case (coordinators)",
      description:
        "With the reason. The exit records who reopened it, when and why; the referral goes back to the waiting list (keeping the day it first joined it); the destroy-after date is the protocol's retention rule from the date of birth.",
      requestBody: { content: json(ReopenBody) },
      responses: {
        200: { description: "Back on the waiting list", content: json(ReopenedSchema) },
        404: problem("No closed case here"),
        409: problem("Reopened already"),
        422: problem("validation"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(ChildParam),
    jsonBody(ReopenBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      const { exit } = await closedCaseFor(c, id);
      const { db, protocol, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const [child] = await db.select({ dateOfBirth: children.dateOfBirth }).from(children).where(eq(children.id, id));
      const destroyAfter = destroyAfterDate((child?.dateOfBirth ?? englandDate(clock.now())) as IsoDate, protocol);
      await db.transaction(
        async (tx) => {
          const reopened = await tx
            .update(exits)
            .set({ reopenedAt: now, reopenedBy: user.id, reopenReason: reason })
            .where(and(eq(exits.id, exit.id), isNull(exits.reopenedAt)))
            .returning({ id: exits.id });
          if (reopened.length !== 1) throw new ProblemError("conflict", 409, "This case has been reopened already");
          await tx
            .update(referrals)
            .set({ status: "waiting", updatedAt: now })
            .where(eq(referrals.id, exit.referralId));
          await tx.update(children).set({ destroyAfter, updatedAt: now }).where(eq(children.id, id));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "case-reopened",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json({ childId: id, referralId: exit.referralId, status: "waiting", destroyAfter });
    },
  );
