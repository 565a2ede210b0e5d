// Passkeys (WebAuthn) through @simplewebauthn/server: options for the browser, single-use
// challenges that last 5 minutes, and verifying what the authenticator answered against the
// family app's origin and relying party id (lib/family-session.ts: `familyOrigin`).
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../../db/client.js";
import { familyChallenges, familyPasskeys } from "../../db/schema.js";
import { familyOrigin, relyingPartyId } from "../../lib/family-session.js";
import { newId } from "../../lib/ids.js";
import type { AppEnv } from "../../lib/types.js";

/** How long a challenge can be answered. */
export const CHALLENGE_MINUTES = 5;

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

/** The user handle a passkey carries for an account: its id's bytes (no personal data). */
function userHandle(accountId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(accountId));
}

/** Options to create a discoverable passkey for an account, and the challenge's id. */
export async function registrationOptions(
  c: Context<AppEnv>,
  account: { id: string; email: string; name: string },
  owner: { invitationHash?: string; accountId?: string },
) {
  const { db, clock, protocol } = c.get("deps");
  const existing = await db
    .select({ id: familyPasskeys.credentialId, transports: familyPasskeys.transports })
    .from(familyPasskeys)
    .where(eq(familyPasskeys.accountId, account.id));
  const options = await generateRegistrationOptions({
    rpName: protocol.serviceName,
    rpID: relyingPartyId(c),
    userName: account.email,
    userDisplayName: account.name,
    userID: userHandle(account.id),
    timeout: CHALLENGE_MINUTES * 60_000,
    attestationType: "none",
    // Ed25519, ES256 and RS256: what phones' passkeys use. (The library also offers ML-DSA-44,
    // whose signatures are ten times the size; no phone needs it yet.)
    supportedAlgorithmIDs: [-8, -7, -257],
    // Discoverable, so that signing in needs no email address; the phone's screen lock preferred.
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "preferred" },
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      ...(Array.isArray(p.transports) ? { transports: p.transports as AuthenticatorTransport[] } : {}),
    })),
  });
  const challengeId = await keepChallenge(db, "register", options.challenge, clock.now(), owner);
  return { challengeId, options };
}

/** Options to sign in with any passkey of this service (discoverable: no email asked). */
export async function authenticationOptions(c: Context<AppEnv>) {
  const { db, clock } = c.get("deps");
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyId(c),
    userVerification: "preferred",
    timeout: CHALLENGE_MINUTES * 60_000,
  });
  const challengeId = await keepChallenge(db, "authenticate", options.challenge, clock.now(), {});
  return { challengeId, options };
}

/** A new passkey that verified: its credential, device type and backup state. */
export type NewPasskey = Extract<VerifiedRegistrationResponse, { verified: true }>["registrationInfo"];

/** The new passkey when the browser's answer verifies against the challenge, origin and relying party; otherwise null. */
export async function verifiedRegistration(
  c: Context<AppEnv>,
  challenge: string,
  response: unknown,
): Promise<NewPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: familyOrigin(c),
      expectedRPID: relyingPartyId(c),
      // User verification is preferred, not required: a phone without a screen lock still works.
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch (error) {
    notVerified(c, error);
    return null;
  }
}

/** The row to store for a verified new passkey. */
export function passkeyRow(accountId: string, info: NewPasskey, nowIso: string): PasskeyRow {
  return {
    credentialId: info.credential.id,
    accountId,
    publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
    counter: info.credential.counter,
    transports: info.credential.transports ?? null,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    createdAt: nowIso,
    lastUsedAt: null,
  };
}

/**
 * Whether a sign-in answer verifies against a stored passkey (its public key and counter: a
 * counter that went backwards means a cloned authenticator) and carries that account's user handle.
 */
export async function verifiedAuthentication(
  c: Context<AppEnv>,
  challenge: string,
  response: AuthenticationResponseJSON,
  passkey: PasskeyRow,
) {
  const handle = response.response.userHandle;
  if (handle !== undefined && Buffer.from(handle, "base64url").toString() !== passkey.accountId) return null;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: familyOrigin(c),
      expectedRPID: relyingPartyId(c),
      requireUserVerification: false,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        counter: passkey.counter,
        ...(Array.isArray(passkey.transports) ? { transports: passkey.transports as AuthenticatorTransport[] } : {}),
      },
    });
    return result.verified ? result.authenticationInfo : null;
  } catch (error) {
    notVerified(c, error);
    return null;
  }
}

/** Logs why the library refused an answer (its messages name origins and flags, never a person). */
function notVerified(c: Context<AppEnv>, error: unknown) {
  c.get("deps").logger.info("passkey answer not verified", {
    reason: String((error as Error)?.message ?? error).slice(0, 200),
  });
}
