#!/usr/bin/env node
// The operations CLI: `openportage <command>`. See docs/operations.md.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { filePath, isLocalFile, openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { backupDatabase, backupServer, checkIntegrity, restoreDatabase } from "./db/ops.js";
import { eraseChild, exportChild, retentionDue } from "./db/records.js";
import { DEMO_ACCOUNTS, seedDemo } from "./db/seed.js";
import { englandDate } from "./lib/clock.js";
import { errorLine } from "./lib/errors.js";
import { ROLES, type Role } from "./lib/types.js";
import { createUser, disableUser, UserError } from "./lib/users.js";
import { importCaseload } from "./routes/imports/command.js";

const USAGE = `usage: openportage <command> [options]

commands:
  migrate                         apply the database migrations
  create-user --email E --name N --role R
                                  create a staff account; the password is read from standard input
                                  (roles: ${ROLES.join(", ")})
  disable-user <email-or-id>      disable an account and end its sessions
  seed-demo [--families N]        add the demo staff accounts and N fictional families (default 60)
  backup <file>                   copy the database to a new file with VACUUM INTO, then check it
                                  (from a libSQL server: its schema and rows, read in one transaction)
  restore <file>                  replace the database with a backup (stop the server first; a local
                                  file only)
  check-integrity                 run SQLite's integrity and foreign key checks (a file or a server)
  retention-due [--erase]         list the children whose destroy-after date has passed; with
                                  --erase, erase them and everything held about them (audited)
  import-caseload <folder> --as EMAIL [--dry-run]
                                  check, then import, the caseload a council keeps today from the
                                  CSV templates in <folder> (children.csv, referrals.csv, ...; see
                                  docs/adopting.md); all or nothing, audited as the administrator
                                  EMAIL; --dry-run lists every problem and writes nothing
  export-child <reference-or-child-id> [--out FILE]
                                  write everything held about a child and family to one JSON file
                                  (default child-<id>.json; never overwrites; audited as an export)

The database is DATABASE_URL (default: the embedded file apps/api/data/openportage.db), or a
libSQL server (libsql:, https:) with DATABASE_AUTH_TOKEN.`;

/**
 * The commands that replace the database's file, and what to use instead when DATABASE_URL is a
 * libSQL server: its file is on the server's machine, out of this command's reach.
 */
const SERVER_REFUSALS: Record<string, string> = {
  restore:
    "restore replaces a local database file, and DATABASE_URL is a libSQL server. Restore into a new database with the server's tools, then point DATABASE_URL at it: on Turso, `turso db create <new> --from-db <database> --timestamp <time>` (point in time) or `turso db create <new> --from-file <file>` (a file `openportage backup` wrote); on sqld, `bottomless-cli restore`, or a new namespace from a dump (`sqlite3 <file> .dump`, then the admin API's `POST /v1/namespaces/<new>/create` with its `dump_url`). Then run `openportage check-integrity`. See docs/operations.md, \"A libSQL server\".",
};

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    fail("create-user reads the password from standard input: pipe it in, e.g. from a password manager");
  return readFileSync(0, "utf8").split(/\r?\n/)[0] ?? "";
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig(process.env);
  // What needs the database's file refuses over a libSQL server, before reaching it (ADR 0054).
  const refusal = SERVER_REFUSALS[command];
  if (refusal && !isLocalFile(config.DATABASE_URL)) fail(refusal, 2);
  const db = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  const now = new Date();
  try {
    switch (command) {
      case "migrate":
        await migrateDatabase(db);
        process.stdout.write("migrations applied\n");
        break;
      case "create-user": {
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } },
        });
        if (!values.email || !values.name || !values.role) fail(USAGE, 2);
        if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(", ")}`, 2);
        await migrateDatabase(db);
        const password = await readStdin();
        const { id } = await createUser(
          db,
          { email: values.email, name: values.name, role: values.role as Role, password },
          now,
        );
        process.stdout.write(`created ${values.role} ${values.email} (${id})\n`);
        break;
      }
      case "disable-user": {
        const who = rest[0] ?? fail(USAGE, 2);
        if (!(await disableUser(db, who, now))) fail(`no account ${who}`);
        process.stdout.write(`disabled ${who}; its sessions have ended\n`);
        break;
      }
      case "seed-demo": {
        const { values } = parseArgs({ args: rest, options: { families: { type: "string" } } });
        await migrateDatabase(db);
        const protocol = config.protocol;
        const result = await seedDemo(db, protocol, now, { families: Number(values.families ?? 60) });
        process.stdout.write(`added ${result.referrals} fictional families; demo accounts:\n`);
        for (const a of DEMO_ACCOUNTS)
          process.stdout.write(
            `  ${a.role.padEnd(14)} ${a.email}  password: ${a.password}${a.totpSecret ? `  authenticator app key: ${a.totpSecret}` : ""}\n`,
          );
        break;
      }
      case "backup": {
        const target = rest[0] ?? fail(USAGE, 2);
        if (!isLocalFile(config.DATABASE_URL)) {
          // A libSQL server's file is on its machine: copy its schema and rows instead (ADR 0054).
          const copied = await backupServer(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, target);
          if (!copied.ok)
            fail(`backup written to ${target} but its integrity check failed:\n${copied.problems.join("\n")}`);
          process.stdout.write(
            `backup written to ${target} (${copied.tables} tables, ${copied.rows} rows copied from the libSQL server); integrity check ok\n`,
          );
          break;
        }
        const report = await backupDatabase(db, target);
        if (!report.ok)
          fail(`backup written to ${target} but its integrity check failed:\n${report.problems.join("\n")}`);
        process.stdout.write(`backup written to ${target}; integrity check ok\n`);
        break;
      }
      case "restore": {
        const source = rest[0] ?? fail(USAGE, 2);
        db.$client.close();
        const report = await restoreDatabase(source, filePath(config.DATABASE_URL));
        if (!report.ok)
          fail(`the backup failed its integrity check; nothing was changed:\n${report.problems.join("\n")}`);
        process.stdout.write(`restored ${source}; integrity check ok\n`);
        return;
      }
      case "check-integrity": {
        const report = await checkIntegrity(db);
        if (!report.ok) fail(`integrity check failed:\n${report.problems.join("\n")}`);
        process.stdout.write("integrity check ok\n");
        break;
      }
      case "retention-due": {
        const { values } = parseArgs({ args: rest, options: { erase: { type: "boolean" } } });
        const due = await retentionDue(db, englandDate(now));
        if (due.length === 0) process.stdout.write("no records are due for destruction\n");
        for (const record of due) {
          const erased = values.erase ? await eraseChild(db, record.childId, now) : false;
          process.stdout.write(
            `${record.childId}  destroy after ${record.destroyAfter}  referrals ${record.references.join(" ") || "-"}${erased ? "  erased" : ""}\n`,
          );
        }
        if (due.length > 0 && !values.erase)
          process.stdout.write(`${due.length} due; run again with --erase to erase them\n`);
        break;
      }
      case "export-child": {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { out: { type: "string" } },
          allowPositionals: true,
        });
        const who = positionals[0] ?? fail(USAGE, 2);
        const file = values.out ?? `child-${who.replace(/[^A-Za-z0-9-]/g, "")}.json`;
        const childId = await exportChild(db, who, file, now);
        if (!childId) fail(`no child or referral ${who}`);
        process.stdout.write(`wrote everything held about child ${childId} to ${file}\n`);
        break;
      }
      case "import-caseload": {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { as: { type: "string" }, "dry-run": { type: "boolean" } },
          allowPositionals: true,
        });
        const folder = positionals[0] ?? fail(USAGE, 2);
        if (!values.as) fail("import-caseload needs --as, the email of the administrator who imports", 2);
        await migrateDatabase(db);
        const result = await importCaseload(db, config.protocol, {
          folder,
          as: values.as,
          dryRun: values["dry-run"] === true,
          now,
        });
        process.stdout.write(`${result.lines.join("\n")}\n`);
        if (!result.ok) process.exitCode = 1;
        break;
      }
      default:
        fail(`unknown command ${command}\n\n${USAGE}`, 2);
    }
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UserError) fail(error.message);
  // Never the failed query's values: they are a family's details (lib/errors.ts).
  fail(`openportage: ${errorLine(error)}`);
});
