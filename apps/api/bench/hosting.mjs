// The hosting benchmark (issue 17; run by `pnpm bench` after import.mjs, or alone: node
// bench/hosting.mjs): what a parent on a poor signal and a council paying for its hosting feel.
// In one run, on one machine:
//   - the disk's durable commit limit (write + fsync of a small block, in a loop),
//   - the raw libSQL client's durable commit rate with the API's own settings (one referral-sized
//     row a transaction, one writer),
//   - then the built server on the bench seed (10,000 referrals): intake, /api/health anonymous
//     and signed in, the signed-in pages (the waiting list in the API and in the admin app, a case,
//     the visitor's diary, a report), each with its share of /api/health and intake's share of
//     the raw commit rate,
//   - the bytes each page takes on the wire, compressed (Accept-Encoding: br, gzip) and not,
//   - the server's resident memory at idle, after the load and, with BENCH_SOAK_SECONDS, every
//     minute of a soak (default off; the issue's soak is 600).
// Figures, not a pass/fail test.
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleReferralInput } from "@openportage/referral-form";
import { createLocalClient, serialiseWrites } from "../dist/db/client.js";
import { benchDatabase, cli, printTable, run, signIn, startServer } from "./lib.mjs";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const SOAK = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
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

/** The libSQL client's durable commits a second with the API's pragmas: one 2 KB row a transaction. */
async function rawCommitRate(seconds) {
  const dir = mkdtempSync(join(tmpdir(), "openportage-raw-"));
  const client = serialiseWrites(createLocalClient(`file:${join(dir, "raw.db")}`));
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("create table t (id integer primary key, body text not null)");
  const body = "x".repeat(2048);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await client.batch([{ sql: "insert into t (body) values (?)", args: [body] }], "write");
    n++;
  }
  client.close();
  rmSync(dir, { recursive: true, force: true });
  return n / seconds;
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

/** Resident memory of a process, in MB (Linux). */
async function residentMb(pid) {
  const { readFileSync } = await import("node:fs");
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

const database = benchDatabase("hosting");
console.log(`\nhosting: the disk and the raw client (${DURATION} s each)...`);
const disk = diskCommitLimit(DURATION);
const raw = await rawCommitRate(DURATION);
console.log(`seeding ${FAMILIES} fictional referrals...`);
cli(database.env, "seed-demo", "--families", String(FAMILIES));
const server = await startServer(database.env);
try {
  const { url } = server;
  const memory = [["idle after start", await residentMb(server.pid)]];
  const coordinator = await signIn(url, "coordinator@demo.openportage.invalid", "cora demo password");
  const visitor = await signIn(url, "visitor1@demo.openportage.invalid", "harriet demo password");
  // The visitor's first child (whatever the list's key): the case page's child.
  const cases = await (await fetch(`${url}/api/cases`, { headers: { cookie: visitor } })).json();
  const first = Object.values(cases).find(Array.isArray)?.[0] ?? {};
  const caseId = first.child?.id ?? first.childId ?? first.id;
  if (!caseId) throw new Error(`the demo visitor has no children: ${JSON.stringify(cases).slice(0, 200)}`);
  const to = new Date().toISOString().slice(0, 10);
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
  const options = { connections: CONNECTIONS, duration: DURATION };
  const get = (path, cookie) => ({
    ...options,
    requests: [{ method: "GET", path, headers: cookie ? { cookie } : {} }],
  });
  let n = 0;
  const pages = [
    ["GET /api/waiting-list (signed in, 25 a page)", "/api/waiting-list?pageSize=25", coordinator],
    ["GET /admin/waiting-list (the admin page)", "/admin/waiting-list", coordinator],
    ["GET /api/cases/:id (a case)", `/api/cases/${caseId}`, visitor],
    ["GET /admin/cases/:id (the case page)", `/admin/cases/${caseId}`, visitor],
    ["GET /api/diary (the visitor's diary)", "/api/diary", visitor],
    ["GET /api/reports/visits (a report)", `/api/reports/visits?from=${from}&to=${to}`, coordinator],
  ];
  const results = [
    await run(url, "GET /api/health (anonymous)", get("/api/health")),
    await run(url, "GET /api/health (signed in)", get("/api/health", coordinator)),
    ...(await (async () => {
      const out = [];
      for (const [title, path, cookie] of pages) out.push(await run(url, title, get(path, cookie)));
      return out;
    })()),
    await run(url, "POST /api/referrals (intake)", {
      ...options,
      requests: [
        {
          method: "POST",
          path: "/api/referrals",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              headers: { ...req.headers, "idempotency-key": `hosting-${process.pid}-${String(n).padStart(8, "0")}` },
              body: JSON.stringify(exampleReferralInput({ childFirstName: `Hosting${n}` })),
            };
          },
        },
      ],
    }),
  ];
  memory.push(["after the load", await residentMb(server.pid)]);
  printTable(`${FAMILIES} referrals, ${CONNECTIONS} connections, ${DURATION} s a route, loopback`, results);
  const intake = results[results.length - 1].result.requests.average;
  console.log(`\ndurable commits: the disk ${disk.toFixed(0)}/s, the raw client ${raw.toFixed(0)}/s`);
  console.log(`intake ${intake.toFixed(0)}/s: ${((intake / raw) * 100).toFixed(1)}% of the raw client's commit rate`);

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
      await run(url, "soak", get("/api/waiting-list?pageSize=25", coordinator));
    }
    memory.push([`soak, minute ${minute}`, await residentMb(server.pid)]);
  }
  console.log("\nresident memory (MB)");
  for (const [when, mb] of memory) console.log(`  ${when.padEnd(20)}${mb.toFixed(0).padStart(6)}`);
} finally {
  await server.stop();
  database.remove();
}
