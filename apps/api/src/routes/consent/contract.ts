// What the consent, sharing-decision and disclosure routes accept and answer with, as valibot
// schemas: the bodies are parsed by them at the edge (unknown keys refused), then the consent
// records again by the domain's own schemas, and the types inferred here are what the admin imports.
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const Person = v.object({ id: Str, name: Str });

const Text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(max, `must be ${max} characters or fewer`));
const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const IsoDate = v.pipe(
  v.string("must be a date written YYYY-MM-DD"),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  v.check(
    (s) =>
      !/^\d{4}-\d{2}-\d{2}$/.test(s) ||
      (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
    "must be a real date",
  ),
);
const Id = v.pipe(
  v.string("must be chosen from the list"),
  v.regex(/^[a-z][a-z0-9-]*$/, "must be chosen from the list"),
  v.maxLength(80, "must be chosen from the list"),
);
const Version = v.pipe(
  v.number("must be the version you read"),
  v.integer("must be the version you read"),
  v.minValue(1, "must be the version you read"),
);

/** What a disclosure was: a report, a summary, a conversation, a notification, or something else. */
export const DISCLOSURE_KINDS = ["report", "summary", "conversation", "notification", "other"] as const;
/** How information left the service. */
export const DISCLOSURE_CHANNELS = ["secure-email", "phone", "in-person", "post", "other"] as const;
/** The lawful bases for sharing without consent. */
export const EXCEPTION_BASES = ["safeguarding", "legal-duty"] as const;

// Requests.

const GivenBy = v.strictObject({ name: Text(200), relationship: Text(100) });
const consentFields = {
  givenBy: GivenBy,
  givenOn: IsoDate,
  recordedAs: v.picklist(["written", "verbal"], "must be written or verbal"),
  /** The member of staff who heard verbal consent: required for verbal consent. */
  recordedBy: OptionalText(200),
};

/** `POST /cases/:id/consents`: consent to the service, or consent to share with the protocol's recipients. */
export const ConsentBody = v.variant(
  "kind",
  [
    v.strictObject({
      kind: v.literal("service"),
      ...consentFields,
      /** What the consent covers, in words (home visits, keeping records, ...). */
      covers: v.pipe(Text(1000), multiLine),
    }),
    v.strictObject({
      kind: v.literal("sharing"),
      ...consentFields,
      recipientIds: v.pipe(v.array(Id), v.minLength(1, "must name at least one recipient"), v.maxLength(50)),
      purposes: v.optional(v.pipe(v.array(Id), v.maxLength(20))),
    }),
  ],
  "must be service or sharing",
);
/** A consent to record. */
export type ConsentInput = v.InferInput<typeof ConsentBody>;

/** `POST /cases/:id/consents/:consentId/withdrawal`. */
export const WithdrawalBody = v.strictObject({ version: Version, withdrawnOn: IsoDate });
/** A withdrawal. */
export type WithdrawalInput = v.InferInput<typeof WithdrawalBody>;

/** `POST /cases/:id/sharing-decision`: a dry run. `on` defaults to today. */
export const SharingDecisionBody = v.strictObject({ recipientId: Id, purpose: Id, on: v.optional(IsoDate) });
/** A dry-run question. */
export type SharingDecisionInput = v.InferInput<typeof SharingDecisionBody>;

/** A coordinator's recorded decision to share without consent. */
export const ExceptionBody = v.strictObject({
  basis: v.picklist(EXCEPTION_BASES, "must be safeguarding or legal-duty"),
  /** Why sharing without consent is necessary and proportionate. */
  reason: v.pipe(Text(2000), multiLine),
  /** The lawful basis in words ("Children Act 1989 s47", "court order of ..."). */
  lawfulBasis: Text(500),
});

/** `POST /cases/:id/disclosures`. */
export const DisclosureBody = v.strictObject({
  recipientId: Id,
  purpose: Id,
  what: v.picklist(DISCLOSURE_KINDS, "must be a report, a summary, a conversation, a notification or other"),
  description: OptionalText(1000),
  channel: v.picklist(DISCLOSURE_CHANNELS, "must be secure email, phone, in person, post or other"),
  disclosedOn: IsoDate,
  exception: v.optional(ExceptionBody),
});
/** A disclosure to record. */
export type DisclosureInput = v.InferInput<typeof DisclosureBody>;

// Answers.

/** One consent record, with its state today. */
export const ConsentViewSchema = v.object({
  id: Str,
  kind: v.picklist(["service", "sharing"]),
  givenBy: v.object({ name: Str, relationship: Str }),
  givenOn: Str,
  recordedAs: v.picklist(["written", "verbal"]),
  /** The member of staff who recorded it. */
  recordedBy: Person,
  /** For verbal consent: the member of staff who heard it. */
  heardBy: v.nullable(v.string()),
  covers: NullableStr,
  recipients: v.array(v.object({ id: Str, name: Str })),
  purposes: v.nullable(v.array(Str)),
  withdrawnOn: NullableStr,
  /** Today: `active`, `withdrawn` (from withdrawnOn), or `not-yet` (given in the future). */
  state: v.picklist(["active", "withdrawn", "not-yet"]),
  version: v.number(),
  createdAt: Str,
});
/** One consent record. */
export type ConsentView = v.InferOutput<typeof ConsentViewSchema>;

/** `GET /cases/:id/consents`. */
export const ConsentsAnswerSchema = v.object({
  today: Str,
  /** The consent to the service in force today, if any. */
  serviceConsent: v.nullable(ConsentViewSchema),
  service: v.array(ConsentViewSchema),
  sharing: v.array(ConsentViewSchema),
  /** The protocol's recipients, and whether the service tells each one routinely. */
  recipients: v.array(v.object({ id: Str, name: Str, informedRoutinely: v.boolean() })),
  purposes: v.array(v.object({ id: Str, description: Str })),
});
/** The case's consents. */
export type ConsentsAnswer = v.InferOutput<typeof ConsentsAnswerSchema>;

/** The domain's `sharingDecision`. */
export const SharingDecisionSchema = v.object({
  allowed: v.boolean(),
  basis: v.picklist(["consent", "safeguarding", "legal-duty", "none"]),
  reason: Str,
  consentId: v.optional(Str),
  clauseId: Str,
  on: Str,
});
/** A sharing decision. */
export type SharingDecisionView = v.InferOutput<typeof SharingDecisionSchema>;

/** An email send's progress: `pending` (due `nextAttemptAt`), `sending`, `sent`, `failed` (gave up), `cancelled` (consent withdrawn first), `set-aside` (failed, and staff decided not to send it). */
export const DeliverySchema = v.object({
  status: v.picklist(["pending", "sending", "sent", "failed", "cancelled", "set-aside"]),
  emailAddress: Str,
  attempts: v.number(),
  lastError: NullableStr,
  nextAttemptAt: NullableStr,
  sentAt: NullableStr,
  /** A document sent with it (its file name). */
  documentName: NullableStr,
});
/** An email send's progress. */
export type DeliveryView = v.InferOutput<typeof DeliverySchema>;

/** One disclosure. */
export const DisclosureViewSchema = v.object({
  id: Str,
  recipient: v.object({ id: Str, name: Str }),
  what: Str,
  description: NullableStr,
  purpose: Str,
  basis: v.picklist(["consent", "safeguarding", "legal-duty"]),
  consentId: NullableStr,
  /** Shared without consent: flagged. */
  flagged: v.boolean(),
  exception: v.nullable(v.object({ lawfulBasis: Str, reason: Str, decidedBy: Person, decidedOn: Str })),
  /** `notify-email` for a send through the outbox; otherwise one of the channels staff record. */
  channel: Str,
  disclosedOn: Str,
  disclosedBy: Person,
  createdAt: Str,
  /** For a send by email through the outbox: where it is on its way, so a failed send is never silently lost. */
  delivery: v.nullable(DeliverySchema),
});
/** One disclosure. */
export type DisclosureView = v.InferOutput<typeof DisclosureViewSchema>;

/** `GET /cases/:id/disclosures`, newest first. */
export const DisclosuresAnswerSchema = v.object({
  disclosures: v.array(DisclosureViewSchema),
  kinds: v.array(Str),
  channels: v.array(Str),
});
/** The case's disclosures. */
export type DisclosuresAnswer = v.InferOutput<typeof DisclosuresAnswerSchema>;
