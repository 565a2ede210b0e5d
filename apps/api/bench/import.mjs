// The caseload import benchmark (run by `pnpm bench` after reports.mjs, or alone: node
// bench/import.mjs): writes CSV files for BENCH_IMPORT_CHILDREN fictional children (default
// 5,000) with their referrals, decisions, waiting-list entries, allocations for two in five and
// two targets each for the allocated, then times the built CLI's dry run, the import, and the
// same import again (which must write nothing). Figures, not a pass/fail test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchDatabase, cli } from "./lib.mjs";

const CHILDREN = Number(process.env.BENCH_IMPORT_CHILDREN ?? 5_000);
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const database = benchDatabase("import");
const folder = mkdtempSync(join(tmpdir(), "openportage-import-files-"));

const day = (base, plus) => new Date(Date.parse(base) + plus * 86_400_000).toISOString().slice(0, 10);
const rows = { children: [], referrals: [], decisions: [], "waiting-list": [], allocations: [], targets: [] };
const VISITORS = ["visitor1@demo.openportage.invalid", "visitor2@demo.openportage.invalid"];
for (let i = 0; i < CHILDREN; i++) {
  const ref = `BENCH-${String(i).padStart(5, "0")}`;
  const received = day("2024-01-08", i % 600);
  rows.children.push([
    ref,
    `Child${i}`,
    "Imported",
    day("2022-06-01", i % 500),
    "female",
    "English",
    "no",
    `${i} Bench Road`,
    "",
    "Preston",
    "PR1 2AB",
    "yes",
    `Carer ${i}`,
    "Mother",
    "01632 960 001",
    "",
  ]);
  rows.referrals.push([
    ref,
    received,
    "self-referral",
    "",
    "",
    "",
    "Help with play",
    "Not yet walking",
    "movement;communication",
    "",
    "",
    "",
    "no",
    "no",
    "no",
    "no",
    "",
    "",
    "yes",
    "",
    "yes",
    "yes",
  ]);
  rows.decisions.push([ref, day(received, 7), "accepted", "", ""]);
  rows["waiting-list"].push([ref, day(received, 7), ["low", "moderate", "high"][i % 3], "no", "no"]);
  if (i % 5 < 2) {
    rows.allocations.push([ref, VISITORS[i % 2], day(received, 60)]);
    for (const does of ["stack three bricks", "point to a picture"]) {
      rows.targets.push([
        ref,
        "2026-09-07",
        "2026-10-30",
        "weekly",
        "tuesday",
        "10:00",
        "2026-09-07",
        "Carer;Home visitor",
        "physical",
        does,
        "with an adult beside them",
        "watch;try with help;try alone",
        "after lunch",
        "2",
        "",
      ]);
    }
  }
}
const HEADERS = {
  children:
    "child_ref,child_first_name,child_last_name,child_date_of_birth,child_sex,home_languages,interpreter_needed,address_line1,address_line2,address_town,postcode,lives_in_area,carer_name,carer_relationship,carer_phone,carer_email",
  referrals:
    "child_ref,received_on,route,referrer_name,referrer_role,referrer_organisation,help_wanted,developmental_concerns,concern_areas,diagnosis,professionals_involved,professionals_details,early_help,ehc_plan,dla,attends_setting,setting_name,setting_hours_per_week,available_for_visits,home_visit_safety,consent_to_referral,consent_to_sharing",
  decisions: "child_ref,decided_on,outcome,note,signposting",
  "waiting-list": "child_ref,accepted_on,complexity,had_portage_before,other_specialist_support",
  allocations: "child_ref,home_visitor_email,allocated_on",
  targets:
    "child_ref,block_start,block_end,frequency,weekday,time,agreed_on,agreed_by,area,does,conditions,teaching_steps,practice_how,practice_times_per_day,practice_how_often",
};
let bytes = 0;
for (const [kind, list] of Object.entries(rows)) {
  const text = [HEADERS[kind], ...list.map((r) => r.join(","))].join("\r\n");
  bytes += text.length;
  writeFileSync(join(folder, `${kind}.csv`), text);
}

function timed(label, ...args) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [join(dist, "cli.js"), ...args], { env: database.env, encoding: "utf8" });
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  return { label, seconds, out: result.stdout.trim().split("\n") };
}

try {
  cli(database.env, "seed-demo", "--families", "0");
  console.log(
    `\ncaseload import: ${CHILDREN} children, ${rows.allocations.length} allocated, ${rows.targets.length} targets, ${(bytes / 1024 / 1024).toFixed(1)} MB of CSV`,
  );
  const as = ["--as", "admin@demo.openportage.invalid"];
  const runs = [
    timed("dry run", "import-caseload", folder, ...as, "--dry-run"),
    timed("import", "import-caseload", folder, ...as),
    timed("the same import again", "import-caseload", folder, ...as),
  ];
  console.log("\nstep                      seconds (whole command)  what it printed last");
  for (const r of runs)
    console.log(`${r.label.padEnd(26)}${r.seconds.toFixed(1).padStart(8)}                 ${r.out[r.out.length - 1]}`);
} finally {
  database.remove();
  rmSync(folder, { recursive: true, force: true });
}
