// Subject access and erasure cover the family app: each family member's access, invitations,
// messages and sign-in history, and every earlier version of a practice record. Erasing a child
// erases the family accounts left reaching no child (with their passkeys, codes and sessions),
// and keeps an account that still reaches another child. The export never holds a passkey's
// public key or a code's or token's hash.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { caseWithPlan, type TestCase } from "../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../test-support/family.js";
import { createHarness, type Harness } from "../test-support/harness.js";
import { checkIntegrity } from "./ops.js";
import { eraseChild, exportChild } from "./records.js";
import { familyCodes, familyInvitations, familyPasskeys, outbox } from "./schema.js";

let h: Harness;
let full: TestCase;
let kept: TestCase;
/** Only for `full`: erased with the child. */
let only: TestFamilyMember;
/** For both children: kept. */
let both: TestFamilyMember;

const PUBLIC_KEY = "pQECAyYgASFYIPublicKeyThatMustNotLeave";
const CODE_HASH = "code-hash-that-must-not-leave";
const TOKEN_HASH = "invitation-token-hash-that-must-not-leave";

const n = async (sql: string, ...args: string[]) => Number((await h.db.$client.execute({ sql, args })).rows[0]?.n);

beforeAll(async () => {
  h = await createHarness({ now: "2026-11-29T18:00:00.000Z" });
  const coordinator = await h.staffMember("coordinator");
  const visitor = await h.staffMember("home-visitor");
  full = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Fullcase" });
  kept = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Keptcase" });
  only = await familyMemberFor(h, full.childId, { invitedBy: visitor.id, name: "Only Parent" });
  both = await familyMemberFor(h, full.childId, { invitedBy: visitor.id, name: "Both Parent", relationship: "father" });
  await familyMemberFor(h, kept.childId, { invitedBy: visitor.id, accountId: both.accountId, email: both.email });
  const now = h.clock.now().toISOString();
  await h.db
    .insert(familyPasskeys)
    .values({ credentialId: "cred-1", accountId: only.accountId, publicKey: PUBLIC_KEY, createdAt: now });
  await h.db.insert(familyCodes).values({
    id: "00000000-0000-4000-8000-000000000001",
    accountId: only.accountId,
    codeHash: CODE_HASH,
    expiresAt: now,
    createdAt: now,
  });
  await h.db.insert(familyInvitations).values({
    tokenHash: TOKEN_HASH,
    accessId: only.accessId,
    via: "email",
    expiresAt: now,
    usedAt: now,
    createdBy: visitor.id,
    createdAt: now,
  });
  await h.db.insert(outbox).values({
    id: "00000000-0000-4000-8000-000000000002",
    kind: "family-code",
    emailAddress: only.email,
    personalisation: { code: "123456" },
    nextAttemptAt: now,
    createdAt: now,
  });
  const ok = async (res: Response) => expect(res.status, await res.clone().text()).toBeLessThan(300);
  for (const c of [full, kept]) {
    await ok(
      await h.request(`/api/family/children/${c.childId}/practice/${c.targetId}/2026-11-28`, {
        method: "PUT",
        cookie: both.cookie,
        json: { practised: true, tries: 3, successes: 1 },
      }),
    );
  }
  // `only` enters a day on `full` too, and the visitor corrects it: a revision entered by `only`.
  await ok(
    await h.request(`/api/family/children/${full.childId}/practice/${full.targetId}/2026-11-27`, {
      method: "PUT",
      cookie: only.cookie,
      json: { practised: true, tries: 2, successes: 2 },
    }),
  );
  await ok(
    await h.request(`/api/cases/${full.childId}/targets/${full.targetId}/practice-records`, {
      method: "PUT",
      cookie: visitor.cookie,
      json: { records: [{ date: "2026-11-27", tries: 2, successes: 1, version: 1 }] },
    }),
  );
  for (const c of [full, kept]) {
    await ok(
      await h.request(`/api/family/children/${c.childId}/messages`, {
        method: "POST",
        cookie: both.cookie,
        json: { body: `A note about ${c.childId}` },
      }),
    );
  }
});
afterAll(() => h.close());

it("export-child holds the family app: members, invitations, sign-in history, messages, earlier versions", async () => {
  const file = join(h.dir, "family.json");
  expect(await exportChild(h.db, full.reference, file, h.clock.now())).toBe(full.childId);
  const text = readFileSync(file, "utf8");
  const data = JSON.parse(text);
  expect(data.familyApp.members.map((m: { account: { name: string } }) => m.account.name).sort()).toEqual([
    "Both Parent",
    "Only Parent",
  ]);
  const member = data.familyApp.members.find((m: { account: { id: string } }) => m.account.id === only.accountId);
  expect(member.access).toMatchObject({ kind: "carer", status: "active", relationship: "mother" });
  expect(member.invitations).toEqual([expect.objectContaining({ via: "email" })]);
  expect(member.passkeys).toHaveLength(1);
  expect(member.signInCodes).toHaveLength(1);
  expect(member.sessions).toHaveLength(1);
  expect(data.familyApp.messages).toEqual([expect.objectContaining({ body: `A note about ${full.childId}` })]);
  const corrected = data.practiceRecords.find((p: { date: string }) => p.date === "2026-11-27");
  expect(corrected.earlierVersions).toEqual([
    expect.objectContaining({ version: 1, successes: 2, enteredByFamily: only.accountId }),
  ]);
  for (const secret of [PUBLIC_KEY, CODE_HASH, TOKEN_HASH, "cred-1", "tokenHash", "codeHash", "publicKey"]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toContain("Keptcase");
  expect(text).not.toContain(`A note about ${kept.childId}`);
});

it("erasing a child erases the family rows and the accounts left reaching no child, and keeps the rest", async () => {
  expect(await eraseChild(h.db, full.childId, h.clock.now())).toBe(true);
  for (const table of ["family_access", "family_messages", "practice_records"]) {
    expect(await n(`select count(*) as n from ${table} where child_id = ?`, full.childId), table).toBe(0);
  }
  expect(await n("select count(*) as n from practice_record_revisions")).toBe(0);
  expect(await n("select count(*) as n from family_invitations where token_hash = ?", TOKEN_HASH)).toBe(0);
  for (const table of [
    "family_accounts where id",
    "family_passkeys where account_id",
    "family_codes where account_id",
    "family_sessions where account_id",
  ]) {
    expect(await n(`select count(*) as n from ${table} = ?`, only.accountId), table).toBe(0);
  }
  expect(await n("select count(*) as n from outbox where email_address = ?", only.email)).toBe(0);
  // The other parent still reaches the other child: their account, session and records stay.
  expect(await n("select count(*) as n from family_accounts where id = ?", both.accountId)).toBe(1);
  expect(await n("select count(*) as n from family_sessions where account_id = ?", both.accountId)).toBeGreaterThan(0);
  expect(await n("select count(*) as n from family_access where child_id = ?", kept.childId)).toBe(1);
  expect(await n("select count(*) as n from family_messages where child_id = ?", kept.childId)).toBe(1);
  expect(await n("select count(*) as n from practice_records where child_id = ?", kept.childId)).toBe(1);
  expect((await checkIntegrity(h.db)).ok).toBe(true);
});
