// Possible duplicate referrals: the same child referred twice (by a parent and by their health
// visitor, say), or several referrals sharing one carer's contact details. Intake never refuses a
// referral for this (a parent may refer twice, a council office may send several from one
// address); staff see the matches at triage, with what matched, and decide.

/** What a referral says that can tell two referrals apart. Every field may be missing. */
export interface DuplicateSubject {
  /** The referral's id. */
  readonly id: string;
  readonly childFirstName?: string | null | undefined;
  readonly childLastName?: string | null | undefined;
  /** `YYYY-MM-DD`. */
  readonly childDateOfBirth?: string | null | undefined;
  /** The child's home: first line and postcode. */
  readonly addressLine1?: string | null | undefined;
  readonly postcode?: string | null | undefined;
  /** Each carer's phone number and email address. */
  readonly carers?: readonly {
    readonly phone?: string | null | undefined;
    readonly email?: string | null | undefined;
  }[];
}

/** Why two referrals may be one: the same child, or a carer contact they share. */
export type DuplicateMatch = "same-child" | "same-phone" | "same-email" | "same-address";

/** The order matches are listed in: the strongest sign first. */
export const DUPLICATE_MATCHES: readonly DuplicateMatch[] = ["same-child", "same-phone", "same-email", "same-address"];

/** What each match means, in words for staff. */
export const DUPLICATE_MATCH_WORDS: Readonly<Record<DuplicateMatch, string>> = {
  "same-child": "same child's name and date of birth",
  "same-phone": "same carer's phone number",
  "same-email": "same carer's email address",
  "same-address": "same home address",
};

/** Another referral that may be the same, with everything that matched (strongest first). */
export interface PossibleDuplicate {
  readonly id: string;
  readonly matches: readonly DuplicateMatch[];
}

/** Letters with no accent to take off (they do not decompose), as English writes them. */
const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ı: "i",
};
const NOT_DECOMPOSED = new RegExp(`[${Object.keys(PLAIN_LETTERS).join("")}]`, "gu");

/**
 * A name as it is compared: lower case, without accents, spaces, hyphens or apostrophes, so
 * "Zoë O'Brien-Smith" and "zoe obrien smith" are one name, and "Łucja" and "Lucja" too.
 */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(NOT_DECOMPOSED, (letter) => PLAIN_LETTERS[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Whether a child's name contains what a member of staff typed to find them, compared as
 * {@link normaliseName} compares names: "zoe" finds "Zoë", "obrien" and "o'brien" find "O'Brien",
 * "sian" finds "Siân". A search with no letters or digits in it finds nothing.
 */
export function nameContains(name: string, search: string): boolean {
  const wanted = normaliseName(search);
  return wanted !== "" && normaliseName(name).includes(wanted);
}

/**
 * A UK phone number as it is compared: digits only, with +44 or 0044 written as the leading 0
 * ("+44 7700 900123" and "07700 900 123" are one number). Fewer than 7 digits is no number.
 */
export function normalisePhone(phone: string): string {
  let digits = phone.replace(/\D/g, "");
  if (phone.trim().startsWith("+44") || digits.startsWith("0044")) {
    digits = `0${digits.replace(/^(00)?44/, "").replace(/^0/, "")}`;
  }
  return digits.length >= 7 ? digits : "";
}

/** An email address as it is compared: trimmed and in lower case. */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  return trimmed.includes("@") ? trimmed : "";
}

/** A postcode as it is compared: capitals, no spaces. */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** The keys a subject is found by, each with the match it stands for. Empty facts give no key. */
export function duplicateKeys(
  subject: DuplicateSubject,
): readonly { readonly key: string; readonly match: DuplicateMatch }[] {
  const keys: { key: string; match: DuplicateMatch }[] = [];
  const first = normaliseName(subject.childFirstName ?? "");
  const last = normaliseName(subject.childLastName ?? "");
  const born = (subject.childDateOfBirth ?? "").trim();
  if (first && last && born) keys.push({ key: `child:${first}|${last}|${born}`, match: "same-child" });
  const line = normaliseName(subject.addressLine1 ?? "");
  const postcode = normalisePostcode(subject.postcode ?? "");
  if (line && postcode) keys.push({ key: `address:${line}|${postcode}`, match: "same-address" });
  for (const carer of subject.carers ?? []) {
    const phone = normalisePhone(carer.phone ?? "");
    if (phone) keys.push({ key: `phone:${phone}`, match: "same-phone" });
    const email = normaliseEmail(carer.email ?? "");
    if (email) keys.push({ key: `email:${email}`, match: "same-email" });
  }
  return keys;
}

/** Every referral's keys, to find each one's possible duplicates without comparing every pair. */
export interface DuplicateIndex {
  /** The possible duplicates of one subject among the indexed ones (never itself), by id. */
  readonly of: (subject: DuplicateSubject) => readonly PossibleDuplicate[];
}

/**
 * Indexes referrals by their {@link duplicateKeys}, so that each subject's possible duplicates
 * are found in time proportional to its matches.
 *
 * @example
 * const index = indexForDuplicates(allReferrals);
 * index.of(referral) // [{ id: "…", matches: ["same-child", "same-phone"] }]
 */
export function indexForDuplicates(subjects: Iterable<DuplicateSubject>): DuplicateIndex {
  const byKey = new Map<string, Set<string>>();
  for (const subject of subjects) {
    for (const { key } of duplicateKeys(subject)) {
      const ids = byKey.get(key) ?? new Set<string>();
      ids.add(subject.id);
      byKey.set(key, ids);
    }
  }
  return {
    of(subject) {
      const found = new Map<string, Set<DuplicateMatch>>();
      for (const { key, match } of duplicateKeys(subject)) {
        for (const id of byKey.get(key) ?? []) {
          if (id === subject.id) continue;
          const matches = found.get(id) ?? new Set<DuplicateMatch>();
          matches.add(match);
          found.set(id, matches);
        }
      }
      return [...found].map(([id, matches]) => ({
        id,
        matches: DUPLICATE_MATCHES.filter((m) => matches.has(m)),
      }));
    },
  };
}

/** The possible duplicates of `subject` among `others` (see {@link indexForDuplicates}). */
export function possibleDuplicates(
  subject: DuplicateSubject,
  others: Iterable<DuplicateSubject>,
): readonly PossibleDuplicate[] {
  return indexForDuplicates(others).of(subject);
}
