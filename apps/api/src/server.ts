// The API process: reads the environment, migrates, seeds the demo database on first run,
// serves on PORT, and shuts down gracefully on SIGTERM/SIGINT. With API_PROCESSES above 1 it is
// the primary of several such processes serving PORT together (processes.ts, docs/adr/0053).
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { type Database, openDatabase } from "./db/client.js";
import { seedDemoOnFirstRun } from "./db/first-run.js";
import { migrateDatabase } from "./db/migrate.js";
import { DEMO_ACCOUNTS, hasDemoAccounts } from "./db/seed.js";
import { startAuditMover } from "./lib/audit.js";
import { startupBanner } from "./lib/banner.js";
import { systemClock } from "./lib/clock.js";
import { createApp } from "./lib/create-app.js";
import { compressAnswers } from "./lib/encoding.js";
import { errorLine } from "./lib/errors.js";
import { createLogger, type Logger } from "./lib/logger.js";
import { leaseMs, notifierFromConfig, startOutboxWorker } from "./lib/notify.js";
import { IN_PROCESS } from "./lib/security.js";
import { loadSite } from "./lib/site.js";
import { runPrimary, STOP_MESSAGE, WORKER_SLOT } from "./processes.js";
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

/** Which faces are built (and so served): the site, the admin app, the family app. */
function builtFaces() {
  const built = (...paths: string[]) =>
    paths.every((path) => existsSync(fileURLToPath(new URL(path, import.meta.url))));
  return {
    site: built("../../site/dist/index.html"),
    admin: built("../../admin/src/node/mount.mjs", "../../admin/dist/server/entry.mjs"),
    family: built("../../family/src/node/mount.mjs", "../../family/dist/server/entry.mjs"),
  };
}

/** The first line (for scripts and tests that wait for the server) and the banner, once. */
function announce(
  config: Config,
  info: { address: string; port: number },
  facts: { site: boolean; admin: boolean; family: boolean; demo: boolean },
) {
  const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
  const processes = config.API_PROCESSES > 1 ? `, ${config.API_PROCESSES} processes` : "";
  process.stdout.write(
    `Open Portage API listening on ${url} (${config.OPENPORTAGE_MODE} mode, protocol ${config.protocol.id}${processes})\n`,
  );
  // Browsers keep the Secure session cookie over plain HTTP only on a host named localhost.
  const loopback = info.address === "127.0.0.1" || info.address === "::1";
  const open = config.PUBLIC_ORIGIN ?? (loopback ? `http://localhost:${info.port}` : url);
  const banner = startupBanner({
    url: open,
    mode: config.OPENPORTAGE_MODE,
    councilName: config.protocol.council.name,
    site: facts.site,
    admin: facts.admin,
    family: facts.family,
    demoAccounts: facts.demo ? DEMO_ACCOUNTS : [],
  });
  process.stdout.write(`${banner.join("\n")}\n`);
}

/**
 * The first run's work, done once before any process serves: the migrations, the demo seed on an
 * empty demo database, and the refusal to run production on a database with demo accounts. Safe
 * with several processes started by hand at once (db/migrate.ts, db/first-run.ts).
 */
async function prepareDatabase(config: Config, db: Database, logger: Logger): Promise<{ demo: boolean }> {
  await migrateDatabase(db, { onWait: () => logger.info("waiting for another process's migrations") });
  if (config.OPENPORTAGE_MODE === "demo" && config.SEED_DEMO !== false) {
    const first = await seedDemoOnFirstRun(db, config.protocol, () => systemClock.now());
    if (first.outcome === "seeded") logger.info("demo database seeded", { families: first.families });
  }
  const demo = await hasDemoAccounts(db);
  if (config.OPENPORTAGE_MODE === "production" && demo) {
    process.stderr.write(
      "refusing to start in production mode: the database holds demo accounts that can sign in. Disable them (openportage disable-user) or use a new database.\n",
    );
    process.exit(1);
  }
  return { demo };
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
  // A worker of several (API_PROCESSES > 1): the primary has prepared the database and speaks for
  // all. (A worker of another cluster, a process manager's, prepares it as a process by hand does.)
  const worker = cluster.isWorker && process.env[WORKER_SLOT] !== undefined;
  const db = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  // A worker started again (after a crash, or to run a new release) applies any migration the
  // release brings: a read when there is none, under the write lock when there is (db/migrate.ts).
  if (worker) await migrateDatabase(db, { onWait: () => logger.info("waiting for another process's migrations") });
  const { demo } = worker ? { demo: false } : await prepareDatabase(config, db, logger);
  if (cluster.isPrimary && config.API_PROCESSES > 1) {
    db.$client.close();
    const faces = builtFaces();
    const status = await runPrimary({
      processes: config.API_PROCESSES,
      logger,
      write: (text) => process.stdout.write(text),
      onReady: (address) => announce(config, address, { ...faces, demo }),
    });
    process.exit(status);
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

  const outbox = startOutboxWorker({
    db,
    notifier,
    clock: systemClock,
    logger,
    leaseMs: leaseMs(config.NOTIFY_TIMEOUT_SECONDS),
    mayStillSend: mayStillSend(db, protocol, systemClock),
    forgetSentSecrets: config.OPENPORTAGE_MODE === "production",
  });
  // The audit trail's inbox moved to its archive in batches (ADR 0064).
  const auditMover = startAuditMover({ db, logger });
  // Every answer made per request is compressed where the browser accepts it (lib/encoding.ts);
  // built files go as the copies compressed at build.
  const compress = compressAnswers();
  const server = createServer((req, res) => compress(req, res, () => route(req, res)));
  // Which of several processes answered (1 to API_PROCESSES), for an operator reading a trace.
  const slot = worker ? process.env[WORKER_SLOT] : undefined;
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (slot) res.setHeader("Openportage-Process", slot);
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
    // A worker's listening is reported to the primary, which announces the service once.
    if (worker) return;
    const info = server.address() as AddressInfo;
    announce(config, info, {
      site: site !== undefined,
      admin: admin !== undefined,
      family: family !== undefined,
      demo,
    });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    // A person pressed Ctrl+C: say so plainly (a stop is not a crash). A worker stops quietly:
    // Ctrl+C reaches every process, and the primary speaks for them all.
    const say = (text: string) => {
      if (signal === "SIGINT" && !worker) process.stdout.write(text);
    };
    say("\nStopping Open Portage...\n");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await outbox.stop();
      await auditMover.stop();
      db.$client.close();
      say("Open Portage has stopped.\n");
      process.exit(0);
    });
    // Keep-alive sockets would hold close() open: end the idle ones now.
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  if (worker) {
    // The primary asks a worker to stop (to replace it, or to stop them all) once it has taken it
    // out of the round of new connections.
    process.on("message", (message: unknown) => {
      if ((message as typeof STOP_MESSAGE | undefined)?.openportage === STOP_MESSAGE.openportage) stop("stop");
    });
    process.on("disconnect", () => stop("disconnect"));
    // A worker leaves SIGHUP to the primary (which replaces the workers in turn): a terminal that
    // closes sends it to every process.
    process.on("SIGHUP", () => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Open Portage API failed to start: ${errorLine(error)}\n`);
  process.exit(1);
});
