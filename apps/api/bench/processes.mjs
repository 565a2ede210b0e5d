// The several-processes benchmark (issue 18; run by `pnpm bench` after hosting.mjs, or alone: node
// bench/processes.mjs): intake (referrals a second) and the signed-in waiting list (requests a
// second) from the built server with API_PROCESSES=1 and with API_PROCESSES=2 (two workers of one
// cluster on one port, one database file), on the same machine, each on its own copy of the same
// seed (10,000 referrals), and the ratio of two processes to one. Figures, not a pass/fail test:
// intake is bound by the database's one writer (each commit an fsync), the waiting list by the CPU,
// so what a second process adds depends on the machine's cores and disk.
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { benchDatabase, cli, intakeRequest, run, signIn, startServer } from "./lib.mjs";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const COUNTS = [1, 2];

const database = benchDatabase("processes");
console.log(`\nseveral processes: seeding ${FAMILIES} fictional referrals...`);
cli(database.env, "seed-demo", "--families", String(FAMILIES));

/** A copy of the seeded database for one run, so each starts from the same data. */
function copyOfSeed(name) {
  const source = database.url.slice("file:".length);
  const target = join(database.dir, `${name}.db`);
  copyFileSync(source, target);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${target}-wal`);
  return `file:${target}`;
}

/** The two routes under one server with `processes` API processes. */
async function measure(processes) {
  const env = { ...database.env, DATABASE_URL: copyOfSeed(`run-${processes}`), API_PROCESSES: String(processes) };
  const server = await startServer(env);
  try {
    const { url } = server;
    const cookie = await signIn(url, "coordinator@demo.openportage.invalid", "cora demo password");
    const options = { connections: CONNECTIONS, duration: DURATION };
    const waiting = await run(url, "GET /api/waiting-list (signed in, 25 a page)", {
      ...options,
      requests: [{ method: "GET", path: "/api/waiting-list?pageSize=25", headers: { cookie } }],
    });
    const intake = await run(url, "POST /api/referrals (intake)", {
      ...options,
      requests: [intakeRequest(`bench-processes-${processes}`)],
    });
    return [intake, waiting];
  } finally {
    await server.stop();
  }
}

try {
  const byCount = new Map();
  for (const processes of COUNTS) byCount.set(processes, await measure(processes));
  const one = byCount.get(1);
  const two = byCount.get(2);
  console.log(
    `\nseveral processes: ${FAMILIES} referrals, ${CONNECTIONS} connections, ${DURATION} s a route, loopback, one database file\n`,
  );
  console.log(
    "route".padEnd(46),
    "1 proc/s".padStart(9),
    "2 proc/s".padStart(9),
    "2 / 1".padStart(7),
    "p99 1".padStart(7),
    "p99 2".padStart(7),
    "non-2xx".padStart(8),
    "errors".padStart(7),
  );
  for (const [i, { title }] of one.entries()) {
    const a = one[i].result;
    const b = two[i].result;
    console.log(
      title.padEnd(46),
      a.requests.average.toFixed(0).padStart(9),
      b.requests.average.toFixed(0).padStart(9),
      (a.requests.average > 0 ? (b.requests.average / a.requests.average).toFixed(2) : "-").padStart(7),
      String(a.latency.p99).padStart(7),
      String(b.latency.p99).padStart(7),
      String(a.non2xx + b.non2xx).padStart(8),
      String(a.errors + b.errors).padStart(7),
    );
  }
} finally {
  database.remove();
}
