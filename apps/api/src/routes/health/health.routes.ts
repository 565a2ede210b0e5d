// GET /api/health: the process is up and the database answers (503 when it does not: ADR 0054).
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { unavailableReason } from "../../db/client.js";
import { sendDatabaseUnavailable } from "../../lib/problem.js";
import type { AppEnv } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";

/** How long the health check waits for the database before saying it is unreachable. */
export const HEALTH_DATABASE_TIMEOUT_MS = 3000;

const HealthSchema = v.object({
  status: v.literal("ok"),
  protocol: v.string(),
  /** `demo` or `production`: the admin app's sign-in page names the demo accounts only in a demo. */
  mode: v.picklist(["demo", "production"]),
});

/** `select 1`, or the reason the database could not answer it within {@link HEALTH_DATABASE_TIMEOUT_MS}. */
async function probe(run: () => Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`it did not answer within ${HEALTH_DATABASE_TIMEOUT_MS / 1000} s`),
      HEALTH_DATABASE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      run().then(
        () => undefined,
        (error: unknown) => {
          const reason = unavailableReason(error);
          if (reason === undefined) throw error;
          return reason;
        },
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes = new Hono<AppEnv>().get(
  "/health",
  describeRoute({
    tags: ["Service"],
    summary: "Health check",
    description:
      '200 while the database answers; 503 `database-unavailable` (with `database: "unreachable"` and Retry-After) when it does not answer within 3 s. For load balancers and monitoring.',
    responses: {
      200: { description: "Up", content: { "application/json": { schema: resolver(HealthSchema) } } },
      503: {
        description: "The database is unreachable (database-unavailable)",
        content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
      },
    },
  }),
  async (c) => {
    const { db, protocol, config, logger } = c.get("deps");
    const unreachable = await probe(() => db.run(sql`select 1`));
    if (unreachable !== undefined) {
      logger.warn("health: database unreachable", { reason: unreachable });
      return sendDatabaseUnavailable(c, { database: "unreachable" });
    }
    c.header("Cache-Control", "no-store");
    return c.json({ status: "ok" as const, protocol: protocol.id, mode: config.OPENPORTAGE_MODE });
  },
);
