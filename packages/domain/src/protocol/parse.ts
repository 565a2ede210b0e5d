import * as v from "valibot";
import type { IsoDate } from "../dates/date-only.js";
import { type Dated, type Protocol, ProtocolSchema } from "./schema.js";

/** One problem in a protocol file: where it is (a dotted path such as `visits.terms.periods.2.end`) and what is wrong. */
export interface ProtocolProblem {
  readonly path: string;
  readonly message: string;
}

/** The result of {@link parseProtocol}: the validated protocol, or every problem found. */
export type ProtocolParseResult =
  | { readonly success: true; readonly protocol: Protocol }
  | { readonly success: false; readonly problems: readonly ProtocolProblem[] };

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

// Rules that span several fields, which the schema cannot state on its own.
function crossChecks(protocol: Protocol): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const unique = (path: string, ids: readonly string[]) => {
    for (const id of new Set(duplicates(ids)))
      problems.push({ path, message: `the id "${id}" is used more than once` });
  };
  unique(
    "eligibility.routes.routes",
    protocol.eligibility.routes.routes.map((r) => r.id),
  );
  unique(
    "priority.criteria",
    protocol.priority.criteria.map((c) => c.id),
  );
  unique(
    "plans.areas.areas",
    protocol.plans.areas.areas.map((a) => a.id),
  );
  unique(
    "sharing.recipients",
    protocol.sharing.recipients.map((r) => r.id),
  );
  unique(
    "exits.reasons",
    protocol.exits.reasons.map((r) => r.id),
  );

  const dated: [string, readonly { from: IsoDate }[]][] = [
    ["eligibility.need.values", protocol.eligibility.need.values],
    ["eligibility.settingHours.values", protocol.eligibility.settingHours.values],
  ];
  for (const [path, values] of dated) {
    values.forEach((entry, i) => {
      const previous = values[i - 1];
      if (previous && entry.from <= previous.from) {
        problems.push({
          path: `${path}.${i}.from`,
          message: "dated values must be in date order, no two on the same date",
        });
      }
    });
  }

  const periods = protocol.visits.terms.periods;
  periods.forEach((period, i) => {
    if (period.end < period.start) {
      problems.push({
        path: `visits.terms.periods.${i}.end`,
        message: `ends (${period.end}) before it starts (${period.start})`,
      });
    }
    const previous = periods[i - 1];
    if (previous && period.start <= previous.end) {
      problems.push({
        path: `visits.terms.periods.${i}.start`,
        message: `starts (${period.start}) before the previous period ends (${previous.end}); list periods in date order without overlaps`,
      });
    }
  });
  protocol.priority.criteria.forEach((criterion, i) => {
    if (criterion.kind === "time-left" && criterion.noneBeyondWeeks <= criterion.fullWithinWeeks) {
      problems.push({ path: `priority.criteria.${i}.noneBeyondWeeks`, message: "must be more than fullWithinWeeks" });
    }
  });
  const achievement = protocol.plans.achievement;
  if (achievement.successes > achievement.outOf) {
    problems.push({ path: "plans.achievement.successes", message: "cannot be more than outOf" });
  }
  return problems;
}

// valibot's messages for missing and unknown keys are written for programmers; say them plainly.
function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.expected === "never") return "is not a setting a protocol can have";
  if (issue.kind === "schema" && issue.received === "undefined") return "is required";
  return issue.message;
}

/**
 * Validates a council's protocol (parsed JSON) and returns it typed, or every problem with
 * its path. Nothing is thrown for bad input: a council sees all its mistakes at once.
 *
 * @example
 * const result = parseProtocol(JSON.parse(text));
 * if (!result.success) for (const p of result.problems) console.log(`${p.path}: ${p.message}`);
 */
export function parseProtocol(json: unknown): ProtocolParseResult {
  const parsed = v.safeParse(ProtocolSchema, json, { abortEarly: false });
  if (!parsed.success) {
    return {
      success: false,
      problems: parsed.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? "(the whole file)",
        message: plainMessage(issue),
      })),
    };
  }
  const problems = crossChecks(parsed.output);
  return problems.length > 0 ? { success: false, problems } : { success: true, protocol: parsed.output };
}

/** Thrown by {@link assertProtocol} with every problem listed. */
export class ProtocolError extends Error {
  readonly problems: readonly ProtocolProblem[];
  constructor(problems: readonly ProtocolProblem[]) {
    super(`the protocol is not valid:\n${problems.map((p) => `- ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "ProtocolError";
    this.problems = problems;
  }
}

/** Like {@link parseProtocol}, but throws a {@link ProtocolError} listing every problem. */
export function assertProtocol(json: unknown): Protocol {
  const result = parseProtocol(json);
  if (!result.success) throw new ProtocolError(result.problems);
  return result.protocol;
}

/** The value in force on `asOf`: the last one whose `from` is on or before it, or `undefined` before the first. */
export function valueOn<T>(values: readonly Dated<T>[], asOf: IsoDate): T | undefined {
  let current: T | undefined;
  for (const entry of values) {
    if (entry.from > asOf) break;
    current = entry.value;
  }
  return current;
}
