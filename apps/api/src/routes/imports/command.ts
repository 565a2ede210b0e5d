// `openportage import-caseload <folder> --as <administrator's email> [--dry-run]`: the caseload
// import from the command line, for a council bringing in a large caseload or scripting it. The
// same check and write as POST /api/imports, audited as the administrator named.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Protocol } from "@openportage/domain";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { englandDate } from "../../lib/clock.js";
import { checkImport, type ImportFiles, type ImportProblem } from "./check.js";
import { activeHomeVisitors } from "./context.js";
import { IMPORT_KINDS, TEMPLATES } from "./templates.js";
import { importedBefore, sortByHistory, writeImport } from "./write.js";

/** What the command prints, line by line, and whether it succeeded. */
export interface CommandResult {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

export const problemLine = (p: ImportProblem) =>
  `${p.file}${p.row > 0 ? ` row ${p.row}` : ""}${p.column ? `, ${p.column}` : ""}: ${p.message}`;

/** Reads the templates' files from `folder` (those present), checks them and, unless `dryRun`, imports. */
export async function importCaseload(
  db: Database,
  protocol: Protocol,
  options: { folder: string; as: string; dryRun: boolean; now: Date },
): Promise<CommandResult> {
  const [admin] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(
      and(eq(users.email, options.as.trim().toLowerCase()), eq(users.role, "administrator"), isNull(users.disabledAt)),
    );
  if (!admin) return { ok: false, lines: [`--as must be an active administrator's email: ${options.as} is not`] };
  const files: Record<string, string> = {};
  const read: string[] = [];
  for (const kind of IMPORT_KINDS) {
    const path = join(options.folder, TEMPLATES[kind].file);
    if (existsSync(path)) {
      files[kind] = readFileSync(path, "utf8");
      read.push(TEMPLATES[kind].file);
    }
  }
  const started = performance.now();
  const check = checkImport(files as ImportFiles, {
    protocol,
    today: englandDate(options.now),
    homeVisitors: await activeHomeVisitors(db),
  });
  const history = sortByHistory(check, await importedBefore(db));
  const lines = [
    `read ${read.join(", ") || "no files"} from ${options.folder}`,
    ...IMPORT_KINDS.filter((k) => check.rows[k] !== undefined).map(
      (k) => `  ${TEMPLATES[k].file}: ${check.rows[k]} rows`,
    ),
    `checked in ${((performance.now() - started) / 1000).toFixed(1)} s: ${check.problems.length} problems; ` +
      `${history.fresh.length} children to import, ${history.unchanged.length} imported before` +
      (history.changed.length
        ? `, ${history.changed.length} changed since they were imported (left as Open Portage holds them): ${history.changed.join(", ")}`
        : ""),
    ...check.problems.map(problemLine),
  ];
  if (check.problems.length > 0) return { ok: false, lines: [...lines, "nothing was written"] };
  if (options.dryRun) return { ok: true, lines: [...lines, "dry run: nothing was written"] };
  const writing = performance.now();
  const written = await writeImport(
    db,
    history.fresh,
    protocol,
    { id: admin.id, role: admin.role, request: "cli import-caseload", address: null },
    options.now,
  );
  return {
    ok: true,
    lines: [
      ...lines,
      `imported in ${((performance.now() - writing) / 1000).toFixed(1)} s: ${written.children} children, ` +
        `${written.referrals} referrals, ${written.decisions} decisions, ${written.allocations} allocations, ` +
        `${written.plans} plans with ${written.targets} targets`,
    ],
  };
}
