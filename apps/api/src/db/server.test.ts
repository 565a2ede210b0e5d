// The API on a libSQL server, up to the wire: the real @libsql/client HTTP transport talking Hrana
// to the stand-in (test-support/libsql-server.ts) with a bearer token. Migrations, the demo seed,
// a referral and its outbox (one transaction), the waiting list, integrity over the server; the
// start-up check (wrong token, nothing listening, no answer, foreign keys off); 503 while the
// server is away and recovery when it returns. ADR 0054.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { exampleReferralInput } from "@openportage/referral-form";
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { DatabaseUnavailableError } from "../lib/errors.js";
import { createHarness, type Harness } from "../test-support/harness.js";
import {
  closedPort,
  type LibsqlStandIn,
  startLibsqlStandIn,
  startSilentServer,
} from "../test-support/libsql-server.js";
import { isDatabaseUnavailable, openDatabase, unavailableReason } from "./client.js";
import { backupServer, checkIntegrity } from "./ops.js";
import { seedDemo } from "./seed.js";
import { displayUrl } from "./url.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-libsql-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the stand-in's own file directly: what the server really holds. */
function onServerFile(path: string, sql: string): unknown[] {
  const file = new Database(path);
  try {
    return file.prepare(sql).raw(true).all() as unknown[];
  } finally {
    file.close();
  }
}

describe("the API on a libSQL server", () => {
  const path = join(dir, "server.db");
  let server: LibsqlStandIn;
  let h: Harness;

  beforeAll(async () => {
    server = await startLibsqlStandIn({ path });
    h = await createHarness({ server: { url: server.url, authToken: server.token } });
  });
  afterAll(async () => {
    await h?.close();
    await server?.stop();
  });

  it("migrates and seeds over the wire, with the token, and sends no connection pragmas", async () => {
    await seedDemo(h.db, h.protocol, h.clock.now(), { families: 24 });
    const tables = onServerFile(path, "select name from sqlite_master where type = 'table' and name = 'referrals'");
    expect(tables).toEqual([["referrals"]]);
    const [[referrals]] = onServerFile(path, "select count(*) from referrals") as [[number]];
    expect(referrals).toBeGreaterThanOrEqual(24);
    expect(server.stats.refusedTokens).toBe(0);
    expect(server.stats.pipelines).toBeGreaterThan(0);
    // Synchronous, the journal and the busy timeout are the server's; a pragma from the client
    // would last one request's stream.
    const pragmas = server.stats.statements.filter((s) => /pragma\s+(synchronous|busy_timeout|journal_mode)/i.test(s));
    expect(pragmas).toEqual([]);
  });

  it("takes a referral in one transaction over the wire: the referral and its outbox rows land together", async () => {
    const before = server.stats.statements.length;
    const key = "server-referral-1";
    const res = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput({ childFirstName: "Wire" }),
      headers: { "Idempotency-Key": key },
    });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    const sent = server.stats.statements.slice(before);
    expect(sent.some((s) => /^BEGIN IMMEDIATE/i.test(s))).toBe(true);
    expect(sent.some((s) => /^COMMIT/i.test(s))).toBe(true);
    const stored = onServerFile(path, `select reference from referrals where reference = '${reference}'`);
    expect(stored).toEqual([[reference]]);
    const [[outbox]] = onServerFile(
      path,
      `select count(*) from outbox o join referrals r on o.referral_id = r.id where r.reference = '${reference}'`,
    ) as [[number]];
    expect(outbox).toBeGreaterThan(0);
    // The same key again: the first answer, nothing stored twice (the idempotency row is on the server).
    const again = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput({ childFirstName: "Wire" }),
      headers: { "Idempotency-Key": key },
    });
    expect(((await again.json()) as { reference: string }).reference).toBe(reference);
    const [[copies]] = onServerFile(path, `select count(*) from referrals where reference = '${reference}'`) as [
      [number],
    ];
    expect(copies).toBe(1);
  });

  it("serves the signed-in waiting list and checks integrity over the server", async () => {
    const coordinator = await h.staffMember("coordinator");
    const res = await h.request("/api/waiting-list", { cookie: coordinator.cookie });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { entries: { referralId: string }[] };
    expect(list.entries.length).toBeGreaterThan(0);
    const report = await checkIntegrity(h.db);
    expect(report).toEqual({ ok: true, problems: [] });
  });

  it("answers 503 with Retry-After while the server is away, stays up, and recovers when it returns", async () => {
    const coordinator = await h.staffMember("coordinator", "Cora Outage");
    await server.stop();
    try {
      const health = await h.request("/api/health");
      expect(health.status).toBe(503);
      expect(health.headers.get("content-type")).toBe("application/problem+json");
      expect(health.headers.get("retry-after")).toBe("30");
      expect(await health.json()).toMatchObject({
        type: "/api/problems/database-unavailable",
        database: "unreachable",
      });

      const list = await h.request("/api/waiting-list", { cookie: coordinator.cookie });
      expect(list.status).toBe(503);
      expect(list.headers.get("retry-after")).toBe("30");
      expect(await list.json()).toMatchObject({ type: "/api/problems/database-unavailable", status: 503 });

      const referral = await h.request("/api/referrals", {
        method: "POST",
        json: exampleReferralInput({ childFirstName: "Outage" }),
        headers: { "Idempotency-Key": "server-outage-key-1" },
      });
      expect(referral.status).toBe(503);
      expect(h.logger.lines.some((l) => l.message === "database unavailable")).toBe(true);
      expect(h.logger.lines.some((l) => l.message === "unhandled error")).toBe(false);
    } finally {
      await server.start();
    }
    expect((await h.request("/api/health")).status).toBe(200);
    expect((await h.request("/api/waiting-list", { cookie: coordinator.cookie })).status).toBe(200);
    // The family sends again with the same key: taken now, once.
    const retried = await h.request("/api/referrals", {
      method: "POST",
      json: exampleReferralInput({ childFirstName: "Outage" }),
      headers: { "Idempotency-Key": "server-outage-key-1" },
    });
    expect(retried.status).toBe(201);
  });

  it("backs the server up into a local file: the same schema and every row, checked", async () => {
    const target = join(dir, "server-backup.db");
    // A small page, so that the big tables are read in many requests inside one read transaction.
    const report = await backupServer(server.url, server.token, target, { pageSize: 7 });
    expect(report.ok).toBe(true);
    const schemaOf = (file: string) =>
      onServerFile(
        file,
        "select type, name, sql from sqlite_schema where name not like 'sqlite_%' order by type, name",
      );
    expect(schemaOf(target)).toEqual(schemaOf(path));
    const tables = (onServerFile(path, "select name from sqlite_schema where type = 'table'") as [string][]).map(
      ([name]) => name,
    );
    expect(report.tables).toBe(tables.filter((name) => !name.startsWith("sqlite_")).length);
    let total = 0;
    for (const name of tables) {
      const everything = `select * from "${name}" order by 1, 2`;
      expect(onServerFile(target, everything), name).toEqual(onServerFile(path, everything));
      total += name.startsWith("sqlite_") ? 0 : onServerFile(path, everything).length;
    }
    expect(report.rows).toBe(total);
    expect(total).toBeGreaterThan(100);
    // A file that is there already is never overwritten.
    await expect(backupServer(server.url, server.token, target)).rejects.toThrow(/already exists/);
  });

  it("keeps a fault in a query a 500, not a 503", () => {
    const unique = Object.assign(new Error("SQLite error: UNIQUE constraint failed: users.email"), {
      code: "SQLITE_CONSTRAINT",
    });
    expect(unavailableReason(unique)).toBeUndefined();
    expect(isDatabaseUnavailable(new Error("no such table: nope"))).toBe(false);
  });
});

describe("the start-up check of a libSQL server", () => {
  it("refuses a wrong token in one clear line that does not hold the token", async () => {
    const server = await startLibsqlStandIn({ path: join(dir, "token.db") });
    try {
      const wrong = "not-the-token-0123456789";
      const error = await openDatabase(server.url, wrong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).toBe(
        `the database at ${server.url} cannot be reached: it refused the auth token (HTTP 401): check DATABASE_AUTH_TOKEN`,
      );
      expect((error as Error).message).not.toContain(wrong);
      expect(server.stats.refusedTokens).toBe(1);
      // A token in the URL is shown hidden.
      const inUrl = await openDatabase(`${server.url}?authToken=${wrong}`).catch((e: unknown) => e);
      expect((inUrl as Error).message).toContain(`${server.url}?authToken=[hidden]`);
      expect((inUrl as Error).message).not.toContain(wrong);
    } finally {
      await server.stop();
    }
  });

  it("says nothing is listening at a port with no server", async () => {
    const port = await closedPort();
    const error = await openDatabase(`http://127.0.0.1:${port}`, "token").catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `the database at http://127.0.0.1:${port} cannot be reached: nothing is listening there (connection refused)`,
    );
  });

  it("gives up on a server that accepts the connection and never answers", async () => {
    const silent = await startSilentServer();
    try {
      const error = await openDatabase(silent.url, "token", { timeoutMs: 500 }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `the database at ${silent.url} cannot be reached: it did not answer within 0.5 s`,
      );
      // libsql:// with tls=0 is the same server over plain HTTP.
      const viaLibsql = await openDatabase(`libsql://127.0.0.1:${silent.port}?tls=0`, "token", {
        timeoutMs: 500,
      }).catch((e: unknown) => e);
      expect((viaLibsql as Error).message).toContain("it did not answer within 0.5 s");
    } finally {
      await silent.stop();
    }
  });

  it("refuses a server whose connections run with foreign keys off", async () => {
    const server = await startLibsqlStandIn({ path: join(dir, "no-fk.db"), foreignKeys: false });
    try {
      const error = await openDatabase(server.url, server.token).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /runs its connections with foreign keys off: Open Portage needs them on/,
      );
    } finally {
      await server.stop();
    }
  });

  it("opens libsql:// URLs with ?tls=0 over HTTP to the same server", async () => {
    const server = await startLibsqlStandIn({ path: join(dir, "libsql-scheme.db") });
    try {
      const db = await openDatabase(`libsql://127.0.0.1:${server.port}?tls=0`, server.token);
      const result = await db.$client.execute("select 41 + 1 as n");
      expect(result.rows[0]?.n).toBe(42);
      db.$client.close();
    } finally {
      await server.stop();
    }
  });
});

describe("a database URL as it may be shown", () => {
  it("hides an auth token in the query and a password, and leaves file paths alone", () => {
    expect(displayUrl("libsql://db.example.internal?authToken=s3cret")).toBe(
      "libsql://db.example.internal?authToken=[hidden]",
    );
    expect(displayUrl("https://portage:pa55@db.example.internal/")).toBe(
      "https://portage:[hidden]@db.example.internal/",
    );
    expect(displayUrl("file:/var/lib/openportage/portage.db")).toBe("file:/var/lib/openportage/portage.db");
  });
});

describe("DATABASE_URL and DATABASE_AUTH_TOKEN", () => {
  const production = {
    OPENPORTAGE_MODE: "production",
    ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=cfws@council.example",
  };

  it("names the field for a scheme that is not a database, without echoing a token", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://db.example.internal?authToken=s3cret" })).toThrow(
      '- DATABASE_URL must be a file:, libsql:, http(s): or ws(s): URL (got "postgres://db.example.internal?authToken=[hidden]")',
    );
    expect(() => loadConfig({ DATABASE_URL: "libsql://" })).toThrow(/- DATABASE_URL must /);
  });

  it("takes every scheme libSQL speaks", () => {
    for (const url of [
      "file:/tmp/x.db",
      "libsql://db.example.internal",
      "http://127.0.0.1:8080",
      "https://db.example.internal",
      "ws://127.0.0.1:8080",
      "wss://db.example.internal",
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it("refuses, in production mode, a server without a token or without TLS", () => {
    expect(() => loadConfig({ ...production, DATABASE_URL: "libsql://db.example.internal" })).toThrow(
      /- DATABASE_AUTH_TOKEN must be set in production mode when DATABASE_URL is a libSQL server/,
    );
    expect(() =>
      loadConfig({ ...production, DATABASE_URL: "http://db.example.internal:8080", DATABASE_AUTH_TOKEN: "t" }),
    ).toThrow(/- DATABASE_URL must use TLS in production mode/);
    expect(() =>
      loadConfig({ ...production, DATABASE_URL: "libsql://db.example.internal:8080?tls=0", DATABASE_AUTH_TOKEN: "t" }),
    ).toThrow(/- DATABASE_URL must use TLS in production mode/);
    // A token in the URL counts; a server on this machine may go without either.
    expect(() => loadConfig({ ...production, DATABASE_URL: "libsql://db.example.internal?authToken=t" })).not.toThrow();
    expect(() => loadConfig({ ...production, DATABASE_URL: "http://127.0.0.1:8080" })).not.toThrow();
    // The demo does not insist.
    expect(() => loadConfig({ DATABASE_URL: "http://db.example.internal:8080" })).not.toThrow();
  });
});

describe("the stand-in speaks Hrana as sqld does", () => {
  let server: LibsqlStandIn;
  beforeAll(async () => {
    server = await startLibsqlStandIn({ path: join(dir, "hrana.db"), streamIdleMs: 200 });
  });
  afterAll(() => server.stop());

  const pipeline = async (version: 2 | 3, body: unknown, token = server.token) =>
    fetch(`${server.url}/v${version}/pipeline`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it("keeps a stream's transaction across requests by baton, and answers get_autocommit on v3", async () => {
    const first = await pipeline(3, {
      baton: null,
      requests: [{ type: "execute", stmt: { sql: "BEGIN" } }, { type: "get_autocommit" }],
    });
    const one = (await first.json()) as { baton: string; results: { response: { is_autocommit?: boolean } }[] };
    expect(one.results[1]?.response.is_autocommit).toBe(false);
    const second = await pipeline(3, { baton: one.baton, requests: [{ type: "get_autocommit" }, { type: "close" }] });
    const two = (await second.json()) as { baton: string | null; results: { response: { is_autocommit?: boolean } }[] };
    expect(two.results[0]?.response.is_autocommit).toBe(false);
    expect(two.baton).toBeNull();
    // A baton used once is spent.
    const replay = await pipeline(3, { baton: one.baton, requests: [{ type: "close" }] });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: "STREAM_EXPIRED" });
  });

  it("closes an idle stream and rolls its transaction back", async () => {
    await createClient({ url: server.url, authToken: server.token }).execute(
      "create table if not exists kept (n integer)",
    );
    const open = (await (
      await pipeline(2, {
        baton: null,
        requests: [
          { type: "execute", stmt: { sql: "BEGIN IMMEDIATE" } },
          { type: "execute", stmt: { sql: "insert into kept values (1)" } },
        ],
      })
    ).json()) as { baton: string };
    const expired = server.stats.streamsExpired;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.stats.streamsExpired).toBe(expired + 1);
    const late = await pipeline(2, { baton: open.baton, requests: [{ type: "execute", stmt: { sql: "COMMIT" } }] });
    expect(late.status).toBe(400);
    expect(onServerFile(join(dir, "hrana.db"), "select count(*) from kept")).toEqual([[0]]);
  });

  it("lets a second writer wait for the first instead of failing", async () => {
    const a = createClient({ url: server.url, authToken: server.token });
    const b = createClient({ url: server.url, authToken: server.token });
    await a.execute("create table if not exists queue (who text)");
    const first = await a.transaction("write");
    await first.execute("insert into queue values ('a')");
    const second = b.batch(["insert into queue values ('b')"], "write");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.commit();
    await second;
    expect((await a.execute("select who from queue order by rowid")).rows.map((r) => r.who)).toEqual(["a", "b"]);
    a.close();
    b.close();
  });

  it("refuses a request without the token", async () => {
    const res = await pipeline(2, { baton: null, requests: [] }, "wrong");
    expect(res.status).toBe(401);
  });
});

describe("a libSQL server over WebSocket", () => {
  it("bounds every call, as the HTTP transport's fetch is bounded", async () => {
    const silent = await startSilentServer();
    try {
      const url = `ws://127.0.0.1:${silent.port}`;
      const start = await openDatabase(url, "token", { timeoutMs: 300 }).catch((e: unknown) => e);
      expect((start as Error).message).toBe(`the database at ${url} cannot be reached: it did not answer within 0.3 s`);
      const db = await openDatabase(url, "token", { timeoutMs: 300, skipServerCheck: true });
      const error = await db.$client.execute("select 1").catch((e: unknown) => e);
      expect(unavailableReason(error, 300)).toBe("it did not answer within 0.3 s");
      const tx = await db.$client.transaction("write").catch((e: unknown) => e);
      expect(unavailableReason(tx, 300)).toBe("it did not answer within 0.3 s");
      db.$client.close();
    } finally {
      await silent.stop();
    }
  });
});
