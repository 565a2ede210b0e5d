// The professionals involved with a child (health visitor, paediatrician, GP, therapists, the
// sensory team, the nursery's SENCO, ...): who they are, where they work and a secure way to reach
// them. The referral's answers fill the first list, once; staff add, change and remove them after.
// Home visitors reach their own caseload, coordinators every child; every read and change is audited.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import { auditEvents, disclosures, professionals, referrals, users } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { jsonBody, pathParams, queryParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { editConflict } from "../cases/conflict.js";
import { json, problem } from "../openapi-content.js";
import {
  PROFESSIONAL_ROLES,
  ProfessionalBody,
  ProfessionalChangeBody,
  ProfessionalListSchema,
  ProfessionalRemovalQuery,
  type ProfessionalView,
  ProfessionalViewSchema,
  professionalRoleName,
} from "./contract.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const ProfessionalParam = v.object({
  id: v.pipe(v.string(), v.uuid()),
  professionalId: v.pipe(v.string(), v.uuid()),
});
/** The audit reason that marks a child's list as filled from the referral (so never twice). */
const FROM_REFERRAL = "professionals-from-referral";

type Row = typeof professionals.$inferSelect;

function view(row: Row): ProfessionalView {
  return {
    id: row.id,
    role: row.role,
    roleName: professionalRoleName(row.role),
    name: row.name,
    organisation: row.organisation,
    contact: row.contact,
    source: row.source,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

const blankToNull = (s: string | undefined): string | null | undefined =>
  s === undefined ? undefined : s.trim() === "" ? null : s.trim();

/** The first list from the referral's answers: each role ticked, and the names given in words. */
export function fromReferral(answers: unknown): { role: string; name: string | null }[] {
  const a = (answers ?? {}) as { professionalsInvolved?: unknown; professionalsDetails?: unknown };
  const roles = Array.isArray(a.professionalsInvolved)
    ? [...new Set(a.professionalsInvolved.filter((r): r is string => PROFESSIONAL_ROLES.includes(r as string)))]
    : [];
  const details =
    typeof a.professionalsDetails === "string" && a.professionalsDetails.trim() !== ""
      ? a.professionalsDetails.trim()
      : null;
  const list = roles.map((role) => ({ role, name: null as string | null }));
  const first = list[0];
  if (details && list.length === 1 && first) first.name = details;
  else if (details) {
    const other = list.find((p) => p.role === "other");
    if (other) other.name = details;
    else list.push({ role: "other", name: details });
  }
  return list;
}

async function listFor(c: Context<AppEnv>, childId: string): Promise<Row[]> {
  return c
    .get("deps")
    .db.select()
    .from(professionals)
    .where(eq(professionals.childId, childId))
    .orderBy(asc(professionals.createdAt), asc(professionals.id));
}

export const professionalRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/professionals",
    describeRoute({
      tags: ["Casework"],
      summary: "The professionals involved with the child",
      description:
        "The first time, the list is filled from the referral's answers (each professional ticked, and the names given), once; after that it is what staff keep. `roleName` is the role in words.",
      responses: {
        200: { description: "In the order they were added", content: json(ProfessionalListSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      const access = await caseFor(c, id);
      const { db, clock } = c.get("deps");
      let rows = await listFor(c, id);
      if (rows.length === 0) {
        const [referral] = await db
          .select({ answers: referrals.answers })
          .from(referrals)
          .where(eq(referrals.id, access.referralId));
        const first = fromReferral(referral?.answers);
        if (first.length > 0) {
          const now = clock.now().toISOString();
          await db.transaction(
            async (tx) => {
              // Guarded inside the transaction: filled once, even if staff have since removed them all.
              const [done] = await tx
                .select({ n: sql<number>`count(*)` })
                .from(auditEvents)
                .where(
                  and(
                    eq(auditEvents.recordType, "child"),
                    eq(auditEvents.recordId, id),
                    eq(auditEvents.reason, FROM_REFERRAL),
                  ),
                );
              const [existing] = await tx
                .select({ n: sql<number>`count(*)` })
                .from(professionals)
                .where(eq(professionals.childId, id));
              if (Number(done?.n ?? 0) > 0 || Number(existing?.n ?? 0) > 0) return;
              await tx.insert(professionals).values(
                first.map((p, i) => ({
                  id: newId(),
                  childId: id,
                  role: p.role,
                  name: p.name,
                  organisation: null,
                  contact: null,
                  source: "referral" as const,
                  version: 1,
                  // In the referral's order.
                  createdAt: new Date(Date.parse(now) + i).toISOString(),
                  updatedAt: now,
                  updatedBy: null,
                })),
              );
              await tx.insert(auditEvents).values(
                auditRow(c, {
                  action: "create",
                  outcome: "success",
                  recordType: "child",
                  recordId: id,
                  reason: FROM_REFERRAL,
                }),
              );
            },
            { behavior: "immediate" },
          );
          rows = await listFor(c, id);
        }
      }
      await auditCaseRead(c, id);
      return c.json({ professionals: rows.map(view) });
    },
  )
  .post(
    "/cases/:id/professionals",
    describeRoute({
      tags: ["Casework"],
      summary: "Add a professional involved with the child",
      description: "`role` is one of the referral form's professionals (`health-visitor`, ...) or `other`.",
      requestBody: { content: json(ProfessionalBody) },
      responses: {
        201: { description: "The professional", content: json(ProfessionalViewSchema) },
        404: problem("No case here that you can see"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(ProfessionalBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const row: Row = {
        id: newId(),
        childId: id,
        role: input.role,
        name: blankToNull(input.name) ?? null,
        organisation: blankToNull(input.organisation) ?? null,
        contact: blankToNull(input.contact) ?? null,
        source: "staff",
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: user.id,
      };
      await db.transaction(
        async (tx) => {
          await tx.insert(professionals).values(row);
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "professional-added",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json(view(row), 201);
    },
  )
  .patch(
    "/cases/:id/professionals/:professionalId",
    describeRoute({
      tags: ["Casework"],
      summary: "Change a professional's details",
      description:
        "Send the `version` read with the list and the fields to change; an empty string clears a field. A professional keeps a name or an organisation.",
      requestBody: { content: json(ProfessionalChangeBody) },
      responses: {
        200: { description: "The professional", content: json(ProfessionalViewSchema) },
        404: problem("No case, or no such professional, here that you can see"),
        409: problem("edit-conflict: the professional changed since the version sent"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ProfessionalParam),
    jsonBody(ProfessionalChangeBody),
    async (c) => {
      const { id, professionalId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const saved = await db.transaction(
        async (tx) => {
          const current = await professionalOf(tx, id, professionalId);
          if (current.row.version !== input.version) {
            throw editConflict("professional", input.version, {
              currentVersion: current.row.version,
              changedBy: current.changedBy,
              changedAt: current.row.updatedAt,
              changes: ["professional-changed"],
            });
          }
          const next: Row = {
            ...current.row,
            role: input.role ?? current.row.role,
            name: input.name === undefined ? current.row.name : (blankToNull(input.name) ?? null),
            organisation:
              input.organisation === undefined ? current.row.organisation : (blankToNull(input.organisation) ?? null),
            contact: input.contact === undefined ? current.row.contact : (blankToNull(input.contact) ?? null),
            version: current.row.version + 1,
            updatedAt: now,
            updatedBy: user.id,
          };
          if (!next.name && !next.organisation) {
            throw validationProblem([{ field: "name", message: "must be given: a name or an organisation (or both)" }]);
          }
          await tx
            .update(professionals)
            .set({
              role: next.role,
              name: next.name,
              organisation: next.organisation,
              contact: next.contact,
              version: next.version,
              updatedAt: now,
              updatedBy: user.id,
            })
            .where(and(eq(professionals.id, professionalId), eq(professionals.version, current.row.version)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "professional-changed",
            }),
          );
          return next;
        },
        { behavior: "immediate" },
      );
      return c.json(view(saved));
    },
  )
  .delete(
    "/cases/:id/professionals/:professionalId",
    describeRoute({
      tags: ["Casework"],
      summary: "Remove a professional from the child's list",
      description:
        "Send `?version=` as read. A professional a recorded disclosure names stays on the list (409 `conflict`): the record of what was shared with whom is kept.",
      responses: {
        204: { description: "Removed" },
        404: problem("No case, or no such professional, here that you can see"),
        409: problem("edit-conflict (changed since the version sent) or conflict (a disclosure names them)"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ProfessionalParam),
    queryParams(ProfessionalRemovalQuery),
    async (c) => {
      const { id, professionalId } = c.req.valid("param");
      const { version } = c.req.valid("query");
      await caseFor(c, id);
      const { db } = c.get("deps");
      await db.transaction(
        async (tx) => {
          const current = await professionalOf(tx, id, professionalId);
          if (current.row.version !== version) {
            throw editConflict("professional", version, {
              currentVersion: current.row.version,
              changedBy: current.changedBy,
              changedAt: current.row.updatedAt,
              changes: ["professional-changed"],
            });
          }
          const [used] = await tx
            .select({ id: disclosures.id })
            .from(disclosures)
            .where(eq(disclosures.professionalId, professionalId))
            .limit(1);
          if (used) {
            throw new ProblemError(
              "conflict",
              409,
              "This professional is named in a record of information shared, so they stay on the list. Change their details instead.",
            );
          }
          await tx.delete(professionals).where(eq(professionals.id, professionalId));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "professional-removed",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.body(null, 204);
    },
  );

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The child's professional `professionalId` and who changed it last; a 404 if not the child's. */
async function professionalOf(tx: Tx, childId: string, professionalId: string) {
  const [found] = await tx
    .select({ row: professionals, changedBy: users.name })
    .from(professionals)
    .leftJoin(users, eq(users.id, professionals.updatedBy))
    .where(and(eq(professionals.id, professionalId), eq(professionals.childId, childId)));
  if (!found) throw new ProblemError("not-found", 404, "There is no such professional on this child's list");
  return found;
}
