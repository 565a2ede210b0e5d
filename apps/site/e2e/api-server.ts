// Starts the real API server (apps/api) on a temporary database, serving the built site from
// the same origin, as the embedded default does. Used by the browser tests when it is built.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The API server's entry point, once `apps/api` is built. */
export const API_SERVER = fileURLToPath(new URL("../../api/dist/server.js", import.meta.url));

/** A running API server and how to stop it. */
export interface RunningApi {
  readonly origin: string;
  stop(): Promise<void>;
}

/** True when the API is built and can be started. */
export function apiBuilt(): boolean {
  return existsSync(API_SERVER);
}

/**
 * Starts the API on a free port with a demo database in a temp folder (demo staff accounts
 * included); `env` adds or overrides settings (e.g. a low REFERRAL_RATE_LIMIT).
 */
export async function startApi(env: Readonly<Record<string, string>> = {}): Promise<RunningApi> {
  const folder = mkdtempSync(join(tmpdir(), "openportage-site-e2e-"));
  const child: ChildProcess = spawn(process.execPath, [API_SERVER], {
    cwd: fileURLToPath(new URL("../../api", import.meta.url)),
    env: {
      ...process.env,
      OPENPORTAGE_MODE: "demo",
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: `file:${join(folder, "e2e.db")}`,
      OPENPORTAGE_PROTOCOL: process.env.OPENPORTAGE_PROTOCOL ?? "lancashire",
      SEED_DEMO: "true",
      REFERRAL_RATE_LIMIT: "1000",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}) before it started:\n${output}`));
    });
  });
  return {
    origin,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
