#!/usr/bin/env node
/// <reference types="node" />
// openportage-protocol: a council checks its own protocol file, and runs its worked examples
// against it. The only part of the package that reads files or prints: the rules stay pure.
//
//   openportage-protocol check my-protocol.json [--cases my-cases.json]
//
// Exit status: 0 when the protocol is valid and every case passes, 1 when not, 2 for a
// command used wrongly or a file that cannot be read.
import { readFileSync } from "node:fs";
import { parseEligibilityCases, runEligibilityCases } from "../eligibility/cases.js";
import { parseProtocol } from "../protocol/parse.js";

const USAGE = `Usage: openportage-protocol check <protocol.json> [--cases <cases.json>]

Checks a council's Portage protocol file: every problem with its path, then any warnings.
With --cases, runs each worked example (a child's facts on a day and the outcome expected)
and prints its result and reasons.`;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(
      code === "ENOENT" ? `Cannot find the file ${path}.` : `Cannot read the file ${path} (${code ?? "error"}).`,
    );
    return undefined;
  }
}

function main(args: readonly string[]): number {
  if (args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
    console.log(USAGE);
    return 0;
  }
  const [command, protocolPath, ...rest] = args;
  let casesPath: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] === "--cases" && rest[i + 1] !== undefined) {
      casesPath = rest[i + 1];
      i += 1;
    } else {
      console.error(`Unknown option ${rest[i]}.\n\n${USAGE}`);
      return 2;
    }
  }
  if (command !== "check" || protocolPath === undefined) {
    console.error(USAGE);
    return 2;
  }
  const text = read(protocolPath);
  if (text === undefined) return 2;
  const parsed = parseProtocol(text);
  if (!parsed.success) {
    console.log(
      `${protocolPath}: not a valid protocol. ${parsed.problems.length} ${parsed.problems.length === 1 ? "problem" : "problems"}:`,
    );
    for (const problem of parsed.problems) console.log(`  - ${problem.path}: ${problem.message}`);
  } else {
    console.log(`${protocolPath}: a valid protocol for ${parsed.protocol.serviceName} (id "${parsed.protocol.id}").`);
  }
  for (const warning of parsed.warnings) console.log(`  warning: ${warning.path}: ${warning.message}`);
  if (!parsed.success) return 1;
  if (casesPath === undefined) return 0;

  const casesText = read(casesPath);
  if (casesText === undefined) return 2;
  const cases = parseEligibilityCases(casesText);
  if (!cases.success) {
    console.log(`\n${casesPath}: not a valid cases file:`);
    for (const problem of cases.problems) console.log(`  - ${problem.path}: ${problem.message}`);
    return 1;
  }
  console.log(`\n${casesPath}: ${cases.cases.length} ${cases.cases.length === 1 ? "case" : "cases"}`);
  const results = runEligibilityCases(cases.cases, parsed.protocol);
  results.forEach((result, i) => {
    const { assessment } = result;
    const answer =
      assessment !== undefined
        ? assessment.outcome
        : `refused (${(result.refused ?? []).map((p) => p.path).join(", ")})`;
    console.log(
      `\n${result.passed ? "PASS" : "FAIL"} ${i + 1}. ${result.case.name}: ${answer}, on ${result.case.asOf}`,
    );
    for (const difference of result.differences) console.log(`  differs: ${difference}`);
    if (assessment !== undefined) {
      for (const reason of assessment.reasons) console.log(`  ${reason.clauseId} ${reason.result}: ${reason.staff}`);
      for (const flag of assessment.flags) console.log(`  flag for review (${flag.clauseId}): ${flag.staff}`);
      if (assessment.missing.length > 0)
        console.log(`  to ask: ${assessment.missing.map((m) => m.question).join(" ")}`);
    }
    for (const problem of result.refused ?? []) console.log(`  refused: ${problem.path}: ${problem.message}`);
  });
  const passed = results.filter((r) => r.passed).length;
  console.log(`\n${passed} of ${results.length} ${results.length === 1 ? "case" : "cases"} passed.`);
  return passed === results.length ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
