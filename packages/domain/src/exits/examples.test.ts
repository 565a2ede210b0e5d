// Runs every example in ./examples: a council adds a case by adding a JSON file.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import type { Protocol } from "../protocol/schema.js";
import { dueExits, ExitFactsSchema } from "./due-exits.js";

interface Example {
  name: string;
  why: string;
  protocol: string;
  asOf: string;
  lookaheadWeeks?: number;
  child: unknown;
  expected: { reasonId: string; due: string; status: string; clauseId: string; transitionReport: boolean }[];
}

const presets: Record<string, Protocol> = { lancashire, "cheshire-east": cheshireEast };
// The cast names Vite's import.meta.glob for the compiler; Vite rewrites the call at test time.
const files = (
  import.meta as ImportMeta & { glob<T>(pattern: string, o: { eager: true; import: "default" }): Record<string, T> }
).glob<Example>("./examples/*.json", { eager: true, import: "default" });

describe("exit examples", () => {
  it("has examples to run", () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(files))("%s", (_file, example) => {
    expect(example.name.trim(), "every example has a name").not.toBe("");
    expect(example.why.trim(), "every example says why").not.toBe("");
    const protocol = presets[example.protocol];
    if (protocol === undefined) throw new Error(`unknown preset "${example.protocol}"`);
    const child = v.parse(ExitFactsSchema, example.child);
    const options = example.lookaheadWeeks === undefined ? {} : { lookaheadWeeks: example.lookaheadWeeks };
    const exits = dueExits(child, protocol, parseIsoDate(example.asOf), options);

    expect(exits.map(({ why: _, ...rest }) => rest)).toEqual(example.expected);
    for (const exit of exits) expect(exit.why.trim()).not.toBe("");
  });
});
