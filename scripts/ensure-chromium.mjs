#!/usr/bin/env node
// Finds a Chromium for the browser tests and prints its path: $CHROMIUM_PATH, else
// /usr/bin/chromium, else (as root, on Debian or Ubuntu) installs Debian's chromium package.
// Playwright's own browser download is not used: it fetches from a CDN this project's machines
// cannot reach. Plain JavaScript for any Node from 18 up; importable as a module too.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { fileURLToPath } from "node:url";

const DEBIAN_PATH = "/usr/bin/chromium";

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function log(message) {
  process.stderr.write(`ensure-chromium: ${message}\n`);
}

/** Returns the path of a usable Chromium, installing it when possible; throws when it cannot. */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file.`);
  }
  if (executable(DEBIAN_PATH)) return DEBIAN_PATH;

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = executable("/usr/bin/apt-get");
  if (isRoot && hasApt) {
    log("Chromium is not installed; installing Debian's chromium package (about 30 seconds).");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
      const result = spawnSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${result.status}).`);
    }
    if (executable(DEBIAN_PATH)) return DEBIAN_PATH;
    throw new Error(`apt-get installed chromium, but ${DEBIAN_PATH} is still missing.`);
  }
  throw new Error(
    [
      "The browser tests need Chromium, and none was found.",
      "Install it, then run the tests again:",
      "  Debian or Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium",
      "  elsewhere:         install Chromium or Chrome and set CHROMIUM_PATH=/path/to/it",
    ].join("\n"),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
