// Possible duplicate referrals (the domain's rule): read for the inbox and a referral's record.
// Matching never blocks intake. SQL narrows every referral down to the few that share a date of
// birth, a postcode, an email address or a phone number's last ten digits with the ones asked
// about (a superset of the rule's matches); the domain's rule then decides on those alone.
import {
  type DuplicateMatch,
  type DuplicateSubject,
  indexForDuplicates,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  type PossibleDuplicate,
} from "@openportage/domain";
import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { carers, children, type REFERRAL_STATUSES, referrals } from "../../db/schema.js";

/** A phone number's digits in SQL, without the separators people write (spaces, dashes, brackets, dots, +). */
const phoneDigits = sql`replace(replace(replace(replace(replace(replace(${carers.phone}, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`;

/** The referrals matching `where`, as the duplicate rule reads them: the child's name, birth, home and carers' contacts. */
async function subjects(db: Database, where: SQL): Promise<DuplicateSubject[]> {
  const rows = await db
    .select({
      id: referrals.id,
      childId: children.id,
      childFirstName: children.firstName,
      childLastName: children.lastName,
      childDateOfBirth: children.dateOfBirth,
      addressLine1: children.addressLine1,
      postcode: children.postcode,
    })
    .from(referrals)
    .innerJoin(children, eq(children.id, referrals.childId))
    .where(where);
  const childIds = [...new Set(rows.map((r) => r.childId))];
  const contacts = childIds.length
    ? await db
        .select({ childId: carers.childId, phone: carers.phone, email: carers.email })
        .from(carers)
        .where(inArray(carers.childId, childIds))
    : [];
  const byChild = new Map<string, { phone: string | null; email: string | null }[]>();
  for (const contact of contacts) {
    const list = byChild.get(contact.childId) ?? [];
    list.push({ phone: contact.phone, email: contact.email });
    byChild.set(contact.childId, list);
  }
  return rows.map(({ childId, ...row }) => ({ ...row, carers: byChild.get(childId) ?? [] }));
}

/** The possible duplicates of each referral in `ids`, by referral id. */
export async function duplicatesOf(db: Database, ids: readonly string[]): Promise<Map<string, PossibleDuplicate[]>> {
  const found = new Map<string, PossibleDuplicate[]>();
  if (ids.length === 0) return found;
  const asked = await subjects(db, inArray(referrals.id, [...ids]));
  const births = new Set<string>();
  const postcodes = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const subject of asked) {
    if (subject.childDateOfBirth) births.add(subject.childDateOfBirth);
    const postcode = normalisePostcode(subject.postcode ?? "");
    if (postcode) postcodes.add(postcode);
    for (const carer of subject.carers ?? []) {
      const email = normaliseEmail(carer.email ?? "");
      if (email) emails.add(email);
      const phone = normalisePhone(carer.phone ?? "");
      if (phone) phones.add(phone.slice(-10));
    }
  }
  const sharing: SQL[] = [];
  if (births.size) sharing.push(inArray(children.dateOfBirth, [...births]));
  if (postcodes.size) sharing.push(inArray(sql`upper(replace(${children.postcode}, ' ', ''))`, [...postcodes]));
  const contact: SQL[] = [];
  if (emails.size) contact.push(inArray(sql`lower(trim(${carers.email}))`, [...emails]));
  if (phones.size) contact.push(inArray(sql`substr(${phoneDigits}, -10)`, [...phones]));
  if (contact.length)
    sharing.push(
      inArray(
        children.id,
        db
          .select({ id: carers.childId })
          .from(carers)
          .where(or(...contact)),
      ),
    );
  const others = sharing.length ? await subjects(db, or(...sharing) as SQL) : [];
  const byId = new Map([...others, ...asked].map((s) => [s.id, s]));
  const index = indexForDuplicates(byId.values());
  for (const subject of asked) found.set(subject.id, [...index.of(subject)]);
  return found;
}

/** One possible duplicate as a referral's record shows it: enough to recognise it and follow the link. */
export interface DuplicateView {
  readonly id: string;
  readonly reference: string;
  readonly status: (typeof REFERRAL_STATUSES)[number];
  readonly receivedAt: string;
  readonly child: {
    readonly id: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly dateOfBirth: string;
  };
  readonly matches: readonly DuplicateMatch[];
}

/** The other referrals a referral may duplicate, newest first, with what matched. */
export async function duplicateViews(db: Database, id: string): Promise<DuplicateView[]> {
  const matches = (await duplicatesOf(db, [id])).get(id) ?? [];
  if (matches.length === 0) return [];
  const rows = await db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      status: referrals.status,
      receivedAt: referrals.receivedAt,
      child: {
        id: children.id,
        firstName: children.firstName,
        lastName: children.lastName,
        dateOfBirth: children.dateOfBirth,
      },
    })
    .from(referrals)
    .innerJoin(children, eq(children.id, referrals.childId))
    .where(
      inArray(
        referrals.id,
        matches.map((m) => m.id),
      ),
    );
  const by = new Map(matches.map((m) => [m.id, m.matches]));
  return rows
    .map((row) => ({ ...row, matches: by.get(row.id) ?? [] }))
    .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}
