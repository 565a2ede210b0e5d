// Sending a report to a professional by email: a block's review report from an open case (the
// child's home visitor, or a coordinator), the transition report from a closed case
// (coordinators). The domain's `sharingDecision` decides on today's consents; a refusal is 422
// with its reason. An allowed send is a disclosure and an outbox row written together, delivered
// by GOV.UK Notify's document sending, retried when it fails, and checked against consent again
// just before it leaves. A repeat of the same form (idempotency key) is answered with the first.
import { dateInWords, type IsoDate, type SharingDecision } from "@openportage/domain";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { isUniqueViolation } from "../../db/client.js";
import { auditEvents, children, disclosures, outbox, professionals } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { caseFor } from "../cases/access.js";
import type { DisclosureView } from "../consent/contract.js";
import { decide, disclosureViews, queueEmailDisclosure, recipientName } from "../consent/store.js";
import { transitionReportDocument } from "../exits/exits.routes.js";
import { closedCaseFor } from "../exits/store.js";
import { json, problem } from "../openapi-content.js";
import { reviewReportDocument } from "../reviews/reviews.routes.js";
import {
  ReportSendAnswerSchema,
  ReportSendsAnswerSchema,
  ReviewReportSendBody,
  TransitionReportSendBody,
  type TransitionReportSendInput,
} from "./contract.js";

const ChildParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const RetryParam = v.object({ id: v.pipe(v.string(), v.uuid()), disclosureId: v.pipe(v.string(), v.uuid()) });
const TAGS = ["Consent and sharing"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Deps = AppEnv["Variables"]["deps"];

/** The send already made with this idempotency key, if any (only the same child's). */
async function earlierSend(deps: Deps, childId: string, key: string | undefined) {
  if (!key) return undefined;
  const [row] = await deps.db
    .select({ id: disclosures.id, childId: disclosures.childId })
    .from(disclosures)
    .where(eq(disclosures.idempotencyKey, key));
  if (!row) return undefined;
  if (row.childId !== childId) {
    throw new ProblemError("idempotency-key-reused", 422, "This idempotency key was used for a different request");
  }
  return (await disclosureViews(deps, childId)).find((d) => d.id === row.id);
}

/** Where the report goes: the address given, or the chosen professional's when it is an email address. */
async function addressee(
  deps: Deps,
  childId: string,
  input: TransitionReportSendInput,
): Promise<{ emailAddress: string; professionalId: string | null; name: string | null }> {
  let professional: typeof professionals.$inferSelect | undefined;
  if (input.professionalId) {
    [professional] = await deps.db
      .select()
      .from(professionals)
      .where(and(eq(professionals.id, input.professionalId), eq(professionals.childId, childId)));
    if (!professional) {
      throw validationProblem([{ field: "professionalId", message: "must be one of the professionals involved" }]);
    }
  }
  const fromProfessional = professional?.contact?.trim();
  const emailAddress = input.emailAddress ?? (fromProfessional && EMAIL.test(fromProfessional) ? fromProfessional : "");
  if (!emailAddress) {
    throw validationProblem([
      {
        field: "emailAddress",
        message: professional
          ? "is needed: no email address is recorded for this professional"
          : "is needed: give an email address or choose a professional",
      },
    ]);
  }
  return { emailAddress, professionalId: professional?.id ?? null, name: professional?.name ?? null };
}

function checkRecipient(deps: Deps, recipientId: string) {
  if (!deps.protocol.sharing.recipients.some((r) => r.id === recipientId)) {
    throw validationProblem([{ field: "recipientId", message: "is not a recipient the protocol lists" }]);
  }
}

/** Refuses a send the sharing decision does not allow, with the decision's reason; audited. */
async function refuseUnlessAllowed(c: Context<AppEnv>, childId: string, decision: SharingDecision) {
  if (decision.allowed && decision.basis === "consent") return;
  await audit(c, {
    action: "disclose",
    outcome: "denied",
    recordType: "child",
    recordId: childId,
    reason: "no-consent",
  });
  throw new ProblemError("validation", 422, decision.reason, {
    decision,
    errors: [{ field: "recipientId", pointer: "/recipientId", message: decision.reason }],
  });
}

/** Decides, then writes the disclosure and its outbox row; answers with both. */
async function send(
  c: Context<AppEnv>,
  childId: string,
  input: TransitionReportSendInput,
  document: { pdf: Uint8Array; fileName: string; title: string },
) {
  const deps = c.get("deps");
  const user = staff(c);
  const today = englandDate(deps.clock.now()) as IsoDate;
  checkRecipient(deps, input.recipientId);
  const decision = await decide(deps.db, deps.protocol, childId, input.recipientId, input.purpose, today);
  await refuseUnlessAllowed(c, childId, decision);
  const to = await addressee(deps, childId, input);
  const [child] = await deps.db
    .select({ firstName: children.firstName, lastName: children.lastName })
    .from(children)
    .where(eq(children.id, childId));
  let disclosureId: string;
  try {
    disclosureId = await deps.db.transaction(
      async (tx) => {
        const id = await queueEmailDisclosure(tx, deps.clock, {
          childId,
          recipientId: input.recipientId,
          professionalId: to.professionalId,
          what: "report",
          description: document.title,
          purpose: input.purpose,
          decision,
          emailAddress: to.emailAddress,
          kind: "report",
          personalisation: {
            service_name: deps.protocol.serviceName,
            report_name: document.title,
            child_name: child ? `${child.firstName} ${child.lastName}` : "",
            recipient_name: to.name ?? recipientName(deps, input.recipientId),
            sent_by: user.name,
          },
          document: { name: document.fileName, content: document.pdf },
          disclosedBy: user.id,
          idempotencyKey: input.idempotencyKey ?? null,
        });
        await tx.insert(auditEvents).values(
          auditRow(c, {
            action: "disclose",
            outcome: "success",
            recordType: "child",
            recordId: childId,
            reason: "report-queued",
          }),
        );
        return id;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // The same form sent twice at once: the first one stands.
    if (isUniqueViolation(error, "idempotency_key")) {
      const first = await earlierSend(deps, childId, input.idempotencyKey);
      if (first) return c.json({ disclosure: first, decision: { ...decision, on: today }, repeated: true }, 200);
    }
    throw error;
  }
  const disclosure = (await disclosureViews(deps, childId)).find((d) => d.id === disclosureId);
  if (!disclosure) throw new ProblemError("server-error", 500);
  return c.json({ disclosure, decision: { ...decision, on: today }, repeated: false }, 202);
}

/** Sends a failed email again from now (a fresh set of attempts); consent is checked again before it leaves. */
async function retry(c: Context<AppEnv>, childId: string, disclosureId: string) {
  const deps = c.get("deps");
  const now = deps.clock.now().toISOString();
  const [row] = await deps.db
    .select({ outboxId: outbox.id, status: outbox.status })
    .from(outbox)
    .innerJoin(disclosures, eq(disclosures.id, outbox.disclosureId))
    .where(and(eq(disclosures.id, disclosureId), eq(disclosures.childId, childId)));
  if (!row) throw new ProblemError("not-found", 404, "There is no email send here that you can see");
  if (row.status !== "failed") {
    throw new ProblemError("conflict", 409, `Only a send that failed can be tried again; this one is ${row.status}.`);
  }
  await deps.db.transaction(
    async (tx) => {
      const changed = await tx
        .update(outbox)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null, claimedAt: null })
        .where(and(eq(outbox.id, row.outboxId), eq(outbox.status, "failed")));
      if (changed.rowsAffected !== 1)
        throw new ProblemError("conflict", 409, "This send is already being tried again.");
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "disclose",
          outcome: "success",
          recordType: "child",
          recordId: childId,
          reason: "retry",
        }),
      );
    },
    { behavior: "immediate" },
  );
  const disclosure = (await disclosureViews(deps, childId)).find((d) => d.id === disclosureId);
  return c.json(disclosure);
}

const sendDescription =
  "The domain's `sharingDecision` on today's consents must allow `recipientId` for `purpose`: otherwise 422 with the decision's reason as `detail` (and `decision`). The address is `emailAddress`, or the chosen professional's when it is an email address. The disclosure and the email (the PDF as GOV.UK Notify's document sending: the recipient confirms their address before it opens) are stored together; the outbox sends it, retries a failure with back-off and checks consent again just before it leaves. `202` with the disclosure and its delivery; a repeat with the same `idempotencyKey` answers `200` with the first. Audited as `disclose`.";

export const reportSendRoutes = new Hono<AppEnv>()
  .post(
    "/cases/:id/report-sends",
    describeRoute({
      tags: TAGS,
      summary: "Send a block's review report to a professional by email",
      description: `${sendDescription} 409 while the block has no saved review.`,
      requestBody: { content: json(ReviewReportSendBody) },
      responses: {
        200: { description: "A repeat of a send already made", content: json(ReportSendAnswerSchema) },
        202: { description: "Queued: the disclosure and its delivery", content: json(ReportSendAnswerSchema) },
        404: problem("No case here that you can see, or no such block"),
        409: problem("The block has no saved review yet"),
        422: problem("validation, or the sharing decision refused the send"),
      },
    }),
    allow("home-visitor", "coordinator"),
    noStore,
    pathParams(ChildParam),
    jsonBody(ReviewReportSendBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const { blockId, ...input } = c.req.valid("json");
      const access = await caseFor(c, id);
      const earlier = await earlierSend(c.get("deps"), id, input.idempotencyKey);
      if (earlier) return c.json({ disclosure: earlier, decision: decisionOf(c, earlier), repeated: true }, 200);
      const document = await reviewReportDocument(c, id, blockId, access.homeVisitorId).catch((error: unknown) => {
        // The case is there (checked above): a block that is not the plan's is a bad field, not a missing page.
        if (error instanceof ProblemError && error.problem.status === 404) {
          throw validationProblem([{ field: "blockId", message: "must be one of the plan's blocks" }]);
        }
        throw error;
      });
      return send(c, id, input, document);
    },
  )
  .post(
    "/cases/:id/disclosures/:disclosureId/retry",
    describeRoute({
      tags: TAGS,
      summary: "Try a failed email send again",
      description:
        "Only a send whose delivery `failed` (every attempt used): it is due again now with a fresh set of attempts; consent is checked again before it leaves. 409 for any other state. Audited as `disclose` (reason `retry`).",
      responses: {
        200: {
          description: "The disclosure and its delivery",
          content: json(ReportSendAnswerSchema.entries.disclosure),
        },
        404: problem("No case or send here that you can see"),
        409: problem("The send has not failed"),
      },
    }),
    allow("home-visitor", "coordinator"),
    noStore,
    pathParams(RetryParam),
    async (c) => {
      const { id, disclosureId } = c.req.valid("param");
      await caseFor(c, id);
      return retry(c, id, disclosureId);
    },
  )
  .get(
    "/closed-cases/:id/report-sends",
    describeRoute({
      tags: TAGS,
      summary: "Every send of a closed case's reports, with its delivery (coordinators)",
      responses: {
        200: { description: "The sends, newest first", content: json(ReportSendsAnswerSchema) },
        404: problem("No closed case here"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await closedCaseFor(c, id);
      const all = await disclosureViews(c.get("deps"), id);
      await audit(c, { action: "read", outcome: "success", recordType: "child", recordId: id, reason: "closed-case" });
      return c.json({ disclosures: all.filter((d) => d.delivery !== null) });
    },
  )
  .post(
    "/closed-cases/:id/report-sends",
    describeRoute({
      tags: TAGS,
      summary: "Send the transition report to the child's next setting by email (coordinators)",
      description: `${sendDescription} 404 when no transition report was written.`,
      requestBody: { content: json(TransitionReportSendBody) },
      responses: {
        200: { description: "A repeat of a send already made", content: json(ReportSendAnswerSchema) },
        202: { description: "Queued: the disclosure and its delivery", content: json(ReportSendAnswerSchema) },
        404: problem("No closed case here, or it has no transition report"),
        422: problem("validation, or the sharing decision refused the send"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(ChildParam),
    jsonBody(TransitionReportSendBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      const { exit } = await closedCaseFor(c, id);
      const earlier = await earlierSend(c.get("deps"), id, input.idempotencyKey);
      if (earlier) return c.json({ disclosure: earlier, decision: decisionOf(c, earlier), repeated: true }, 200);
      const document = await transitionReportDocument(c.get("deps"), exit);
      return send(c, id, input, document);
    },
  )
  .post(
    "/closed-cases/:id/disclosures/:disclosureId/retry",
    describeRoute({
      tags: TAGS,
      summary: "Try a failed send of a closed case's report again (coordinators)",
      responses: {
        200: {
          description: "The disclosure and its delivery",
          content: json(ReportSendAnswerSchema.entries.disclosure),
        },
        404: problem("No closed case or send here"),
        409: problem("The send has not failed"),
      },
    }),
    allow("coordinator"),
    noStore,
    pathParams(RetryParam),
    async (c) => {
      const { id, disclosureId } = c.req.valid("param");
      await closedCaseFor(c, id);
      return retry(c, id, disclosureId);
    },
  );

/** For a repeat: the decision the first send was made on, as its disclosure recorded it. */
function decisionOf(c: Context<AppEnv>, first: DisclosureView) {
  return {
    allowed: true,
    basis: first.basis,
    reason: `Already sent on ${dateInWords(first.disclosedOn as IsoDate)}, on the consent it relied on then: not sent again.`,
    ...(first.consentId ? { consentId: first.consentId } : {}),
    clauseId: c.get("deps").protocol.sharing.id,
    on: first.disclosedOn,
  };
}
