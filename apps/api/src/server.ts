// The API process: reads the environment, migrates, seeds the demo database on first run,
// serves on PORT, and shuts down gracefully on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { users } from "./db/schema.js";
import { DEMO_ACCOUNTS, hasDemoAccounts, seedDemo } from "./db/seed.js";
import { systemClock } from "./lib/clock.js";
import { createApp } from "./lib/create-app.js";
import { createLogger } from "./lib/logger.js";
import { notifierFromConfig, startOutboxWorker } from "./lib/notify.js";
import { loadProtocol } from "./lib/protocol.js";

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
  const protocol = loadProtocol({ preset: config.PROTOCOL, file: config.PROTOCOL_FILE });
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
      "refusing to start in production mode: the database holds demo accounts. Disable or remove them (openportage disable-user) or use a new database.\n",
    );
    process.exit(1);
  }

  const notifier = notifierFromConfig(config, logger);
  const app = createApp({ db, config, protocol, clock: systemClock, notifier, logger });

  // Serve the public site and the admin app from the same origin once they are built.
  for (const [prefix, folder] of [
    ["/admin", "../../admin/dist"],
    ["/", "../../site/dist"],
  ] as const) {
    const absolute = fileURLToPath(new URL(folder, import.meta.url));
    if (existsSync(absolute)) {
      const root = relative(process.cwd(), absolute) || ".";
      app.use(
        prefix === "/" ? "/*" : `${prefix}/*`,
        serveStatic({ root, rewriteRequestPath: (path) => (prefix === "/" ? path : path.slice(prefix.length) || "/") }),
      );
    }
  }

  const worker = startOutboxWorker({ db, notifier, clock: systemClock, logger });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
    process.stdout.write(
      `Open Portage API listening on ${url} (${config.OPENPORTAGE_MODE} mode, protocol ${protocol.id})\n`,
    );
    process.stdout.write(`  API reference: ${url}/api/docs\n`);
    if (demo) {
      process.stdout.write("  Demo staff accounts (demo database only):\n");
      for (const a of DEMO_ACCOUNTS)
        process.stdout.write(`    ${a.role.padEnd(14)} ${a.email}  password: ${a.password}\n`);
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await worker.stop();
      db.$client.close();
      process.exit(0);
    });
    // Keep-alive sockets would hold close() open: end the idle ones now.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Open Portage API failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
