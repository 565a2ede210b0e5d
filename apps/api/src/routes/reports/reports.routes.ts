// GET /api/reports and /api/reports/:name (issue 13): the service's figures for a period, as JSON
// or as a CSV download with small numbers suppressed (docs/adr/0045). Every view is audited.
import { addYears, type IsoDate } from "@openportage/domain";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { audit } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { pathParams, queryParams } from "../../lib/http.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { json, problem } from "../openapi-content.js";
import {
  HOME_VISITOR_REPORTS,
  MAX_REPORT_YEARS,
  REPORT_NAMES,
  type ReportList,
  ReportList as ReportListSchema,
  type ReportName,
  ReportQuery,
  type ReportView,
  ReportView as ReportViewSchema,
} from "./contract.js";
import { REPORTS } from "./reports.js";
import { loadThreshold } from "./store.js";
import { toCsv } from "./table.js";

const ReportParams = v.object({ name: v.picklist(REPORT_NAMES) });

const maySee = (role: string, name: ReportName) =>
  role === "coordinator" || (HOME_VISITOR_REPORTS as readonly string[]).includes(name);

const wantsCsv = (format: string | undefined, accept: string | undefined) =>
  format === "csv" || (format === undefined && /^\s*text\/csv\b/i.test(accept ?? ""));

export const reportRoutes = new Hono<AppEnv>()
  .get(
    "/reports",
    describeRoute({
      tags: ["Reports"],
      summary: "The reports the caller may see",
      responses: { 200: { description: "The reports", content: json(ReportListSchema) } },
    }),
    allow("coordinator", "home-visitor"),
    noStore,
    async (c) => {
      const user = staff(c);
      const threshold = await loadThreshold(c.get("deps").db);
      const answer: ReportList = {
        reports: REPORT_NAMES.filter((name) => maySee(user.role, name)).map((name) => ({
          name,
          title: REPORTS[name].title,
          description: REPORTS[name].description,
          byOptions: [...REPORTS[name].byOptions],
        })),
        threshold,
        scope: user.role === "coordinator" ? "service" : "own-caseload",
      };
      return c.json(answer);
    },
  )
  .get(
    "/reports/:name",
    describeRoute({
      tags: ["Reports"],
      summary: "One report for a period, as a table (JSON) or a CSV download",
      description:
        "`from` and `to` (YYYY-MM-DD, both included, at most 5 years); `by` one of the report's breakdowns. `format=csv` or `Accept: text/csv` answers the table as CSV with counts of 1 to threshold-1 shown as `[c]` and totals over them rounded to the nearest 5 (ADR 0045). Coordinators see the service; home visitors only the caseload reports, for children allocated to them. Audited: `read` for JSON, `export` for CSV.",
      responses: {
        200: {
          description: "The report",
          content: { ...json(ReportViewSchema), "text/csv": { schema: { type: "string" } } },
        },
        403: problem("Not a report your role may see"),
        404: problem("No such report"),
        422: problem("A bad period or breakdown, naming the field"),
      },
    }),
    allow("coordinator", "home-visitor"),
    noStore,
    pathParams(ReportParams),
    queryParams(ReportQuery),
    async (c) => {
      const user = staff(c);
      const { name } = c.req.valid("param");
      const q = c.req.valid("query");
      if (!maySee(user.role, name)) {
        await audit(c, { action: "denied", outcome: "denied", recordType: "report", reason: "wrong-role" });
        throw new ProblemError("forbidden", 403, "Home visitors see the caseload reports only");
      }
      const from = q.from as IsoDate;
      const to = q.to as IsoDate;
      if (to < from) throw validationProblem([{ field: "to", message: "must not be before from" }]);
      if (to >= addYears(from, MAX_REPORT_YEARS)) {
        throw validationProblem([{ field: "to", message: `must be less than ${MAX_REPORT_YEARS} years after from` }]);
      }
      const definition = REPORTS[name];
      const by = q.by ?? null;
      if (by !== null && !definition.byOptions.includes(by)) {
        const offered = definition.byOptions.length ? `one of ${definition.byOptions.join(", ")}` : "left out";
        throw validationProblem([{ field: "by", message: `must be ${offered} for this report` }]);
      }
      const { db, protocol, clock } = c.get("deps");
      const threshold = await loadThreshold(db);
      const table = await definition.build({
        db,
        protocol,
        from,
        to,
        today: englandDate(clock.now()),
        by,
        threshold,
        visitorId: user.role === "coordinator" ? null : user.id,
      });
      const csv = wantsCsv(q.format, c.req.header("accept"));
      await audit(c, { action: csv ? "export" : "read", outcome: "success", recordType: "report", reason: name });
      if (csv) {
        c.header("content-type", "text/csv; charset=utf-8");
        c.header("content-disposition", `attachment; filename="${name}-${from}-${to}.csv"`);
        return c.body(toCsv(table.columns, table.rows, table.totals, threshold));
      }
      const view: ReportView = {
        report: name,
        title: definition.title,
        description: definition.description,
        period: { from, to },
        by,
        byOptions: [...definition.byOptions],
        scope: user.role === "coordinator" ? "service" : "own-caseload",
        ...table,
        threshold,
      };
      return c.json(view);
    },
  );
