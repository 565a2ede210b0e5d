// pnpm bench: autocannon against the real built server on a database of 10,000 referrals, on
// loopback only, a few seconds a route. Prints requests/s, p50/p99 latency and each route's
// ratio to the bare health route. Figures, not a pass/fail test. Then the casework benchmark
// (casework.mjs) runs on its own database; BENCH_CASEWORK=false skips it. Then the reports
// benchmark (reports.mjs); BENCH_REPORTS=false skips it. Then the caseload import (import.mjs);
// BENCH_IMPORT=false skips it. Then the hosting benchmark (hosting.mjs: commit rates, signed-in
// pages, bytes on the wire, memory); BENCH_HOSTING=false skips it. Then intake and the waiting list
// with one API process and with two (processes.mjs); BENCH_PROCESSES=false skips it.
import { benchDatabase, cli, intakeRequest, printTable, run, signIn, startServer } from "./lib.mjs";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const database = benchDatabase("bench");

console.log(`seeding ${FAMILIES} fictional referrals...`);
const started = Date.now();
cli(database.env, "seed-demo", "--families", String(FAMILIES));
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const server = await startServer(database.env);
try {
  const { url } = server;
  const cookie = await signIn(url, "coordinator@demo.openportage.invalid", "cora demo password");
  const waiting = await (await fetch(`${url}/api/waiting-list?pageSize=25`, { headers: { cookie } })).json();
  console.log(`waiting list: ${waiting.total} children ranked`);

  const options = { connections: CONNECTIONS, duration: DURATION };
  const results = [
    await run(url, "GET /api/health (baseline)", { ...options, requests: [{ method: "GET", path: "/api/health" }] }),
    await run(url, "POST /api/referrals", {
      ...options,
      requests: [intakeRequest("bench")],
    }),
    await run(url, "GET /api/waiting-list (signed in, 25 a page)", {
      ...options,
      requests: [{ method: "GET", path: "/api/waiting-list?pageSize=25", headers: { cookie } }],
    }),
  ];
  printTable(`${FAMILIES} referrals, ${CONNECTIONS} connections, ${DURATION} s a route, loopback`, results);
} finally {
  await server.stop();
  database.remove();
}

if (process.env.BENCH_CASEWORK !== "false") await import("./casework.mjs");
if (process.env.BENCH_REPORTS !== "false") await import("./reports.mjs");
if (process.env.BENCH_IMPORT !== "false") await import("./import.mjs");
if (process.env.BENCH_HOSTING !== "false") await import("./hosting.mjs");
if (process.env.BENCH_PROCESSES !== "false") await import("./processes.mjs");
