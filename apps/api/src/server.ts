// The API process: reads the environment, migrates, seeds the demo database on first run,
// serves on PORT, and shuts down gracefully on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { users } from "./db/schema.js";
import { DEMO_ACCOUNTS, hasDemoAccounts, seedDemo } from "./db/seed.js";
import { startupBanner } from "./lib/banner.js";
import { systemClock } from "./lib/clock.js";
import { createApp } from "./lib/create-app.js";
import { compressAnswers } from "./lib/encoding.js";
import { errorLine } from "./lib/errors.js";
import { createLogger } from "./lib/logger.js";
import { notifierFromConfig, startOutboxWorker } from "./lib/notify.js";
import { IN_PROCESS } from "./lib/security.js";
import { loadSite } from "./lib/site.js";
import { mayStillSend } from "./routes/consent/store.js";

/** The admin or family app's Node handler (`src/node/mount.mjs`); `next()` passes a request on. */
type FaceHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type FaceOptions = { apiUrl?: string; apiFetch?: (request: Request) => Promise<Response> };

/** Loads the built admin app, or undefined when it has not been built. */
async function loadAdmin(
  apiFetch: (request: Request) => Promise<Response>,
  apiUrl: string,
): Promise<FaceHandler | undefined> {
  const mount = new URL("../../admin/src/node/mount.mjs", import.meta.url);
  const entry = new URL("../../admin/dist/server/entry.mjs", import.meta.url);
  if (!existsSync(fileURLToPath(mount)) || !existsSync(fileURLToPath(entry))) return undefined;
  const { createAdminHandler } = (await import(mount.href)) as {
    createAdminHandler(options: FaceOptions): Promise<FaceHandler>;
  };
  return createAdminHandler({ apiFetch, apiUrl });
}

/** Loads the built family app (apps/family, served at /family), or undefined when it has not been built. */
async function loadFamily(
  apiFetch: (request: Request) => Promise<Response>,
  apiUrl: string,
): Promise<FaceHandler | undefined> {
  const mount = new URL("../../family/src/node/mount.mjs", import.meta.url);
  const entry = new URL("../../family/dist/server/entry.mjs", import.meta.url);
  if (!existsSync(fileURLToPath(mount)) || !existsSync(fileURLToPath(entry))) return undefined;
  const { createFamilyHandler } = (await import(mount.href)) as {
    createFamilyHandler(options: FaceOptions): Promise<FaceHandler>;
  };
  return createFamilyHandler({ apiFetch, apiUrl });
}

/** Whether a request's path is under `base` (`/admin`, `/admin/...`, `/admin?...`). */
function isUnder(url: string | undefined, base: string): boolean {
  return url === base || url?.startsWith(`${base}/`) === true || url?.startsWith(`${base}?`) === true;
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const protocol = config.protocol;
  const db = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  await migrateDatabase(db);

  const [anyUser] = await db.select({ id: users.id }).from(users).limit(1);
  if (config.OPENPORTAGE_MODE === "demo" && !anyUser && config.SEED_DEMO !== false) {
    const seeded = await seedDemo(db, protocol, systemClock.now());
    logger.info("demo database seeded", { families: seeded.referrals });
  }
  const demo = await hasDemoAccounts(db);
  if (config.OPENPORTAGE_MODE === "production" && demo) {
    process.stderr.write(
      "refusing to start in production mode: the database holds demo accounts that can sign in. Disable them (openportage disable-user) or use a new database.\n",
    );
    process.exit(1);
  }

  const notifier = notifierFromConfig(config, logger);
  // The public site (static pages) is served by the app itself, each page with its own CSP.
  const siteRoot = fileURLToPath(new URL("../../site/dist/", import.meta.url));
  const site = existsSync(join(siteRoot, "index.html")) ? loadSite(siteRoot) : undefined;
  const app = createApp({ db, config, protocol, clock: systemClock, notifier, logger }, { site });
  const api = getRequestListener(app.fetch);
  // The admin app (an Astro server app) answers /admin in front of the API, calling the API in
  // this process, and the family app /family the same way. They are loaded by path at run time:
  // both packages depend on this one.
  const inProcess = async (request: Request) => app.fetch(request, IN_PROCESS);
  const admin = await loadAdmin(inProcess, `http://127.0.0.1:${config.PORT}`);
  const family = await loadFamily(inProcess, `http://127.0.0.1:${config.PORT}`);
  /** A face's error: logged by name only, a plain 500 to the browser. */
  const faceError = (res: ServerResponse, name: string, error: unknown) => {
    logger.error(`${name} app error`, { error: (error as Error)?.name ?? "unknown", path: `/${name}` });
    if (!res.headersSent) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end("Something went wrong. Try again later.");
    } else res.destroy();
  };

  const worker = startOutboxWorker({
    db,
    notifier,
    clock: systemClock,
    logger,
    leaseMs: 2 * config.NOTIFY_TIMEOUT_SECONDS * 1000,
    mayStillSend: mayStillSend(db, protocol, systemClock),
    forgetSentSecrets: config.OPENPORTAGE_MODE === "production",
  });
  // Every answer made per request is compressed where the browser accepts it (lib/encoding.ts);
  // built files go as the copies compressed at build.
  const compress = compressAnswers();
  const server = createServer((req, res) => compress(req, res, () => route(req, res)));
  const route = (req: IncomingMessage, res: ServerResponse) => {
    // The admin and family apps set their own CSP and caching headers; HSTS is the server's, for every path.
    const face = admin && isUnder(req.url, "/admin") ? admin : family && isUnder(req.url, "/family") ? family : null;
    if (!face) {
      void api(req, res);
      return;
    }
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    face(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        void api(req, res);
        return;
      }
      faceError(res, face === admin ? "admin" : "family", error);
    });
  };
  server.listen(config.PORT, config.HOST, () => {
    const info = server.address() as AddressInfo;
    const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
    // The first line is for scripts and tests that wait for the server (they read this address).
    process.stdout.write(
      `Open Portage API listening on ${url} (${config.OPENPORTAGE_MODE} mode, protocol ${protocol.id})\n`,
    );
    // Browsers keep the Secure session cookie over plain HTTP only on a host named localhost.
    const loopback = info.address === "127.0.0.1" || info.address === "::1";
    const open = config.PUBLIC_ORIGIN ?? (loopback ? `http://localhost:${info.port}` : url);
    const banner = startupBanner({
      url: open,
      mode: config.OPENPORTAGE_MODE,
      councilName: protocol.council.name,
      site: site !== undefined,
      admin: admin !== undefined,
      family: family !== undefined,
      demoAccounts: demo ? DEMO_ACCOUNTS : [],
    });
    process.stdout.write(`${banner.join("\n")}\n`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    // A person pressed Ctrl+C: say so plainly (a stop is not a crash).
    if (signal === "SIGINT") process.stdout.write("\nStopping Open Portage...\n");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await worker.stop();
      db.$client.close();
      if (signal === "SIGINT") process.stdout.write("Open Portage has stopped.\n");
      process.exit(0);
    });
    // Keep-alive sockets would hold close() open: end the idle ones now.
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Open Portage API failed to start: ${errorLine(error)}\n`);
  process.exit(1);
});
