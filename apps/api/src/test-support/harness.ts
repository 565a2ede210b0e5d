// Builds the app on a fresh temp database file for a test file, with a fixed clock, a notifier
// that records what it was asked to send, and helpers to sign staff in and refer children.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lancashire, type Protocol } from "@openportage/domain";
import { exampleReferralInput, type ReferralInput } from "@openportage/referral-form";
import { type Config, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { fixedClock } from "../lib/clock.js";
import { createApp } from "../lib/create-app.js";
import { memoryLogger } from "../lib/logger.js";
import type { Delivery, NotificationKind, Notifier } from "../lib/notify.js";
import { SESSION_COOKIE, startSession } from "../lib/session.js";
import type { Site } from "../lib/site.js";
import type { Role } from "../lib/types.js";
import { createUser } from "../lib/users.js";

/** The origin test requests come from (app.request() uses http://localhost). */
export const ORIGIN = "http://localhost";

/** A notifier that remembers each email it was asked to send, and can be told to fail. */
export function recordingNotifier() {
  const sent: {
    kind: NotificationKind;
    emailAddress: string;
    personalisation: Record<string, string>;
    reference: string;
    document?: { name: string; bytes: number };
  }[] = [];
  let failing = false;
  /** What each sent email became, when a test says (otherwise a sent one is delivered). */
  const outcomes = new Map<string, Delivery>();
  const notifier: Notifier & {
    sent: typeof sent;
    fail(on: boolean): void;
    becomes(reference: string, delivery: Delivery): void;
  } = {
    name: "recording",
    sent,
    fail(on) {
      failing = on;
    },
    becomes(reference, delivery) {
      outcomes.set(reference, delivery);
    },
    async sendEmail(kind, emailAddress, personalisation, reference, document) {
      if (failing) throw new Error("stand-in failure");
      sent.push({
        kind,
        emailAddress,
        personalisation,
        reference,
        ...(document ? { document: { name: document.name, bytes: document.content.length } } : {}),
      });
    },
    async wasReceived(reference) {
      return sent.some((s) => s.reference === reference);
    },
    async deliveryOf(reference) {
      return (
        outcomes.get(reference) ?? (sent.some((s) => s.reference === reference) ? { state: "delivered" } : undefined)
      );
    },
  };
  return notifier;
}

/** Everything a test needs. */
/**
 * A referral's answers as a plain HTML form posts them (JavaScript off): the date of birth as
 * `childDateOfBirth-day`, `-month` and `-year`, a list as the same name repeated.
 */
export function referralFormBody(input: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === "childDateOfBirth" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [part, v] of Object.entries(value)) params.append(`childDateOfBirth-${part}`, String(v));
    } else for (const v of [value].flat()) params.append(key, String(v));
  }
  return params.toString();
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** A new app on a new database. Call `close()` in afterAll. */
export async function createHarness(
  options: {
    env?: Record<string, string>;
    protocol?: Protocol;
    now?: string;
    site?: Site;
    /** A libSQL server (the stand-in, test-support/libsql-server.ts) instead of a temp file. */
    server?: { url: string; authToken: string };
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "openportage-test-"));
  const url = options.server?.url ?? `file:${join(dir, "test.db")}`;
  const config: Config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: "silent",
    REFERRAL_RATE_LIMIT: "1000",
    ...options.env,
  });
  const db = await openDatabase(url, options.server?.authToken);
  await migrateDatabase(db);
  const clock = fixedClock(options.now ?? "2026-11-20T10:00:00.000Z");
  const notifier = recordingNotifier();
  const logger = memoryLogger();
  const protocol = options.protocol ?? lancashire;
  const app = createApp({ db, config, protocol, clock, notifier, logger }, { site: options.site });

  const passwords = new Map<string, string>();
  /** Creates a member of staff and returns their id, email and a session cookie header. */
  async function staffMember(role: Role, name = `${role} ${passwords.size + 1}`) {
    // "n" keeps the number out of the email name's parts, which a password must not contain.
    const email = `${role}.n${passwords.size + 1}@council.example`;
    const password = `correct horse battery ${passwords.size + 1}`;
    const { id } = await createUser(db, { email, name, role, password }, clock.now());
    passwords.set(email, password);
    const { token } = await startSession(db, id, clock.now(), config.SESSION_ABSOLUTE_HOURS);
    return { id, email, password, role, cookie: `${SESSION_COOKIE}=${token}` };
  }

  /** Sends a request; JSON bodies are serialised, and a cookie adds the same-origin header. */
  function request(
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string>; cookie?: string } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.json !== undefined) headers["content-type"] ??= "application/json";
    if (init.cookie) {
      headers.cookie = init.cookie;
      headers.origin ??= ORIGIN;
    }
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return app.request(path, { method: init.method ?? "GET", headers, ...(body !== undefined ? { body } : {}) });
  }

  /** Refers a child through the public form; returns the reference and id. */
  async function refer(overrides: Partial<ReferralInput> = {}) {
    const res = await request("/api/referrals", { method: "POST", json: exampleReferralInput(overrides) });
    if (res.status !== 201) throw new Error(`referral failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { reference: string };
    const id = await referralId(body.reference);
    return { reference: body.reference, id };
  }

  async function referralId(reference: string): Promise<string> {
    const result = await db.$client.execute({ sql: "select id from referrals where reference = ?", args: [reference] });
    return String(result.rows[0]?.id);
  }

  return {
    app,
    db: db as Database,
    config,
    clock,
    notifier,
    logger,
    protocol,
    dir,
    url,
    staffMember,
    request,
    refer,
    async count(table: string): Promise<number> {
      const result = await db.$client.execute(`select count(*) as n from ${table}`);
      return Number(result.rows[0]?.n);
    },
    async close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { exampleReferralInput };
