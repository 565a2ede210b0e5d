import { afterAll, beforeAll, expect, it } from "vitest";
import { disableUser } from "../lib/users.js";
import { createHarness, type Harness, ORIGIN } from "../test-support/harness.js";
import { DEMO_ACCOUNTS, hasDemoAccounts, seedDemo } from "./seed.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.db, h.protocol, h.clock.now(), { families: 1 });
});
afterAll(() => h.close());

function signIn(email: string, password: string) {
  return h.request("/api/auth/sign-in", { method: "POST", json: { email, password }, headers: { origin: ORIGIN } });
}

it("only demo accounts that can sign in block a production start; a disabled one cannot sign in", async () => {
  const [first, ...rest] = DEMO_ACCOUNTS;
  if (!first) throw new Error("no demo accounts");
  expect(await hasDemoAccounts(h.db)).toBe(true);
  expect((await signIn(first.email, first.password)).status).toBe(200);
  // Every demo account but one disabled: the one left still blocks.
  for (const account of rest) expect(await disableUser(h.db, account.email, h.clock.now())).toBe(true);
  expect(await hasDemoAccounts(h.db)).toBe(true);
  for (const account of rest) expect((await signIn(account.email, account.password)).status).toBe(401);
  // All disabled (as docs/operations.md tells an operator to do): production may start.
  expect(await disableUser(h.db, first.email, h.clock.now())).toBe(true);
  expect(await hasDemoAccounts(h.db)).toBe(false);
  expect((await signIn(first.email, first.password)).status).toBe(401);
  expect(await h.count("users where demo = 1")).toBe(DEMO_ACCOUNTS.length);
});
