// The staff side of what families send from the family app (docs/family.md): the messages on a
// child's case (a question or note, a request to stop, a consent withdrawn), marked read by the
// member of staff who read them, and the coordinator's list of unread requests to stop and
// consents withdrawn across the service, for the dashboard.
import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Database } from "../../db/client.js";
import {
  allocations,
  auditEvents,
  children,
  familyAccess,
  familyAccounts,
  familyMessages,
  referrals,
  users,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { json, problem } from "../openapi-content.js";
import {
  FamilyMessageReadBody,
  FamilyMessagesSchema,
  type FamilyMessageView,
  FamilyMessageViewSchema,
  FamilyRequestsSchema,
} from "./contract.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const Uuid = v.pipe(v.string(), v.uuid());
const CaseParam = v.object({ id: Uuid });
const MessageParam = v.object({ id: Uuid, messageId: Uuid });
const TAGS = ["Family app"];

const reader = alias(users, "reader");

/**
 * The case whose messages are asked for: a home visitor's own (`caseFor`); for a coordinator, any
 * child ever allocated, so a request to stop can still be read once the child has left.
 */
async function messagesCase(c: Context<AppEnv>, childId: string): Promise<void> {
  if (staff(c).role === "coordinator") {
    const [allocated] = await c
      .get("deps")
      .db.select({ id: allocations.id })
      .from(allocations)
      .where(eq(allocations.childId, childId))
      .limit(1);
    if (allocated) return;
  }
  await caseFor(c, childId);
}

function messageRows(db: Database, where: SQL | undefined) {
  return db
    .select({
      message: familyMessages,
      access: { accountId: familyAccess.accountId, relationship: familyAccess.relationship, kind: familyAccess.kind },
      name: familyAccounts.name,
      readerName: reader.name,
    })
    .from(familyMessages)
    .innerJoin(familyAccess, eq(familyAccess.id, familyMessages.accessId))
    .innerJoin(familyAccounts, eq(familyAccounts.id, familyAccess.accountId))
    .leftJoin(reader, eq(reader.id, familyMessages.readBy))
    .where(where)
    .orderBy(desc(familyMessages.createdAt));
}

type MessageRow = Awaited<ReturnType<typeof messageRows>>[number];

function messageView(row: MessageRow): FamilyMessageView {
  const m = row.message;
  return {
    id: m.id,
    kind: m.kind,
    body: m.body,
    sentAt: m.createdAt,
    from: {
      accountId: row.access.accountId,
      name: row.name,
      relationship: row.access.relationship,
      kind: row.access.kind,
    },
    readAt: m.readAt,
    readBy: m.readBy ? { id: m.readBy, name: row.readerName ?? "(unknown)" } : null,
  };
}

export const familyMessageRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/family-messages",
    describeRoute({
      tags: TAGS,
      summary: "What the family sent from the family app: questions and notes, requests to stop, consents withdrawn",
      description:
        "Newest first, with who sent each (name, who they are to the child, parent or carer or helper) and who read it when. Home visitors reach their own caseload; coordinators every child allocated now or before (a family's request to stop stays readable after the child left).",
      responses: {
        200: { description: "The messages", content: json(FamilyMessagesSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(CaseParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await messagesCase(c, id);
      const rows = await messageRows(c.get("deps").db, eq(familyMessages.childId, id));
      await auditCaseRead(c, id);
      return c.json({ messages: rows.map(messageView) });
    },
  )
  .post(
    "/cases/:id/family-messages/:messageId/read",
    describeRoute({
      tags: TAGS,
      summary: "Mark a family's message read",
      description:
        "Records who read it and when (the family sees that it was read). Marking it again changes nothing. Send `{}`.",
      requestBody: { content: json(FamilyMessageReadBody) },
      responses: {
        200: { description: "The message", content: json(FamilyMessageViewSchema) },
        404: problem("No case or message here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(MessageParam),
    jsonBody(FamilyMessageReadBody),
    async (c) => {
      const { id, messageId } = c.req.valid("param");
      await messagesCase(c, id);
      const { db, clock } = c.get("deps");
      const user = staff(c);
      const now = clock.now().toISOString();
      const mine = and(eq(familyMessages.id, messageId), eq(familyMessages.childId, id));
      await db.transaction(
        async (tx) => {
          const [found] = await tx.select({ readAt: familyMessages.readAt }).from(familyMessages).where(mine);
          if (!found) throw new ProblemError("not-found", 404, "There is no such message on this case");
          if (found.readAt) return;
          await tx
            .update(familyMessages)
            .set({ readAt: now, readBy: user.id })
            .where(and(mine, isNull(familyMessages.readAt)));
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: "family-message-read",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const [row] = await messageRows(db, mine);
      if (!row) throw new ProblemError("server-error", 500);
      return c.json(messageView(row));
    },
  )
  .get(
    "/family-requests",
    describeRoute({
      tags: TAGS,
      summary: "Families asking to stop, and consents withdrawn in the family app, not yet read (coordinators)",
      description:
        "Across the service, newest first, with the child and their home visitor: for the coordinator's dashboard. Marking one read (`POST /cases/:id/family-messages/:messageId/read`) takes it off the list.",
      responses: { 200: { description: "The requests", content: json(FamilyRequestsSchema) } },
    }),
    allow("coordinator"),
    noStore,
    async (c) => {
      const { db } = c.get("deps");
      const rows = await messageRows(
        db,
        and(inArray(familyMessages.kind, ["leave-request", "consent-withdrawn"]), isNull(familyMessages.readAt)),
      );
      const childIds = [...new Set(rows.map((r) => r.message.childId))];
      const [kids, visitors, referralRows] =
        childIds.length > 0
          ? await Promise.all([
              db
                .select({ id: children.id, firstName: children.firstName, lastName: children.lastName })
                .from(children)
                .where(inArray(children.id, childIds)),
              db
                .select({ childId: allocations.childId, id: users.id, name: users.name })
                .from(allocations)
                .innerJoin(users, eq(users.id, allocations.homeVisitorId))
                .where(and(inArray(allocations.childId, childIds), isNull(allocations.endedAt))),
              db
                .select({
                  childId: referrals.childId,
                  id: referrals.id,
                  status: referrals.status,
                  receivedAt: referrals.receivedAt,
                })
                .from(referrals)
                .where(inArray(referrals.childId, childIds))
                .orderBy(desc(referrals.receivedAt)),
            ])
          : [[], [], []];
      const requests = rows.flatMap((r) => {
        const child = kids.find((k) => k.id === r.message.childId);
        if (!child) return [];
        const visitor = visitors.find((x) => x.childId === child.id);
        // The child's newest referral: allocated, back on the waiting list, or closed (left).
        const referral = referralRows.find((x) => x.childId === child.id);
        return [
          {
            ...messageView(r),
            child,
            homeVisitor: visitor ? { id: visitor.id, name: visitor.name } : null,
            referral: referral ? { id: referral.id, status: referral.status } : null,
          },
        ];
      });
      await audit(
        c,
        ...childIds.map((childId) => ({
          action: "read",
          outcome: "success" as const,
          recordType: "child",
          recordId: childId,
          reason: "family-requests",
        })),
      );
      return c.json({ requests });
    },
  );
