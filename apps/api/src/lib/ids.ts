// Identifiers: random UUIDs for rows, short references for families.
import { randomBytes, randomUUID } from "node:crypto";

/** A new row id. */
export function newId(): string {
  return randomUUID();
}

/** The reference alphabet: capital letters and digits without I, O, 0 and 1, which are easily confused. */
export const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new referral reference, `XXXX-XXXX` (40 random bits), read out over the phone without ambiguity. */
export function newReference(): string {
  const bytes = randomBytes(8);
  let out = "";
  for (let i = 0; i < 8; i++) {
    out += REFERENCE_ALPHABET[(bytes[i] as number) % 32];
    if (i === 3) out += "-";
  }
  return out;
}

/** True for a string shaped like a reference. */
export function isReference(value: string): boolean {
  return /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/.test(value);
}
