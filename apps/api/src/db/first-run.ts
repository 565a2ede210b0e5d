// The demo database's first run, once however many processes start on an empty database at the
// same moment (docs/adr/0053): the first to claim the seed in the database seeds it, the others
// wait until it is done. The claim is a row in `settings`, taken in the same write transaction that
// finds no staff account, so two processes can never both see an empty database and both seed.
import type { Protocol } from "@openportage/domain";
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { settings, users } from "./schema.js";
import { seedDemo } from "./seed.js";

/** The `settings` key of the claim. */
export const DEMO_SEED_CLAIM = "first-run:demo-seed";

/** A claim older than this (its process died before any account was made) is taken over. */
export const DEMO_SEED_LEASE_MS = 2 * 60_000;

/** What the first run did. */
export type FirstRun =
  /** This process seeded the demo. */
  | { readonly outcome: "seeded"; readonly families: number }
  /** Another process seeded it while this one waited. */
  | { readonly outcome: "seeded-elsewhere" }
  /** The database already had staff accounts: nothing to do. */
  | { readonly outcome: "not-empty" };

/** The claim's value: who is seeding since when, or that it is done. */
type Claim = { state: "seeding" | "seeded"; at: number };

/**
 * Takes the claim when the database has no staff account and no live claim. Says to wait while
 * another process's claim is live (it makes the accounts first, so an account alone does not mean
 * the demo is ready).
 */
async function claim(db: Database, now: number): Promise<"claimed" | "not-empty" | "wait"> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, DEMO_SEED_CLAIM));
    const held = row?.value as Claim | undefined;
    if (held?.state === "seeding" && now - held.at <= DEMO_SEED_LEASE_MS) return "wait" as const;
    const [anyUser] = await tx.select({ id: users.id }).from(users).limit(1);
    if (anyUser) return "not-empty" as const;
    // No claim, or one whose process died before it made an account: take it.
    const mine: Claim = { state: "seeding", at: now };
    await tx
      .insert(settings)
      .values({ key: DEMO_SEED_CLAIM, value: mine })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: mine, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` },
      });
    return "claimed" as const;
  });
}

/**
 * Seeds the demo database if it has no staff account yet, once across processes: with several
 * starting on an empty database, one seeds and the others wait (polling every `pollMs`) until it
 * has, for at most {@link DEMO_SEED_LEASE_MS} and a little more.
 */
export async function seedDemoOnFirstRun(
  db: Database,
  protocol: Protocol,
  now: () => Date,
  options: { pollMs?: number } = {},
): Promise<FirstRun> {
  const pollMs = options.pollMs ?? 200;
  const deadline = Date.now() + DEMO_SEED_LEASE_MS + 30_000;
  let waited = false;
  for (;;) {
    const found = await claim(db, now().getTime());
    if (found === "not-empty") return waited ? { outcome: "seeded-elsewhere" } : { outcome: "not-empty" };
    if (found === "claimed") {
      try {
        const seeded = await seedDemo(db, protocol, now());
        const done: Claim = { state: "seeded", at: now().getTime() };
        await db.update(settings).set({ value: done }).where(eq(settings.key, DEMO_SEED_CLAIM));
        return { outcome: "seeded", families: seeded.referrals };
      } catch (error) {
        // Let another process (or the next start) try again.
        await db.delete(settings).where(eq(settings.key, DEMO_SEED_CLAIM));
        throw error;
      }
    }
    waited = true;
    if (Date.now() > deadline) throw new Error("another process began seeding the demo database and has not finished");
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
