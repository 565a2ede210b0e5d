// A council's worked examples for its own protocol: children with the outcome the council
// expects, run against the protocol as a test suite is (what OpenFisca's test runner does for a
// country's rules). The `openportage-protocol check` command runs them from a JSON file.
import * as v from "valibot";
import type { IsoDate } from "../dates/date-only.js";
import { parseJsonText } from "../protocol/json-text.js";
import { type ProtocolProblem, plainIssueMessage, WHOLE_FILE } from "../protocol/parse.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";
import { assessEligibility, type EligibilityAssessment } from "./assess.js";
import { type EligibilityFacts, EligibilityInputError } from "./facts.js";

const ClauseResultSchema = v.picklist(["met", "not-met", "unknown"], "must be met, not-met or unknown");

/** One worked example: a child's facts on a day, and what the council expects. */
export const EligibilityCaseSchema = v.strictObject({
  /** A short name for the case. */
  name: v.pipe(v.string(), v.nonEmpty("must not be empty")),
  /** Why this is the expected answer, in the council's words. */
  why: v.optional(v.string()),
  /** The day the check is made. */
  asOf: IsoDateSchema,
  /** The facts, as `assessEligibility` takes them; checked when the case runs. */
  facts: v.record(v.string(), v.unknown()),
  expected: v.union(
    [
      v.strictObject({
        outcome: v.picklist(
          ["eligible", "not-eligible", "more-information-needed"],
          "must be eligible, not-eligible or more-information-needed",
        ),
        /** Results by clause id; clauses left out are not checked. */
        results: v.optional(v.record(v.string(), ClauseResultSchema)),
        /** The facts asked for, in order; left out, not checked. */
        missing: v.optional(v.array(v.string())),
        /** The first day past the age window. */
        supportEnds: v.optional(IsoDateSchema),
        /** The clause ids of the flags raised for review, in order; left out, not checked. */
        flags: v.optional(v.array(v.string())),
      }),
      // The facts are a mistake the check must refuse: the paths of the problems expected.
      v.strictObject({ refused: v.pipe(v.array(v.string()), v.minLength(1, "must list at least one path")) }),
    ],
    "must give an outcome, or the paths of the problems that refuse the facts (refused)",
  ),
});

/** A worked example of a council's protocol. */
export type EligibilityCase = v.InferOutput<typeof EligibilityCaseSchema>;

/** The result of {@link parseEligibilityCases}. */
export type EligibilityCasesParseResult =
  | { readonly success: true; readonly cases: readonly EligibilityCase[] }
  | { readonly success: false; readonly problems: readonly ProtocolProblem[] };

/** Reads a cases file (its text or the parsed JSON), or says every problem with its path. */
export function parseEligibilityCases(json: unknown): EligibilityCasesParseResult {
  let input = json;
  if (typeof json === "string") {
    const text = parseJsonText(json);
    if (!text.ok) return { success: false, problems: [{ path: WHOLE_FILE, message: text.error.message }] };
    input = text.value;
  }
  const isList = Array.isArray(input);
  const list = isList
    ? input
    : typeof input === "object" && input !== null
      ? (input as { cases?: unknown }).cases
      : undefined;
  if (!Array.isArray(list)) {
    return {
      success: false,
      problems: [{ path: WHOLE_FILE, message: "must be a list of cases, or an object with the list as cases" }],
    };
  }
  const parsed = v.safeParse(v.array(EligibilityCaseSchema), list, { abortEarly: false });
  if (!parsed.success) {
    const prefix = isList ? "" : "cases.";
    return {
      success: false,
      problems: parsed.issues.map((issue) => ({
        path: `${prefix}${v.getDotPath(issue) ?? ""}`.replace(/\.$/, "") || WHOLE_FILE,
        message: plainIssueMessage(issue),
      })),
    };
  }
  return { success: true, cases: parsed.output };
}

/** How one case came out. */
export interface EligibilityCaseResult {
  readonly case: EligibilityCase;
  /** The case's answer matched what the council expects. */
  readonly passed: boolean;
  /** What differed, in words; empty when it passed. */
  readonly differences: readonly string[];
  /** The assessment, when the facts were accepted. */
  readonly assessment?: EligibilityAssessment;
  /** The problems with the facts, when they were refused. */
  readonly refused?: readonly { readonly path: string; readonly message: string }[];
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * Runs each case against the protocol: the outcome, the clause results, the questions asked,
 * the support end date and the flags are compared with what the case expects, as far as it
 * says. A case whose facts should be refused passes when they are, at exactly the paths given.
 */
export function runEligibilityCases(
  cases: readonly EligibilityCase[],
  protocol: Protocol,
): readonly EligibilityCaseResult[] {
  return cases.map((example) => {
    let assessment: EligibilityAssessment;
    try {
      assessment = assessEligibility(example.facts as EligibilityFacts, protocol, example.asOf as IsoDate);
    } catch (error) {
      if (!(error instanceof EligibilityInputError)) throw error;
      const paths = error.problems.map((p) => p.path);
      const expected = example.expected;
      const differences =
        "refused" in expected
          ? same([...paths].sort(), [...expected.refused].sort())
            ? []
            : [`refused at ${paths.join(", ")}; expected ${expected.refused.join(", ")}`]
          : [`the facts were refused: ${error.problems.map((p) => `${p.path} ${p.message}`).join("; ")}`];
      return { case: example, passed: differences.length === 0, differences, refused: error.problems };
    }
    const expected = example.expected;
    const differences: string[] = [];
    if ("refused" in expected) {
      differences.push(
        `the facts were accepted (${assessment.outcome}); expected them refused at ${expected.refused.join(", ")}`,
      );
    } else {
      if (assessment.outcome !== expected.outcome)
        differences.push(`outcome ${assessment.outcome}, expected ${expected.outcome}`);
      for (const [clauseId, result] of Object.entries(expected.results ?? {})) {
        const reason = assessment.reasons.find((r) => r.clauseId === clauseId);
        if (reason === undefined) differences.push(`the protocol has no clause "${clauseId}"`);
        else if (reason.result !== result) differences.push(`${clauseId} ${reason.result}, expected ${result}`);
      }
      const asked = assessment.missing.map((m) => m.fact);
      if (expected.missing !== undefined && !same(asked, expected.missing)) {
        differences.push(
          `asks for ${asked.join(", ") || "nothing"}, expected ${expected.missing.join(", ") || "nothing"}`,
        );
      }
      if (expected.supportEnds !== undefined && assessment.supportEnds !== expected.supportEnds) {
        differences.push(`support ends ${assessment.supportEnds ?? "(not known)"}, expected ${expected.supportEnds}`);
      }
      const flags = assessment.flags.map((f) => f.clauseId);
      if (expected.flags !== undefined && !same(flags, expected.flags)) {
        differences.push(`flags ${flags.join(", ") || "none"}, expected ${expected.flags.join(", ") || "none"}`);
      }
    }
    return { case: example, passed: differences.length === 0, differences, assessment };
  });
}
