// Notifications leave through the outbox: rows written in the same transaction as the referral
// (or the disclosure), delivered afterwards by GOV.UK Notify (or logged, without a key), retried
// with back-off, so a slow or failing email service never blocks or fails the work that queued it.
//
// Exactly once: a worker claims a row (`sending`) before it calls Notify and marks it `sent` after.
// A claim older than the lease (twice the request time limit) belongs to a worker that died or hung
// mid-delivery; Notify is then asked whether a notification with that reference (the outbox id)
// arrived, and the row is marked sent or sent again accordingly (docs/adr/0043).
//
// Sent is not delivered: Notify is asked afterwards what became of each email (delivered, or
// bounced, or given up on). One that was not delivered becomes `failed` with the reason, so it is
// on the staff's list of notifications not sent, to correct the address and send again (ADR 0059).
import { and, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import notifications from "notifications-node-client";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { disclosures, outbox } from "../db/schema.js";
import type { Clock } from "./clock.js";
import { describeError, scrub } from "./errors.js";
import type { Logger } from "./logger.js";

/**
 * The kinds of notification the service sends. `family-invitation` and `family-code` carry a
 * family member's invitation link and one-time sign-in code (docs/adr/0044-family-sign-in.md);
 * `family-access-ended` tells family members the case closed and until when the reports stay;
 * `staff-password-reset` is a member of staff's forgotten-password link (30 minutes, single use).
 */
export const NOTIFICATION_KINDS = [
  "parent-confirmation",
  "team-alert",
  "report",
  "routine-notice",
  "family-invitation",
  "family-code",
  "family-access-ended",
  "staff-password-reset",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A file sent with an email through Notify's document sending (a link the recipient opens). */
export interface OutgoingDocument {
  readonly name: string;
  readonly content: Buffer;
}

/** Sends one email. Throws when it could not be sent (the outbox retries). */
export interface Notifier {
  readonly name: string;
  sendEmail(
    kind: NotificationKind,
    emailAddress: string,
    personalisation: Record<string, string>,
    reference: string,
    document?: OutgoingDocument,
  ): Promise<void>;
  /**
   * Whether a notification with this reference reached the email service: `undefined` when the
   * notifier cannot tell (then it is sent again). Throws when the service cannot be asked.
   */
  wasReceived(reference: string): Promise<boolean | undefined>;
  /**
   * What became of the notification with this reference (the newest, if it was sent again):
   * `undefined` when the notifier cannot tell. Throws when the service cannot be asked.
   */
  deliveryOf(reference: string): Promise<Delivery | undefined>;
}

/** What the email service says became of a sent email. */
export type Delivery =
  | { readonly state: "on-its-way" }
  | { readonly state: "delivered" }
  /** It will not arrive: `reason` is the service's status (`permanent-failure`, ...). */
  | { readonly state: "not-delivered"; readonly reason: string };

/** Notify's statuses for an email that will not arrive (it has stopped trying). */
export const NOT_DELIVERED: ReadonlySet<string> = new Set([
  "permanent-failure",
  "temporary-failure",
  "technical-failure",
]);

/** A notification as Notify lists it. */
interface Listed {
  readonly reference?: string;
  readonly status?: string;
  readonly created_at?: string;
}

/** Notify's status as a {@link Delivery}. */
export function deliveryFromStatus(status: string): Delivery {
  if (status === "delivered") return { state: "delivered" };
  if (NOT_DELIVERED.has(status)) return { state: "not-delivered", reason: status };
  return { state: "on-its-way" };
}

/** How long one request to Notify may take. */
export const NOTIFY_TIMEOUT_MS = 15_000;

/**
 * How long a worker's claim stands: twice the request time limit. A claim older than this belongs
 * to a worker that died or hung (the outbox settles it; the staff's list shows it as stuck).
 */
export function leaseMs(notifyTimeoutSeconds: number): number {
  return 2 * notifyTimeoutSeconds * 1000;
}

/** How long Notify keeps a sent document for the recipient to download. */
export const DOCUMENT_RETENTION = "4 weeks";

/** Delivers through GOV.UK Notify. */
export function notifyNotifier(options: {
  apiKey: string;
  baseUrl?: string | undefined;
  templates: Record<NotificationKind, string>;
  timeoutMs?: number | undefined;
}): Notifier {
  const { NotifyClient } = notifications;
  const client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  // The client's HTTP library waits for ever by default: a hung request would stall every
  // notification behind it. Give each request a time limit; the outbox retries it later.
  const rest = client.apiClient.restClient as (request: Record<string, unknown>) => Promise<unknown>;
  const timeout = options.timeoutMs ?? NOTIFY_TIMEOUT_MS;
  client.setClient(((request: Record<string, unknown>) => rest({ timeout, ...request })) as never);
  return {
    name: "gov-uk-notify",
    async sendEmail(kind, emailAddress, personalisation, reference, document) {
      const withFile = document
        ? {
            ...personalisation,
            // The recipient confirms their email address before the file opens.
            link_to_file: client.prepareUpload(document.content, {
              filename: document.name,
              confirmEmailBeforeDownload: true,
              retentionPeriod: DOCUMENT_RETENTION,
            }),
          }
        : personalisation;
      await client.sendEmail(options.templates[kind], emailAddress, { personalisation: withFile, reference });
    },
    async wasReceived(reference) {
      // One that Notify already gave up on is not this attempt arriving (a failed email sent again
      // keeps its reference): only a notification still on its way or delivered counts.
      return (await listed(reference)).some((n) => !NOT_DELIVERED.has(n.status ?? ""));
    },
    async deliveryOf(reference) {
      const newest = (await listed(reference)).sort((a, b) =>
        (a.created_at ?? "") < (b.created_at ?? "") ? 1 : -1,
      )[0];
      return newest?.status ? deliveryFromStatus(newest.status) : undefined;
    },
  };

  /** The notifications Notify holds with this reference. */
  async function listed(reference: string): Promise<Listed[]> {
    const answer = (await client.getNotifications("email", undefined, reference)) as {
      data?: { notifications?: Listed[] };
    };
    return (answer.data?.notifications ?? []).filter((n) => n.reference === reference);
  }
}

/** Logs what would be sent (kind and outbox id only), for the demo and for development. */
export function logNotifier(logger: Logger): Notifier {
  return {
    name: "log",
    async sendEmail(kind, _emailAddress, _personalisation, reference, document) {
      logger.info("notification (not sent: no GOV.UK Notify key configured)", {
        kind,
        outboxId: reference,
        ...(document ? { documentBytes: document.content.length } : {}),
      });
    },
    async wasReceived() {
      return undefined;
    },
    async deliveryOf() {
      return undefined;
    },
  };
}

/** The notifier the configuration asks for. */
export function notifierFromConfig(config: Config, logger: Logger): Notifier {
  if (!config.NOTIFY_API_KEY) return logNotifier(logger);
  return notifyNotifier({
    apiKey: config.NOTIFY_API_KEY,
    baseUrl: config.NOTIFY_BASE_URL,
    timeoutMs: config.NOTIFY_TIMEOUT_SECONDS * 1000,
    templates: {
      "parent-confirmation": config.NOTIFY_TEMPLATE_PARENT_CONFIRMATION ?? "",
      "team-alert": config.NOTIFY_TEMPLATE_TEAM_ALERT ?? "",
      report: config.NOTIFY_TEMPLATE_REPORT ?? "",
      "routine-notice": config.NOTIFY_TEMPLATE_ROUTINE_NOTICE ?? "",
      "family-invitation": config.NOTIFY_TEMPLATE_FAMILY_INVITATION ?? "",
      "family-code": config.NOTIFY_TEMPLATE_FAMILY_CODE ?? "",
      "family-access-ended": config.NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED ?? "",
      "staff-password-reset": config.NOTIFY_TEMPLATE_PASSWORD_RESET ?? "",
    },
  });
}

/** Attempts before a notification is marked failed. */
export const MAX_ATTEMPTS = 8;

/** The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, ... capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** What a delivery round needs. */
export interface OutboxDeps {
  db: Database;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** A claim older than this belongs to a worker that died mid-delivery (default twice Notify's time limit). */
  leaseMs?: number;
  /**
   * Asked just before a row carrying a disclosure is sent: a reason in words when it may no longer
   * go (the family withdrew their consent), or null. The row is then cancelled, not sent.
   */
  mayStillSend?: (row: OutboxRow) => Promise<string | null>;
  /**
   * Forget what a sent family invitation or sign-in code said (its link or code): production
   * keeps no usable secret in the outbox once Notify has it. The demo keeps them for its mail viewer.
   */
  forgetSentSecrets?: boolean;
}

/** Kinds whose personalisation holds a secret (an invitation link, a sign-in code). */
export const SECRET_KINDS: ReadonlySet<string> = new Set<string>([
  "family-invitation",
  "family-code",
  "staff-password-reset",
]);

/** What a row keeps once sent: never the document (Notify holds the file), nor a secret when asked. */
function sentFields(deps: OutboxDeps, kind: string) {
  return {
    document: null,
    ...(deps.forgetSentSecrets && SECRET_KINDS.has(kind) ? { personalisation: { forgotten: "sent" } } : {}),
  };
}

export type OutboxRow = typeof outbox.$inferSelect;

/** What one delivery round did. */
export interface RoundResult {
  sent: number;
  failed: number;
  /** Rows stopped because their disclosure may no longer happen. */
  cancelled: number;
  /** Stale claims found already delivered (marked sent without sending again). */
  confirmed: number;
  /** Sent emails Notify said were delivered, and those it said will not arrive (now `failed`). */
  delivered: number;
  notDelivered: number;
}

/** How long after sending, and then how often, Notify is asked what became of an email. */
export const DELIVERY_CHECK_EVERY_MS = 2 * 60_000;

/**
 * How long after sending Notify is asked at all: it keeps trying an inbox that is full for up to
 * 72 hours, then says `temporary-failure`. After this the delivery is left `unknown`.
 */
export const DELIVERY_FOLLOWED_MS = 4 * 86_400_000;

/** What the last error says of an email Notify said will not arrive (shown to staff in words). */
export function notDeliveredError(reason: string): string {
  return `not delivered: ${reason}`;
}

/**
 * Asks Notify what became of emails sent in the last days and not yet known to be delivered, each
 * at most every {@link DELIVERY_CHECK_EVERY_MS}. Delivered ones are marked so; one that will not
 * arrive is marked `failed` with the reason, and appears on the staff's list of notifications not
 * sent. While Notify cannot be asked, the round stops and asks again later.
 */
async function checkDeliveries(
  deps: OutboxDeps,
  batchSize: number,
): Promise<{ delivered: number; notDelivered: number }> {
  const { db, notifier, clock, logger } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - DELIVERY_FOLLOWED_MS).toISOString();
  const askedBefore = new Date(now.getTime() - DELIVERY_CHECK_EVERY_MS).toISOString();
  const unknown = and(eq(outbox.status, "sent"), isNull(outbox.delivery));
  // Followed long enough: Notify never said (or cannot say), so it is left unknown.
  await db
    .update(outbox)
    .set({ delivery: "unknown" })
    .where(and(unknown, lte(outbox.sentAt, since)));
  const due = await db
    .select({ id: outbox.id, kind: outbox.kind })
    .from(outbox)
    .where(
      and(
        unknown,
        gte(outbox.sentAt, since),
        lte(outbox.sentAt, askedBefore),
        or(isNull(outbox.deliveryCheckedAt), lte(outbox.deliveryCheckedAt, askedBefore)),
      ),
    )
    .orderBy(asc(outbox.sentAt))
    .limit(batchSize);
  let delivered = 0;
  let notDelivered = 0;
  for (const row of due) {
    const checkedAt = clock.now().toISOString();
    const stillUnknown = and(eq(outbox.id, row.id), eq(outbox.status, "sent"), isNull(outbox.delivery));
    let delivery: Delivery | undefined;
    try {
      delivery = await notifier.deliveryOf(row.id);
    } catch (error) {
      logger.warn("could not ask the email service whether an email was delivered", {
        outboxId: row.id,
        ...describeError(error),
      });
      await db.update(outbox).set({ deliveryCheckedAt: checkedAt }).where(stillUnknown);
      break; // asked again in a while, with the rest
    }
    if (delivery === undefined) {
      await db.update(outbox).set({ delivery: "unknown", deliveryCheckedAt: checkedAt }).where(stillUnknown);
    } else if (delivery.state === "delivered") {
      await db.update(outbox).set({ delivery: "delivered", deliveryCheckedAt: checkedAt }).where(stillUnknown);
      delivered++;
    } else if (delivery.state === "not-delivered") {
      await db
        .update(outbox)
        .set({
          status: "failed",
          delivery: "not-delivered",
          deliveryCheckedAt: checkedAt,
          lastError: notDeliveredError(delivery.reason),
        })
        .where(stillUnknown);
      notDelivered++;
      logger.warn("notification not delivered", { outboxId: row.id, kind: row.kind, reason: delivery.reason });
    } else {
      await db.update(outbox).set({ deliveryCheckedAt: checkedAt }).where(stillUnknown);
    }
  }
  return { delivered, notDelivered };
}

/** Settles claims older than the lease: sent when Notify has the reference, otherwise due again now. */
async function settleStaleClaims(deps: OutboxDeps, leaseMs: number): Promise<number> {
  const { db, notifier, clock, logger } = deps;
  const before = new Date(clock.now().getTime() - leaseMs).toISOString();
  const stale = await db
    .select({ id: outbox.id, kind: outbox.kind, claimedAt: outbox.claimedAt, attempts: outbox.attempts })
    .from(outbox)
    .where(and(eq(outbox.status, "sending"), lte(outbox.claimedAt, before)));
  let confirmed = 0;
  for (const row of stale) {
    let received: boolean | undefined;
    try {
      received = await notifier.wasReceived(row.id);
    } catch (error) {
      logger.warn("could not ask the email service about an interrupted delivery", {
        outboxId: row.id,
        ...describeError(error),
      });
      continue; // asked again next round; never sent twice on a guess
    }
    const claimed = and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.claimedAt, row.claimedAt ?? ""));
    if (received) {
      await db
        .update(outbox)
        .set({
          status: "sent",
          sentAt: clock.now().toISOString(),
          lastError: null,
          delivery: null,
          deliveryCheckedAt: null,
          ...sentFields(deps, row.kind),
        })
        .where(claimed);
      confirmed++;
    } else {
      // The interrupted attempt counts: a row that brings its worker down every time still ends.
      const attempts = row.attempts + 1;
      await db
        .update(outbox)
        .set({
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          attempts,
          claimedAt: null,
          lastError: "interrupted",
          nextAttemptAt: clock.now().toISOString(),
        })
        .where(claimed);
    }
    logger.info("interrupted delivery settled", { outboxId: row.id, kind: row.kind, received: received ?? "unknown" });
  }
  return confirmed;
}

/** Notify's answer to a request it will never accept: failed at once, never retried. */
export const REFUSED_FOR_GOOD = 400;

/** Connection errors that mean the request never left this machine: safe to send again. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Whether a failed send might still have reached Notify: no HTTP answer, and not a refused connection. */
function mayHaveArrived(error: unknown): boolean {
  const e = error as { response?: unknown; code?: string; cause?: { code?: string } };
  if (e.response !== undefined) return false;
  const code = e.code ?? e.cause?.code;
  if (code === undefined) return false; // not a network error (a bad template, say): retried as usual
  return !NEVER_SENT.has(code);
}

/** Sends the notifications that are due, after settling interrupted ones. */
export async function deliverDue(deps: OutboxDeps, batchSize = 20): Promise<RoundResult> {
  const { db, notifier, clock, logger } = deps;
  const confirmed = await settleStaleClaims(deps, deps.leaseMs ?? leaseMs(NOTIFY_TIMEOUT_MS / 1000));
  const now = clock.now();
  const due = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(batchSize);
  let sent = 0;
  let failed = 0;
  let cancelled = 0;
  for (const row of due) {
    const attempts = row.attempts + 1;
    const claimedAt = clock.now().toISOString();
    const claim = await db
      .update(outbox)
      .set({ status: "sending", claimedAt })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "pending")));
    if (claim.rowsAffected !== 1) continue; // another worker has it
    const mine = and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.claimedAt, claimedAt));
    const stop = row.disclosureId && deps.mayStillSend ? await deps.mayStillSend(row) : null;
    if (stop) {
      await db.update(outbox).set({ status: "cancelled", lastError: stop, claimedAt: null }).where(mine);
      // Nothing left the service: the disclosure says so (and a routine notice may be queued again).
      await db
        .update(disclosures)
        .set({ cancelledAt: clock.now().toISOString() })
        .where(eq(disclosures.id, row.disclosureId ?? ""));
      cancelled++;
      logger.info("notification cancelled before sending", { outboxId: row.id, kind: row.kind });
      continue;
    }
    try {
      await notifier.sendEmail(
        row.kind as NotificationKind,
        row.emailAddress,
        row.personalisation as Record<string, string>,
        row.id,
        row.document
          ? { name: row.documentName ?? "document.pdf", content: Buffer.from(row.document, "base64") }
          : undefined,
      );
      await db
        .update(outbox)
        .set({
          status: "sent",
          attempts,
          sentAt: clock.now().toISOString(),
          lastError: null,
          // Sent again after it bounced: what became of it is asked afresh.
          delivery: null,
          deliveryCheckedAt: null,
          ...sentFields(deps, row.kind),
        })
        .where(mine);
      sent++;
    } catch (error) {
      failed++;
      if (mayHaveArrived(error)) {
        // No answer after the request left (a time-out, a dropped connection): Notify may have the
        // email. The claim stays, so that after the lease Notify is asked before it is sent again.
        await db.update(outbox).set({ lastError: "no answer from the email service" }).where(mine);
        logger.warn("notification may not have been delivered: checked with Notify later", {
          outboxId: row.id,
          kind: row.kind,
          attempts,
        });
        continue;
      }
      // Keep only the status code and a short message: error bodies can echo the address.
      const status = (error as { response?: { status?: number } }).response?.status;
      // Notify answers 400 for a request it will never accept (not a valid email address, missing
      // personalisation, a team-only key): the same request again is refused again, so it fails now
      // and staff see it at once (docs/adr/0055-notifications-not-sent.md).
      const giveUp = attempts >= MAX_ATTEMPTS || status === REFUSED_FOR_GOOD;
      const lastError = status ? `HTTP ${status}` : scrub(String((error as Error)?.message ?? error));
      await db
        .update(outbox)
        .set({
          attempts,
          lastError,
          claimedAt: null,
          status: giveUp ? "failed" : "pending",
          nextAttemptAt: new Date(clock.now().getTime() + backoffMs(attempts)).toISOString(),
        })
        .where(mine);
      logger.warn("notification not delivered", { outboxId: row.id, kind: row.kind, attempts, lastError, giveUp });
    }
  }
  const { delivered, notDelivered } = await checkDeliveries(deps, batchSize);
  return { sent, failed, cancelled, confirmed, delivered, notDelivered };
}

/** Runs delivery every `intervalMs` until stopped. One round at a time. */
export function startOutboxWorker(deps: OutboxDeps, intervalMs = 2000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      deliverDue(deps).catch((error) => deps.logger.error("outbox round failed", describeError(error))),
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
