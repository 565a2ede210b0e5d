// GET /api/health: the process is up and the database answers.
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../../lib/types.js";

const HealthSchema = v.object({
  status: v.literal("ok"),
  protocol: v.string(),
  /** `demo` or `production`: the admin app's sign-in page names the demo accounts only in a demo. */
  mode: v.picklist(["demo", "production"]),
});

export const healthRoutes = new Hono<AppEnv>().get(
  "/health",
  describeRoute({
    tags: ["Service"],
    summary: "Health check",
    responses: { 200: { description: "Up", content: { "application/json": { schema: resolver(HealthSchema) } } } },
  }),
  async (c) => {
    const { db, protocol, config } = c.get("deps");
    await db.run(sql`select 1`);
    c.header("Cache-Control", "no-store");
    return c.json({ status: "ok" as const, protocol: protocol.id, mode: config.OPENPORTAGE_MODE });
  },
);
