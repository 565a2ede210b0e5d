// A family member with access to a child and a live family session, straight in the database (the
// invitation and sign-in routes have their own tests): for the family routes' tests.
import { randomUUID } from "node:crypto";
import { familyAccess, familyAccounts } from "../db/schema.js";
import { ALL_PERMISSIONS, FAMILY_COOKIE, type FamilyPermissions, startFamilySession } from "../lib/family-session.js";
import type { Harness } from "./harness.js";

export interface TestFamilyMember {
  accountId: string;
  accessId: string;
  email: string;
  /** The `Cookie` header value for the family session. */
  cookie: string;
}

/** Gives a (new, or the named) family account active access to `childId` and signs it in. */
export async function familyMemberFor(
  h: Harness,
  childId: string,
  options: {
    invitedBy: string;
    kind?: "carer" | "helper";
    permissions?: Partial<FamilyPermissions>;
    name?: string;
    email?: string;
    accountId?: string;
    relationship?: string;
  },
): Promise<TestFamilyMember> {
  const now = h.clock.now();
  const accountId = options.accountId ?? randomUUID();
  const email = options.email ?? `family.${accountId.slice(0, 8)}@example.com`;
  if (!options.accountId) {
    await h.db.insert(familyAccounts).values({
      id: accountId,
      email,
      name: options.name ?? "Grace Example",
      createdAt: now.toISOString(),
    });
  }
  const accessId = randomUUID();
  await h.db.insert(familyAccess).values({
    id: accessId,
    accountId,
    childId,
    relationship: options.relationship ?? "mother",
    kind: options.kind ?? "carer",
    permissions: { ...ALL_PERMISSIONS, ...options.permissions },
    status: "active",
    invitedBy: options.invitedBy,
    invitedAt: now.toISOString(),
    acceptedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  const { token } = await startFamilySession(h.db, accountId, "passkey", now);
  return { accountId, accessId, email, cookie: `${FAMILY_COOKIE}=${token}` };
}
