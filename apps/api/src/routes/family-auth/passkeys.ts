// Family passkeys (WebAuthn, through lib/webauthn.ts): options for the browser, single-use
// challenges that last 5 minutes, and verifying what the authenticator answered against the
// family app's origin and relying party id (lib/family-session.ts: `familyOrigin`).
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../../db/client.js";
import { familyChallenges, familyPasskeys } from "../../db/schema.js";
import { familyOrigin, relyingPartyId } from "../../lib/family-session.js";
import { newId } from "../../lib/ids.js";
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

export { CHALLENGE_MINUTES, type NewPasskey };

type Purpose = "register" | "authenticate";
type PasskeyRow = typeof familyPasskeys.$inferSelect;

/** Stores a challenge handed out with options; returns its id for the browser to send back. */
async function keepChallenge(
  db: Database,
  purpose: Purpose,
  challenge: string,
  now: Date,
  owner: { invitationHash?: string; accountId?: string },
): Promise<string> {
  const id = newId();
  await db.insert(familyChallenges).values({
    id,
    purpose,
    challenge,
    invitationHash: owner.invitationHash ?? null,
    accountId: owner.accountId ?? null,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
  });
  return id;
}

/**
 * Takes a challenge once: marks it used and returns it, when it exists, is for `purpose` and the
 * same invitation or account, and has not expired or been used; otherwise null.
 */
export async function takeChallenge(
  db: Database,
  id: string,
  purpose: Purpose,
  owner: { invitationHash?: string; accountId?: string },
  now: Date,
): Promise<string | null> {
  const [taken] = await db
    .update(familyChallenges)
    .set({ usedAt: now.toISOString() })
    .where(
      and(
        eq(familyChallenges.id, id),
        eq(familyChallenges.purpose, purpose),
        isNull(familyChallenges.usedAt),
        gt(familyChallenges.expiresAt, now.toISOString()),
        owner.invitationHash !== undefined
          ? eq(familyChallenges.invitationHash, owner.invitationHash)
          : isNull(familyChallenges.invitationHash),
        owner.accountId !== undefined
          ? eq(familyChallenges.accountId, owner.accountId)
          : isNull(familyChallenges.accountId),
      ),
    )
    .returning({ challenge: familyChallenges.challenge });
  return taken?.challenge ?? null;
}

/** Options to create a discoverable passkey for an account, and the challenge's id. */
export async function registrationOptions(
  c: Context<AppEnv>,
  account: { id: string; email: string; name: string },
  owner: { invitationHash?: string; accountId?: string },
) {
  const { db, clock, protocol } = c.get("deps");
  const existing = await db
    .select({ credentialId: familyPasskeys.credentialId, transports: familyPasskeys.transports })
    .from(familyPasskeys)
    .where(eq(familyPasskeys.accountId, account.id));
  // Discoverable, so that signing in needs no email address; the phone's screen lock preferred.
  const options = await newRegistrationOptions({
    rpName: protocol.serviceName,
    rpID: relyingPartyId(c),
    userName: account.email,
    userDisplayName: account.name,
    userId: account.id,
    existing,
    discoverable: true,
  });
  const challengeId = await keepChallenge(db, "register", options.challenge, clock.now(), owner);
  return { challengeId, options };
}

/** Options to sign in with any passkey of this service (discoverable: no email asked). */
export async function authenticationOptions(c: Context<AppEnv>) {
  const { db, clock } = c.get("deps");
  const options = await newAuthenticationOptions(relyingPartyId(c));
  const challengeId = await keepChallenge(db, "authenticate", options.challenge, clock.now(), {});
  return { challengeId, options };
}

/** The family app's origin and relying party, which a passkey's answer must name. */
function familyParty(c: Context<AppEnv>) {
  return { origin: familyOrigin(c), rpID: relyingPartyId(c) };
}

/** The new passkey when the browser's answer verifies against the challenge, origin and relying party; otherwise null. */
export function verifiedRegistration(
  c: Context<AppEnv>,
  challenge: string,
  response: unknown,
): Promise<NewPasskey | null> {
  return verifyNewPasskey(c, familyParty(c), challenge, response);
}

/** The row to store for a verified new passkey. */
export function passkeyRow(accountId: string, info: NewPasskey, nowIso: string): PasskeyRow {
  return { ...passkeyColumns(info, nowIso), accountId };
}

/**
 * Whether a sign-in answer verifies against a stored passkey (its public key and counter: a
 * counter that went backwards means a cloned authenticator) and carries that account's user handle.
 */
export function verifiedAuthentication(
  c: Context<AppEnv>,
  challenge: string,
  response: AuthenticationResponseJSON,
  passkey: PasskeyRow,
) {
  return verifyPasskeyAnswer(c, familyParty(c), challenge, response, passkey, passkey.accountId);
}
