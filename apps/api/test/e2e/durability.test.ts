// Durability: referrals acknowledged before a SIGKILL are all there after a restart, exactly once.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { exampleReferralInput } from "@openportage/referral-form";
import { afterAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/db/seed.js";
import { freePort, startServer } from "./server.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  DATABASE_URL: `file:${join(dir, "durable.db")}`,
  SEED_DEMO: "false",
  REFERRAL_RATE_LIMIT: "1000000",
  ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=cfws@council.example",
};

function submit(url: string, i: number) {
  return fetch(`${url}/api/referrals`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": `durability-test-key-${String(i).padStart(6, "0")}`,
    },
    body: JSON.stringify(exampleReferralInput({ childFirstName: `Child${i}` })),
  });
}

it("keeps every acknowledged referral, exactly once, across a SIGKILL", async () => {
  const port = await freePort();
  const first = await startServer(env, port);
  const acknowledged = new Map<number, string>();
  const total = 400;
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      try {
        const res = await submit(first.url, i);
        if (res.status === 201 || res.status === 200)
          acknowledged.set(i, ((await res.json()) as { reference: string }).reference);
      } catch {
        // the connection died with the server: not acknowledged
      }
      if (!killed && acknowledged.size >= 120) {
        killed = true;
        first.child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect(await first.exited).toBeNull(); // killed by the signal
  expect(acknowledged.size).toBeGreaterThanOrEqual(120);
  expect(acknowledged.size).toBeLessThan(total);

  const second = await startServer(env, port);
  const db = createClient({ url: env.DATABASE_URL });
  try {
    const rows = (await db.execute("select idempotency_key, reference from referrals")).rows;
    const byKey = new Map<string, string[]>();
    for (const row of rows)
      byKey.set(String(row.idempotency_key), [
        ...(byKey.get(String(row.idempotency_key)) ?? []),
        String(row.reference),
      ]);
    for (const [i, reference] of acknowledged) {
      expect(byKey.get(`durability-test-key-${String(i).padStart(6, "0")}`)).toEqual([reference]);
    }
    // Retrying every submission now stores each at most once and answers acknowledged ones with their first reference.
    for (let i = 0; i < total; i++) {
      const res = await submit(second.url, i);
      expect([200, 201]).toContain(res.status);
      const { reference } = (await res.json()) as { reference: string };
      if (acknowledged.has(i)) {
        expect(res.status).toBe(200);
        expect(reference).toBe(acknowledged.get(i));
      }
    }
    const count = (await db.execute("select count(*) as n, count(distinct idempotency_key) as k from referrals"))
      .rows[0];
    expect(Number(count?.n)).toBe(total);
    expect(Number(count?.k)).toBe(total);
    expect(String((await db.execute("PRAGMA integrity_check")).rows[0]?.[0])).toBe("ok");
  } finally {
    db.close();
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0); // graceful shutdown
  }
});

it("refuses to start in production mode while demo accounts exist", async () => {
  const demoEnv = { ...env, DATABASE_URL: `file:${join(dir, "demo.db")}`, SEED_DEMO: "true" };
  const port = await freePort();
  const demo = await startServer(demoEnv, port);
  expect(demo.output()).toContain("Sign in to the staff app with a demo account");
  demo.child.kill("SIGTERM");
  await demo.exited;
  await expect(startServer({ ...demoEnv, OPENPORTAGE_MODE: "production" }, port)).rejects.toThrow(
    /refusing to start in production mode/,
  );
  // Disabled (as docs/operations.md says), the demo accounts no longer stop it.
  const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
  for (const account of DEMO_ACCOUNTS)
    execFileSync(process.execPath, [cli, "disable-user", account.email], {
      env: { ...process.env, ...demoEnv },
      encoding: "utf8",
    });
  const production = await startServer({ ...demoEnv, OPENPORTAGE_MODE: "production" }, port);
  expect(production.output()).not.toContain("Sign in to the staff app with a demo account");
  production.child.kill("SIGTERM");
  await production.exited;
});

it("stops with a message naming a bad variable", async () => {
  await expect(startServer({ ...env, PORT: "not-a-port" }, await freePort())).rejects.toThrow(
    /PORT must be a whole number/,
  );
});
