// Staff passkeys as a second factor (lib/webauthn.ts does the WebAuthn): single-use challenges
// that last 5 minutes and belong to one account, registration options that exclude the passkeys
// it has, and sign-in options that allow only them.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { staffChallenges, staffPasskeys } from "../../db/schema.js";
import { newId } from "../../lib/ids.js";
import { staffParty } from "../../lib/second-factor.js";
import type { AppEnv } from "../../lib/types.js";
import {
  CHALLENGE_MINUTES,
  type NewPasskey,
  newAuthenticationOptions,
  newRegistrationOptions,
  passkeyColumns,
  verifyNewPasskey,
  verifyPasskeyAnswer,
} from "../../lib/webauthn.js";

type Purpose = "register" | "authenticate";

async function keepChallenge(c: Context<AppEnv>, userId: string, purpose: Purpose, challenge: string) {
  const { db, clock } = c.get("deps");
  const id = newId();
  await db.insert(staffChallenges).values({
    id,
    purpose,
    challenge,
    userId,
    expiresAt: new Date(clock.now().getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
  });
  return id;
}

/** Takes a challenge once: its text when it is this account's, for `purpose`, unused and in time; else null. */
export async function takeChallenge(
  c: Context<AppEnv>,
  userId: string,
  id: string,
  purpose: Purpose,
): Promise<string | null> {
  const { db, clock } = c.get("deps");
  const now = clock.now().toISOString();
  const [taken] = await db
    .update(staffChallenges)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffChallenges.id, id),
        eq(staffChallenges.userId, userId),
        eq(staffChallenges.purpose, purpose),
        isNull(staffChallenges.usedAt),
        gt(staffChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: staffChallenges.challenge });
  return taken?.challenge ?? null;
}

function passkeysOf(c: Context<AppEnv>, userId: string) {
  return c.get("deps").db.select().from(staffPasskeys).where(eq(staffPasskeys.userId, userId));
}

/** Options to add a passkey to a staff account, and the challenge's id. */
export async function staffRegistrationOptions(
  c: Context<AppEnv>,
  account: { id: string; email: string; name: string },
) {
  const existing = await passkeysOf(c, account.id);
  const options = await newRegistrationOptions({
    rpName: c.get("deps").protocol.serviceName,
    rpID: staffParty(c).rpID,
    userName: account.email,
    userDisplayName: account.name,
    userId: account.id,
    existing,
    discoverable: false,
  });
  return { challengeId: await keepChallenge(c, account.id, "register", options.challenge), options };
}

/** Options to prove the account's second factor with one of its passkeys; null when it has none. */
export async function staffAuthenticationOptions(c: Context<AppEnv>, userId: string) {
  const existing = await passkeysOf(c, userId);
  if (existing.length === 0) return null;
  const options = await newAuthenticationOptions(staffParty(c).rpID, existing);
  return { challengeId: await keepChallenge(c, userId, "authenticate", options.challenge), options };
}

/** Verifies a new passkey's answer against a challenge of the account's; the row to store, or null. */
export async function verifiedStaffRegistration(
  c: Context<AppEnv>,
  userId: string,
  challengeId: string,
  response: unknown,
): Promise<(ReturnType<typeof passkeyColumns> & { userId: string }) | null> {
  const challenge = await takeChallenge(c, userId, challengeId, "register");
  if (!challenge) return null;
  const info: NewPasskey | null = await verifyNewPasskey(c, staffParty(c), challenge, response);
  if (!info) return null;
  return { ...passkeyColumns(info, c.get("deps").clock.now().toISOString()), userId };
}

/**
 * Whether a passkey answer proves the account's second factor: a challenge of the account's, one
 * of its passkeys, a signature that verifies. The passkey's counter and last use are then updated.
 */
export async function verifiedStaffPasskey(
  c: Context<AppEnv>,
  userId: string,
  challengeId: string,
  response: unknown,
): Promise<boolean> {
  const challenge = await takeChallenge(c, userId, challengeId, "authenticate");
  if (!challenge || typeof response !== "object" || response === null) return false;
  const answer = response as AuthenticationResponseJSON;
  if (typeof answer.id !== "string" || typeof answer.response !== "object" || answer.response === null) return false;
  const { db, clock } = c.get("deps");
  const [passkey] = await db
    .select()
    .from(staffPasskeys)
    .where(and(eq(staffPasskeys.credentialId, answer.id), eq(staffPasskeys.userId, userId)))
    .limit(1);
  if (!passkey) return false;
  const info = await verifyPasskeyAnswer(c, staffParty(c), challenge, answer, passkey, userId);
  if (!info) return false;
  await db
    .update(staffPasskeys)
    .set({ counter: info.newCounter, lastUsedAt: clock.now().toISOString() })
    .where(eq(staffPasskeys.credentialId, passkey.credentialId));
  return true;
}
