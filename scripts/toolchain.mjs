#!/usr/bin/env node
// The README's two commands (`npm start`, `npm test`) land here. This file runs on any Node
// from 18 up: when the running Node or pnpm is not the pinned one, it re-runs itself under
// Node 24 and pnpm 10 fetched from the npm registry with npx (see docs/adr/0002), then
// installs with the frozen lockfile and hands over to Turborepo.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "24.21.0";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const task = process.argv[2];
const tasks = {
  // Every check CI runs: lint, types, unit and integration tests, builds, then browser tests.
  test: [
    ["turbo", "run", "lint:repo", "lint", "typecheck", "test", "build", "check:package"],
    ["turbo", "run", "e2e", "--concurrency=1"],
  ],
  // Build quietly (only a failing package's output is shown), then serve it: apps/api serves the
  // site, the admin app and the family app, and prints what is where.
  start: [["turbo", "run", "build", "--output-logs=errors-only", "--log-prefix=none"], ["run-start"]],
};

if (!(task in tasks)) {
  console.error(`usage: node scripts/toolchain.mjs ${Object.keys(tasks).join("|")}`);
  process.exit(2);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) {
    console.error(`toolchain: could not run ${cmd}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function currentPnpm() {
  const ua = process.env.npm_config_user_agent ?? "";
  const fromAgent = /pnpm\/(\S+)/.exec(ua);
  if (fromAgent) return fromAgent[1];
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

const nodeOk = process.versions.node === NODE_VERSION || Number(process.versions.node.split(".")[0]) === 24;
if (!nodeOk || currentPnpm() !== pnpmVersion) {
  if (process.env.OPENPORTAGE_BOOTSTRAPPED) {
    console.error(
      `toolchain: still on Node ${process.version} / pnpm ${currentPnpm()} after bootstrapping; giving up.`,
    );
    process.exit(1);
  }
  console.log(
    `toolchain: Node ${process.version} here; fetching Node ${NODE_VERSION} and pnpm ${pnpmVersion} with npx`,
  );
  // Ctrl+C stops the server inside; this process waits for it rather than dying first.
  if (task === "start") process.on("SIGINT", () => {});
  const status = run(
    "npx",
    ["-y", "-p", `node@${NODE_VERSION}`, "-p", `pnpm@${pnpmVersion}`, "--", "node", "scripts/toolchain.mjs", task],
    { env: { ...process.env, OPENPORTAGE_BOOTSTRAPPED: "1" } },
  );
  process.exit(status);
}

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  DO_NOT_TRACK: "1",
  ASTRO_TELEMETRY_DISABLED: "1",
};

/**
 * Runs a step of `npm start` quietly: its output is kept and shown only if it fails, so the
 * addresses the server prints are not buried under build logs.
 */
function runQuietly(what, cmd, args) {
  console.log(`toolchain: ${what}...`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    console.error(`toolchain: could not run ${cmd}: ${result.error.message}`);
    return 1;
  }
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    console.error(`toolchain: ${what} failed (the output is above).`);
    return result.status ?? 1;
  }
  // pnpm's and turbo's warnings still show: they are worth fixing, and they are few.
  const warnings = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => /\bWARN\b/.test(line));
  for (const line of warnings) console.warn(line);
  console.log(`toolchain: ${what}: done in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

const quiet = task === "start";
let status = quiet
  ? runQuietly("installing dependencies", "pnpm", ["install", "--frozen-lockfile", "--prefer-offline"])
  : run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { env });
if (status !== 0) process.exit(status);

// Every workspace package's Vitest JSON reports (reports/tests/*.json), summed into one line.
function printTotals() {
  const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
  for (const group of ["apps", "packages"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const pkg of readdirSync(groupDir)) {
      const dir = join(groupDir, pkg, "reports", "tests");
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
        const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
        totals.passed += report.numPassedTests ?? 0;
        totals.failed += report.numFailedTests ?? 0;
        totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
        totals.files += 1;
      }
    }
  }
  console.log(`\ntoolchain: ${totals.files} test reports`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals;
}

for (const [cmd, ...args] of tasks[task]) {
  if (cmd === "run-start") {
    const api = join(root, "apps", "api", "package.json");
    if (!existsSync(api)) {
      console.log("toolchain: built every package; there is no service to serve yet (apps/api arrives with the API).");
      process.exit(0);
    }
    // The server itself, not through pnpm: Ctrl+C reaches it, it stops gracefully and says so,
    // and this script then ends with its status (0), so npm reports no failure. Ignoring SIGINT
    // here lets the server finish first.
    process.on("SIGINT", () => {});
    status = run(process.execPath, ["dist/server.js"], { env, cwd: join(root, "apps", "api") });
  } else if (quiet) {
    status = runQuietly("building (a few minutes the first time, seconds after that)", "pnpm", ["exec", cmd, ...args]);
  } else {
    status = run("pnpm", ["exec", cmd, ...args], { env });
  }
  if (status !== 0) process.exit(status);
}

if (task === "test" && printTotals().failed > 0) process.exit(1);
