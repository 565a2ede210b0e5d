// The activity chart a home visitor leaves with the family, one target a page, as a tagged PDF.
import type { IsoDate } from "@openportage/domain";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";
import { children, users } from "../../db/schema.js";
import { activityChartPdf } from "../../lib/activity-chart-pdf.js";
import { audit } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { pathParams, queryParams } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { caseFor } from "../cases/access.js";
import { PracticeQuery } from "../cases/bodies.js";
import { ProblemSchema } from "../openapi-schemas.js";
import { currentPlan } from "../plans/store.js";
import { areaName, criterionText, practiceText } from "../plans/view.js";
import { mondayOf } from "../practice/practice.routes.js";

const TargetParam = v.object({ id: v.pipe(v.string(), v.uuid()), targetId: v.pipe(v.string(), v.uuid()) });

export const activityChartRoutes = new Hono<AppEnv>().get(
  "/cases/:id/targets/:targetId/activity-chart.pdf",
  describeRoute({
    tags: ["Casework"],
    summary: "The activity chart for one target, as a PDF to print",
    description:
      "A4, tagged for screen readers: the target in plain words, its teaching steps, how and how often to practise, a Monday-to-Sunday grid (dated from `week`, default this week) and what counts as achieved.",
    responses: {
      200: { description: "The PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
      404: {
        description: "No such target that you can see",
        content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
      },
    },
  }),
  allow("home-visitor", "coordinator"),
  noStore,
  pathParams(TargetParam),
  queryParams(PracticeQuery),
  async (c) => {
    const { id, targetId } = c.req.valid("param");
    const { week } = c.req.valid("query");
    const access = await caseFor(c, id);
    const { db, protocol, clock } = c.get("deps");
    const stored = await currentPlan(db, id);
    const target = stored?.plan.blocks.flatMap((b) => b.targets).find((t) => t.id === targetId);
    if (!target) throw new ProblemError("not-found", 404, "There is no such target in this child's plan");
    const [[child], [visitor]] = await Promise.all([
      db.select({ firstName: children.firstName }).from(children).where(eq(children.id, id)),
      db.select({ name: users.name }).from(users).where(eq(users.id, access.homeVisitorId)),
    ]);
    const pdf = await activityChartPdf({
      serviceName: protocol.serviceName,
      childFirstName: child?.firstName ?? "",
      homeVisitorName: visitor?.name ?? "",
      area: areaName(protocol, target.areaId),
      does: target.does,
      conditions: target.conditions,
      criterionText: criterionText(target),
      teachingSteps: target.teachingSteps.map((s) => s.text),
      practiceHow: target.practice.how,
      practiceText: practiceText(target),
      weekStart: mondayOf((week as IsoDate | undefined) ?? englandDate(clock.now())),
    });
    await audit(c, { action: "read", outcome: "success", recordType: "child", recordId: id, reason: "activity-chart" });
    return c.body(pdf, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="activity-chart.pdf"',
    });
  },
);
