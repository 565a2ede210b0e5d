// Starts what the admin app needs to be tested for real: the built API server (apps/api) on a
// temp database and a free port, which also serves the public site's static build (apps/site/dist)
// at / as in the embedded default, staff accounts made with the API's own CLI, and the built admin
// app on a second port (configured with the API's address), both on the loopback address.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdminHandler } from "../src/node/mount.mjs";

const require = createRequire(import.meta.url);
const API_DIR = dirname(require.resolve("@openportage/api/package.json"));
const SITE_DIST = fileURLToPath(new URL("../../site/dist/", import.meta.url));

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
  otherVisitor: {
    email: "hamid@council.example",
    name: "Hamid Visitor",
    role: "home-visitor",
    password: "silver meadow kettle 63",
  },
  administrator: {
    email: "ada@council.example",
    name: "Ada Ministrator",
    role: "administrator",
    password: "copper harbour violet 74",
  },
} as const;

/** A running stack. */
export interface Stack {
  /** The admin app's home, e.g. `http://localhost:41234/admin/`. */
  readonly adminUrl: string;
  /** The API's base URL, e.g. `http://127.0.0.1:41233`. */
  readonly apiUrl: string;
  /** The public site, served by the API server: e.g. `http://127.0.0.1:41233/`. */
  readonly siteUrl: string;
  /** The API's database file, for a test to read what no screen shows (an email in the outbox). */
  readonly databaseFile: string;
  /** Stops the API server alone, so the admin app meets an API it cannot reach. */
  stopApi(): Promise<void>;
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

/** Starts the API and the admin app on a new temp database; `env` adds to the API's settings. */
export async function startStack(options: { env?: Readonly<Record<string, string>> } = {}): Promise<Stack> {
  if (!existsSync(join(SITE_DIST, "index.html")))
    throw new Error("apps/site/dist is missing: build the public site first (pnpm turbo run build)");
  const dir = mkdtempSync(join(tmpdir(), "openportage-admin-e2e-"));
  const apiPort = await freePort();
  // The admin app's port is chosen first: the API names its origin as the staff passkeys' origin.
  const adminPort = await freePort();
  const env = {
    ...process.env,
    OPENPORTAGE_MODE: "demo",
    SEED_DEMO: "false",
    HOST: "127.0.0.1",
    PORT: String(apiPort),
    DATABASE_URL: `file:${join(dir, "openportage.db")}`,
    LOG_LEVEL: "warn",
    REFERRAL_RATE_LIMIT: "1000",
    ADMIN_ORIGINS: `http://localhost:${adminPort}`,
    ...options.env,
  };
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
  let output = "";
  const api = spawn(process.execPath, [join(API_DIR, "dist/server.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  api.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  api.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitFor(`${apiUrl}/api/health`, api, () => output);

  const admin = await createAdminHandler({ apiUrl });
  const server: Server = createServer((req, res) =>
    admin(req, res, () => {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not part of the admin app");
    }),
  );
  await new Promise<void>((resolve) => server.listen(adminPort, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stopApi = async () => {
    if (api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((resolve) => api.once("exit", resolve));
      api.kill("SIGTERM");
      await exited;
    }
  };
  const site = await fetch(`${apiUrl}/refer`);
  if (!site.ok) throw new Error(`the API server does not serve the public site (${site.status} for /refer)`);
  return {
    // `localhost`, so the browser treats the origin as secure and keeps the API's Secure cookie.
    adminUrl: `http://localhost:${port}/admin/`,
    apiUrl,
    siteUrl: `${apiUrl}/`,
    databaseFile: join(dir, "openportage.db"),
    stopApi,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopApi();
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
