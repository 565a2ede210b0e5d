// Several API processes on one database (issue 18, docs/adr/0053), with real processes, real HTTP
// and a stand-in for GOV.UK Notify:
//   - two built servers started at the same moment on a new database migrate it once and seed the
//     demo once;
//   - three serve referrals at once, retried with the same idempotency key on another process when
//     one fails; one is killed (SIGKILL) mid-stream and started again: every acknowledged
//     referral is stored exactly once, every notification reaches Notify exactly once;
//   - the sign-in throttle counts failures made on any of the three; a session made on one works
//     on the others and, signed out on one, is refused on all;
//   - API_PROCESSES=2 through the real start: both workers answer, a killed worker is replaced,
//     SIGHUP replaces both in turn with no request failing, Ctrl+C stops both and says so once.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { exampleReferralInput } from "@openportage/referral-form";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../src/db/migrate.js";
import { DEMO_ACCOUNTS } from "../../src/db/seed.js";
import { SIGN_IN_FAILURES_PER_ACCOUNT } from "../../src/lib/rate-limit.js";
import { notifyStandIn, standInKey } from "../../src/test-support/notify-stand-in.js";
import { freePort, type Running, SERVER, startServer } from "./server.js";

const KEY = standInKey();
const notify = notifyStandIn(KEY);
const dir = mkdtempSync(join(tmpdir(), "openportage-processes-"));
const DATABASE_URL = `file:${join(dir, "shared.db")}`;
const DEMO_FAMILIES = 60;
let env: Record<string, string>;
let db: ReturnType<typeof createClient>;
/** The three processes, each on its own port, all on DATABASE_URL. */
const servers: (Running | undefined)[] = [];
const ports: number[] = [];

beforeAll(async () => {
  await notify.listen();
  env = {
    DATABASE_URL,
    SEED_DEMO: "true",
    REFERRAL_RATE_LIMIT: "1000000",
    NOTIFY_API_KEY: KEY.apiKey,
    NOTIFY_BASE_URL: notify.url(),
    NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
    NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
    NOTIFY_TEMPLATE_REPORT: randomUUID(),
    NOTIFY_TEMPLATE_ROUTINE_NOTICE: randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
    NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
    // One second for each request to Notify: a claim left by a killed process is stale after two.
    NOTIFY_TIMEOUT_SECONDS: "1",
    TEAM_EMAIL: "portage.team@council.example",
    ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=cfws@council.example",
    LOG_LEVEL: "info",
  };
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  db = createClient({ url: DATABASE_URL });
});

afterAll(async () => {
  db?.close();
  for (const server of servers) {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }
  await notify.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Another process holding the database's write lock (the file in WAL, as the API keeps it): a
 * child process that begins an IMMEDIATE transaction and holds it until `release()`.
 */
async function anotherProcessHolding(file: string) {
  const script = `
    import { createClient } from "@libsql/client";
    const client = createClient({ url: ${JSON.stringify(`file:${file}`)} });
    await client.execute("PRAGMA journal_mode = WAL");
    const tx = await client.transaction("write");
    process.stdout.write("held\\n");
    process.stdin.once("data", async () => { await tx.rollback(); client.close(); process.stdout.write("released\\n"); });
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const said = async (what: string) => {
    const deadline = Date.now() + 15_000;
    while (!out.includes(what)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the holder did not say ${what}: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await said("held");
  return {
    async release() {
      child.stdin.write("go\n");
      await said("released");
      child.stdin.end();
    },
  };
}

async function count(sql: string, ...args: string[]): Promise<number> {
  return Number((await db.execute({ sql, args })).rows[0]?.n);
}

/** What each server said, for a failure message. */
const outputs = () => servers.map((s, i) => `--- process ${i + 1}\n${s?.output() ?? "(not running)"}`).join("\n");

describe("three processes by hand on one database", () => {
  it("start at the same moment on a new database: migrated once, the demo seeded once", async () => {
    // Two at once on the empty file. So that they really meet, another process holds the file's
    // write lock while they start, and lets go once both are waiting for it: one migrates and
    // seeds, the other waits and finds it done.
    const holder = await anotherProcessHolding(DATABASE_URL.slice("file:".length));
    const starting = Promise.all([startServer(env, ports[0] as number), startServer(env, ports[1] as number)]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await holder.release();
    const [a, b] = await starting;
    servers.push(a, b);
    servers.push(await startServer(env, ports[2] as number));
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    expect(await count("select count(*) as n from __drizzle_migrations")).toBe(journal.entries.length);
    expect(await count("select count(distinct created_at) as n from __drizzle_migrations")).toBe(
      journal.entries.length,
    );
    expect(await count("select count(*) as n from users")).toBe(DEMO_ACCOUNTS.length);
    expect(await count("select count(*) as n from referrals")).toBe(DEMO_FAMILIES);
    expect(await count("select count(*) as n from audit_events where action = 'seed-demo'")).toBe(1);
    const said = servers.map((s) => s?.output() ?? "");
    expect(said.filter((o) => o.includes("demo database seeded")).length, outputs()).toBe(1);
    for (const o of said) expect(o).toContain("Sign in to the staff app with a demo account");
  });

  it("store every acknowledged referral once and send every notification once, though one is killed mid-stream", async () => {
    const total = 300;
    const acknowledged = new Map<number, string>();
    const statuses = new Map<number, number>();
    let next = 0;
    let killedAt = -1;
    let restarted: Promise<void> | undefined;
    const keyOf = (i: number) => `processes-test-${String(i).padStart(6, "0")}`;
    const submit = async (i: number): Promise<void> => {
      for (let attempt = 0; attempt < 40; attempt++) {
        // Each referral goes first to its own process, then round the others.
        const server = servers[(i + attempt) % 3];
        if (!server || server.child.exitCode !== null || server.child.signalCode !== null) continue;
        try {
          const res = await fetch(`${server.url}/api/referrals`, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": keyOf(i) },
            body: JSON.stringify(exampleReferralInput({ childFirstName: `Child${i}` })),
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201 || res.status === 200) {
            const { reference } = (await res.json()) as { reference: string };
            // A retry of one already acknowledged is answered with the same reference.
            const earlier = acknowledged.get(i);
            if (earlier !== undefined) expect(reference).toBe(earlier);
            acknowledged.set(i, reference);
            return;
          }
          await res.body?.cancel();
        } catch {
          // The connection died with the process: not acknowledged; retried elsewhere.
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`referral ${i} was never acknowledged\n${outputs()}`);
    };
    const worker = async () => {
      while (next < total) {
        const i = next++;
        await submit(i);
        if (killedAt < 0 && acknowledged.size >= 100) {
          killedAt = acknowledged.size;
          const victim = servers[1] as Running;
          victim.child.kill("SIGKILL");
          restarted = victim.exited.then(async (code) => {
            expect(code).toBeNull(); // killed by the signal
            servers[1] = undefined;
            servers[1] = await startServer(env, ports[1] as number);
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    await restarted;
    expect(killedAt).toBeGreaterThanOrEqual(100);
    expect(acknowledged.size).toBe(total);
    // No server error at all: contention between the processes is waited out, not turned into a 500.
    expect(
      [...statuses.keys()].filter((status) => status >= 500),
      JSON.stringify([...statuses]),
    ).toEqual([]);

    // Every acknowledged referral exactly once, under the reference it was given.
    const rows = (
      await db.execute("select idempotency_key, reference from referrals where idempotency_key like 'processes-test-%'")
    ).rows;
    expect(rows.length).toBe(total);
    const byKey = new Map(rows.map((row) => [String(row.idempotency_key), String(row.reference)]));
    for (const [i, reference] of acknowledged) expect(byKey.get(keyOf(i))).toBe(reference);

    // Every notification (a confirmation to the parent and an alert to the team, each referral)
    // reaches Notify exactly once, though a process died holding some claims.
    const expected = await count(
      "select count(*) as n from outbox o join referrals r on r.id = o.referral_id where r.idempotency_key like 'processes-test-%'",
    );
    expect(expected).toBe(2 * total);
    const deadline = Date.now() + 60_000;
    while ((await count("select count(*) as n from outbox where status <> 'sent'")) > 0) {
      if (Date.now() > deadline) throw new Error(`the outbox did not empty\n${outputs()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ids = (
      await db.execute(
        "select o.id from outbox o join referrals r on r.id = o.referral_id where r.idempotency_key like 'processes-test-%'",
      )
    ).rows.map((row) => String(row.id));
    const received = new Map<string, number>();
    for (const r of notify.received) received.set(r.body.reference, (received.get(r.body.reference) ?? 0) + 1);
    for (const id of ids) expect(received.get(id), id).toBe(1);
    expect(notify.received.length).toBe(ids.length);
    expect(notify.received.every((r) => r.tokenValid)).toBe(true);
    expect(String((await db.execute("PRAGMA integrity_check")).rows[0]?.[0])).toBe("ok");
  });

  it("count failed sign-ins made on any of them against the account", async () => {
    const visitor = DEMO_ACCOUNTS.find((a) => a.email === "visitor2@demo.openportage.invalid");
    if (!visitor) throw new Error("no demo home visitor");
    const signIn = (server: Running | undefined, password: string) =>
      fetch(`${server?.url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server?.url ?? "" },
        body: JSON.stringify({ email: visitor.email, password }),
      });
    // The account's limit of wrong passwords, spread over the three: each alone has seen a third.
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++) {
      expect((await signIn(servers[i % 3], "not the password")).status).toBe(401);
    }
    // Now every process refuses, even the right password.
    for (const server of servers) expect((await signIn(server, visitor.password)).status).toBe(429);
  });

  it("share a session: made on one, good on the others, ended on all by signing out on one", async () => {
    const coordinator = DEMO_ACCOUNTS.find((a) => a.email === "coordinator@demo.openportage.invalid");
    if (!coordinator) throw new Error("no demo coordinator");
    const [first, second, third] = servers as Running[];
    const signedIn = await fetch(`${first?.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: first?.url ?? "" },
      body: JSON.stringify({ email: coordinator.email, password: coordinator.password }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    const session = (server: Running | undefined) =>
      fetch(`${server?.url}/api/auth/session`, { headers: { cookie, accept: "application/json" } });
    const waitingList = (server: Running | undefined) =>
      fetch(`${server?.url}/api/waiting-list?pageSize=5`, { headers: { cookie, accept: "application/json" } });
    for (const server of [first, second, third]) {
      const res = await session(server);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { email: string } }).user.email).toBe(coordinator.email);
      expect((await waitingList(server)).status).toBe(200);
    }
    const out = await fetch(`${third?.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: third?.url ?? "" },
    });
    expect(out.status).toBe(204);
    for (const server of [first, second, third]) {
      expect((await session(server)).status).toBe(401);
      expect((await waitingList(server)).status).toBe(401);
    }
  });
});

/** The real start with API_PROCESSES: the primary in its own process group, as a terminal runs it. */
function startCluster(extra: Record<string, string>, port: number) {
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...extra },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited, url: `http://127.0.0.1:${port}` };
}

/** The primary's workers' process ids. */
function workersOf(primary: ChildProcess): number[] {
  const listed = execFileSync("ps", ["-o", "pid=", "--ppid", String(primary.pid)], { encoding: "utf8" });
  return listed
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}

/** Which process answers each of `n` requests, each on a connection of its own. */
async function answering(url: string, n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/health`, {
      headers: { connection: "close" },
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    seen.add(res.headers.get("openportage-process") ?? "none");
    await res.body?.cancel();
  }
  return seen;
}

async function until(what: string, check: () => boolean | Promise<boolean>, output: () => string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("API_PROCESSES=2 through the real start", () => {
  let cluster: ReturnType<typeof startCluster> | undefined;
  afterAll(async () => {
    if (cluster && cluster.child.exitCode === null) {
      process.kill(-(cluster.child.pid as number), "SIGKILL");
      await cluster.exited;
    }
  });

  it("serves from both workers, replaces one that dies, renews both on SIGHUP, and stops both on Ctrl+C", async () => {
    const port = await freePort();
    cluster = startCluster(
      { DATABASE_URL: `file:${join(dir, "cluster.db")}`, SEED_DEMO: "true", API_PROCESSES: "2" },
      port,
    );
    const running = cluster;
    await until("the banner", () => running.output().includes("Press Ctrl+C to stop."), running.output);
    const said = running.output();
    expect(said).toContain(
      `Open Portage API listening on http://127.0.0.1:${port} (demo mode, protocol lancashire, 2 processes)`,
    );
    // The primary speaks once for both: one banner, one seed.
    expect(said.split("Press Ctrl+C to stop.").length - 1).toBe(1);
    expect(said.split("demo database seeded").length - 1).toBe(1);
    expect(await answering(running.url, 12)).toEqual(new Set(["1", "2"]));
    const before = workersOf(running.child);
    expect(before.length).toBe(2);

    // One worker dies as a crash would; the other keeps answering, and the primary starts another.
    process.kill(before[0] as number, "SIGKILL");
    await until(
      "the primary to see it",
      () => running.output().includes("an API process stopped; starting another"),
      running.output,
    );
    // Meanwhile, and while the new one starts, every request is answered.
    expect((await answering(running.url, 4)).size).toBeGreaterThan(0);
    await until(
      "a new worker",
      () => workersOf(running.child).filter((pid) => !before.includes(pid)).length === 1,
      running.output,
    );
    await until("both workers answering", async () => (await answering(running.url, 6)).size === 2, running.output);
    expect(workersOf(running.child)).toHaveLength(2);

    // A new release without a moment unanswered: SIGHUP replaces each worker in turn, the old one
    // stopping only once its successor listens. Requests keep coming meanwhile; none fails.
    const serving = workersOf(running.child);
    let replaced = false;
    let answered = 0;
    const failures: string[] = [];
    const traffic = Array.from({ length: 3 }, async () => {
      while (!replaced) {
        try {
          const res = await fetch(`${running.url}/api/health`, {
            headers: { connection: "close" },
            signal: AbortSignal.timeout(5000),
          });
          if (res.status === 200) answered++;
          else failures.push(String(res.status));
          await res.body?.cancel();
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
        }
      }
    });
    process.kill(running.child.pid as number, "SIGHUP");
    await until("every worker replaced", () => running.output().includes("every API process replaced"), running.output);
    replaced = true;
    await Promise.all(traffic);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(10);
    const now = workersOf(running.child);
    expect(now).toHaveLength(2);
    expect(now.filter((pid) => serving.includes(pid))).toEqual([]);
    expect(await answering(running.url, 6)).toEqual(new Set(["1", "2"]));

    // Ctrl+C reaches the whole group: every process stops; the primary says so, once, and exits 0.
    process.kill(-(running.child.pid as number), "SIGINT");
    expect(await running.exited).toBe(0);
    const end = running.output();
    expect(end.split("Stopping Open Portage...").length - 1).toBe(1);
    expect(end.split("Open Portage has stopped.").length - 1).toBe(1);
    await expect(fetch(`${running.url}/api/health`)).rejects.toThrow();
  });

  it("refuses a bad API_PROCESSES with a message naming it", async () => {
    const port = await freePort();
    const bad = startCluster({ DATABASE_URL: `file:${join(dir, "bad.db")}`, API_PROCESSES: "0" }, port);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('API_PROCESSES must be a whole number from 1 to 16 (got "0")');
  });
});
