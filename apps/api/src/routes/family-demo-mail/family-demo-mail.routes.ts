// The demo's mail viewer (like a mail catcher): the demo sends no email, so a new user trying the
// family app reads their invitation and sign-in codes here. Registered only in demo mode
// (lib/create-app.ts), and refusing at the top in any other mode should it ever be mounted there:
// in production invitations and codes reach only the family's own inbox (ADR 0044).
import { desc, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { outbox } from "../../db/schema.js";
import { audit } from "../../lib/audit.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import type { AppEnv } from "../../lib/types.js";
import { json } from "../openapi-content.js";
import { type DemoMail, DemoMailListSchema } from "./contract.js";

const KINDS = ["family-invitation", "family-code"] as const;
/** The most the viewer lists: the demo's recent mail, not an archive. */
const LIMIT = 50;

export const familyDemoMailRoutes = new Hono<AppEnv>().get(
  "/family/demo-mail",
  describeRoute({
    tags: ["Family sign-in"],
    summary: "Demo only: the family emails in the outbox",
    description:
      "Only in demo mode (`OPENPORTAGE_MODE=demo`), where no email is sent: the invitations and sign-in codes the outbox holds, newest first (at most 50), so a new user can read them. Not registered in production mode.",
    responses: { 200: { description: "The family emails", content: json(DemoMailListSchema) } },
  }),
  async (c, next) => {
    if (c.get("deps").config.OPENPORTAGE_MODE !== "demo")
      throw new ProblemError("not-found", 404, "There is nothing here");
    await next();
  },
  noStore,
  async (c) => {
    const rows = await c
      .get("deps")
      .db.select()
      .from(outbox)
      .where(inArray(outbox.kind, [...KINDS]))
      .orderBy(desc(outbox.createdAt), desc(sql`rowid`))
      .limit(LIMIT);
    const mail = rows.map(
      (row): DemoMail => ({
        id: row.id,
        kind: row.kind as DemoMail["kind"],
        emailAddress: row.emailAddress,
        personalisation: row.personalisation as Record<string, string>,
        status: row.status,
        createdAt: row.createdAt,
        sentAt: row.sentAt,
      }),
    );
    await audit(c, { action: "read", outcome: "success", recordType: "outbox", reason: "demo-mail" });
    return c.json({ mail });
  },
);
