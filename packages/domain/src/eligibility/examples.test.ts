// Runs every example in ./examples: a council can add a case as a JSON file, without code.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { cheshireEast, IsoDateSchema, lancashire, type Protocol } from "../protocol/index.js";
import { assessEligibility } from "./assess.js";
import { EligibilityFactsSchema } from "./facts.js";

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { eager: true; import: "default" }): Record<string, unknown>;
  }
}

/** Presets an example can name, by protocol id. */
const PRESETS: Readonly<Record<string, Protocol>> = { [lancashire.id]: lancashire, [cheshireEast.id]: cheshireEast };

const Result = v.picklist(["met", "not-met", "unknown"]);
const ExampleSchema = v.strictObject({
  name: v.string(),
  why: v.string(),
  protocol: v.picklist(Object.keys(PRESETS), `must name a preset: ${Object.keys(PRESETS).join(", ")}`),
  asOf: IsoDateSchema,
  facts: EligibilityFactsSchema,
  expected: v.strictObject({
    outcome: v.picklist(["eligible", "not-eligible", "more-information-needed"]),
    /** Clause results by clause id; clauses left out are not checked. */
    results: v.record(v.string(), Result),
    /** The facts asked for, in order; left out, not checked. */
    missing: v.optional(v.array(v.string())),
    supportEnds: v.optional(IsoDateSchema),
  }),
});

const files = import.meta.glob("./examples/*.json", { eager: true, import: "default" });

describe("eligibility examples", () => {
  it("has examples for both presets", () => {
    const protocols = Object.values(files).map((file) => (file as { protocol?: string }).protocol);
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(10);
    expect(new Set(protocols)).toEqual(new Set(["lancashire", "cheshire-east"]));
  });

  it.each(Object.entries(files))("%s", (path, json) => {
    const parsed = v.safeParse(ExampleSchema, json);
    if (!parsed.success) {
      throw new Error(
        `${path} is not a valid example: ${parsed.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join("; ")}`,
      );
    }
    const example = parsed.output;
    const protocol = PRESETS[example.protocol] as Protocol;
    const result = assessEligibility(example.facts, protocol, example.asOf);
    expect(result.outcome, example.why).toBe(example.expected.outcome);
    const byClause = Object.fromEntries(result.reasons.map((r) => [r.clauseId, r.result]));
    for (const clauseId of Object.keys(example.expected.results)) {
      expect(byClause, `${example.name}: unknown clause ${clauseId}`).toHaveProperty([clauseId]);
    }
    expect(byClause, example.why).toMatchObject(example.expected.results);
    if (example.expected.missing !== undefined) {
      expect(
        result.missing.map((m) => m.fact),
        example.why,
      ).toEqual(example.expected.missing);
    }
    if (example.expected.supportEnds !== undefined) {
      expect(result.supportEnds, example.why).toBe(example.expected.supportEnds);
    }
  });
});
