// Referral work for staff: the triage list, referrals entered by staff for the professional
// routes, a referral's full record, corrections (which re-run the eligibility rules) and the
// triage decision.
import { type EligibilityAssessment, nameContains } from "@openportage/domain";
import { formTextFor, parseReferral, type Referral, toReferralInput } from "@openportage/referral-form";
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import {
  allocations,
  auditEvents,
  carers,
  children,
  decisions,
  REFERRAL_STATUSES,
  referrals,
  users,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate, englandDayStart, isCalendarDate, nextDay } from "../../lib/clock.js";
import { IdParam, jsonBody, Pagination, pathParams, queryParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { multiLine } from "../../lib/input-check.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { ReferralAcceptedSchema } from "../openapi-schemas.js";
import { referralFor } from "./access.js";
import { duplicatesOf, duplicateViews } from "./duplicates.js";
import { assess, childFromAnswers, storeReferral } from "./intake.js";

/** A day received, in England: `YYYY-MM-DD`. */
const Day = v.pipe(v.string(), v.check(isCalendarDate, "must be a date written YYYY-MM-DD, like 2026-11-20"));

const ListQuery = v.pipe(
  v.strictObject({
    status: v.optional(v.picklist(REFERRAL_STATUSES, `must be one of ${REFERRAL_STATUSES.join(", ")}`)),
    route: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,60}$/, "must be a referral route's id"))),
    from: v.optional(Day),
    to: v.optional(Day),
    q: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.nonEmpty("must not be empty: give part of the child's name or the referral's reference"),
        v.maxLength(100, "must be 100 characters or fewer"),
      ),
    ),
    ...Pagination,
  }),
  v.forward(
    v.check((q) => !q.from || !q.to || q.from <= q.to, "must be on or after the date in from"),
    ["to"],
  ),
);

const EnteredSchema = v.strictObject({
  route: v.pipe(v.string(), v.nonEmpty("must name a referral route")),
  referrer: v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200)),
    role: v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200)),
    organisation: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  }),
  answers: v.pipe(
    v.record(v.string(), v.unknown()),
    v.description("The referral form's fields, as in POST /api/referrals"),
  ),
  idempotencyKey: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16 to 128 letters, digits, - or _")),
  ),
});

/** Facts staff add at triage: what the form cannot ask (see the domain's EligibilityFacts). */
const TriageFactsSchema = v.strictObject({
  developmentalDelays: v.optional(
    v.array(
      v.strictObject({
        areaId: v.pipe(v.string(), v.nonEmpty()),
        delayMonths: v.pipe(v.number(), v.minValue(0), v.maxValue(120)),
      }),
    ),
  ),
  knownToPanel: v.optional(v.boolean()),
  startedSetting: v.optional(v.boolean()),
  startedSchool: v.optional(v.boolean()),
  livesInArea: v.optional(v.boolean()),
  availableForVisits: v.optional(v.boolean()),
});

const ChangeSchema = v.strictObject({
  answers: v.optional(
    v.pipe(v.record(v.string(), v.unknown()), v.description("Form fields to change, as in POST /api/referrals")),
  ),
  triageFacts: v.optional(TriageFactsSchema),
});

const DecisionSchema = v.pipe(
  v.strictObject({
    outcome: v.picklist(
      ["accepted", "not-eligible", "more-information"],
      "must be accepted, not-eligible or more-information",
    ),
    note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000), multiLine)),
    signposting: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000), multiLine)),
    complexity: v.optional(v.picklist(["low", "moderate", "high"], "must be low, moderate or high")),
    hadPortageBefore: v.optional(v.boolean()),
    otherSpecialistSupport: v.optional(v.boolean()),
  }),
  v.forward(
    v.check((d) => d.outcome !== "not-eligible" || Boolean(d.signposting), "Enter where the family was signposted"),
    ["signposting"],
  ),
  v.forward(
    v.check((d) => d.outcome !== "accepted" || d.complexity !== undefined, "Select how complex the child's needs are"),
    ["complexity"],
  ),
);

const statusAfter = {
  accepted: "waiting",
  "not-eligible": "not-eligible",
  "more-information": "more-information",
} as const;

async function referralRecord(c: Parameters<typeof referralFor>[0], referral: Awaited<ReturnType<typeof referralFor>>) {
  const { db } = c.get("deps");
  // Other referrals are a coordinator's to see: a home visitor reaches only their own children.
  const possibleDuplicates = staff(c).role === "coordinator" ? await duplicateViews(db, referral.id) : null;
  if (possibleDuplicates && possibleDuplicates.length > 0)
    await audit(
      c,
      ...possibleDuplicates.map((d) => ({
        action: "read",
        outcome: "success" as const,
        recordType: "child",
        recordId: d.child.id,
      })),
    );
  const [child] = await db.select().from(children).where(eq(children.id, referral.childId));
  const family = await db.select().from(carers).where(eq(carers.childId, referral.childId));
  const history = await db
    .select({
      id: decisions.id,
      outcome: decisions.outcome,
      note: decisions.note,
      signposting: decisions.signposting,
      decidedAt: decisions.decidedAt,
      decidedBy: { id: users.id, name: users.name },
    })
    .from(decisions)
    .innerJoin(users, eq(users.id, decisions.decidedBy))
    .where(eq(decisions.referralId, referral.id))
    .orderBy(asc(decisions.decidedAt));
  const [allocation] = await db
    .select({
      id: allocations.id,
      allocatedAt: allocations.allocatedAt,
      homeVisitor: { id: users.id, name: users.name },
      overCaseloadReason: allocations.overCaseloadReason,
    })
    .from(allocations)
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .where(and(eq(allocations.referralId, referral.id), isNull(allocations.endedAt)));
  return {
    id: referral.id,
    reference: referral.reference,
    route: referral.route,
    source: referral.source,
    status: referral.status,
    receivedAt: referral.receivedAt,
    acceptedOn: referral.acceptedOn,
    complexity: referral.complexity,
    hadPortageBefore: referral.hadPortageBefore,
    otherSpecialistSupport: referral.otherSpecialistSupport,
    child,
    carers: family,
    answers: referral.answers as Referral,
    triageFacts: referral.triageFacts,
    eligibility: referral.eligibility as EligibilityAssessment | null,
    assessedAt: referral.assessedAt,
    decisions: history,
    allocation: allocation ?? null,
    possibleDuplicates,
  };
}

export const staffReferralRoutes = new Hono<AppEnv>()
  .get(
    "/referrals",
    describeRoute({
      tags: ["Referral work"],
      summary: "List referrals for triage",
      description:
        "Newest first. Filter by status, route (a route id from the protocol), the days received in England (`from` and `to`, YYYY-MM-DD, both inclusive) and `q`: part of the child's name (first, last or both; without regard to case, accents or punctuation: \"zoe\" finds Zoë) or the referral's reference; `total` counts every referral that matches. Each referral carries `possibleDuplicates`, how many other referrals may be for the same child or share a carer's contact or the home address (the domain's `indexForDuplicates`).",
      responses: { 200: { description: "A page of referrals" } },
    }),
    allow("coordinator"),
    noStore,
    queryParams(ListQuery),
    async (c) => {
      const { status, route, from, to, q, page, pageSize } = c.req.valid("query");
      const { db, protocol } = c.get("deps");
      const routes = protocol.eligibility.routes.routes.map((r) => r.id);
      if (route && !routes.includes(route))
        throw validationProblem([{ field: "route", message: `must be one of ${routes.join(", ")}` }]);
      // Days received are days in England: from its first moment to the first moment of the day after `to`.
      const conditions: SQL[] = [];
      if (status) conditions.push(eq(referrals.status, status));
      if (route) conditions.push(eq(referrals.route, route));
      if (from) conditions.push(gte(referrals.receivedAt, englandDayStart(from)));
      if (to) conditions.push(lt(referrals.receivedAt, englandDayStart(nextDay(to))));
      const where = conditions.length > 0 ? and(...conditions) : undefined;
      const fields = {
        id: referrals.id,
        reference: referrals.reference,
        route: referrals.route,
        status: referrals.status,
        receivedAt: referrals.receivedAt,
        eligibilityOutcome: referrals.eligibilityOutcome,
        childId: children.id,
        childName: children.firstName,
        childLastName: children.lastName,
        dateOfBirth: children.dateOfBirth,
      };
      const newestFirst = [desc(referrals.receivedAt), asc(referrals.id)] as const;
      const listed = () => db.select(fields).from(referrals).innerJoin(children, eq(children.id, referrals.childId));
      let rows: Awaited<ReturnType<typeof listed>>;
      let total: number;
      if (q) {
        // The reference exactly, or part of the child's name compared as the domain compares
        // names ("zoe" finds Zoë, "obrien" finds O'Brien): SQLite's lower() knows only ASCII, so
        // the names the other filters leave are read (newest first) and matched here, then the
        // page is read by its ids.
        const reference = q.toUpperCase();
        const candidates = await db
          .select({
            id: referrals.id,
            reference: referrals.reference,
            first: children.firstName,
            last: children.lastName,
          })
          .from(referrals)
          .innerJoin(children, eq(children.id, referrals.childId))
          .where(where)
          .orderBy(...newestFirst);
        const found = candidates.filter(
          (r) => r.reference.toUpperCase() === reference || nameContains(`${r.first} ${r.last}`, q),
        );
        total = found.length;
        const ids = found.slice((page - 1) * pageSize, page * pageSize).map((r) => r.id);
        rows =
          ids.length > 0
            ? await listed()
                .where(inArray(referrals.id, ids))
                .orderBy(...newestFirst)
            : [];
      } else {
        rows = await listed()
          .where(where)
          .orderBy(...newestFirst)
          .limit(pageSize)
          .offset((page - 1) * pageSize);
        const [counted] = await db
          .select({ n: count() })
          .from(referrals)
          .innerJoin(children, eq(children.id, referrals.childId))
          .where(where);
        total = counted?.n ?? 0;
      }
      const duplicates = await duplicatesOf(
        db,
        rows.map((r) => r.id),
      );
      await audit(
        c,
        ...rows.map((r) => ({ action: "read", outcome: "success" as const, recordType: "child", recordId: r.childId })),
      );
      return c.json({
        page,
        pageSize,
        total,
        referrals: rows.map(({ childId, childName, childLastName, dateOfBirth, ...r }) => ({
          ...r,
          child: { id: childId, firstName: childName, lastName: childLastName, dateOfBirth },
          possibleDuplicates: duplicates.get(r.id)?.length ?? 0,
        })),
      });
    },
  )
  .post(
    "/referrals/entered",
    describeRoute({
      tags: ["Referral work"],
      summary: "Record a referral received by another route",
      description:
        "For the professional routes (Early Help, the Early Years Forum, health, a setting): a coordinator records the referral with its route and referrer.",
      responses: {
        201: { description: "Stored", content: { "application/json": { schema: resolver(ReferralAcceptedSchema) } } },
      },
    }),
    allow("coordinator"),
    noStore,
    jsonBody(EnteredSchema),
    async (c) => {
      const body = c.req.valid("json");
      const deps = c.get("deps");
      if (!deps.protocol.eligibility.routes.routes.some((r) => r.id === body.route)) {
        throw validationProblem([
          {
            field: "route",
            message: `must be one of ${deps.protocol.eligibility.routes.routes.map((r) => r.id).join(", ")}`,
          },
        ]);
      }
      const parsed = parseReferral(body.answers, {
        today: englandDate(deps.clock.now()),
        text: formTextFor(deps.protocol),
      });
      if (!parsed.success)
        throw validationProblem(parsed.errors.map((e) => ({ field: `answers.${e.field}`, message: e.message })));
      const referrer = Object.fromEntries(
        Object.entries(body.referrer).filter(([, value]) => value !== undefined),
      ) as Record<string, string>;
      const result = await storeReferral(
        deps,
        parsed.referral,
        { route: body.route, source: "staff", enteredBy: staff(c).id, idempotencyKey: body.idempotencyKey, referrer },
        (event) => auditRow(c, event),
      );
      if (result.kind === "conflict")
        throw new ProblemError("idempotency-key-reused", 409, "This key was used for a different referral");
      // Staff referrals count against no limit: this cannot happen, and would say so if it did.
      if (result.kind === "rate-limited") throw new ProblemError("rate-limited", 429, "Too many referrals");
      return c.json(
        { id: result.id, reference: result.reference, receivedAt: result.receivedAt },
        result.kind === "created" ? 201 : 200,
      );
    },
  )
  .get(
    "/referrals/:id",
    describeRoute({
      tags: ["Referral work"],
      summary: "A referral's full record",
      description:
        "The child, family, answers, eligibility assessment with its reasons, decisions and allocation. Coordinators; a home visitor for the children allocated to them. For coordinators, `possibleDuplicates` lists the other referrals that may be for the same child (same name and date of birth) or share a carer's phone number or email address or the home address, each with what matched; a home visitor gets `null` there (other referrals are not theirs to see).",
      responses: { 200: { description: "The record" }, 404: { description: "No such referral, or not yours to see" } },
    }),
    allow("coordinator", "home-visitor"),
    noStore,
    pathParams(IdParam),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const record = await referralRecord(c, referral);
      await audit(
        c,
        { action: "read", outcome: "success", recordType: "referral", recordId: referral.id },
        { action: "read", outcome: "success", recordType: "child", recordId: referral.childId },
      );
      return c.json(record);
    },
  )
  .patch(
    "/referrals/:id",
    describeRoute({
      tags: ["Referral work"],
      summary: "Correct a referral's answers or add triage facts",
      description: "The eligibility assessment is worked out again from the changed facts.",
      requestBody: { content: { "application/json": { schema: resolver(ChangeSchema) } } },
      responses: { 200: { description: "The changed record" } },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(ChangeSchema),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const change = c.req.valid("json");
      const { db, clock, protocol } = c.get("deps");
      const now = clock.now();
      let answers = referral.answers as Referral & { referrer?: Record<string, string> };
      if (change.answers) {
        const { referrer, ...current } = answers;
        const merged = { ...toReferralInput(current), ...change.answers };
        const parsed = parseReferral(merged, { today: englandDate(now), text: formTextFor(protocol) });
        if (!parsed.success)
          throw validationProblem(parsed.errors.map((e) => ({ field: `answers.${e.field}`, message: e.message })));
        answers = referrer ? { ...parsed.referral, referrer } : parsed.referral;
      }
      const triageFacts = change.triageFacts
        ? { ...((referral.triageFacts as object) ?? {}), ...change.triageFacts }
        : referral.triageFacts;
      const assessment = assess(answers, referral.route, triageFacts, protocol, englandDate(now));
      await db.transaction(
        async (tx) => {
          await tx
            .update(referrals)
            .set({
              answers,
              inSetting: answers.attendsSetting === "yes",
              triageFacts,
              eligibility: assessment,
              eligibilityOutcome: assessment.outcome,
              assessedAt: now.toISOString(),
              updatedAt: now.toISOString(),
            })
            .where(eq(referrals.id, referral.id));
          if (change.answers) {
            await tx
              .update(children)
              .set({
                ...childFromAnswers(answers),
                updatedAt: now.toISOString(),
              })
              .where(eq(children.id, referral.childId));
          }
          await tx.insert(auditEvents).values([
            auditRow(c, { action: "change", outcome: "success", recordType: "referral", recordId: referral.id }),
            ...(change.answers
              ? [
                  auditRow(c, {
                    action: "change",
                    outcome: "success",
                    recordType: "child",
                    recordId: referral.childId,
                  }),
                ]
              : []),
          ]);
        },
        { behavior: "immediate" },
      );
      const [updated] = await db.select().from(referrals).where(eq(referrals.id, referral.id));
      return c.json(await referralRecord(c, updated as NonNullable<typeof updated>));
    },
  )
  .post(
    "/referrals/:id/decision",
    describeRoute({
      tags: ["Referral work"],
      summary: "Record the triage decision",
      description:
        "Accept to the waiting list (with the complexity of needs and the other priority facts), not eligible (with the signposting given) or more information requested.",
      requestBody: { content: { "application/json": { schema: resolver(DecisionSchema) } } },
      responses: {
        200: { description: "The changed record" },
        409: { description: "The referral is already allocated or closed" },
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(IdParam),
    jsonBody(DecisionSchema),
    async (c) => {
      const referral = await referralFor(c, c.req.valid("param").id);
      const decision = c.req.valid("json");
      const { db, clock } = c.get("deps");
      const now = clock.now();
      const user = staff(c);
      await db.transaction(
        async (tx) => {
          // Checked inside the write transaction, against the row as it is now: a decision must
          // not undo an allocation made after this request read the referral.
          const [current] = await tx
            .select({ status: referrals.status, acceptedOn: referrals.acceptedOn })
            .from(referrals)
            .where(eq(referrals.id, referral.id));
          const status = current?.status ?? referral.status;
          if (status === "allocated" || status === "closed") {
            throw new ProblemError("conflict", 409, `The referral is ${status}: triage is over`);
          }
          await tx.insert(decisions).values({
            id: newId(),
            referralId: referral.id,
            outcome: decision.outcome,
            note: decision.note ?? null,
            signposting: decision.signposting ?? null,
            decidedBy: user.id,
            decidedAt: now.toISOString(),
          });
          await tx
            .update(referrals)
            .set({
              status: statusAfter[decision.outcome],
              updatedAt: now.toISOString(),
              ...(decision.outcome === "accepted"
                ? {
                    acceptedOn: current?.acceptedOn ?? englandDate(now),
                    complexity: decision.complexity ?? null,
                    hadPortageBefore: decision.hadPortageBefore ?? false,
                    otherSpecialistSupport: decision.otherSpecialistSupport ?? false,
                  }
                : {}),
            })
            .where(eq(referrals.id, referral.id));
          await tx
            .insert(auditEvents)
            .values(
              auditRow(c, { action: "decide", outcome: "success", recordType: "referral", recordId: referral.id }),
            );
        },
        { behavior: "immediate" },
      );
      const [updated] = await db.select().from(referrals).where(eq(referrals.id, referral.id));
      return c.json(await referralRecord(c, updated as NonNullable<typeof updated>));
    },
  );
