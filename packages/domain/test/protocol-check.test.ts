// The `openportage-protocol` command, run as a council would run it: as a process, on the
// built package, with files on disk. It prints each case's result and reasons and exits 0
// only when the protocol is valid and every case passes.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const bin = join(root, "dist", "bin", "openportage-protocol.js");
const examples = join(root, "examples", "protocols");
const work = mkdtempSync(join(tmpdir(), "openportage-protocol-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], node = process.execPath) {
  const result = spawnSync(node, [bin, ...args], { encoding: "utf8", cwd: work });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("openportage-protocol check", () => {
  it("is the package's bin, and runs with a shebang", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ "openportage-protocol": "./dist/bin/openportage-protocol.js" });
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("checks an example protocol and runs its cases, printing each result and its reasons", () => {
    const { status, stdout } = run([
      "check",
      join(examples, "hampshire.json"),
      "--cases",
      join(examples, "hampshire.cases.json"),
    ]);
    expect(stdout).toContain('hampshire.json: a valid protocol for Hampshire Portage (id "hampshire").');
    expect(stdout).toContain(
      "PASS 1. A recognised syndrome and 20 hours a week at nursery: eligible, flagged for review: eligible, on 2026-11-20",
    );
    expect(stdout).toContain(
      "  significant-send met: Rule in force from 1 September 2024. Diagnosis: yes (Down syndrome), which qualifies on its own.",
    );
    expect(stdout).toContain(
      "  flag for review (setting-hours): 20 hours a week in a setting, at or over 15 hours (review level in force from 1 September 2024): review the support offered.",
    );
    expect(stdout).toContain(
      "PASS 5. Referred a day later: less than a term before school: not-eligible, on 2027-04-02",
    );
    expect(stdout.trimEnd().endsWith("5 of 5 cases passed.")).toBe(true);
    expect(status).toBe(0);
  });

  it("passes every shipped example", () => {
    for (const name of ["wiltshire", "leeds", "hampshire"]) {
      const { status, stdout } = run([
        "check",
        join(examples, `${name}.json`),
        "--cases",
        join(examples, `${name}.cases.json`),
      ]);
      expect(stdout, name).not.toContain("FAIL");
      expect(status, name).toBe(0);
    }
  });

  it("prints a case that does not come out as expected, with what differs, and exits 1", () => {
    const cases = JSON.parse(readFileSync(join(examples, "leeds.cases.json"), "utf8"));
    cases.cases[1].expected.outcome = "eligible";
    const file = join(work, "leeds-wrong.cases.json");
    writeFileSync(file, JSON.stringify(cases));
    const { status, stdout } = run(["check", join(examples, "leeds.json"), "--cases", file]);
    expect(stdout).toContain(
      "FAIL 2. A delay of a third of the child's age is not enough in Leeds: not-eligible, on 2026-11-20",
    );
    expect(stdout).toContain("  differs: outcome not-eligible, expected eligible");
    expect(stdout).toContain("3 of 4 cases passed.");
    expect(status).toBe(1);
  });

  it("lists every problem in a broken protocol in plain words, and exits 1", () => {
    const protocol = JSON.parse(readFileSync(join(examples, "wiltshire.json"), "utf8"));
    protocol.published = "2026-02-30";
    protocol.eligibility.age.minimumAgeMonths = 60;
    protocol.exits.reasons = protocol.exits.reasons.filter((r: { id: string }) => r.id !== "missed-visits");
    protocol.colour = "blue";
    const file = join(work, "broken.json");
    writeFileSync(file, JSON.stringify(protocol, null, 2));
    const { status, stdout } = run(["check", file]);
    expect(stdout.split("\n")).toEqual([
      `${file}: not a valid protocol. 4 problems:`,
      "  - published: must be a real date written YYYY-MM-DD",
      "  - colour: is not a setting a protocol can have",
      "  - eligibility.age.minimumAgeMonths: no child could be eligible: the minimum age (60 months) is not below the age at which support ends (at most 60 months, under the school-entry rule)",
      "  - eligibility.age.schoolEntryCutOff: no child could be eligible: 1 academic year before school entry is at most 48 months after birth, not after the minimum age of 60 months",
      `  warning: exits.reasons: has no exit reason "missed-visits", so that exit is never raised automatically (Staff flag repeatedly missed visits under the protocol's missed-visits rule.)`,
      "",
    ]);
    expect(status).toBe(1);
  });

  it("says where a file that is not JSON goes wrong, without printing the file", () => {
    const file = join(work, "not-json.json");
    writeFileSync(file, '{\n  "id": "borsetshire",\n  "serviceName": "Borsetshire Portage",\n}\n');
    const { status, stdout } = run(["check", file]);
    expect(stdout).toBe(
      `${file}: not a valid protocol. 1 problem:\n  - (the whole file): is not valid JSON: at line 4, column 1, expected another setting after the comma (a trailing comma is not allowed) but found "}"\n`,
    );
    expect(status).toBe(1);
  });

  it("explains how to use it, and exits 2 for a missing file or a wrong command", () => {
    expect(run(["--help"])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("Usage: openportage-protocol check"),
    });
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringContaining("Usage:") });
    expect(run(["check", join(examples, "leeds.json"), "--verbose"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("Unknown option --verbose."),
    });
    expect(run(["check", join(work, "nowhere.json")])).toMatchObject({
      status: 2,
      stderr: `Cannot find the file ${join(work, "nowhere.json")}.\n`,
    });
    expect(run(["check", join(examples, "leeds.json"), "--cases", join(work, "nowhere.json")])).toMatchObject({
      status: 2,
    });
    const badCases = join(work, "bad.cases.json");
    writeFileSync(
      badCases,
      JSON.stringify([{ name: "x", asOf: "soon", facts: {}, expected: { outcome: "eligible" } }]),
    );
    const bad = run(["check", join(examples, "leeds.json"), "--cases", badCases]);
    expect(bad.stdout).toContain("  - 0.asOf: must be a real date written YYYY-MM-DD");
    expect(bad.status).toBe(1);
  });
});

// A consumer project: the package linked into node_modules, imported as ES modules and, from
// Node 20.19, with `require`. The Node 20 run uses NODE20_PATH, or /usr/bin/node when it is 20.
const node20 = (() => {
  for (const candidate of [process.env.NODE20_PATH, "/usr/bin/node"]) {
    if (candidate === undefined) continue;
    try {
      const version = execFileSync(candidate, ["--version"], { encoding: "utf8" }).trim();
      if (/^v20\.(19|[2-9]\d)\./.test(version)) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
})();

describe("a consumer project", () => {
  const project = join(work, "consumer");
  mkdirSync(join(project, "node_modules", "@openportage"), { recursive: true });
  symlinkSync(root, join(project, "node_modules", "@openportage", "domain"), "dir");
  writeFileSync(
    join(project, "esm.mjs"),
    `import { addMonths, parseIsoDate, parseProtocol } from "@openportage/domain";
import wiltshire from "@openportage/domain/examples/protocols/wiltshire.json" with { type: "json" };
console.log(addMonths(parseIsoDate("2026-01-31"), 1), parseProtocol(wiltshire).success);`,
  );
  writeFileSync(
    join(project, "cjs.cjs"),
    `const { lancashire, supportEndDate, parseIsoDate } = require("@openportage/domain");
console.log(supportEndDate(parseIsoDate("2025-05-14"), lancashire));`,
  );

  it("imports the package and an example protocol as ES modules", () => {
    expect(execFileSync(process.execPath, ["esm.mjs"], { cwd: project, encoding: "utf8" })).toBe("2026-02-28 true\n");
  });

  it("requires the package from CommonJS", () => {
    expect(execFileSync(process.execPath, ["cjs.cjs"], { cwd: project, encoding: "utf8" })).toBe("2028-09-01\n");
  });

  it.skipIf(node20 === undefined)("runs on Node 20.19 or later: require, import and the command", () => {
    const node = node20 as string;
    expect(
      execFileSync(node, ["cjs.cjs"], { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    ).toBe("2028-09-01\n");
    expect(
      execFileSync(node, ["esm.mjs"], { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    ).toBe("2026-02-28 true\n");
    const checked = run(
      ["check", join(examples, "wiltshire.json"), "--cases", join(examples, "wiltshire.cases.json")],
      node,
    );
    expect(checked.status).toBe(0);
  });
});
