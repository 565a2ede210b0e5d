// May the service share information with a recipient on a given day? Consent is the routine
// basis; a recorded safeguarding or legal-duty decision is the exception (ICO data sharing code;
// DfE information sharing advice for safeguarding practitioners, 2024).
import type { IsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import type { Protocol } from "../protocol/schema.js";
import type {
  ConsentRecord,
  Disclosure,
  DisclosureBasis,
  ServiceConsent,
  SharingConsent,
  SharingException,
} from "./records.js";

/** The parts of a protocol a sharing decision reads: its recipients and its consent clauses. */
export type SharingProtocol = Pick<Protocol, "sharing"> & {
  readonly eligibility: Pick<Protocol["eligibility"], "consent">;
};

/** The answer to "may we share this, with them, today?", with the reason and what it relied on. */
export interface SharingDecision {
  readonly allowed: boolean;
  /** The lawful basis the disclosure rests on, or `none` when it may not happen. */
  readonly basis: DisclosureBasis | "none";
  /** Why, in plain words for staff. */
  readonly reason: string;
  /** The consent record the decision rests on: the one that allows it, or the one whose withdrawal stops it. */
  readonly consentId?: string;
  /** The protocol clause applied. */
  readonly clauseId: string;
}

// The clause ids the presets use, cited when no protocol is given.
const SHARING_CLAUSE = "information-sharing";
const SERVICE_CONSENT_CLAUSE = "consent";

function isService(c: ConsentRecord): c is ServiceConsent {
  return c.kind === "service";
}
function isSharing(c: ConsentRecord): c is SharingConsent {
  return c.kind === "sharing";
}
function withdrawnBy(c: ConsentRecord, asOf: IsoDate): boolean {
  return c.withdrawnOn !== undefined && c.withdrawnOn <= asOf;
}
function by(c: ConsentRecord): string {
  return `${c.givenBy.name} (${c.givenBy.relationship})`;
}

// Why one sharing consent does not cover the disclosure, or undefined when it does. Ranked so
// that the most telling reason is reported when several consents fail.
type Failure = { rank: number; reason: string; clauseId: string };

function failureOf(
  consent: SharingConsent,
  purpose: string,
  asOf: IsoDate,
  serviceConsents: readonly ServiceConsent[],
  clauses: { sharing: string; service: string },
  recipient: string,
): Failure | undefined {
  if (consent.givenOn > asOf) {
    return {
      rank: 1,
      reason: `Consent to share with ${recipient} was given on ${dateInWords(consent.givenOn)}, after ${dateInWords(asOf)}: it does not cover a disclosure before it was given.`,
      clauseId: clauses.sharing,
    };
  }
  if (withdrawnBy(consent, asOf)) {
    return {
      rank: 4,
      reason: `${by(consent)} withdrew consent to share with ${recipient} on ${dateInWords(consent.withdrawnOn as IsoDate)}: nothing may be shared on it from that day.`,
      clauseId: clauses.sharing,
    };
  }
  // Withdrawing consent to the service ends every sharing consent given on or before that day;
  // the family gives sharing consent afresh if they come back.
  const ended = serviceConsents.find(
    (s) => s.withdrawnOn !== undefined && s.withdrawnOn >= consent.givenOn && s.withdrawnOn <= asOf,
  );
  if (ended) {
    return {
      rank: 3,
      reason: `Consent to share with ${recipient} (given ${dateInWords(consent.givenOn)}) ended when consent to the service was withdrawn on ${dateInWords(ended.withdrawnOn as IsoDate)}.`,
      clauseId: clauses.service,
    };
  }
  if (consent.purposes !== undefined && !consent.purposes.includes(purpose)) {
    return {
      rank: 2,
      reason: `Consent to share with ${recipient} covers ${consent.purposes.join(", ")}, not ${purpose}.`,
      clauseId: clauses.sharing,
    };
  }
  return undefined;
}

function latestGiven<T extends ConsentRecord>(records: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const r of records) if (latest === undefined || r.givenOn >= latest.givenOn) latest = r;
  return latest;
}

function decideOnConsent(
  consents: readonly ConsentRecord[],
  recipientId: string,
  purpose: string,
  asOf: IsoDate,
  protocol: SharingProtocol | undefined,
): SharingDecision {
  const clauses = {
    sharing: protocol?.sharing.id ?? SHARING_CLAUSE,
    service: protocol?.eligibility.consent.id ?? SERVICE_CONSENT_CLAUSE,
  };
  const refuse = (reason: string, clauseId: string, consentId?: string): SharingDecision =>
    consentId === undefined
      ? { allowed: false, basis: "none", reason, clauseId }
      : { allowed: false, basis: "none", reason, clauseId, consentId };

  const listed = protocol?.sharing.recipients.find((r) => r.id === recipientId);
  if (protocol && !listed) {
    return refuse(
      `"${recipientId}" is not a recipient the protocol lists for sharing on consent; add it to the protocol's sharing recipients first.`,
      clauses.sharing,
    );
  }
  const recipient = listed?.name ?? recipientId;

  const serviceConsents = consents.filter(isService);
  const current = latestGiven(serviceConsents.filter((s) => s.givenOn <= asOf));
  if (current && withdrawnBy(current, asOf)) {
    return refuse(
      `${by(current)} withdrew consent to the service on ${dateInWords(current.withdrawnOn as IsoDate)}: all routine sharing has stopped.`,
      clauses.service,
      current.id,
    );
  }

  const judged = consents
    .filter(isSharing)
    .filter((c) => c.recipientIds.includes(recipientId))
    .map((consent) => ({ consent, failure: failureOf(consent, purpose, asOf, serviceConsents, clauses, recipient) }));
  const used = latestGiven(judged.filter((j) => j.failure === undefined).map((j) => j.consent));
  if (used) {
    return {
      allowed: true,
      basis: "consent",
      reason: `${by(used)} gave ${used.recordedAs} consent on ${dateInWords(used.givenOn)} to share with ${recipient}${
        used.purposes ? ` for ${used.purposes.join(", ")}` : ""
      }.`,
      consentId: used.id,
      clauseId: clauses.sharing,
    };
  }
  // Nothing allows it, so every consent judged has a failure: report the most telling one.
  let worst: { failure: Failure; id: string } | undefined;
  for (const { consent, failure } of judged as { consent: SharingConsent; failure: Failure }[]) {
    if (worst === undefined || failure.rank >= worst.failure.rank) worst = { failure, id: consent.id };
  }
  if (worst) return refuse(worst.failure.reason, worst.failure.clauseId, worst.id);
  return refuse(`No consent to share with ${recipient} is recorded.`, clauses.sharing);
}

function decideOnException(exception: SharingException, asOf: IsoDate, clauseId: string): SharingDecision {
  const what = exception.basis === "safeguarding" ? "for safeguarding" : "under a legal duty";
  if (exception.reason.trim() === "" || exception.decidedBy.trim() === "") {
    return {
      allowed: false,
      basis: "none",
      reason: `Sharing ${what} without consent needs the reason and the name of who decided written down first.`,
      clauseId,
    };
  }
  if (exception.decidedOn > asOf) {
    return {
      allowed: false,
      basis: "none",
      reason: `The decision to share ${what} is dated ${dateInWords(exception.decidedOn)}, after ${dateInWords(asOf)}: record the decision before sharing.`,
      clauseId,
    };
  }
  return {
    allowed: true,
    basis: exception.basis,
    reason: `Shared ${what} without relying on consent, decided by ${exception.decidedBy} on ${dateInWords(exception.decidedOn)}: ${exception.reason.trim()} Record the disclosure, and tell the family unless that would put the child at risk.`,
    clauseId,
  };
}

/**
 * Whether information may be shared with `recipientId` for `purpose` on `asOf`, and on what
 * basis. Consent counts from the day it was given until the day before it was withdrawn;
 * withdrawing consent to the service stops all routine sharing. Without consent, a recorded
 * `exception` (safeguarding or a legal duty, with its reason and decision-maker) allows the
 * disclosure. With a `protocol`, only recipients it lists can be shared with on consent, and
 * reasons cite its clause ids.
 *
 * @example sharingDecision(consents, "health-visitor", "coordinating-support", parseIsoDate("2026-10-01"), lancashire)
 */
export function sharingDecision(
  consents: readonly ConsentRecord[],
  recipientId: string,
  purpose: string,
  asOf: IsoDate,
  protocol?: SharingProtocol,
  exception?: SharingException,
): SharingDecision {
  const clauseId = protocol?.sharing.id ?? SHARING_CLAUSE;
  if (recipientId.trim() === "" || purpose.trim() === "") {
    return {
      allowed: false,
      basis: "none",
      reason: "Every disclosure needs a recipient and a purpose.",
      clauseId,
    };
  }
  const onConsent = decideOnConsent(consents, recipientId, purpose, asOf, protocol);
  if (onConsent.allowed || exception === undefined) return onConsent;
  return decideOnException(exception, asOf, clauseId);
}

/**
 * Whether one named consent to share allows a disclosure on `asOf`, leaving aside any other
 * consent on record: for a disclosure or report that cites the consent it relies on. Consent to
 * the service still counts, since its withdrawal ends every consent to share.
 */
export function citedConsentDecision(
  consentId: string,
  consents: readonly ConsentRecord[],
  recipientId: string,
  purpose: string,
  asOf: IsoDate,
  protocol?: SharingProtocol,
): SharingDecision {
  const cited = consents.find((c) => c.id === consentId);
  if (cited?.kind !== "sharing") {
    return {
      allowed: false,
      basis: "none",
      reason: `Consent "${consentId}" is not a consent to share on record.`,
      clauseId: protocol?.sharing.id ?? SHARING_CLAUSE,
    };
  }
  return sharingDecision([...consents.filter(isService), cited], recipientId, purpose, asOf, protocol);
}

/**
 * Checks a disclosure already recorded: was it allowed on the day it happened, on the basis it
 * gives? A disclosure on consent is judged on the consent it cites (see
 * {@link citedConsentDecision}); one without consent on its recorded decision alone.
 */
export function checkDisclosure(
  disclosure: Disclosure,
  consents: readonly ConsentRecord[],
  protocol?: SharingProtocol,
): SharingDecision {
  const { recipientId, purpose, sharedOn } = disclosure;
  if (disclosure.basis !== "consent") {
    return sharingDecision([], recipientId, purpose, sharedOn, protocol, {
      basis: disclosure.basis,
      ...disclosure.exception,
    });
  }
  return citedConsentDecision(disclosure.consentId, consents, recipientId, purpose, sharedOn, protocol);
}
