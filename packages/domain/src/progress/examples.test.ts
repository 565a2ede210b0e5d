// Runs every example in ./examples: a council adds a case by adding a JSON file.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { CriterionSchema } from "../plan/schema.js";
import { IsoDateSchema } from "../protocol/schema.js";
import type { ActivityRecord } from "./activity-record.js";
import { targetProgress } from "./progress.js";

const ExampleSchema = v.strictObject({
  name: v.pipe(v.string(), v.nonEmpty()),
  why: v.pipe(v.string(), v.nonEmpty()),
  target: v.strictObject({ id: v.string(), criterion: CriterionSchema }),
  asOf: IsoDateSchema,
  // Left unchecked here: targetProgress checks each record, and some examples hold bad ones.
  records: v.array(v.record(v.string(), v.unknown())),
  expected: v.strictObject({
    status: v.picklist(["not-started", "emerging", "developing", "achieved"]),
    achievedOn: v.optional(v.string()),
    daysMet: v.array(v.string()),
    /** Each entry is matched against the evidence record at the same place: only the fields given are compared. */
    evidence: v.array(v.record(v.string(), v.unknown())),
    summary: v.optional(v.string()),
    ignored: v.optional(v.array(v.string())),
  }),
});

// The cast names Vite's import.meta.glob for the compiler; Vite rewrites the call at test time.
const files = (
  import.meta as ImportMeta & { glob<T>(pattern: string, o: { eager: true; import: "default" }): Record<string, T> }
).glob<unknown>("./examples/*.json", { eager: true, import: "default" });

describe("progress examples", () => {
  it("has examples to run", () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(13);
  });

  it.each(Object.entries(files))("%s", (_file, json) => {
    const example = v.parse(ExampleSchema, json);
    const progress = targetProgress(example.target, example.records as unknown as ActivityRecord[], example.asOf);
    const { expected } = example;

    expect(progress.status).toBe(expected.status);
    expect(progress.achievedOn).toBe(expected.achievedOn);
    expect(progress.daysMet).toEqual(expected.daysMet);
    expect(progress.evidence).toHaveLength(expected.evidence.length);
    expected.evidence.forEach((fields, i) => {
      expect(progress.evidence[i]).toMatchObject(fields);
    });
    if (expected.summary !== undefined) expect(progress.summary).toBe(expected.summary);
    expect(progress.ignored.map((entry) => entry.reason)).toEqual(expected.ignored ?? []);
  });
});
