// Runs every example in ./examples: a council adds a case by adding a JSON file.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import type { Protocol } from "../protocol/schema.js";
import { ConsentRecordSchema, type SharingException } from "./records.js";
import { sharingDecision } from "./sharing-decision.js";

interface Example {
  name: string;
  why: string;
  protocol?: string;
  consents: unknown[];
  request: { recipientId: string; purpose: string; asOf: string; exception?: SharingException };
  expected: { allowed: boolean; basis: string; clauseId: string; consentId?: string; reasonIncludes?: string };
}

const presets: Record<string, Protocol> = { lancashire, "cheshire-east": cheshireEast };
// The cast names Vite's import.meta.glob for the compiler; Vite rewrites the call at test time.
const files = (
  import.meta as ImportMeta & { glob<T>(pattern: string, o: { eager: true; import: "default" }): Record<string, T> }
).glob<Example>("./examples/*.json", { eager: true, import: "default" });

describe("consent examples", () => {
  it("has examples to run", () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(files))("%s", (_file, example) => {
    expect(example.name.trim(), "every example has a name").not.toBe("");
    expect(example.why.trim(), "every example says why").not.toBe("");
    const protocol = example.protocol === undefined ? undefined : presets[example.protocol];
    if (example.protocol !== undefined) expect(protocol, `unknown preset "${example.protocol}"`).toBeDefined();
    const consents = example.consents.map((c) => v.parse(ConsentRecordSchema, c));
    const { recipientId, purpose, asOf, exception } = example.request;
    const decision = sharingDecision(consents, recipientId, purpose, parseIsoDate(asOf), protocol, exception);

    expect(decision.allowed).toBe(example.expected.allowed);
    expect(decision.basis).toBe(example.expected.basis);
    expect(decision.clauseId).toBe(example.expected.clauseId);
    expect(decision.consentId).toBe(example.expected.consentId);
    if (example.expected.reasonIncludes) expect(decision.reason).toContain(example.expected.reasonIncludes);
  });
});
