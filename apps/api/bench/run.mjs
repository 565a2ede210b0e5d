// pnpm bench: autocannon against the real built server on a database of 10,000 referrals, on
// loopback only, a few seconds a route. Prints requests/s, p50/p99 latency and each route's
// ratio to the bare health route. Figures, not a pass/fail test.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exampleReferralInput } from "@openportage/referral-form";
import autocannon from "autocannon";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "openportage-bench-"));
const env = {
  PATH: process.env.PATH ?? "",
  DATABASE_URL: `file:${join(dir, "bench.db")}`,
  SEED_DEMO: "false",
  REFERRAL_RATE_LIMIT: "1000000",
  LOG_LEVEL: "warn",
  HOST: "127.0.0.1",
};

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

console.log(`seeding ${FAMILIES} fictional referrals...`);
let started = Date.now();
const seed = spawnSync(process.execPath, [join(dist, "cli.js"), "seed-demo", "--families", String(FAMILIES)], {
  env,
  encoding: "utf8",
});
if (seed.status !== 0) throw new Error(seed.stderr);
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(dist, "server.js")], {
  env: { ...env, PORT: String(port) },
  stdio: "inherit",
});
try {
  started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() - started > 30_000) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "coordinator@demo.openportage.invalid", password: "cora demo password" }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const waiting = await (await fetch(`${url}/api/waiting-list?pageSize=25`, { headers: { cookie } })).json();
  console.log(`waiting list: ${waiting.total} children ranked`);

  const run = (title, options) =>
    new Promise((resolve, reject) => {
      autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
        if (error) reject(error);
        else resolve({ title, result });
      });
    });
  let n = 0;
  const results = [
    await run("GET /api/health (baseline)", { requests: [{ method: "GET", path: "/api/health" }] }),
    await run("POST /api/referrals", {
      requests: [
        {
          method: "POST",
          path: "/api/referrals",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              headers: { ...req.headers, "idempotency-key": `bench-${process.pid}-${String(n).padStart(8, "0")}` },
              body: JSON.stringify(exampleReferralInput({ childFirstName: `Bench${n}` })),
            };
          },
        },
      ],
    }),
    await run("GET /api/waiting-list (signed in, 25 a page)", {
      requests: [{ method: "GET", path: "/api/waiting-list?pageSize=25", headers: { cookie } }],
    }),
  ];
  const base = results[0].result.requests.average;
  console.log(`\n${FAMILIES} referrals, ${CONNECTIONS} connections, ${DURATION} s a route, loopback\n`);
  console.log(
    "route".padEnd(46),
    "req/s".padStart(8),
    "p50 ms".padStart(8),
    "p99 ms".padStart(8),
    "vs health".padStart(10),
    "non-2xx".padStart(8),
  );
  for (const { title, result } of results) {
    console.log(
      title.padEnd(46),
      result.requests.average.toFixed(0).padStart(8),
      String(result.latency.p50).padStart(8),
      String(result.latency.p99).padStart(8),
      `${((result.requests.average / base) * 100).toFixed(1)}%`.padStart(10),
      String(result.non2xx).padStart(8),
    );
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
