// Staff passwords: argon2id hashes (OWASP's parameters), a length rule, a published list of common
// passwords and weak patterns (data in password-data.ts); no composition rules (ASVS 6.2).
import { hash, type Options, verify } from "@node-rs/argon2";
import { COMMON_PASSWORDS, DATE_WORDS, KEYBOARD_SEQUENCES, WEAK_WORDS } from "./password-data.js";

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

const WORDS = new Set(WEAK_WORDS);
const SEQUENCES = [...KEYBOARD_SEQUENCES, ...KEYBOARD_SEQUENCES.map((s) => [...s].reverse().join(""))];
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

/** Can `text` be cut into pieces, each at least `min` long, that all pass `ok`? */
function coveredBy(text: string, min: number, ok: (piece: string) => boolean): boolean {
  const reach = new Array<boolean>(text.length + 1).fill(false);
  reach[0] = true;
  for (let end = min; end <= text.length; end++) {
    for (let start = 0; start <= end - min && !reach[end]; start++) {
      if (reach[start] && ok(text.slice(start, end))) reach[end] = true;
    }
  }
  return reach[text.length] === true;
}

/** Only runs along a keyboard row or column, the alphabet or the digits (`qwerty123456`, `1q2w3e4r5t6y`). */
export function isKeyboardRun(password: string): boolean {
  const text = password.toLowerCase().replace(/\s+/g, "");
  return coveredBy(text, 3, (piece) => SEQUENCES.some((s) => s.includes(piece)));
}

/** One short piece repeated (`abcabcabcabc`, `monkeymonkey`, `aaaaaaaaaaaa`). */
export function isRepeated(password: string): boolean {
  return /^(.{1,8})\1+$/su.test(password.toLowerCase().replace(/[\s._-]+/g, ""));
}

/** A weak word (possibly repeated, with letter swaps undone) padded only with digits and symbols. */
export function isWeakWordWithPadding(password: string): boolean {
  const letters = password.toLowerCase().replace(/[\s._-]+/g, "");
  const core = letters.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const unswapped = [...core].map((ch) => LEET[ch] ?? ch).join("");
  const isWords = (text: string) => text.length > 0 && coveredBy(text, 2, (piece) => WORDS.has(piece));
  return isWords(core) || isWords(unswapped);
}

const MONTHS = new Set(DATE_WORDS);
const DIGIT_DATE =
  /(19|20)\d\d[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])|(0?[1-9]|[12]\d|3[01])[-/.]?(0?[1-9]|1[0-2])[-/.]?(19|20)?\d\d/g;

/** Made of a date and nothing else but digits and symbols (`31/12/1999!!!`, `September2026`, `Summer2026!!`). */
export function isDate(password: string): boolean {
  const lower = password.toLowerCase();
  const withoutWords = lower.replace(/[a-z]+/g, (word) => (MONTHS.has(word) ? " " : word));
  const hadMonth = withoutWords !== lower;
  const withoutDigits = withoutWords.replace(DIGIT_DATE, " ");
  const hadDate = withoutDigits !== withoutWords || (hadMonth && /(19|20)\d\d|\d{2}/.test(withoutWords));
  return hadDate && !/[a-z]/.test(withoutDigits);
}

/** The parts of an email address's name (`jane.smith` -> `jane.smith`, `janesmith`, `jane`, `smith`). */
function emailNames(email: string): string[] {
  const local = email.toLowerCase().split("@")[0] ?? "";
  const parts = local.split(/[._+-]+/).filter((p) => p.length >= 3);
  return [local, local.replace(/[._+-]+/g, ""), ...parts].filter((p) => p.length >= 3);
}

/**
 * On the published list of common passwords, as it is or with only digits and symbols after a
 * listed one of 4 characters or more (`dragon12345!`, `sunshine2026`).
 */
export function isCommon(text: string): boolean {
  if (COMMON_PASSWORDS.has(text)) return true;
  for (let end = 4; end < text.length; end++) {
    if (!/[\p{L}]/u.test(text.slice(end)) && COMMON_PASSWORDS.has(text.slice(0, end))) return true;
  }
  return false;
}

/**
 * Why a password cannot be used, or `undefined` when it can. Checked, in order: 12 to 128
 * characters; not on the published list of common passwords; not one piece repeated; not only
 * keyboard, alphabet or digit runs; not a weak word (`password`, `portage`, a council's name,
 * ...) with only digits and symbols around it; not only a date; not containing the email
 * address's name or a part of it of 3 letters or more.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if ([...password].length < 12) return "Password must be at least 12 characters";
  if ([...password].length > 128) return "Password must be 128 characters or fewer";
  const lower = password.toLowerCase();
  const squashed = lower.replace(/[\s._-]+/g, "");
  if (isCommon(lower) || isCommon(squashed)) return "Password is too common: choose a longer, less guessable one";
  if (isRepeated(password)) return "Password must not be one short piece repeated";
  if (isKeyboardRun(password)) return "Password must not be a run of keys, letters or digits";
  if (isWeakWordWithPadding(password)) return "Password must not be a common word with digits or symbols added";
  if (isDate(password)) return "Password must not be a date";
  if (email && emailNames(email).some((name) => squashed.includes(name.replace(/[._+-]+/g, "")))) {
    return "Password must not contain your email address or your name from it";
  }
  return undefined;
}
