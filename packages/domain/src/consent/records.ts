// What the service records about consent and about each disclosure. Consent to the service and
// consent to share are separate records (ICO data sharing code): a family can agree to Portage
// without agreeing to every disclosure, and can withdraw either from a given day.
import * as v from "valibot";
import type { ProtocolProblem } from "../protocol/parse.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";

const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const RecordId = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const Id = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens, starting with a letter"),
);

/** The parent or carer who gave (or withdrew) consent, by name and relationship to the child. */
export const ConsentGiverSchema = v.strictObject({
  name: Text,
  /** How they are related to the child, in their own words: "mother", "foster carer", "grandparent with parental responsibility". */
  relationship: Text,
});

/** How consent was recorded: a signed or typed form, or said aloud to a member of staff. */
export const RecordedAsSchema = v.picklist(["written", "verbal"], "must be written or verbal");

const consentFields = {
  /** The record's own id, as the service's records store it. */
  id: RecordId,
  givenBy: ConsentGiverSchema,
  givenOn: IsoDateSchema,
  /** The day consent was withdrawn: nothing may rely on it from this day on. */
  withdrawnOn: v.optional(IsoDateSchema),
  recordedAs: RecordedAsSchema,
  /** The member of staff who took or recorded the consent; required for verbal consent, which has no signature. */
  recordedBy: v.optional(Text),
};

// Rules across fields that every consent record keeps, written once for both kinds.
const WITHDRAWN_BEFORE_GIVEN = "cannot be before the day consent was given";
const VERBAL_NEEDS_WITNESS = "is required for verbal consent: name who heard it";
const withdrawnAfterGiven = (c: { givenOn: string; withdrawnOn?: string | undefined }) =>
  c.withdrawnOn === undefined || c.withdrawnOn >= c.givenOn;
const verbalHasWitness = (c: { recordedAs: string; recordedBy?: string | undefined }) =>
  c.recordedAs !== "verbal" || c.recordedBy !== undefined;

/** Consent to the service itself: a parent or carer agrees to Portage working with their child. */
export const ServiceConsentSchema = v.pipe(
  v.strictObject({ kind: v.literal("service"), ...consentFields }),
  v.forward(v.partialCheck([["givenOn"], ["withdrawnOn"]], withdrawnAfterGiven, WITHDRAWN_BEFORE_GIVEN), [
    "withdrawnOn",
  ]),
  v.forward(v.partialCheck([["recordedAs"], ["recordedBy"]], verbalHasWitness, VERBAL_NEEDS_WITNESS), ["recordedBy"]),
);

/** Consent to share information with named recipients (ids from the protocol's `sharing.recipients`). */
export const SharingConsentSchema = v.pipe(
  v.strictObject({
    kind: v.literal("sharing"),
    ...consentFields,
    recipientIds: v.pipe(v.array(Id), v.minLength(1, "must name at least one recipient")),
    /** What sharing is for. Left out, the consent covers any purpose of the family's Portage support. */
    purposes: v.optional(v.pipe(v.array(Id), v.minLength(1, "must list at least one purpose, or be left out"))),
  }),
  v.forward(v.partialCheck([["givenOn"], ["withdrawnOn"]], withdrawnAfterGiven, WITHDRAWN_BEFORE_GIVEN), [
    "withdrawnOn",
  ]),
  v.forward(v.partialCheck([["recordedAs"], ["recordedBy"]], verbalHasWitness, VERBAL_NEEDS_WITNESS), ["recordedBy"]),
);

/** Either kind of consent record. */
export const ConsentRecordSchema = v.variant("kind", [ServiceConsentSchema, SharingConsentSchema]);

/** Consent to the service. */
export type ServiceConsent = v.InferOutput<typeof ServiceConsentSchema>;
/** Consent to share with named recipients. */
export type SharingConsent = v.InferOutput<typeof SharingConsentSchema>;
/** Either kind of consent record. */
export type ConsentRecord = ServiceConsent | SharingConsent;

/**
 * What a consent record names that the protocol does not: recipients missing from its
 * `sharing.recipients`. A consent to share with a recipient the protocol does not list cannot
 * be used, so the form that records it should refuse it.
 */
export function consentProblems(consent: ConsentRecord, protocol: Pick<Protocol, "sharing">): ProtocolProblem[] {
  if (consent.kind === "service") return [];
  const listed = new Set(protocol.sharing.recipients.map((r) => r.id));
  return consent.recipientIds.flatMap((id, i) =>
    listed.has(id) ? [] : [{ path: `recipientIds.${i}`, message: `"${id}" is not a recipient the protocol lists` }],
  );
}

/**
 * Purposes services commonly share for. A consent's `purposes` and a disclosure's `purpose`
 * may use other ids; these are the ones the package itself uses and a form can offer.
 */
export const COMMON_SHARING_PURPOSES = {
  "coordinating-support": "Working together with the other professionals supporting the child",
  "transition-to-setting": "Passing on the child's progress when they move to a setting or school",
  "onward-referral": "Referring the child or family to another service, or to Portage in a new area",
  "informing-involvement": "Letting a service know that the family receives Portage",
} as const;

const exceptionDetails = {
  /** Why sharing without consent is necessary and proportionate, in the decision-maker's words. */
  reason: Text,
  /** Who decided to share (often the designated safeguarding lead). */
  decidedBy: Text,
  decidedOn: IsoDateSchema,
};

/**
 * A recorded decision to share without consent. Staff write down the reason, who decided and
 * when before relying on it: the DfE advice asks for the decision and its reasons to be recorded
 * whether or not information is shared.
 */
export const SharingExceptionSchema = v.strictObject({
  basis: v.picklist(["safeguarding", "legal-duty"], "must be safeguarding or legal-duty"),
  ...exceptionDetails,
});
/** A recorded decision to share without consent. */
export type SharingException = v.InferOutput<typeof SharingExceptionSchema>;

const disclosureFields = {
  /** The record's own id, when the service's records have given it one. */
  id: v.optional(RecordId),
  recipientId: Id,
  purpose: Id,
  sharedOn: IsoDateSchema,
  /** What was shared, described in words ("latest play plan and review summary"), never the data itself. */
  summary: Text,
  /** The member of staff who shared it. */
  sharedBy: Text,
};

/**
 * A record of one disclosure: who received what, when, why, on what lawful basis and from whom.
 * A disclosure on consent names the consent record; one without consent carries the recorded
 * decision.
 */
export const DisclosureSchema = v.variant("basis", [
  v.strictObject({ ...disclosureFields, basis: v.literal("consent"), consentId: RecordId }),
  v.strictObject({
    ...disclosureFields,
    basis: v.literal("safeguarding"),
    exception: v.strictObject(exceptionDetails),
  }),
  v.strictObject({ ...disclosureFields, basis: v.literal("legal-duty"), exception: v.strictObject(exceptionDetails) }),
]);
/** A record of one disclosure. */
export type Disclosure = v.InferOutput<typeof DisclosureSchema>;

/**
 * The lawful bases for a disclosure. `consent` is the routine one. `safeguarding` covers
 * sharing to protect a child from harm, which may go ahead without consent, or against it,
 * when seeking consent would put the child at risk (DfE information sharing advice, 2024).
 * `legal-duty` covers a court order or another statutory duty to share.
 */
export type DisclosureBasis = Disclosure["basis"];
