// The reports benchmark (run by `pnpm bench` after casework.mjs, or alone: node bench/reports.mjs):
// the built server on the bench seed of 10,000 fictional referrals (`seed-demo`), signed in as the
// demo coordinator. Times each report for the last twelve months as JSON, and one as a CSV
// download, beside /api/health. Figures, not a pass/fail test. BENCH_FAMILIES makes the seed
// bigger; BENCH_FIVE_YEARS=true then tops it up to five years of casework (issue 13: about
// 200,000 visits and 1,000,000 practice records over the five years before today; five-years.mjs).
import { englandDate } from "../dist/lib/clock.js";
import { topUpFiveYears } from "./five-years.mjs";
import { benchDatabase, cli, printTable, run, signIn, startServer } from "./lib.mjs";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const FIVE_YEARS = process.env.BENCH_FIVE_YEARS === "true";
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const REPORTS = [
  "referrals",
  "eligibility",
  "waiting-times",
  "waiting-list",
  "caseloads",
  "visits",
  "targets",
  "profiles",
  "exits",
  "time-in-service",
];

const to = englandDate(new Date());
const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
const period = `from=${from}&to=${to}`;
const database = benchDatabase("reports");

console.log(`\nseeding ${FAMILIES} fictional referrals for the reports...`);
const started = Date.now();
cli(database.env, "seed-demo", "--families", String(FAMILIES));
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
let volume = `${FAMILIES} referrals`;
if (FIVE_YEARS) {
  console.log("topping up to five years of visits and practice records...");
  const f = await topUpFiveYears(database.url);
  console.log(
    `topped up in ${f.seconds.toFixed(1)} s (${f.visitsAdded} visits and ${f.practiceAdded} practice records ` +
      `added, ${f.from} to ${f.to}): ${f.children} children, ${f.allocated} allocated, ${f.plans} plans ` +
      `(${f.blocks} blocks, ${f.targets} targets), ${f.visits} visits, ${f.practice} practice records`,
  );
  volume = `${f.children} children, ${f.visits} visits, ${f.practice} practice records over five years`;
}

/**
 * Waits for the server to finish the requests a run left behind (autocannon hangs up on them, the
 * server still answers them), so they are not counted against the next route: until /api/health
 * answers quickly twice in a row.
 */
async function settle(url) {
  for (let quick = 0; quick < 2; ) {
    const t0 = performance.now();
    await fetch(`${url}/api/health`);
    quick = performance.now() - t0 < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One autocannon run, after the last one's requests have been answered. */
async function settled(url, title, options) {
  await settle(url);
  return run(url, title, options);
}

const server = await startServer(database.env);
try {
  const { url } = server;
  const cookie = await signIn(url, "coordinator@demo.openportage.invalid", "cora demo password");
  // One look at each report first: that it answers, and how big its table is.
  for (const name of REPORTS) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/reports/${name}?${period}`, { headers: { cookie } });
    const body = await res.json();
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
    const first = body.rows[0]?.cells ?? {};
    console.log(`${name}: ${ms.toFixed(0)} ms alone, ${body.rows.length} rows; first row ${JSON.stringify(first)}`);
  }
  const options = { connections: CONNECTIONS, duration: DURATION };
  const results = [
    await settled(url, "GET /api/health (baseline)", {
      ...options,
      requests: [{ method: "GET", path: "/api/health" }],
    }),
  ];
  for (const name of REPORTS) {
    results.push(
      await settled(url, `GET /api/reports/${name}`, {
        ...options,
        requests: [{ method: "GET", path: `/api/reports/${name}?${period}`, headers: { cookie } }],
      }),
    );
  }
  results.push(
    await settled(url, "GET /api/reports/visits?by=visitor&format=csv", {
      ...options,
      requests: [{ method: "GET", path: `/api/reports/visits?${period}&by=visitor&format=csv`, headers: { cookie } }],
    }),
  );
  printTable(
    `reports for ${from} to ${to}, ${volume}, ${CONNECTIONS} connections, ${DURATION} s a route, loopback`,
    results,
  );
} finally {
  await server.stop();
  database.remove();
}
