// Identifiers: time-ordered UUIDs for rows, short random references for families.
import { randomFillSync, randomUUIDv7 } from "node:crypto";

/**
 * A new row id: a version 7 UUID (RFC 9562), the creation millisecond in its first 48 bits and 74
 * random bits after. Ids made together sort together, so each table's primary-key index and the
 * indexes on the ids it points at (a referral's child, a carer's child, an audit row's record) grow
 * at their right-hand edge: the referrals committed together share those pages instead of each
 * dirtying a page of its own in every one of them (docs/adr/0063). Still unguessable; the time in
 * it is not a record's time and nothing reads it (records keep their own dates, from the clock).
 */
export function newId(): string {
  return randomUUIDv7();
}

/** The reference alphabet: capital letters and digits without I, O, 0 and 1, which are easily confused. */
export const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * Random bytes for references, drawn from the system's generator a few kilobytes at a time (as
 * `randomUUID` does for its own), each byte used once.
 */
const pool = Buffer.alloc(4096);
let pooled = pool.length;

/** A new referral reference, `XXXX-XXXX` (40 random bits), read out over the phone without ambiguity. */
export function newReference(): string {
  if (pooled + 8 > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const at = pooled;
  pooled += 8;
  let out = "";
  for (let i = 0; i < 8; i++) {
    out += REFERENCE_ALPHABET[(pool[at + i] as number) % 32];
    if (i === 3) out += "-";
  }
  return out;
}

/** True for a string shaped like a reference. */
export function isReference(value: string): boolean {
  return /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/.test(value);
}
