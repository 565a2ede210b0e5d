// Staff side of the family app (docs/adr/0044-family-sign-in.md): who of a child's family may
// use it, what a helper may see, their invitations (by email through the outbox, or on a printed
// letter with a QR code), and revoking access, which voids the invitations and ends the sessions.
// Home visitors reach their own caseload, coordinators every child; every read and change is
// audited on the child.
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { isUniqueViolation } from "../../db/client.js";
import { auditEvents, carers, familyAccess, familyAccounts } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { ALL_PERMISSIONS, endFamilyAccountSessions, familyOrigin } from "../../lib/family-session.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { caseFor } from "../cases/access.js";
import { editConflict } from "../cases/conflict.js";
import { json, problem } from "../openapi-content.js";
import {
  FamilyAccessBody,
  FamilyAccessChangeBody,
  type FamilyAccessInput,
  FamilyAccessListSchema,
  FamilyAccessRevocationBody,
  type FamilyAccessView,
  FamilyAccessViewSchema,
  FamilyInvitationBody,
  FamilyInvitedSchema,
} from "./contract.js";
import { invitationLetterPdf } from "./letter-pdf.js";
import {
  accessViews,
  cancelPendingInvitationEmails,
  carersToInvite,
  childFirstName,
  createInvitation,
  expiresOn,
  voidInvitations,
} from "./store.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const TAGS = ["Family access"];
const CaseParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const AccessParam = v.object({ id: v.pipe(v.string(), v.uuid()), accessId: v.pipe(v.string(), v.uuid()) });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type AccessRow = typeof familyAccess.$inferSelect;

/** One access of this child, or 404 (a malformed or another child's id names nothing here). */
async function accessOf(c: Context<AppEnv>, childId: string, accessId: string): Promise<AccessRow> {
  const [row] = await c
    .get("deps")
    .db.select()
    .from(familyAccess)
    .where(and(eq(familyAccess.id, accessId), eq(familyAccess.childId, childId)))
    .limit(1);
  if (!row) throw new ProblemError("not-found", 404, "There is no such family access for this child");
  return row;
}

async function viewOf(c: Context<AppEnv>, childId: string, accessId: string): Promise<FamilyAccessView> {
  const { db, clock } = c.get("deps");
  const [view] = await accessViews(db, childId, clock.now().toISOString(), accessId);
  if (!view) throw new ProblemError("server-error", 500);
  return view;
}

/** Who is invited: a carer on the referral (their name and relationship), or the person given. */
async function invitee(c: Context<AppEnv>, childId: string, input: v.InferOutput<typeof FamilyAccessBody>) {
  const problems: { field: string; message: string }[] = [];
  let person: { name: string; relationship: string; email: string; carerId: string | null } | undefined;
  if (input.carerId) {
    const [carer] = await c
      .get("deps")
      .db.select()
      .from(carers)
      .where(and(eq(carers.id, input.carerId), eq(carers.childId, childId)))
      .limit(1);
    if (!carer) problems.push({ field: "carerId", message: "must be one of the child's carers" });
    if (input.name !== undefined)
      problems.push({ field: "name", message: "comes from the carer's record: leave it out" });
    if (input.relationship !== undefined)
      problems.push({ field: "relationship", message: "comes from the carer's record: leave it out" });
    const recorded = carer?.email?.trim().toLowerCase();
    const email = input.email ?? (recorded && EMAIL.test(recorded) ? recorded : undefined);
    if (carer && !email)
      problems.push({ field: "email", message: "is needed: no email address is recorded for this carer" });
    if (carer && email) person = { name: carer.name, relationship: carer.relationship, email, carerId: carer.id };
  } else {
    if (input.name === undefined) problems.push({ field: "name", message: "Enter their name" });
    if (input.relationship === undefined)
      problems.push({ field: "relationship", message: "Enter how they are related to the child" });
    if (input.email === undefined) problems.push({ field: "email", message: "Enter their email address" });
    if (input.name && input.relationship && input.email)
      person = { name: input.name, relationship: input.relationship, email: input.email, carerId: null };
  }
  if (input.kind === "carer" && input.permissions)
    problems.push({ field: "permissions", message: "are only for a helper: a carer sees everything" });
  if (input.kind === "helper" && !input.permissions)
    problems.push({ field: "permissions", message: "Choose what they may see" });
  if (problems.length > 0 || !person) throw validationProblem(problems);
  return person;
}

/** The access row after a person was invited, made new or (after a revocation) opened again. */
async function inviteInTransaction(
  c: Context<AppEnv>,
  childId: string,
  input: FamilyAccessInput & { kind: "carer" | "helper" },
  person: Awaited<ReturnType<typeof invitee>>,
) {
  const deps = c.get("deps");
  const user = staff(c);
  const now = deps.clock.now().toISOString();
  const firstName = await childFirstName(deps.db, childId);
  const permissions = input.kind === "carer" ? ALL_PERMISSIONS : { ...ALL_PERMISSIONS, ...input.permissions };
  return deps.db.transaction(
    async (tx) => {
      let [account] = await tx.select().from(familyAccounts).where(eq(familyAccounts.email, person.email)).limit(1);
      if (!account) {
        account = { id: newId(), email: person.email, name: person.name, createdAt: now, disabledAt: null };
        await tx.insert(familyAccounts).values(account);
      }
      if (account.disabledAt) throw new ProblemError("conflict", 409, "This family account is disabled");
      const [existing] = await tx
        .select()
        .from(familyAccess)
        .where(and(eq(familyAccess.accountId, account.id), eq(familyAccess.childId, childId)))
        .limit(1);
      if (existing && (existing.status === "invited" || existing.status === "active")) {
        throw new ProblemError(
          "conflict",
          409,
          `${account.name} already has access for this child (${existing.status}): send a fresh invitation from their entry instead`,
          { accessId: existing.id },
        );
      }
      const fields = {
        carerId: person.carerId,
        relationship: person.relationship,
        kind: input.kind,
        permissions,
        status: "invited" as const,
        invitedBy: user.id,
        invitedAt: now,
        acceptedAt: null,
        endsAt: null,
        endReason: null,
        updatedAt: now,
      };
      const accessId = existing?.id ?? newId();
      if (existing) {
        // Revoked before: the same row is opened again (one access per person and child).
        await tx
          .update(familyAccess)
          .set({ ...fields, version: existing.version + 1 })
          .where(eq(familyAccess.id, existing.id));
      } else {
        await tx.insert(familyAccess).values({ id: accessId, accountId: account.id, childId, ...fields });
      }
      const invitation = await createInvitation(tx, deps, {
        accessId,
        childId,
        via: "email",
        createdBy: user.id,
        origin: familyOrigin(c),
        to: { email: account.email, name: account.name, childFirstName: firstName },
      });
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "create",
          outcome: "success",
          recordType: "child",
          recordId: childId,
          reason: "family-invited",
        }),
      );
      return { accessId, expiresAt: invitation.expiresAt };
    },
    { behavior: "immediate" },
  );
}

export const familyAccessRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/family-access",
    describeRoute({
      tags: TAGS,
      summary: "Who of the family may use the family app, and the carers not yet invited",
      description:
        "Each person with access for the child: name, email, relationship, `carer` or `helper`, what they may see, status (`invited`, `active`, `revoked`, `ended`), who invited them and when, when they took it up, their latest sign-in and when their pending invitation expires. `carersToInvite`: carers on the referral with no access yet. Audited as a read of the child.",
      responses: {
        200: { description: "The family's access", content: json(FamilyAccessListSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const { db, clock } = c.get("deps");
      const access = await accessViews(db, id, clock.now().toISOString());
      const offer = await carersToInvite(db, id, access);
      await audit(c, {
        action: "read",
        outcome: "success",
        recordType: "child",
        recordId: id,
        reason: "family-access",
      });
      return c.json({ access, carersToInvite: offer });
    },
  )
  .post(
    "/cases/:id/family-access",
    describeRoute({
      tags: TAGS,
      summary: "Invite a person to the family app by email",
      description:
        "`carerId` (a carer on the referral: their name and relationship, and their email address unless `email` is given) or `name`, `relationship` and `email`; `kind`; `permissions` for a helper (a carer sees everything). The family account (one per lower-cased email address), the access (`invited`) and a single-use invitation valid 14 days are stored together with the `family-invitation` email in the outbox. 409 when the person already has access for this child (invited or active); a revoked access is opened again. Audited as `create` (`family-invited`).",
      requestBody: { content: json(FamilyAccessBody) },
      responses: {
        201: { description: "Invited: the access and the invitation's expiry", content: json(FamilyInvitedSchema) },
        404: problem("No case here that you can see"),
        409: problem("The person already has access for this child"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    jsonBody(FamilyAccessBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const person = await invitee(c, id, input);
      let made: { accessId: string; expiresAt: string };
      try {
        made = await inviteInTransaction(c, id, input, person);
      } catch (error) {
        // The same person invited twice at once: the first one stands.
        if (isUniqueViolation(error))
          throw new ProblemError("conflict", 409, "This person already has access for this child");
        throw error;
      }
      return c.json(
        {
          access: await viewOf(c, id, made.accessId),
          invitation: { via: "email" as const, expiresAt: made.expiresAt },
        },
        201,
      );
    },
  )
  .post(
    "/cases/:id/family-access/:accessId/invitations",
    describeRoute({
      tags: TAGS,
      summary: "A fresh invitation: by email again, or a letter to print",
      description:
        "A new single-use invitation valid 14 days (earlier ones still work until one is used: using one voids the others). `via: email` queues the `family-invitation` email and answers 202; `via: letter` answers the letter itself, a tagged A4 PDF with the link as a QR code and written out. 409 once access was revoked or ended. Audited as `create` (`family-invitation-email` or `family-invitation-letter`).",
      requestBody: { content: json(FamilyInvitationBody) },
      responses: {
        200: {
          description: "The letter to print",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        202: { description: "The email is queued", content: json(FamilyInvitedSchema) },
        404: problem("No case or access here that you can see"),
        409: problem("Access was revoked or has ended"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(AccessParam),
    jsonBody(FamilyInvitationBody),
    async (c) => {
      const { id, accessId } = c.req.valid("param");
      const { via } = c.req.valid("json");
      await caseFor(c, id);
      const access = await accessOf(c, id, accessId);
      if (access.status !== "invited" && access.status !== "active") {
        throw new ProblemError("conflict", 409, `Access is ${access.status}: invite the person again to give it back`);
      }
      const deps = c.get("deps");
      const user = staff(c);
      const [account] = await deps.db.select().from(familyAccounts).where(eq(familyAccounts.id, access.accountId));
      if (!account) throw new ProblemError("server-error", 500);
      const firstName = await childFirstName(deps.db, id);
      const invitation = await deps.db.transaction(
        async (tx) => {
          const made = await createInvitation(tx, deps, {
            accessId,
            childId: id,
            via,
            createdBy: user.id,
            origin: familyOrigin(c),
            to: { email: account.email, name: account.name, childFirstName: firstName },
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "create",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: `family-invitation-${via}`,
            }),
          );
          return made;
        },
        { behavior: "immediate" },
      );
      if (via === "email") {
        return c.json(
          { access: await viewOf(c, id, accessId), invitation: { via, expiresAt: invitation.expiresAt } },
          202,
        );
      }
      const pdf = await invitationLetterPdf({
        serviceName: deps.protocol.serviceName,
        name: account.name,
        childFirstName: firstName,
        invitedBy: user.name,
        link: invitation.link,
        expiresOn: expiresOn(invitation.expiresAt),
      });
      return c.body(pdf, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="family-app-invitation.pdf"',
      });
    },
  )
  .patch(
    "/cases/:id/family-access/:accessId",
    describeRoute({
      tags: TAGS,
      summary: "Change what a helper may see",
      description:
        "`{version, permissions}` (a helper only: a carer sees everything). A stale `version` is `409 edit-conflict`; revoked or ended access is `409 conflict`. Audited as `change` (`family-access-changed`).",
      requestBody: { content: json(FamilyAccessChangeBody) },
      responses: {
        200: { description: "The access", content: json(FamilyAccessViewSchema) },
        404: problem("No case or access here that you can see"),
        409: problem("Someone changed it since you read it, or access was revoked"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(AccessParam),
    jsonBody(FamilyAccessChangeBody),
    async (c) => {
      const { id, accessId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const access = await accessOf(c, id, accessId);
      if (input.permissions && access.kind === "carer") {
        throw validationProblem([{ field: "permissions", message: "are only for a helper: a carer sees everything" }]);
      }
      if (access.version !== input.version) throw stale(access, input.version);
      if (access.status === "revoked" || access.status === "ended") {
        throw new ProblemError("conflict", 409, `Access is ${access.status}: it cannot be changed`);
      }
      if (input.permissions) {
        const { db, clock } = c.get("deps");
        const permissions = input.permissions;
        await db.transaction(
          async (tx) => {
            const changed = await tx
              .update(familyAccess)
              .set({ permissions, version: access.version + 1, updatedAt: clock.now().toISOString() })
              .where(and(eq(familyAccess.id, accessId), eq(familyAccess.version, input.version)));
            if (changed.rowsAffected !== 1) throw stale(await accessOf(c, id, accessId), input.version);
            await tx.insert(auditEvents).values(
              auditRow(c, {
                action: "change",
                outcome: "success",
                recordType: "child",
                recordId: id,
                reason: "family-access-changed",
              }),
            );
          },
          { behavior: "immediate" },
        );
      }
      return c.json(await viewOf(c, id, accessId));
    },
  )
  .post(
    "/cases/:id/family-access/:accessId/revocation",
    describeRoute({
      tags: TAGS,
      summary: "End a person's access now",
      description:
        "`{version}`. The access becomes `revoked` (ending now), every invitation not yet used is voided (and an invitation email not yet sent is cancelled) and every session of the person's family account ends, in one transaction. A stale `version` is `409 edit-conflict`; access already revoked or ended is `409 conflict`. Audited as `change` (`family-access-revoked`).",
      requestBody: { content: json(FamilyAccessRevocationBody) },
      responses: {
        200: { description: "The access, revoked", content: json(FamilyAccessViewSchema) },
        404: problem("No case or access here that you can see"),
        409: problem("Someone changed it since you read it, or it was already revoked"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(AccessParam),
    jsonBody(FamilyAccessRevocationBody),
    async (c) => {
      const { id, accessId } = c.req.valid("param");
      const { version } = c.req.valid("json");
      await caseFor(c, id);
      const access = await accessOf(c, id, accessId);
      if (access.version !== version) throw stale(access, version);
      if (access.status === "revoked" || access.status === "ended") {
        throw new ProblemError("conflict", 409, `Access is already ${access.status}`);
      }
      const { db, clock } = c.get("deps");
      const now = clock.now();
      await db.transaction(
        async (tx) => {
          const changed = await tx
            .update(familyAccess)
            .set({
              status: "revoked",
              endsAt: now.toISOString(),
              endReason: "revoked",
              version: version + 1,
              updatedAt: now.toISOString(),
            })
            .where(and(eq(familyAccess.id, accessId), eq(familyAccess.version, version)));
          if (changed.rowsAffected !== 1) throw stale(await accessOf(c, id, accessId), version);
          await voidInvitations(tx, accessId, now.toISOString());
          const [account] = await tx
            .select({ email: familyAccounts.email })
            .from(familyAccounts)
            .where(eq(familyAccounts.id, access.accountId));
          if (account) await cancelPendingInvitationEmails(tx, id, account.email);
          // Sessions belong to the account, not to one child: all of them end, and the person
          // signs in again for any other child they still have.
          await endFamilyAccountSessions(tx, access.accountId, now);
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "family-access-revoked",
            }),
          );
        },
        { behavior: "immediate" },
      );
      return c.json(await viewOf(c, id, accessId));
    },
  );

function stale(access: AccessRow, given: number): ProblemError {
  return editConflict("family access", given, {
    currentVersion: access.version,
    changedBy: null,
    changedAt: access.updatedAt,
    changes: [access.status === "revoked" ? "family-access-revoked" : "family-access-changed"],
  });
}
