// What the benchmarks share: a temp database, the built CLI and server on loopback, sign-in,
// autocannon runs and the table of figures (requests/s, p50/p99 latency, ratio to /api/health).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exampleReferralInput } from "@openportage/referral-form";
import autocannon from "autocannon";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/** A temp folder with a database file, and the environment the CLI and server run with. */
export function benchDatabase(name) {
  const dir = mkdtempSync(join(tmpdir(), `openportage-${name}-`));
  const url = `file:${join(dir, `${name}.db`)}`;
  const env = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: url,
    SEED_DEMO: "false",
    REFERRAL_RATE_LIMIT: "1000000",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
  };
  return { dir, url, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the built CLI; throws with its error output when it fails. */
export function cli(env, ...args) {
  const result = spawnSync(process.execPath, [join(dist, "cli.js"), ...args], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server on a free loopback port (with `nodeArgs` for Node itself); resolves once
 * /api/health answers.
 */
export async function startServer(env, nodeArgs = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, join(dist, "server.js")], {
    env: { ...env, PORT: String(port) },
    stdio: "inherit",
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() - started > 30_000) {
      await stop();
      throw new Error("server did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop, pid: child.pid };
}

/** Signs in; returns the session cookie to send back. */
export async function signIn(url, email, password) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** One autocannon run against `url`. */
export function run(url, title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url, ...options }, (error, result) => {
      if (error) reject(error);
      else resolve({ title, result });
    });
  });
}

/**
 * Prints a table of figures, a row a route: `{ title, rate, p50, p99, share, range?, non2xx,
 * errors }`, `share` a fraction of the bare health route (or undefined: not compared) and, when
 * any row has one, `range` (how far the share moved between rounds) in a column of its own.
 */
export function printRows(heading, rows) {
  const ranged = rows.some((row) => row.range !== undefined);
  const cpu = rows.some((row) => row.cpuMicros !== undefined);
  const line = (...cells) => console.log(...cells.filter((cell) => cell !== undefined));
  console.log(`\n${heading}\n`);
  line(
    "route".padEnd(50),
    "req/s".padStart(8),
    "p50 ms".padStart(8),
    "p99 ms".padStart(8),
    "vs health".padStart(10),
    ranged ? "rounds".padStart(14) : undefined,
    cpu ? "CPU µs/req".padStart(11) : undefined,
    "non-2xx".padStart(8),
    "errors".padStart(7),
  );
  for (const row of rows) {
    line(
      row.title.padEnd(50),
      row.rate.toFixed(0).padStart(8),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      (row.share === undefined ? "-" : percent(row.share)).padStart(10),
      ranged ? (row.range ?? "-").padStart(14) : undefined,
      cpu ? (row.cpuMicros === undefined ? "-" : row.cpuMicros.toFixed(0)).padStart(11) : undefined,
      String(row.non2xx).padStart(8),
      String(row.errors).padStart(7),
    );
  }
}

/** Clock ticks a second in /proc's CPU times (`getconf CLK_TCK`; 100 on Linux unless told otherwise). */
let ticksPerSecond;

/**
 * The CPU time a process has used so far, every thread of it (user and system), in microseconds,
 * from /proc/<pid>/stat; undefined where there is no /proc (the figure is then left out).
 */
export function cpuMicrosOf(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  // The fields after the command's name (which is in brackets and may hold spaces): utime is the
  // 14th field of the line, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
}

/** A fraction as a percentage with one decimal. */
export const percent = (fraction) => `${(fraction * 100).toFixed(1)}%`;

/**
 * Prints the figures, each route's requests/s as a share of the first (the bare health route).
 * A route whose requests outlast the run shows 0 requests/s and 0 ms: give it more BENCH_SECONDS.
 * `errors` counts connection errors and timeouts (autocannon's 10 s).
 */
export function printTable(heading, results) {
  const base = results[0].result.requests.average;
  printRows(
    heading,
    results.map(({ title, result }) => ({
      title,
      rate: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      share: result.requests.average / base,
      non2xx: result.non2xx,
      errors: result.errors,
    })),
  );
}

/**
 * autocannon's request for referral intake: each one a new family's referral (from the referral
 * form package's example) with its own idempotency key, `prefix` and a count.
 */
export function intakeRequest(prefix) {
  let n = 0;
  return {
    method: "POST",
    path: "/api/referrals",
    headers: { "content-type": "application/json" },
    setupRequest: (req) => {
      n++;
      return {
        ...req,
        headers: { ...req.headers, "idempotency-key": `${prefix}-${process.pid}-${String(n).padStart(8, "0")}` },
        body: JSON.stringify(exampleReferralInput({ childFirstName: `${prefix.replace(/[^A-Za-z]/g, "")}${n}` })),
      };
    },
  };
}
