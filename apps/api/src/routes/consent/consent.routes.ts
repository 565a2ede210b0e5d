// Consent and information sharing (ADR 0034): consent to the service and consents to share with
// the protocol's recipients, each given and withdrawn on a day; the domain's `sharingDecision` as
// a dry run; and disclosures, every time information leaves the service, refused without consent
// unless a coordinator records an exception (safeguarding or a legal duty), which is flagged.
import {
  COMMON_SHARING_PURPOSES,
  type IsoDate,
  ServiceConsentSchema,
  SharingConsentSchema,
  sharingDecision,
} from "@openportage/domain";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { auditEvents, consents, disclosures } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, parseOrThrow, pathParams } from "../../lib/http.js";
import { newId } from "../../lib/ids.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { auditCaseRead, caseFor } from "../cases/access.js";
import { json, problem } from "../openapi-content.js";
import {
  ConsentBody,
  ConsentsAnswerSchema,
  type ConsentView,
  ConsentViewSchema,
  DISCLOSURE_CHANNELS,
  DISCLOSURE_KINDS,
  DisclosureBody,
  DisclosuresAnswerSchema,
  DisclosureViewSchema,
  SharingDecisionBody,
  SharingDecisionSchema,
  WithdrawalBody,
} from "./contract.js";
import {
  type ConsentRow,
  consentRows,
  disclosureViews,
  queueRoutineNotices,
  recipientName,
  recordOf,
  withdrawConsent,
} from "./store.js";

const ROLES = ["home-visitor", "coordinator"] as const;
const ChildParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const ConsentParam = v.object({ id: v.pipe(v.string(), v.uuid()), consentId: v.pipe(v.string(), v.uuid()) });
const TAGS = ["Consent and sharing"];

type Deps = AppEnv["Variables"]["deps"];

function stateOf(row: ConsentRow, today: string): ConsentView["state"] {
  if (row.withdrawnOn !== null && row.withdrawnOn <= today) return "withdrawn";
  if (row.givenOn > today) return "not-yet";
  return "active";
}

function consentView(deps: Deps, row: ConsentRow, recorder: string | null, today: string): ConsentView {
  return {
    id: row.id,
    kind: row.kind,
    givenBy: { name: row.givenByName, relationship: row.givenByRelationship },
    givenOn: row.givenOn,
    recordedAs: row.recordedAs,
    recordedBy: { id: row.recordedBy, name: recorder ?? "(unknown)" },
    heardBy: row.heardBy,
    covers: row.covers,
    recipients: ((row.recipientIds as string[] | null) ?? []).map((id) => ({ id, name: recipientName(deps, id) })),
    purposes: (row.purposes as string[] | null) ?? null,
    withdrawnOn: row.withdrawnOn,
    state: stateOf(row, today),
    version: row.version,
    createdAt: row.createdAt,
  };
}

function notInFuture(field: string, day: string, today: string) {
  if (day > today) throw validationProblem([{ field, message: "cannot be in the future" }]);
}

function checkRecipients(deps: Deps, ids: readonly string[], field: string) {
  const listed = new Set(deps.protocol.sharing.recipients.map((r) => r.id));
  const problems = ids.flatMap((id, i) =>
    listed.has(id)
      ? []
      : [
          {
            field: `${field}${field === "recipientId" ? "" : `.${i}`}`,
            message: "is not a recipient the protocol lists",
          },
        ],
  );
  if (problems.length > 0) throw validationProblem(problems);
}

export const consentRoutes = new Hono<AppEnv>()
  .get(
    "/cases/:id/consents",
    describeRoute({
      tags: TAGS,
      summary: "The case's consent to the service and consents to share, with each one's state today",
      description:
        "Consent to the service and consents to share with the protocol's `sharing.recipients`, oldest first, each `active`, `withdrawn` (from its `withdrawnOn`) or `not-yet` today; the consent to the service in force today; the protocol's recipients and the common purposes a form can offer.",
      responses: {
        200: { description: "The consents", content: json(ConsentsAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const deps = c.get("deps");
      const today = englandDate(deps.clock.now());
      const rows = await consentRows(deps.db, id);
      const views = rows.map((r) => consentView(deps, r.consent, r.recorder, today));
      const service = views.filter((x) => x.kind === "service");
      const given = service.filter((x) => x.givenOn <= today);
      const current = given[given.length - 1] ?? null;
      await auditCaseRead(c, id);
      return c.json({
        today,
        serviceConsent: current && current.state === "active" ? current : null,
        service,
        sharing: views.filter((x) => x.kind === "sharing"),
        recipients: deps.protocol.sharing.recipients.map((r) => ({
          id: r.id,
          name: r.name,
          informedRoutinely: r.informedRoutinely === true,
        })),
        purposes: Object.entries(COMMON_SHARING_PURPOSES).map(([pid, description]) => ({ id: pid, description })),
      });
    },
  )
  .post(
    "/cases/:id/consents",
    describeRoute({
      tags: TAGS,
      summary: "Record consent to the service, or consent to share",
      description:
        "Checked by the domain's `ServiceConsentSchema` or `SharingConsentSchema`: verbal consent needs `recordedBy` (who heard it); `givenOn` cannot be in the future; every recipient must be one the protocol lists. Audited as `consent-change`.",
      requestBody: { content: json(ConsentBody) },
      responses: {
        201: { description: "The consent", content: json(ConsentViewSchema) },
        404: problem("No case here that you can see"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    jsonBody(ConsentBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const deps = c.get("deps");
      const user = staff(c);
      const today = englandDate(deps.clock.now());
      const consentId = newId();
      const { recordedBy, ...rest } = input;
      const base = { ...rest, id: consentId, ...(recordedBy ? { recordedBy } : {}) };
      if (base.kind === "service") {
        const { covers: _covers, ...record } = base;
        parseOrThrow(ServiceConsentSchema, record);
      } else {
        parseOrThrow(SharingConsentSchema, {
          ...base,
          ...(base.purposes && base.purposes.length === 0 ? { purposes: undefined } : {}),
        });
        checkRecipients(deps, base.recipientIds, "recipientIds");
      }
      notInFuture("givenOn", input.givenOn, today);
      const now = deps.clock.now().toISOString();
      await deps.db.transaction(
        async (tx) => {
          await tx.insert(consents).values({
            id: consentId,
            childId: id,
            kind: input.kind,
            givenByName: input.givenBy.name,
            givenByRelationship: input.givenBy.relationship,
            givenOn: input.givenOn,
            recordedAs: input.recordedAs,
            heardBy: input.recordedAs === "verbal" ? (input.recordedBy ?? null) : null,
            covers: input.kind === "service" ? input.covers : null,
            recipientIds: input.kind === "sharing" ? [...new Set(input.recipientIds)] : null,
            purposes: input.kind === "sharing" && input.purposes && input.purposes.length > 0 ? input.purposes : null,
            recordedBy: user.id,
            version: 1,
            createdAt: now,
            updatedAt: now,
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "consent-change",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: `${input.kind}-consent-given`,
            }),
          );
          // A consent that now allows a routine notice (the wellbeing service) queues it.
          await queueRoutineNotices(tx, c, id);
        },
        { behavior: "immediate" },
      );
      const [row] = (await consentRows(deps.db, id)).filter((r) => r.consent.id === consentId);
      if (!row) throw new ProblemError("server-error", 500);
      return c.json(consentView(deps, row.consent, row.recorder, today), 201);
    },
  )
  .post(
    "/cases/:id/consents/:consentId/withdrawal",
    describeRoute({
      tags: TAGS,
      summary: "Record that the family withdrew a consent, from a day",
      description:
        "`withdrawnOn` cannot be before the consent was given nor in the future; nothing may rely on the consent from that day (the domain's `sharingDecision`). Withdrawing consent to the service ends every consent to share given before it. Send the `version` read: an older one is refused with 409 `edit-conflict`. Audited as `consent-change`.",
      requestBody: { content: json(WithdrawalBody) },
      responses: {
        200: { description: "The consent", content: json(ConsentViewSchema) },
        404: problem("No case or consent here that you can see"),
        409: problem("edit-conflict, or conflict: already withdrawn"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ConsentParam),
    jsonBody(WithdrawalBody),
    async (c) => {
      const { id, consentId } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const deps = c.get("deps");
      const today = englandDate(deps.clock.now());
      await deps.db.transaction((tx) => withdrawConsent(tx, c, id, consentId, input, today), {
        behavior: "immediate",
      });
      const [row] = (await consentRows(deps.db, id)).filter((r) => r.consent.id === consentId);
      if (!row) throw new ProblemError("server-error", 500);
      return c.json(consentView(deps, row.consent, row.recorder, today));
    },
  )
  .post(
    "/cases/:id/sharing-decision",
    describeRoute({
      tags: TAGS,
      summary: "May the service share with this recipient for this purpose (a dry run)?",
      description:
        "The domain's `sharingDecision` on the case's consents, on `on` (default today): allowed or not, the basis, the reason in words, the consent relied on and the protocol clause. Nothing is recorded.",
      requestBody: { content: json(SharingDecisionBody) },
      responses: {
        200: { description: "The decision", content: json(SharingDecisionSchema) },
        404: problem("No case here that you can see"),
        422: problem("validation"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    jsonBody(SharingDecisionBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const deps = c.get("deps");
      const on = input.on ?? englandDate(deps.clock.now());
      const records = (await consentRows(deps.db, id)).map((r) => recordOf(r.consent));
      const decision = sharingDecision(records, input.recipientId, input.purpose, on as IsoDate, deps.protocol);
      return c.json({ ...decision, on });
    },
  )
  .get(
    "/cases/:id/disclosures",
    describeRoute({
      tags: TAGS,
      summary: "Every time information about the child left the service",
      description:
        "Newest first: what, to whom, why, on what basis (the consent relied on, or the exception, flagged), when, by which channel and by whom.",
      responses: {
        200: { description: "The disclosures", content: json(DisclosuresAnswerSchema) },
        404: problem("No case here that you can see"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await caseFor(c, id);
      const list = await disclosureViews(c.get("deps"), id);
      await auditCaseRead(c, id);
      return c.json({ disclosures: list, kinds: [...DISCLOSURE_KINDS], channels: [...DISCLOSURE_CHANNELS] });
    },
  )
  .post(
    "/cases/:id/disclosures",
    describeRoute({
      tags: TAGS,
      summary: "Record a disclosure, after the domain's sharing decision allows it",
      description:
        "Runs the domain's `sharingDecision` with the case's consents on `disclosedOn` (not in the future). Without consent the disclosure is refused, 422 with the decision's reason as `detail` and `decision`, unless a coordinator records an `exception` (safeguarding or a legal duty, with its reason and lawful basis in words): a home visitor sending one gets 403 naming `exception`. Stored with its basis and the consent relied on, or the exception (flagged). Audited as `disclose` (reason `disclosure-recorded`, or `exception`).",
      requestBody: { content: json(DisclosureBody) },
      responses: {
        201: { description: "The disclosure", content: json(DisclosureViewSchema) },
        403: problem("forbidden: only a coordinator may record an exception"),
        404: problem("No case here that you can see"),
        422: problem("validation, or the sharing decision refused the disclosure"),
      },
    }),
    allow(...ROLES),
    noStore,
    pathParams(ChildParam),
    jsonBody(DisclosureBody),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      await caseFor(c, id);
      const deps = c.get("deps");
      const user = staff(c);
      const today = englandDate(deps.clock.now());
      checkRecipients(deps, [input.recipientId], "recipientId");
      notInFuture("disclosedOn", input.disclosedOn, today);
      if (input.exception && user.role !== "coordinator") {
        await audit(c, {
          action: "disclose",
          outcome: "denied",
          recordType: "child",
          recordId: id,
          reason: "wrong-role",
        });
        throw new ProblemError("forbidden", 403, "Only a coordinator can record sharing without consent.", {
          errors: [{ field: "exception", pointer: "/exception", message: "can only be recorded by a coordinator" }],
        });
      }
      const records = (await consentRows(deps.db, id)).map((r) => recordOf(r.consent));
      const exception = input.exception
        ? {
            basis: input.exception.basis,
            reason: input.exception.reason,
            decidedBy: user.name,
            decidedOn: input.disclosedOn as IsoDate,
          }
        : undefined;
      const decision = sharingDecision(
        records,
        input.recipientId,
        input.purpose,
        input.disclosedOn as IsoDate,
        deps.protocol,
        exception,
      );
      if (!decision.allowed || decision.basis === "none") {
        await audit(c, {
          action: "disclose",
          outcome: "denied",
          recordType: "child",
          recordId: id,
          reason: "no-consent",
        });
        throw new ProblemError("validation", 422, decision.reason, {
          decision,
          errors: [{ field: "recipientId", pointer: "/recipientId", message: decision.reason }],
        });
      }
      const onConsent = decision.basis === "consent";
      const disclosureId = newId();
      await deps.db.transaction(
        async (tx) => {
          await tx.insert(disclosures).values({
            id: disclosureId,
            childId: id,
            recipientId: input.recipientId,
            what: input.what,
            description: input.description || null,
            purpose: input.purpose,
            basis: decision.basis as "consent" | "safeguarding" | "legal-duty",
            consentId: onConsent ? (decision.consentId ?? null) : null,
            exception:
              !onConsent && input.exception
                ? {
                    lawfulBasis: input.exception.lawfulBasis,
                    reason: input.exception.reason,
                    decidedBy: { id: user.id, name: user.name },
                    decidedOn: input.disclosedOn,
                  }
                : null,
            channel: input.channel,
            disclosedOn: input.disclosedOn,
            disclosedBy: user.id,
            createdAt: deps.clock.now().toISOString(),
          });
          await tx.insert(auditEvents).values(
            auditRow(c, {
              action: "disclose",
              outcome: "success",
              recordType: "child",
              recordId: id,
              reason: onConsent ? "disclosure-recorded" : "exception",
            }),
          );
        },
        { behavior: "immediate" },
      );
      const view = (await disclosureViews(deps, id)).find((d) => d.id === disclosureId);
      return c.json({ ...view, decision }, 201);
    },
  );
