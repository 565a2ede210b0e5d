// What the notifications-not-sent routes accept and answer with: the outbox's emails that failed
// (every attempt used, or refused by GOV.UK Notify), those stuck mid-delivery past their lease, and
// those staff set aside; and the two decisions staff make about one (docs/adr/0055).
import * as v from "valibot";
import { Pagination } from "../../lib/http.js";
import { NOTIFICATION_KINDS } from "../../lib/notify.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());

/** A notification's version as read: any change (staff's or the outbox's) gives a new one. */
export const NotificationVersion = v.pipe(
  v.string("must be the version you read"),
  v.regex(/^[A-Za-z0-9_-]{16}$/, "must be the version you read"),
);

/** `GET /notifications`: which list, and the page. */
export const NotificationsQuery = v.strictObject({
  /** `needs-action` (failed, or stuck mid-delivery: the default) or `set-aside`. */
  show: v.optional(v.picklist(["needs-action", "set-aside"], "must be needs-action or set-aside"), "needs-action"),
  ...Pagination,
});

/** `POST /notifications/:id/send-again` and `.../set-aside`: the version read with the list. */
export const NotificationDecisionBody = v.strictObject(
  { version: NotificationVersion },
  // A missing `version` is named with the same words as a wrong one.
  "must be the version you read",
);
export type NotificationDecisionInput = v.InferInput<typeof NotificationDecisionBody>;

/** What a notification was about: a referral or a child's case (the child's name for coordinators only). */
export const NotificationAboutSchema = v.object({
  referralId: NullableStr,
  childId: NullableStr,
  /** The referral's reference (the child's newest referral for a case's email). */
  reference: NullableStr,
  /** The child's name: null for administrators, who do not see children's records. */
  childName: NullableStr,
});

/** One notification that was not sent. */
export const NotificationViewSchema = v.object({
  id: Str,
  kind: v.picklist(NOTIFICATION_KINDS),
  /**
   * `failed` (every attempt used, or refused for good), `stuck` (claimed by a worker longer ago
   * than the lease, and GOV.UK Notify could not yet be asked whether it arrived), `set-aside`; after
   * a send again, where it is on its way: `queued`, `sending`, `sent` (or `cancelled` when consent
   * was withdrawn before a disclosure left).
   */
  state: v.picklist(["failed", "stuck", "set-aside", "queued", "sending", "sent", "cancelled"]),
  queuedAt: Str,
  attempts: v.number(),
  /** Only a status code (`HTTP 400`) or a short message with any address taken out. */
  lastError: NullableStr,
  /** The address, partly hidden: the first letter and the whole domain (`j•••@example.com`). */
  recipient: Str,
  /**
   * For a parent's confirmation or the team's alert: the address a send again would use is not
   * the one that failed (the referral's carer email was corrected, the team's address changed).
   */
  addressChanged: v.boolean(),
  about: v.nullable(NotificationAboutSchema),
  /** Whether it may be sent again; otherwise `sendAgainRefusal` says why. */
  canSendAgain: v.boolean(),
  sendAgainRefusal: NullableStr,
  canSetAside: v.boolean(),
  /** Who set it aside and when, from the audit trail (`set-aside` only). */
  setAside: v.nullable(v.object({ by: NullableStr, at: Str })),
  version: Str,
});
export type NotificationView = v.InferOutput<typeof NotificationViewSchema>;

/** `GET /notifications`. */
export const NotificationsAnswerSchema = v.object({
  show: v.picklist(["needs-action", "set-aside"]),
  page: v.number(),
  pageSize: v.number(),
  total: v.number(),
  notifications: v.array(NotificationViewSchema),
});
export type NotificationsAnswer = v.InferOutput<typeof NotificationsAnswerSchema>;

/** `GET /notifications/summary`: how many need staff (no personal data). */
export const NotificationsSummarySchema = v.object({
  needsAction: v.number(),
  failed: v.number(),
  stuck: v.number(),
  setAside: v.number(),
});
export type NotificationsSummary = v.InferOutput<typeof NotificationsSummarySchema>;
