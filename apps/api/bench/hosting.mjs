// The hosting benchmark (issue 17; run by `pnpm bench` after import.mjs, or alone: node
// bench/hosting.mjs): what a parent on a poor signal and a council paying for its hosting feel.
// In one run, on one machine:
//   - the disk's durable commit limit (write + fsync of a small block, in a loop),
//   - the raw libSQL client's durable commit rate with the API's own settings (one referral-sized
//     row a transaction, one writer), and the same client committing everything a referral writes
//     (its rows in six tables, with their indexes and triggers, on the seeded database) one
//     referral a commit: the database's own share of intake, without HTTP or the rules,
//   - then the built server on the bench seed (10,000 referrals): intake, /api/health anonymous
//     and signed in, the signed-in pages (the waiting list in the API and in the admin app, a case,
//     the visitor's diary, a report), each with its share of /api/health and intake's share of
//     the raw commit rate; each route first runs for BENCH_WARM_UP_SECONDS (default 1) unmeasured,
//     then BENCH_SECONDS (default 5) in all, in BENCH_ROUNDS rounds (default 5) of every route:
//     the reads first, then intake beside the raw client's rates, so that each share compares
//     figures measured seconds apart, the median of the rounds' shares printed with their range,
//   - the server's CPU time a request on each route (all its threads, from /proc; Linux only),
//   - the bytes each page takes on the wire, compressed (Accept-Encoding: br, gzip) and not,
//   - what holds the server's memory (bench/memory-probe.cjs: resident, V8's heap allocated, used
//     and live after a full collection, outside the heap) at idle, after the load and, with
//     BENCH_SOAK_SECONDS, every minute of a soak (default off; the issue's soak is 600).
// Figures, not a pass/fail test.
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lancashire } from "@openportage/domain";
import { createLocalClient, serialiseWrites } from "../dist/db/client.js";
import { newId, newReference } from "../dist/lib/ids.js";
import { HIT } from "../dist/lib/rate-limit.js";
import { referralWrites } from "../dist/routes/referrals/intake.js";
import {
  benchDatabase,
  cli,
  cpuMicrosOf,
  intakeRequest,
  percent,
  printRows,
  run,
  signIn,
  startServer,
} from "./lib.mjs";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const SOAK = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
// Each route is first run for this long, its figures dropped: the table compares routes the
// server has already compiled and cached, not the first route measured against a cold process.
const WARM_UP = Number(process.env.BENCH_WARM_UP_SECONDS ?? 1);
// BENCH_SECONDS a route in all, in this many rounds: every route runs for its share of a second
// in each round, so a slow moment of the machine (a shared host's figures can halve from one
// minute to the next) falls on a route and on /api/health alike, and each share is a round's.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;

/** Durable commits a second the disk allows: a 4 KB write and an fsync, for `seconds`. */
function diskCommitLimit(seconds) {
  const dir = mkdtempSync(join(tmpdir(), "openportage-fsync-"));
  const fd = openSync(join(dir, "probe"), "w");
  const block = Buffer.alloc(4096, 1);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    writeSync(fd, block, 0, block.length, 0);
    fsyncSync(fd);
    n++;
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return n / seconds;
}

/**
 * The libSQL client's durable commits with the API's pragmas, one 2 KB row a transaction, on a
 * database of its own: `rate(seconds)` commits for that long and answers the commits a second.
 */
async function rawCommits() {
  const dir = mkdtempSync(join(tmpdir(), "openportage-raw-"));
  const client = serialiseWrites(createLocalClient(`file:${join(dir, "raw.db")}`));
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("create table t (id integer primary key, body text not null)");
  const body = "x".repeat(2048);
  return {
    async rate(seconds) {
      let n = 0;
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        await client.batch([{ sql: "insert into t (body) values (?)", args: [body] }], "write");
        n++;
      }
      return n / seconds;
    },
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The same client committing a referral's writes on the seeded database, one referral a commit,
 * one writer: the answers and assessment of a stored referral, new ids, the statements intake
 * runs (routes/referrals/intake.ts, lib/rate-limit.ts). What the database alone allows intake.
 */
async function rawReferrals(url) {
  const client = serialiseWrites(createLocalClient(url));
  const { rows } = await client.execute("select answers, eligibility from referrals limit 1");
  const answers = JSON.parse(String(rows[0].answers));
  const assessment = JSON.parse(String(rows[0].eligibility));
  let n = 0;
  return {
    async rate(seconds) {
      const start = n;
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        const receivedAt = new Date().toISOString();
        const ids = { childId: newId(), referralId: newId(), reference: newReference() };
        const now = Date.now();
        const audit = (recordType, recordId) => ({
          at: receivedAt,
          actorId: null,
          actorRole: null,
          action: "create",
          recordType,
          recordId,
          outcome: "success",
          request: "POST /api/referrals",
          address: "127.0.0.1",
          reason: null,
        });
        const writes = referralWrites({
          ids,
          answers,
          from: { route: "self-referral", source: "public-form" },
          idempotencyKey: `raw-${process.pid}-${n}`,
          fingerprint: "0".repeat(64),
          assessment,
          receivedAt,
          protocol: lancashire,
          teamEmail: "team@example.invalid",
          audit: [audit("referral", ids.referralId), audit("child", ids.childId)],
        });
        await client.batch(
          [{ sql: HIT, args: [`raw:${n}`, now, now - 3_600_000, now - 3_600_000, now] }, ...writes],
          "write",
        );
        n++;
      }
      return (n - start) / seconds;
    },
    close: () => client.close(),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Requests a second over one autocannon result. */
const rateOf = (result) => result.requests.total / result.duration;
/** The median of `shares` and, in words, their lowest and highest. */
const spread = (shares) => ({
  share: median(shares),
  range: `${percent(Math.min(...shares))}-${percent(Math.max(...shares))}`,
});

/**
 * A route's figures over its slices, one a round: requests/s over all of them, the median of
 * their p50 and the worst p99, and, given each round's /api/health (anonymous) slice, its share
 * of it as the median of the rounds' shares, with the lowest and highest: each share compares
 * two figures measured seconds apart, so a moment when the machine slows moves both.
 */
function overRounds(title, slices, healthSlices) {
  const sum = (pick) => slices.reduce((total, r) => total + pick(r), 0);
  return {
    title,
    rate: sum((r) => r.requests.total) / sum((r) => r.duration),
    p50: median(slices.map((r) => r.latency.p50)),
    p99: Math.max(...slices.map((r) => r.latency.p99)),
    ...(healthSlices ? spread(slices.map((r, i) => rateOf(r) / rateOf(healthSlices[i]))) : {}),
    ...(slices.every((r) => r.cpuMicros !== undefined)
      ? { cpuMicros: sum((r) => r.cpuMicros) / sum((r) => r.requests.total) }
      : {}),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
  };
}

/** The bytes a GET takes on the wire (not decoded), with and without asking for compression. */
function wireBytes(url, path, cookie, encoding) {
  return new Promise((resolve, reject) => {
    const headers = { "accept-encoding": encoding, ...(cookie ? { cookie } : {}) };
    const req = request(`${url}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode, bytes, encoding: res.headers["content-encoding"] ?? "none" }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** Where the server's memory probe (bench/memory-probe.cjs) writes its figures. */
const PROBE = join(mkdtempSync(join(tmpdir(), "openportage-memory-")), "memory.json");
const PROBE_ARGS = ["--expose-gc", "-r", fileURLToPath(new URL("./memory-probe.cjs", import.meta.url))];

/** What holds the server's memory now (the probe collects garbage first for the live heap), in MB. */
async function memoryOf(pid) {
  rmSync(PROBE, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100 && !existsSync(PROBE); i++) await new Promise((r) => setTimeout(r, 50));
  return JSON.parse(readFileSync(PROBE, "utf8"));
}

const database = benchDatabase("hosting");
console.log(`\nhosting: the disk's durable commit limit (${DURATION} s)...`);
const disk = diskCommitLimit(DURATION);
console.log(`seeding ${FAMILIES} fictional referrals...`);
cli(database.env, "seed-demo", "--families", String(FAMILIES));
const raw = await rawCommits();
const rawReferral = await rawReferrals(database.url);
const server = await startServer({ ...database.env, OPENPORTAGE_MEMORY_PROBE: PROBE }, PROBE_ARGS);
try {
  const { url } = server;
  const memory = [["idle after start", await memoryOf(server.pid)]];
  const coordinator = await signIn(url, "coordinator@demo.openportage.invalid", "cora demo password");
  const visitor = await signIn(url, "visitor1@demo.openportage.invalid", "harriet demo password");
  // The visitor's first child (whatever the list's key): the case page's child.
  const cases = await (await fetch(`${url}/api/cases`, { headers: { cookie: visitor } })).json();
  const first = Object.values(cases).find(Array.isArray)?.[0] ?? {};
  const caseId = first.child?.id ?? first.childId ?? first.id;
  if (!caseId) throw new Error(`the demo visitor has no children: ${JSON.stringify(cases).slice(0, 200)}`);
  const to = new Date().toISOString().slice(0, 10);
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
  const get = (path, cookie) => [{ method: "GET", path, headers: cookie ? { cookie } : {} }];
  const reads = [
    ["GET /api/health (anonymous)", get("/api/health")],
    ["GET /api/health (signed in)", get("/api/health", coordinator)],
    ["GET /api/waiting-list (signed in, 25 a page)", get("/api/waiting-list?pageSize=25", coordinator)],
    ["GET /admin/waiting-list (the admin page)", get("/admin/waiting-list", coordinator)],
    ["GET /api/cases/:id (a case)", get(`/api/cases/${caseId}`, visitor)],
    ["GET /admin/cases/:id (the case page)", get(`/admin/cases/${caseId}`, visitor)],
    ["GET /api/diary (the visitor's diary)", get("/api/diary", visitor)],
    ["GET /api/reports/visits (a report)", get(`/api/reports/visits?from=${from}&to=${to}`, coordinator)],
  ];
  // Each slice with the server's CPU time over it (every thread: the event loop, libuv's pool
  // syncing the WAL, V8's collector), for the CPU a request costs. A slow moment of a shared
  // machine raises it as it lowers the rate: compare a route's with /api/health's of the same run.
  const slice = async (requests, duration = DURATION / ROUNDS) => {
    const before = cpuMicrosOf(server.pid);
    const { result } = await run(url, "slice", { connections: CONNECTIONS, duration, requests });
    const after = cpuMicrosOf(server.pid);
    return { ...result, cpuMicros: before === undefined || after === undefined ? undefined : after - before };
  };
  // Every route once unmeasured, then the rounds: each round runs every route for its slice, so
  // a route and /api/health are measured seconds apart, not a minute.
  if (WARM_UP > 0) {
    for (const [, requests] of reads) await slice(requests, WARM_UP);
    await slice([intakeRequest("warm-up")], WARM_UP);
    await raw.rate(WARM_UP);
    await rawReferral.rate(WARM_UP);
  }
  const readRounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = [];
    for (const [, requests] of reads) round.push(await slice(requests));
    readRounds.push(round);
  }
  // Then intake, each round beside the raw client's two rates: its share of each is a round's,
  // and the reads above never measure a list that intake is changing under them. Its share of
  // /api/health is not shown: the two were measured in different rounds, far apart.
  const intake = [intakeRequest("hosting")];
  const writeRounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const rawRate = await raw.rate(DURATION / ROUNDS);
    const rawReferralRate = await rawReferral.rate(DURATION / ROUNDS);
    writeRounds.push({ rawRate, rawReferralRate, result: await slice(intake) });
  }
  memory.push(["after the load", await memoryOf(server.pid)]);
  const health = readRounds.map((round) => round[0]);
  const intakeRow = overRounds(
    "POST /api/referrals (intake)",
    writeRounds.map((w) => w.result),
  );
  printRows(`${FAMILIES} referrals, ${CONNECTIONS} connections, ${DURATION} s a route in ${ROUNDS} rounds, loopback`, [
    ...reads.map(([title], i) =>
      overRounds(
        title,
        readRounds.map((round) => round[i]),
        health,
      ),
    ),
    intakeRow,
  ]);
  const shareOf = (key) => {
    const { share, range } = spread(writeRounds.map((w) => rateOf(w.result) / w[key]));
    return `${percent(share)} (rounds ${range})`;
  };
  console.log(
    `\ndurable commits: the disk ${disk.toFixed(0)}/s, the raw client ${median(writeRounds.map((w) => w.rawRate)).toFixed(0)}/s`,
  );
  console.log(`intake ${intakeRow.rate.toFixed(0)}/s: ${shareOf("rawRate")} of the raw client's commit rate`);
  console.log(
    `the raw client committing a referral's writes, one a commit: ${median(writeRounds.map((w) => w.rawReferralRate)).toFixed(0)}/s (intake ${shareOf("rawReferralRate")} of it)`,
  );
  console.log("(intake's shares are the median of each round's: intake beside the raw client's rates of that round)");

  console.log("\nbytes on the wire               identity      br/gzip  encoding");
  const wire = [
    ["/ (the site's home)", "/", undefined],
    ["/refer (the referral form)", "/refer/", undefined],
    ["/admin/waiting-list", "/admin/waiting-list", coordinator],
    ["/api/waiting-list?pageSize=25", "/api/waiting-list?pageSize=25", coordinator],
    [`/admin/cases/:id`, `/admin/cases/${caseId}`, visitor],
  ];
  for (const [label, path, cookie] of wire) {
    const plain = await wireBytes(url, path, cookie, "identity");
    const packed = await wireBytes(url, path, cookie, "br, gzip");
    console.log(
      `${label.padEnd(30)}${String(plain.bytes).padStart(10)}${String(packed.bytes).padStart(13)}  ${packed.encoding}${plain.status !== 200 ? ` (status ${plain.status})` : ""}`,
    );
  }
  for (let minute = 1; minute * 60 <= SOAK; minute++) {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      await run(url, "soak", {
        connections: CONNECTIONS,
        duration: DURATION,
        requests: get("/api/waiting-list?pageSize=25", coordinator),
      });
    }
    memory.push([`soak, minute ${minute}`, await memoryOf(server.pid)]);
  }
  // Resident = V8's heap as allocated (of it, live after a full collection) + outside the heap
  // (the SQLite connections' page caches, buffers, compiled code).
  console.log("\nmemory (MB)             resident  heap allocated  heap used  heap live  outside heap");
  for (const [when, m] of memory)
    console.log(
      `  ${when.padEnd(20)}${String(m.rss).padStart(9)}${String(m.heapAllocated).padStart(16)}${String(m.heapUsed).padStart(11)}${String(m.heapLive).padStart(11)}${String(m.outsideHeap).padStart(14)}`,
    );
} finally {
  raw.close();
  rawReferral.close();
  await server.stop();
  database.remove();
}
