// Passkeys (WebAuthn) through @simplewebauthn/server, shared by the family app's sign-in
// (routes/family-auth/passkeys.ts) and staff second factors (routes/second-factor): the
// algorithms offered, and verifying what an authenticator answered against an origin and relying
// party id. Each caller keeps its own tables and challenges: family and staff never mix.
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
import type { Context } from "hono";
import type { AppEnv } from "./types.js";

/** How long a challenge can be answered. */
export const CHALLENGE_MINUTES = 5;

/**
 * Ed25519, ES256 and RS256: what phones' and computers' passkeys use. (The library also offers
 * ML-DSA-44, whose signatures are ten times the size; no authenticator needs it yet.)
 */
export const PASSKEY_ALGORITHMS = [-8, -7, -257];

/** Where the browser's answer must come from: the origins and the relying party id. */
export interface PasskeyParty {
  readonly origin: string | string[];
  readonly rpID: string;
}

/** A stored passkey, as both tables hold one. */
export interface StoredPasskey {
  readonly credentialId: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: unknown;
}

function transportsOf(value: unknown): { transports?: AuthenticatorTransport[] } {
  return Array.isArray(value) ? { transports: value as AuthenticatorTransport[] } : {};
}

/** Options to create a passkey for a person; `discoverable` makes one that needs no email to sign in. */
export function newRegistrationOptions(input: {
  rpName: string;
  rpID: string;
  userName: string;
  userDisplayName: string;
  /** The user handle: an id's bytes (no personal data). */
  userId: string;
  existing: readonly { credentialId: string; transports: unknown }[];
  discoverable: boolean;
}) {
  return generateRegistrationOptions({
    rpName: input.rpName,
    rpID: input.rpID,
    userName: input.userName,
    userDisplayName: input.userDisplayName,
    userID: new Uint8Array(new TextEncoder().encode(input.userId)),
    timeout: CHALLENGE_MINUTES * 60_000,
    attestationType: "none",
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    authenticatorSelection: input.discoverable
      ? { residentKey: "required", requireResidentKey: true, userVerification: "preferred" }
      : { residentKey: "preferred", userVerification: "preferred" },
    excludeCredentials: input.existing.map((p) => ({ id: p.credentialId, ...transportsOf(p.transports) })),
  });
}

/** Options to sign in with a passkey: any of this service's (discoverable), or one of `allow`. */
export function newAuthenticationOptions(
  rpID: string,
  allow?: readonly { credentialId: string; transports: unknown }[],
) {
  return generateAuthenticationOptions({
    rpID,
    userVerification: "preferred",
    timeout: CHALLENGE_MINUTES * 60_000,
    ...(allow ? { allowCredentials: allow.map((p) => ({ id: p.credentialId, ...transportsOf(p.transports) })) } : {}),
  });
}

/** A new passkey that verified: its credential, device type and backup state. */
export type NewPasskey = Extract<VerifiedRegistrationResponse, { verified: true }>["registrationInfo"];

/** The new passkey when the browser's answer verifies against the challenge and party; otherwise null. */
export async function verifyNewPasskey(
  c: Context<AppEnv>,
  party: PasskeyParty,
  challenge: string,
  response: unknown,
): Promise<NewPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.rpID,
      // User verification is preferred, not required: a phone without a screen lock still works.
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch (error) {
    notVerified(c, error);
    return null;
  }
}

/** The columns to store for a verified new passkey (both tables name them alike). */
export function passkeyColumns(info: NewPasskey, nowIso: string) {
  return {
    credentialId: info.credential.id,
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
 * counter that went backwards means a cloned authenticator) and, when it carries a user handle,
 * that handle is `ownerId`'s.
 */
export async function verifyPasskeyAnswer(
  c: Context<AppEnv>,
  party: PasskeyParty,
  challenge: string,
  response: AuthenticationResponseJSON,
  passkey: StoredPasskey,
  ownerId: string,
) {
  const handle = response.response.userHandle;
  if (handle !== undefined && Buffer.from(handle, "base64url").toString() !== ownerId) return null;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.rpID,
      requireUserVerification: false,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        counter: passkey.counter,
        ...transportsOf(passkey.transports),
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
