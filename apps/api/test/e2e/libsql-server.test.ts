// The built server and CLI on a libSQL server (ADR 0054): the stand-in speaking Hrana over HTTP
// (src/test-support/libsql-server.ts), reached with DATABASE_URL=http://127.0.0.1:<port> and
// DATABASE_AUTH_TOKEN. First run seeds the demo over the wire; a referral, the signed-in waiting
// list and the admin app work; when the server goes away the API answers 503, the admin app shows
// its "service unavailable" page and the process stays up; when it returns, everything answers
// again. At start, a database out of reach is one clear line and exit 1, never a hang.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exampleReferralInput } from "@openportage/referral-form";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedPort,
  type LibsqlStandIn,
  startLibsqlStandIn,
  startSilentServer,
} from "../../src/test-support/libsql-server.js";
import { freePort, type Running, SERVER, startServer } from "./server.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-libsql-e2e-"));
const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server expecting it to fail; resolves with its exit code and output. */
function failedStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the CLI; resolves with its exit status and output (never throws). Asynchronously: the
 * stand-in server answers from this process, so blocking it would hang the CLI.
 */
function cli(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? "", OPENPORTAGE_MODE: "demo", ...env }, encoding: "utf8" },
      (error, stdout, stderr) => {
        const status = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

describe("the server on a libSQL server", () => {
  let db: LibsqlStandIn;
  let server: Running;
  let cookie = "";

  beforeAll(async () => {
    db = await startLibsqlStandIn({ path: join(dir, "server.db") });
    server = await startServer(
      { DATABASE_URL: db.url, DATABASE_AUTH_TOKEN: db.token, OPENPORTAGE_MODE: "demo", SEED_DEMO: "true" },
      await freePort(),
    );
  }, 90_000);
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    await db?.stop();
  });

  it("starts, seeds the demo over the wire, and never prints the token", async () => {
    expect(server.output()).toContain("Open Portage API listening on");
    expect(server.output()).not.toContain(db.token);
    expect(db.stats.refusedTokens).toBe(0);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: "coordinator@demo.openportage.invalid", password: "cora demo password" }),
    });
    expect(signIn.status).toBe(200);
    cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const list = await fetch(`${server.url}/api/waiting-list`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
  });

  it("takes a referral, and the admin app shows the waiting list", async () => {
    const referral = await fetch(`${server.url}/api/referrals`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "e2e-libsql-referral-1" },
      body: JSON.stringify(exampleReferralInput({ childFirstName: "Wire" })),
    });
    expect(referral.status).toBe(201);
    const page = await fetch(`${server.url}/admin/waiting-list`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Waiting list");
  });

  it("answers 503 while the database is away, shows the admin app's error page, and recovers", async () => {
    await db.stop();
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get("content-type")).toBe("application/problem+json");
      expect(await health.json()).toMatchObject({
        type: "/api/problems/database-unavailable",
        database: "unreachable",
      });

      const list = await fetch(`${server.url}/api/waiting-list`, { headers: { cookie } });
      expect(list.status).toBe(503);
      expect(list.headers.get("retry-after")).toBe("30");

      // A refusal is audited too: its audit event cannot be written either, so it is a 503 as well.
      const refused = await fetch(`${server.url}/api/waiting-list`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("30");

      const referral = await fetch(`${server.url}/api/referrals`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "e2e-libsql-referral-2" },
        body: JSON.stringify(exampleReferralInput({ childFirstName: "Outage" })),
      });
      expect(referral.status).toBe(503);
      expect(await referral.json()).toMatchObject({ type: "/api/problems/database-unavailable" });

      const page = await fetch(`${server.url}/admin/waiting-list`, { headers: { cookie } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain("Sorry, the service is unavailable");
      // Signed out, the admin app's sign-in page still renders; the family app says it is not working.
      const signIn = await fetch(`${server.url}/admin/sign-in`);
      expect(signIn.status).toBe(200);
      expect(await signIn.text()).toMatch(/<h1[^>]*>Sign in</);
      const family = await fetch(`${server.url}/family/`);
      expect(family.status).toBe(503);
      expect(await family.text()).toContain("Sorry, the service is not working");
      expect(server.child.exitCode).toBeNull();
    } finally {
      await db.start();
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/waiting-list`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/admin/waiting-list`, { headers: { cookie } })).status).toBe(200);
    expect(server.output()).not.toContain(db.token);
  });

  it("checks integrity and backs up over the server; restore says which server tool replaces it", async () => {
    const env = { DATABASE_URL: db.url, DATABASE_AUTH_TOKEN: db.token };
    expect(await cli(env, "check-integrity")).toMatchObject({ status: 0, stdout: "integrity check ok\n" });
    const copy = join(dir, "copy.db");
    const backup = await cli(env, "backup", copy);
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(
        `^backup written to ${copy} \\(\\d+ tables, \\d+ rows copied from the libSQL server\\); integrity check ok\n$`,
      ),
    );
    // The copy is a database the CLI (and the server) can use as it is: the restore drill's first step.
    expect(await cli({ DATABASE_URL: `file:${copy}` }, "check-integrity")).toMatchObject({ status: 0 });
    const restore = await cli(env, "restore", copy);
    expect(restore.status).toBe(2);
    expect(restore.stderr).toMatch(/^restore replaces a local database file, and DATABASE_URL is a libSQL server/);
    expect(restore.stderr).toContain("--timestamp");
    expect(restore.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("a libSQL server out of reach at start", () => {
  it("stops with one line and exit 1 when nothing listens at the address", async () => {
    const port = await closedPort();
    const result = await failedStart({ DATABASE_URL: `http://127.0.0.1:${port}`, DATABASE_AUTH_TOKEN: "t0ken-secret" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Open Portage API failed to start: the database at http://127.0.0.1:${port} cannot be reached: nothing is listening there (connection refused)\n`,
    );
    const command = await cli({ DATABASE_URL: `http://127.0.0.1:${port}?authToken=t0ken-secret` }, "check-integrity");
    expect(command.status).toBe(1);
    expect(command.stderr).toBe(
      `openportage: the database at http://127.0.0.1:${port}?authToken=[hidden] cannot be reached: nothing is listening there (connection refused)\n`,
    );
  });

  it("stops with one line and exit 1 when the server accepts and never answers", async () => {
    const silent = await startSilentServer();
    try {
      const result = await failedStart({ DATABASE_URL: silent.url, DATABASE_AUTH_TOKEN: "t0ken-secret" });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Open Portage API failed to start: the database at ${silent.url} cannot be reached: it did not answer within 10 s\n`,
      );
    } finally {
      await silent.stop();
    }
  });

  it("refuses a libSQL server without a token in production mode, naming the setting", async () => {
    const result = await failedStart({
      DATABASE_URL: "libsql://portage-db.example.internal",
      OPENPORTAGE_MODE: "production",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "- DATABASE_AUTH_TOKEN must be set in production mode when DATABASE_URL is a libSQL server",
    );
  });
});
