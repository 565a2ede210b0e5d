// The caseload import (issue 16): an administrator brings in the children, referrals, decisions,
// waiting list, allocations and current targets a council keeps today in spreadsheets. A dry run
// lists every problem by file, row and column and writes nothing; the import then writes all or
// nothing, and running it again writes nothing new (ADR 0051).
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { isUniqueViolation } from "../../db/client.js";
import { audit } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { jsonBody, pathParams } from "../../lib/http.js";
import { multiLine } from "../../lib/input-check.js";
import { ProblemError } from "../../lib/problem.js";
import { noStore } from "../../lib/security.js";
import { allow, staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { json, problem } from "../openapi-content.js";
import { checkImport } from "./check.js";
import { activeHomeVisitors } from "./context.js";
import { IMPORT_KINDS, type ImportKind, TEMPLATES, templateCsv } from "./templates.js";
import { importedBefore, sortByHistory, writeImport } from "./write.js";

/** What one import's CSV files may add up to (the staff routes' usual limit is far smaller). */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** One CSV file's text: lines are its rows (multi-line, unlike the staff routes' other fields). */
const CsvText = (kind: ImportKind) =>
  v.optional(v.pipe(v.string(), multiLine, v.description(`${TEMPLATES[kind].file}, as text`)));

const Files = v.strictObject(
  Object.fromEntries(IMPORT_KINDS.map((kind) => [kind, CsvText(kind)])) as Record<
    ImportKind,
    ReturnType<typeof CsvText>
  >,
);

const ImportBody = v.strictObject({
  dryRun: v.pipe(
    v.boolean("must be true (check only) or false (import)"),
    v.description("true: check and write nothing"),
  ),
  files: Files,
});

const Problem = v.object({
  file: v.string(),
  row: v.pipe(v.number(), v.description("The line in the file: 1 is the header row")),
  column: v.optional(v.string()),
  message: v.string(),
});

const ImportAnswer = v.object({
  dryRun: v.boolean(),
  rows: v.record(v.string(), v.number()),
  problems: v.array(Problem),
  children: v.object({
    toImport: v.pipe(v.number(), v.description("Children new to Open Portage")),
    alreadyImported: v.pipe(v.number(), v.description("Children imported before from the same rows: left as they are")),
    changedSinceImport: v.pipe(
      v.array(v.string()),
      v.description("child_ref of children imported before whose rows have changed: Open Portage's record stands"),
    ),
  }),
  written: v.optional(
    v.object({
      children: v.number(),
      referrals: v.number(),
      decisions: v.number(),
      allocations: v.number(),
      plans: v.number(),
      targets: v.number(),
    }),
  ),
});

const Template = v.object({
  kind: v.picklist(IMPORT_KINDS),
  file: v.string(),
  row: v.string(),
  columns: v.array(
    v.object({
      name: v.string(),
      required: v.boolean(),
      description: v.string(),
      values: v.optional(v.array(v.string())),
      example: v.string(),
    }),
  ),
});

export const importRoutes = new Hono<AppEnv>()
  .get(
    "/imports/templates",
    describeRoute({
      tags: ["Caseload import"],
      summary: "The CSV templates of the caseload import",
      description: "One template per kind of record, each with its columns, what goes in them and an example.",
      responses: { 200: { description: "The templates", content: json(v.object({ templates: v.array(Template) })) } },
    }),
    allow("administrator"),
    noStore,
    (c) =>
      c.json({
        templates: IMPORT_KINDS.map((kind) => ({
          ...TEMPLATES[kind],
          columns: TEMPLATES[kind].columns.map(({ field: _field, ...column }) => ({
            ...column,
            ...(column.values ? { values: [...column.values] } : {}),
          })),
        })),
      }),
  )
  .get(
    "/imports/templates/:kind",
    describeRoute({
      tags: ["Caseload import"],
      summary: "One template as a CSV file: the header row and an example row",
      responses: {
        200: { description: "The template", content: { "text/csv": { schema: { type: "string" } } } },
        404: problem("No such template"),
      },
    }),
    allow("administrator"),
    pathParams(v.object({ kind: v.picklist(IMPORT_KINDS.map((k) => `${k}.csv`)) })),
    (c) => {
      const kind = c.req.valid("param").kind.replace(/\.csv$/, "") as ImportKind;
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="${TEMPLATES[kind].file}"`);
      return c.body(templateCsv(kind));
    },
  )
  .post(
    "/imports",
    describeRoute({
      tags: ["Caseload import"],
      summary: "Check (dry run) or import a council's caseload from CSV files",
      description:
        "`files` holds the CSV text of each template (children and referrals are needed). With `dryRun: true` every problem is listed by file, row and column and nothing is written. With `dryRun: false` the import is all or nothing: any problem and nothing is written (422 with the same list). Children imported before from the same rows are left as they are, so running an import again writes nothing new; a child whose rows changed since is listed in `changedSinceImport` and left as Open Portage holds them. Every record written is audited as `import`.",
      responses: {
        200: { description: "Checked, or imported", content: json(ImportAnswer) },
        409: problem("Another import wrote some of these children at the same moment: check again"),
        413: problem("The files are larger than 32 MB together"),
        422: {
          description: "Problems in the files: nothing was written (the same answer, listing them)",
          content: json(ImportAnswer),
        },
      },
    }),
    allow("administrator"),
    noStore,
    jsonBody(ImportBody),
    async (c) => {
      const { dryRun, files } = c.req.valid("json");
      const { db, protocol, clock } = c.get("deps");
      const check = checkImport(files, {
        protocol,
        today: englandDate(clock.now()),
        homeVisitors: await activeHomeVisitors(db),
      });
      const history = sortByHistory(check, await importedBefore(db));
      const answer = {
        dryRun,
        rows: check.rows,
        problems: [...check.problems],
        children: {
          toImport: history.fresh.length,
          alreadyImported: history.unchanged.length,
          changedSinceImport: history.changed,
        },
      };
      if (dryRun) {
        await audit(c, { action: "read", outcome: "success", recordType: "import", reason: "dry-run" });
        return c.json(answer);
      }
      if (check.problems.length > 0) {
        await audit(c, { action: "import", outcome: "failure", recordType: "import", reason: "problems-in-files" });
        return c.json(answer, 422);
      }
      const user = staff(c);
      try {
        const written = await writeImport(
          db,
          history.fresh,
          protocol,
          { id: user.id, role: user.role, request: "POST /api/imports", address: c.get("address") ?? null },
          clock.now(),
        );
        return c.json({ ...answer, written });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ProblemError(
            "conflict",
            409,
            "Another import wrote some of these children at the same moment: check the files again",
          );
        }
        throw error;
      }
    },
  );
