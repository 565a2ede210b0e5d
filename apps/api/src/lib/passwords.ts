// Staff passwords: argon2id hashes (OWASP's parameters), a length rule and a list of common
// passwords; no composition rules (ASVS 6.2).
import { hash, type Options, verify } from "@node-rs/argon2";

// algorithm 2 is Argon2id (a const enum in the package's types, which isolated modules cannot import).
const OPTIONS: Options = {
  algorithm: 2 as NonNullable<Options["algorithm"]>,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against its hash (in constant time for the comparison). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password, checked when the email is unknown so that a wrong email costs
// as long as a wrong password (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;
/** Burns the time of one verification, for unknown accounts. */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
}

/** The most common passwords in breach corpora (a short list; the length rule does most of the work). */
const COMMON = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd",
  "12345678",
  "123456789",
  "1234567890",
  "123123123",
  "11111111",
  "00000000",
  "87654321",
  "qwertyuiop",
  "qwerty123",
  "qwerty1234",
  "iloveyou",
  "iloveyou1",
  "sunshine1",
  "princess1",
  "football1",
  "baseball1",
  "letmein1",
  "welcome1",
  "welcome123",
  "trustno1",
  "abcd1234",
  "abc12345",
  "1q2w3e4r",
  "1qaz2wsx",
  "zaq12wsx",
  "superman",
  "starwars",
  "whatever",
  "computer",
  "internet",
  "changeme",
  "changeme123",
  "portage1",
  "portage123",
  "openportage",
]);

/** Why a password cannot be used, or `undefined` when it can. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if ([...password].length < 12) return "Password must be at least 12 characters";
  if ([...password].length > 128) return "Password must be 128 characters or fewer";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "Password is too common: choose a longer, less guessable one";
  if (/^(.)\1+$/.test(password)) return "Password must not be one character repeated";
  if (email && lower.includes(email.toLowerCase().split("@")[0] ?? "\u0000")) {
    return "Password must not contain your email address";
  }
  return undefined;
}
