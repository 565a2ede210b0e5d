import * as v from "valibot";
import { type IsoDate, isIsoDate } from "../dates/date-only.js";
import { EXIT_REASON_IDS } from "./exit-reasons.js";
import { parseJsonText } from "./json-text.js";
import { type Dated, type Protocol, ProtocolSchema } from "./schema.js";

/** One problem in a protocol file: where it is (a dotted path such as `visits.terms.periods.2.end`) and what is wrong. */
export interface ProtocolProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The result of {@link parseProtocol}: the validated protocol, or every problem found. Either
 * way, `warnings` lists what is allowed but probably not meant (an automatic exit the protocol
 * switches off by leaving its reason out, a review flag that can never be raised).
 */
export type ProtocolParseResult =
  | { readonly success: true; readonly protocol: Protocol; readonly warnings: readonly ProtocolProblem[] }
  | {
      readonly success: false;
      readonly problems: readonly ProtocolProblem[];
      readonly warnings: readonly ProtocolProblem[];
    };

/** The path used for a problem with the file as a whole. */
export const WHOLE_FILE = "(the whole file)";

// Reading the raw input: the cross-field checks run even when some fields are wrong, so every
// problem is reported in one pass. Each helper gives `undefined` (or nothing) for a value of the
// wrong shape, which the field checks report on their own.
type Raw = Record<string, unknown>;
const objectAt = (value: unknown): Raw | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = objectAt(current)?.[key];
  return current;
}
const listAt = (value: unknown, ...path: string[]): unknown[] => {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
};
const numberAt = (value: unknown, ...path: string[]): number | undefined => {
  const found = at(value, ...path);
  return typeof found === "number" && Number.isFinite(found) ? found : undefined;
};
const dateAt = (value: unknown, ...path: string[]): IsoDate | undefined => {
  const found = at(value, ...path);
  return isIsoDate(found) ? found : undefined;
};
const stringAt = (value: unknown, ...path: string[]): string | undefined => {
  const found = at(value, ...path);
  return typeof found === "string" ? found : undefined;
};

// The oldest a child can be when each age end rule ends support, in months: funded early
// education starts at most 39 months after birth (born 1 January, funded from 1 April), school
// entry at most 60 (born 1 September, starts school five years later).
const LATEST_FUNDED_EDUCATION_MONTHS = 39;
const LATEST_SCHOOL_ENTRY_MONTHS = 60;

// Months between a cut-off and school entry (1 September): a term back is 1 April (5 months),
// two terms 1 January (8), an academic year 1 September (12).
function monthsBeforeSchoolEntry(amount: number, unit: string): number {
  const terms = unit === "academic-year" ? amount * 3 : amount;
  return 12 * Math.floor(terms / 3) + ([0, 5, 8][terms % 3] as number);
}

// Rules that span several fields, which the schema cannot state on its own.
function crossChecks(input: unknown): { problems: ProtocolProblem[]; warnings: ProtocolProblem[] } {
  const problems: ProtocolProblem[] = [];
  const warnings: ProtocolProblem[] = [];
  const unique = (path: string, items: readonly unknown[], key = "id") => {
    const ids = items.map((item) => at(item, key)).filter((id): id is string => typeof id === "string");
    const repeated = new Set(ids.filter((id, i) => ids.indexOf(id) !== i));
    for (const id of repeated) problems.push({ path, message: `the id "${id}" is used more than once` });
  };
  unique("eligibility.routes.routes", listAt(input, "eligibility", "routes", "routes"));
  unique("priority.criteria", listAt(input, "priority", "criteria"));
  unique("plans.areas.areas", listAt(input, "plans", "areas", "areas"));
  unique("sharing.recipients", listAt(input, "sharing", "recipients"));
  unique("exits.reasons", listAt(input, "exits", "reasons"));
  const weekdays = listAt(input, "visits", "blocks", "weekdays");
  if (new Set(weekdays).size < weekdays.length) {
    problems.push({ path: "visits.blocks.weekdays", message: "must list each weekday once" });
  }

  const dated: [string, string[]][] = [
    ["eligibility.need.values", ["eligibility", "need", "values"]],
    ["eligibility.settingHours.values", ["eligibility", "settingHours", "values"]],
  ];
  for (const [path, keys] of dated) {
    const values = listAt(input, ...keys);
    values.forEach((entry, i) => {
      const from = dateAt(entry, "from");
      const previous = i > 0 ? dateAt(values[i - 1], "from") : undefined;
      if (from !== undefined && previous !== undefined && from <= previous) {
        problems.push({
          path: `${path}.${i}.from`,
          message: "dated values must be in date order, no two on the same date",
        });
      }
    });
  }

  // Age: a window that no child could ever be inside.
  const minimum = numberAt(input, "eligibility", "age", "minimumAgeMonths");
  const end = at(input, "eligibility", "age", "end");
  const rule = stringAt(end, "rule");
  const endMonths =
    rule === "age-in-months"
      ? numberAt(end, "months")
      : rule === "starts-setting-or-school"
        ? numberAt(end, "latestAgeMonths")
        : rule === "funded-early-education"
          ? LATEST_FUNDED_EDUCATION_MONTHS
          : rule === "school-entry"
            ? LATEST_SCHOOL_ENTRY_MONTHS
            : undefined;
  if (minimum !== undefined && endMonths !== undefined && minimum >= endMonths) {
    problems.push({
      path: "eligibility.age.minimumAgeMonths",
      message: `no child could be eligible: the minimum age (${minimum} months) is not below the age at which support ends (${rule === "age-in-months" || rule === "starts-setting-or-school" ? `${endMonths} months` : `at most ${endMonths} months, under the ${rule} rule`})`,
    });
  }
  const cutOff = at(input, "eligibility", "age", "schoolEntryCutOff");
  const amount = numberAt(cutOff, "amount");
  const unit = stringAt(cutOff, "unit");
  if (minimum !== undefined && amount !== undefined && (unit === "term" || unit === "academic-year")) {
    const latest = LATEST_SCHOOL_ENTRY_MONTHS - monthsBeforeSchoolEntry(amount, unit);
    if (minimum >= latest) {
      problems.push({
        path: "eligibility.age.schoolEntryCutOff",
        message: `no child could be eligible: ${amount} ${unit === "term" ? "term" : "academic year"}${amount === 1 ? "" : "s"} before school entry is at most ${latest} months after birth, not after the minimum age of ${minimum} months`,
      });
    }
  }

  // Need: a rule nothing satisfies, or one asking for areas the protocol does not have.
  const areaIds = listAt(input, "plans", "areas", "areas")
    .map((area) => at(area, "id"))
    .filter((id): id is string => typeof id === "string");
  listAt(input, "eligibility", "need", "values").forEach((entry, i) => {
    const path = `eligibility.need.values.${i}.value`;
    const need = at(entry, "value");
    const delay = at(need, "delay");
    if (at(need, "diagnosisQualifies") === false && delay === null && at(need, "panelRequired") === undefined) {
      problems.push({
        path,
        message:
          "no child could meet this need rule: it needs at least one way to qualify (diagnosisQualifies true, a delay rule or a panel)",
      });
    }
    if (at(need, "combine") === "all" && at(need, "diagnosisQualifies") === false) {
      warnings.push({
        path: `${path}.combine`,
        message: '"all" combines only the delay rule, since a diagnosis does not qualify: "any" says the same',
      });
    }
    const minAreas = numberAt(delay, "minAreas");
    if (minAreas !== undefined && areaIds.length > 0 && minAreas > areaIds.length) {
      problems.push({
        path: `${path}.delay.minAreas`,
        message: `no child could meet this delay rule: it needs ${minAreas} areas, but the protocol has only ${areaIds.length} developmental areas (plans.areas.areas)`,
      });
    }
    const required = stringAt(delay, "requiredAreaId");
    if (required !== undefined && areaIds.length > 0 && !areaIds.includes(required)) {
      problems.push({
        path: `${path}.delay.requiredAreaId`,
        message: `"${required}" is not one of the protocol's developmental areas (${areaIds.join(", ")})`,
      });
    }
    const bands = listAt(delay, "byAge");
    bands.forEach((band, b) => {
      const under = numberAt(band, "underMonths");
      const previous = b > 0 ? numberAt(bands[b - 1], "underMonths") : undefined;
      if (under !== undefined && previous !== undefined && under <= previous) {
        problems.push({
          path: `${path}.delay.byAge.${b}.underMonths`,
          message: "age bands must be in increasing order of underMonths, no two the same",
        });
      }
    });
  });

  // Setting hours: a review flag that can never be raised.
  listAt(input, "eligibility", "settingHours", "values").forEach((entry, i) => {
    const cap = numberAt(entry, "value", "maxHoursPerWeek");
    const review = numberAt(entry, "value", "reviewFromHoursPerWeek");
    if (cap !== undefined && review !== undefined && review > cap) {
      warnings.push({
        path: `eligibility.settingHours.values.${i}.value.reviewFromHoursPerWeek`,
        message: `never flags a child: a child with ${review} hours or more is already over the limit of ${cap} hours and not eligible`,
      });
    }
  });

  // Visits: term periods in order, at least one, and blocks whose length fits their maximum.
  const periodsValue = at(input, "visits", "terms", "periods");
  const periods = listAt(input, "visits", "terms", "periods");
  if (Array.isArray(periodsValue) && periods.length === 0) {
    problems.push({
      path: "visits.terms.periods",
      message: "must list at least one term period: visits happen only in term time, so none could ever be planned",
    });
  }
  periods.forEach((period, i) => {
    const start = dateAt(period, "start");
    const endDate = dateAt(period, "end");
    if (start !== undefined && endDate !== undefined && endDate < start) {
      problems.push({
        path: `visits.terms.periods.${i}.end`,
        message: `ends (${endDate}) before it starts (${start})`,
      });
    }
    const previousEnd = i > 0 ? dateAt(periods[i - 1], "end") : undefined;
    if (start !== undefined && previousEnd !== undefined && start <= previousEnd) {
      problems.push({
        path: `visits.terms.periods.${i}.start`,
        message: `starts (${start}) before the previous period ends (${previousEnd}); list periods in date order without overlaps`,
      });
    }
  });
  const lengthWeeks = numberAt(input, "visits", "blocks", "lengthWeeks");
  const maxLengthWeeks = numberAt(input, "visits", "blocks", "maxLengthWeeks");
  if (lengthWeeks !== undefined && maxLengthWeeks !== undefined && lengthWeeks > maxLengthWeeks) {
    problems.push({
      path: "visits.blocks.lengthWeeks",
      message: `cannot be more than maxLengthWeeks (${maxLengthWeeks})`,
    });
  }

  listAt(input, "priority", "criteria").forEach((criterion, i) => {
    const full = numberAt(criterion, "fullWithinWeeks");
    const none = numberAt(criterion, "noneBeyondWeeks");
    if (at(criterion, "kind") === "time-left" && full !== undefined && none !== undefined && none <= full) {
      problems.push({ path: `priority.criteria.${i}.noneBeyondWeeks`, message: "must be more than fullWithinWeeks" });
    }
  });
  const successes = numberAt(input, "plans", "achievement", "successes");
  const outOf = numberAt(input, "plans", "achievement", "outOf");
  if (successes !== undefined && outOf !== undefined && successes > outOf) {
    problems.push({ path: "plans.achievement.successes", message: "cannot be more than outOf" });
  }

  // Exits: the age-limit exit must be possible; leaving out another built-in reason switches
  // that automatic exit off, which is allowed but worth saying.
  const reasonsValue = at(input, "exits", "reasons");
  if (Array.isArray(reasonsValue) && reasonsValue.length > 0) {
    const listed = new Set(reasonsValue.map((reason) => at(reason, "id")));
    if (!listed.has("age-limit")) {
      problems.push({
        path: "exits.reasons",
        message:
          'must include the exit reason "age-limit": without it no child would ever be told their support is ending with their age',
      });
    }
    const capped = listAt(input, "eligibility", "settingHours", "values").some(
      (entry) => numberAt(entry, "value", "maxHoursPerWeek") !== undefined,
    );
    const uses: Record<string, boolean> = {
      "setting-hours": capped,
      "started-setting": rule === "starts-setting-or-school",
      "moved-away": true,
      "family-withdrew": true,
      "missed-visits": true,
    };
    for (const [id, used] of Object.entries(uses)) {
      if (used && !listed.has(id)) {
        warnings.push({
          path: "exits.reasons",
          message: `has no exit reason "${id}", so that exit is never raised automatically (${EXIT_REASON_IDS[id as keyof typeof EXIT_REASON_IDS]})`,
        });
      }
    }
  }
  return { problems, warnings };
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "must be text in double quotes",
  number: "must be a number",
  boolean: "must be true or false",
  array: "must be a list, written [ ... ]",
  object: "must be a group of settings, written { ... }",
  strict_object: "must be a group of settings, written { ... }",
  loose_object: "must be a group of settings, written { ... }",
  null: "must be null",
};

// valibot's own messages are written for programmers ("Invalid type: Expected never but
// received ..."); say them plainly, and never quote the value back.
/** A valibot issue in plain words, for a council reading its own file. */
export function plainIssueMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind !== "schema") return issue.message;
  if (issue.expected === "never") return "is not a setting a protocol can have";
  if (issue.received === "undefined") return "is required";
  // A message the schema sets itself ("must be weekly or fortnightly") is already plain.
  if (!issue.message.startsWith("Invalid ")) return issue.message;
  const words = TYPE_WORDS[issue.type];
  if (words !== undefined) return words;
  if (issue.type === "variant" || issue.type === "picklist" || issue.type === "literal" || issue.type === "union") {
    const choices = (issue.expected ?? "")
      .replace(/^\((.*)\)$/, "$1")
      .split(" | ")
      .filter((choice) => choice !== "");
    return choices.length === 1 ? `must be ${choices[0]}` : `must be one of ${choices.join(", ")}`;
  }
  return `is not valid here: expected ${issue.expected ?? "another kind of value"}`;
}

/**
 * Validates a council's protocol and returns it typed, or every problem with its path. Takes
 * the parsed JSON, or the file's text: text that is not valid JSON is one problem saying the
 * line and column where it goes wrong. Nothing is thrown for bad input: a council sees all its
 * mistakes at once, field by field and across fields (duplicate ids, term dates out of order, a
 * need rule or an age window no child could meet).
 *
 * @example
 * const result = parseProtocol(readFileSync("my-protocol.json", "utf8"));
 * if (!result.success) for (const p of result.problems) console.log(`${p.path}: ${p.message}`);
 */
export function parseProtocol(json: unknown): ProtocolParseResult {
  let input = json;
  if (typeof json === "string") {
    const text = parseJsonText(json);
    if (!text.ok)
      return { success: false, problems: [{ path: WHOLE_FILE, message: text.error.message }], warnings: [] };
    input = text.value;
  }
  if (objectAt(input) === undefined) {
    return {
      success: false,
      problems: [{ path: WHOLE_FILE, message: "must be a protocol: a JSON object, written { ... }" }],
      warnings: [],
    };
  }
  const parsed = v.safeParse(ProtocolSchema, input, { abortEarly: false });
  const fieldProblems = parsed.success
    ? []
    : parsed.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? WHOLE_FILE,
        message: plainIssueMessage(issue),
      }));
  const cross = crossChecks(input);
  // A cross-field check on a field that is itself wrong would only repeat it.
  const seen = new Set(fieldProblems.map((p) => p.path));
  const problems = [...fieldProblems, ...cross.problems.filter((p) => !seen.has(p.path))];
  if (!parsed.success || problems.length > 0) return { success: false, problems, warnings: cross.warnings };
  return { success: true, protocol: parsed.output, warnings: cross.warnings };
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
