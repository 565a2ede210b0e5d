// What staff read of the messages families send from the family app: questions and notes, requests
// to stop Portage and consents withdrawn. The admin app imports these types through `@openportage/api`.
import * as v from "valibot";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const Person = v.object({ id: Str, name: Str });

export const FAMILY_MESSAGE_KINDS = ["message", "leave-request", "consent-withdrawn"] as const;

/** A message from a family member, as staff see it. */
export const FamilyMessageViewSchema = v.object({
  id: Str,
  /** `message` (a question or note), `leave-request` (the family wants to stop), `consent-withdrawn` (done in the app). */
  kind: v.picklist(FAMILY_MESSAGE_KINDS),
  body: NullableStr,
  sentAt: Str,
  /** Who sent it: the family member's name, who they are to the child, and whether a parent or carer or a helper. */
  from: v.object({
    accountId: Str,
    name: Str,
    relationship: Str,
    kind: v.picklist(["carer", "helper"]),
  }),
  readAt: NullableStr,
  readBy: v.nullable(Person),
});

/** `GET /cases/:id/family-messages`: newest first. */
export const FamilyMessagesSchema = v.object({ messages: v.array(FamilyMessageViewSchema) });

/** A leave request or consent withdrawal not yet read, for the coordinator's dashboard. */
export const FamilyRequestSchema = v.object({
  ...FamilyMessageViewSchema.entries,
  child: v.object({ id: Str, firstName: Str, lastName: Str }),
  /** The home visitor now; null once the child has left or before allocation. */
  homeVisitor: v.nullable(Person),
  /** The child's newest referral and where it stands (`allocated`, `waiting`, `closed`, ...), to link to the right page. */
  referral: v.nullable(v.object({ id: Str, status: Str })),
});
export const FamilyRequestsSchema = v.object({ requests: v.array(FamilyRequestSchema) });

/** Marking a message read takes no fields. */
export const FamilyMessageReadBody = v.strictObject({});

export type FamilyMessageKind = (typeof FAMILY_MESSAGE_KINDS)[number];
export type FamilyMessageView = v.InferOutput<typeof FamilyMessageViewSchema>;
export type FamilyMessages = v.InferOutput<typeof FamilyMessagesSchema>;
export type FamilyRequest = v.InferOutput<typeof FamilyRequestSchema>;
export type FamilyRequests = v.InferOutput<typeof FamilyRequestsSchema>;
