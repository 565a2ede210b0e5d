// Staff second factors (docs/adr/0046-staff-second-factor.md): the authenticator app (TOTP with
// otpauth: RFC 6238, SHA-1, 6 digits, 30 seconds, one step either side, a step never accepted
// twice), one-time recovery codes (10, shown once, salted SHA-256, each used once), the passkeys'
// origin and relying party, and what an account has.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Context } from "hono";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import type { Database } from "../db/client.js";
import { staffPasskeys, staffRecoveryCodes, staffTotp } from "../db/schema.js";
import { familyOrigin } from "./family-session.js";
import { newId } from "./ids.js";
import type { AppEnv } from "./types.js";
import type { PasskeyParty } from "./webauthn.js";

/** Seconds a TOTP code stands for. */
export const TOTP_PERIOD = 30;
/** Codes one step before or after now are accepted too (a phone's clock a little out). */
export const TOTP_WINDOW = 1;
/** How many recovery codes are made at a time. */
export const RECOVERY_CODE_COUNT = 10;

type Tx = Pick<Database, "select" | "insert" | "update" | "delete">;

function totpOf(secret: string, label = "staff", issuer = "Open Portage") {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** A new shared secret: 160 random bits, base32 (what authenticator apps take). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** What enrolment shows: the `otpauth://` link, its QR code as SVG, and the key to type in by hand. */
export async function totpEnrolment(secret: string, issuer: string, label: string) {
  const uri = totpOf(secret, label, issuer).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  // The key in groups of four, as apps that take it by hand show it.
  const key = secret.replace(/(.{4})/g, "$1 ").trim();
  return { uri, qrSvg, key };
}

/** The code an app shows for `secret` at `timestamp` (for tests and the demo's notice). */
export function totpCode(secret: string, timestamp: number): string {
  return totpOf(secret).generate({ timestamp });
}

/** The 30-second step a code for `timestamp` stands for, when `code` is right within the window; else null. */
export function totpStep(secret: string, code: string, timestamp: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp, window: TOTP_WINDOW });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / TOTP_PERIOD) + delta;
}

/**
 * Checks an authenticator app's code for a user: right, within the window, and for a later step
 * than any code accepted before (no replay). The step is then recorded in the same statement, so
 * two requests with one code cannot both pass. `confirmed` false checks a code during enrolment.
 */
export async function useTotpCode(db: Tx, userId: string, code: string, now: Date, confirmed = true): Promise<boolean> {
  const [row] = await db.select().from(staffTotp).where(eq(staffTotp.userId, userId)).limit(1);
  if (!row || (confirmed ? !row.confirmedAt : row.confirmedAt)) return false;
  const step = totpStep(row.secret, code.replace(/\s+/g, ""), now.getTime());
  if (step === null) return false;
  const taken = await db
    .update(staffTotp)
    .set({ lastUsedStep: step, ...(confirmed ? {} : { confirmedAt: now.toISOString() }) })
    .where(and(eq(staffTotp.userId, userId), or(isNull(staffTotp.lastUsedStep), lt(staffTotp.lastUsedStep, step))))
    .returning({ userId: staffTotp.userId });
  return taken.length === 1;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A recovery code's stored hash: salted with the row's id, so equal codes never hash alike. */
function recoveryHash(id: string, code: string): string {
  return createHash("sha256").update(`${id}:${code}`).digest("base64url");
}

/** A recovery code as typed, without spaces, dashes or capitals. */
function normaliseRecovery(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, "");
}

/**
 * Makes 10 new recovery codes for a user (any unused ones before them stop working) and returns
 * them, to be shown once: 16 characters each (about 78 bits), in groups of four.
 */
export async function newRecoveryCodes(db: Tx, userId: string, now: Date): Promise<string[]> {
  await db
    .update(staffRecoveryCodes)
    .set({ usedAt: now.toISOString() })
    .where(and(eq(staffRecoveryCodes.userId, userId), isNull(staffRecoveryCodes.usedAt)));
  const codes: string[] = [];
  for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
    let code = "";
    for (let j = 0; j < 16; j++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    const id = newId();
    await db
      .insert(staffRecoveryCodes)
      .values({ id, userId, codeHash: recoveryHash(id, code), createdAt: now.toISOString() });
    codes.push(code.replace(/(.{4})(?!$)/g, "$1-"));
  }
  return codes;
}

/** Uses one of a user's recovery codes: true when it was one of theirs and unused (it is then spent). */
export async function useRecoveryCode(db: Tx, userId: string, code: string, now: Date): Promise<boolean> {
  const typed = normaliseRecovery(code);
  if (!/^[a-z0-9]{16}$/.test(typed)) return false;
  const open = await db
    .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.userId, userId), isNull(staffRecoveryCodes.usedAt)));
  for (const row of open) {
    const a = Buffer.from(recoveryHash(row.id, typed));
    const b = Buffer.from(row.codeHash);
    if (a.length === b.length && timingSafeEqual(a, b)) {
      const spent = await db
        .update(staffRecoveryCodes)
        .set({ usedAt: now.toISOString() })
        .where(and(eq(staffRecoveryCodes.id, row.id), isNull(staffRecoveryCodes.usedAt)))
        .returning({ id: staffRecoveryCodes.id });
      return spent.length === 1;
    }
  }
  return false;
}

/** What second factors an account has. */
export async function factorsOf(db: Tx, userId: string) {
  const [totp] = await db
    .select({ createdAt: staffTotp.createdAt, confirmedAt: staffTotp.confirmedAt })
    .from(staffTotp)
    .where(and(eq(staffTotp.userId, userId), isNotNull(staffTotp.confirmedAt)))
    .limit(1);
  const passkeys = await db
    .select({
      id: staffPasskeys.credentialId,
      createdAt: staffPasskeys.createdAt,
      lastUsedAt: staffPasskeys.lastUsedAt,
      deviceType: staffPasskeys.deviceType,
    })
    .from(staffPasskeys)
    .where(eq(staffPasskeys.userId, userId));
  const [codes] = await db
    .select({ n: count() })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.userId, userId), isNull(staffRecoveryCodes.usedAt)));
  return {
    authenticatorApp: totp ? { addedAt: totp.confirmedAt ?? totp.createdAt } : null,
    passkeys,
    recoveryCodesLeft: codes?.n ?? 0,
    /** Whether the account has a second factor at all (recovery codes alone do not count). */
    any: totp !== undefined || passkeys.length > 0,
  };
}

/** The ways an account can give its second factor at sign-in. */
export async function methodsOf(
  db: Tx,
  userId: string,
): Promise<("authenticator-app" | "passkey" | "recovery-code")[]> {
  const factors = await factorsOf(db, userId);
  return [
    ...(factors.authenticatorApp ? (["authenticator-app"] as const) : []),
    ...(factors.passkeys.length > 0 ? (["passkey"] as const) : []),
    ...(factors.recoveryCodesLeft > 0 ? (["recovery-code"] as const) : []),
  ];
}

/**
 * Removes every second factor of a user: the app, passkeys, recovery codes and open challenges
 * (an administrator's reset, or after the last factor is removed).
 */
export async function removeFactors(db: Tx, userId: string): Promise<void> {
  await db.delete(staffTotp).where(eq(staffTotp.userId, userId));
  await db.delete(staffPasskeys).where(eq(staffPasskeys.userId, userId));
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, userId));
}

/**
 * The staff passkeys' origins and relying party: the admin app's origins when `ADMIN_ORIGINS` is
 * set, otherwise the service's own origin (`PUBLIC_ORIGIN`, or the request's: `localhost` in the demo).
 */
export function staffParty(c: Context<AppEnv>): PasskeyParty {
  const admin = c.get("deps").config.ADMIN_ORIGINS;
  const origins = admin.length > 0 ? admin : [familyOrigin(c)];
  return { origin: origins, rpID: new URL(origins[0] ?? familyOrigin(c)).hostname };
}

/** Whether production mode asks this account to enrol before anything else (it has no factor). */
export function enrolmentRequired(c: Context<AppEnv>): boolean {
  return c.get("deps").config.OPENPORTAGE_MODE === "production";
}
