// Notifications leave through the outbox: rows written in the same transaction as the referral,
// delivered afterwards by GOV.UK Notify (or logged, without a key), retried with back-off, so a
// slow or failing email service never blocks or fails a referral.
import { and, asc, eq, lte } from "drizzle-orm";
import notifications from "notifications-node-client";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { outbox } from "../db/schema.js";
import type { Clock } from "./clock.js";
import { describeError, scrub } from "./errors.js";
import type { Logger } from "./logger.js";

/** The kinds of notification the service sends. */
export type NotificationKind = "parent-confirmation" | "team-alert";

/** Sends one email. Throws when it could not be sent (the outbox retries). */
export interface Notifier {
  readonly name: string;
  sendEmail(
    kind: NotificationKind,
    emailAddress: string,
    personalisation: Record<string, string>,
    reference: string,
  ): Promise<void>;
}

/** How long one request to Notify may take. */
export const NOTIFY_TIMEOUT_MS = 15_000;

/** Delivers through GOV.UK Notify. */
export function notifyNotifier(options: {
  apiKey: string;
  baseUrl?: string | undefined;
  templates: Record<NotificationKind, string>;
  timeoutMs?: number;
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
    async sendEmail(kind, emailAddress, personalisation, reference) {
      await client.sendEmail(options.templates[kind], emailAddress, { personalisation, reference });
    },
  };
}

/** Logs what would be sent (kind and outbox id only), for the demo and for development. */
export function logNotifier(logger: Logger): Notifier {
  return {
    name: "log",
    async sendEmail(kind, _emailAddress, _personalisation, reference) {
      logger.info("notification (not sent: no GOV.UK Notify key configured)", { kind, outboxId: reference });
    },
  };
}

/** The notifier the configuration asks for. */
export function notifierFromConfig(config: Config, logger: Logger): Notifier {
  if (!config.NOTIFY_API_KEY) return logNotifier(logger);
  return notifyNotifier({
    apiKey: config.NOTIFY_API_KEY,
    baseUrl: config.NOTIFY_BASE_URL,
    templates: {
      "parent-confirmation": config.NOTIFY_TEMPLATE_PARENT_CONFIRMATION ?? "",
      "team-alert": config.NOTIFY_TEMPLATE_TEAM_ALERT ?? "",
    },
  });
}

/** Attempts before a notification is marked failed. */
export const MAX_ATTEMPTS = 8;

/** The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, ... capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Sends the notifications that are due. Returns how many were sent and how many failed this round. */
export async function deliverDue(
  deps: { db: Database; notifier: Notifier; clock: Clock; logger: Logger },
  batchSize = 20,
): Promise<{ sent: number; failed: number }> {
  const { db, notifier, clock, logger } = deps;
  const now = clock.now();
  const due = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(batchSize);
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const attempts = row.attempts + 1;
    try {
      await notifier.sendEmail(
        row.kind as NotificationKind,
        row.emailAddress,
        row.personalisation as Record<string, string>,
        row.id,
      );
      await db
        .update(outbox)
        .set({ status: "sent", attempts, sentAt: clock.now().toISOString(), lastError: null })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (error) {
      failed++;
      const giveUp = attempts >= MAX_ATTEMPTS;
      // Keep only the status code and a short message: error bodies can echo the address.
      const status = (error as { response?: { status?: number } }).response?.status;
      const lastError = status ? `HTTP ${status}` : scrub(String((error as Error)?.message ?? error));
      await db
        .update(outbox)
        .set({
          attempts,
          lastError,
          status: giveUp ? "failed" : "pending",
          nextAttemptAt: new Date(clock.now().getTime() + backoffMs(attempts)).toISOString(),
        })
        .where(eq(outbox.id, row.id));
      logger.warn("notification not delivered", { outboxId: row.id, kind: row.kind, attempts, lastError, giveUp });
    }
  }
  return { sent, failed };
}

/** Runs delivery every `intervalMs` until stopped. One round at a time. */
export function startOutboxWorker(
  deps: { db: Database; notifier: Notifier; clock: Clock; logger: Logger },
  intervalMs = 2000,
): { stop(): Promise<void> } {
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
