// Starts what the family app needs to be tested for real: the built API server (apps/api) on a
// temp database and a free port, serving the built family app at /family (and the admin app at
// /admin) from one process, as in the embedded default; staff accounts made with the API's CLI.
// The browser uses http://localhost:<port>: a secure context (passkeys need one) whose host is the
// passkeys' relying party id.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type NotifyStandIn, notifyStandIn, standInKey } from "../../api/src/test-support/notify-stand-in.ts";

const require = createRequire(import.meta.url);
const API_DIR = dirname(require.resolve("@openportage/api/package.json"));
const FAMILY_DIST = fileURLToPath(new URL("../dist/server/entry.mjs", import.meta.url));

/** The staff accounts every test stack has. */
export const STAFF = {
  coordinator: {
    email: "cora@council.example",
    name: "Cora Ordinator",
    role: "coordinator",
    password: "amber river lantern 41",
  },
  visitor: {
    email: "harriet@council.example",
    name: "Harriet Visitor",
    role: "home-visitor",
    password: "quiet orchard pebble 52",
  },
} as const;

/** A running stack. */
export interface Stack {
  /** The family app's home, e.g. `http://localhost:41234/family/`. */
  readonly familyUrl: string;
  /** The admin app's home on the same server. */
  readonly adminUrl: string;
  /** The API's base URL as the tests call it outside the browser, e.g. `http://127.0.0.1:41234`. */
  readonly apiUrl: string;
  /** The temp database's `file:` URL (for the few steps a test cannot take through the API, such as time passing). */
  readonly databaseUrl: string;
  /** The stand-in for GOV.UK Notify the server sends its emails to (invitations, codes). */
  readonly notify: NotifyStandIn;
  /** The Notify template ids the server was given, by kind. */
  readonly templates: Readonly<Record<"familyInvitation" | "familyCode", string>>;
  /** What the server printed. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the API server did not answer ${url} within 30 s:\n${output()}`);
}

/** Starts the API server (with the family app mounted) on a new temp database. */
export async function startStack(
  options: { mode?: "demo" | "production"; staff?: boolean; env?: Record<string, string> } = {},
): Promise<Stack> {
  if (!existsSync(FAMILY_DIST)) throw new Error("apps/family/dist is missing: build the family app first");
  const dir = mkdtempSync(join(tmpdir(), "openportage-family-e2e-"));
  const port = await freePort();
  const databaseUrl = `file:${join(dir, "openportage.db")}`;
  // Email goes to a stand-in for GOV.UK Notify over real HTTP, through Notify's own client.
  const key = standInKey();
  const notify = notifyStandIn(key);
  await notify.listen();
  const templates = { familyInvitation: crypto.randomUUID(), familyCode: crypto.randomUUID() };
  const env = {
    ...process.env,
    OPENPORTAGE_MODE: options.mode ?? "demo",
    SEED_DEMO: "false",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    // E2E_LOG_LEVEL=info shows the server's reasons (a passkey answer not verified, say) when a journey fails.
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    REFERRAL_RATE_LIMIT: "1000",
    NOTIFY_API_KEY: key.apiKey,
    NOTIFY_BASE_URL: notify.url(),
    NOTIFY_TEMPLATE_PARENT_CONFIRMATION: crypto.randomUUID(),
    NOTIFY_TEMPLATE_TEAM_ALERT: crypto.randomUUID(),
    NOTIFY_TEMPLATE_REPORT: crypto.randomUUID(),
    NOTIFY_TEMPLATE_ROUTINE_NOTICE: crypto.randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_INVITATION: templates.familyInvitation,
    NOTIFY_TEMPLATE_FAMILY_CODE: templates.familyCode,
    NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: crypto.randomUUID(),
    NOTIFY_TEMPLATE_PASSWORD_RESET: crypto.randomUUID(),
    ...options.env,
  };
  if (options.staff !== false) {
    for (const account of Object.values(STAFF)) {
      const result = spawnSync(
        process.execPath,
        [
          join(API_DIR, "dist/cli.js"),
          "create-user",
          "--email",
          account.email,
          "--name",
          account.name,
          "--role",
          account.role,
        ],
        { env, input: `${account.password}\n`, encoding: "utf8" },
      );
      if (result.status !== 0) throw new Error(`create-user failed: ${result.stderr}`);
    }
  }
  let output = "";
  const api = spawn(process.execPath, [join(API_DIR, "dist/server.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  api.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  api.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${apiUrl}/api/health`, api, () => output);
  return {
    familyUrl: `http://localhost:${port}/family/`,
    adminUrl: `http://localhost:${port}/admin/`,
    apiUrl,
    databaseUrl,
    notify,
    templates,
    output: () => output,
    async stop() {
      if (api.exitCode === null && api.signalCode === null) {
        const exited = new Promise((resolve) => api.once("exit", resolve));
        api.kill("SIGTERM");
        await exited;
      }
      await notify.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The path of a Chromium to drive, found (or installed) by the repository's script. */
export function chromiumPath(): string {
  const script = fileURLToPath(new URL("../../../scripts/ensure-chromium.mjs", import.meta.url));
  const result = spawnSync(process.execPath, [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const path = result.stdout.trim();
  if (result.status !== 0 || !path)
    throw new Error("no Chromium for the browser tests (see scripts/ensure-chromium.mjs)");
  return path;
}
