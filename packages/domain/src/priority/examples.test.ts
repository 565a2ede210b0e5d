// Runs every example in ./examples: a council can add a ranking case as a JSON file, without code.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { cheshireEast, IsoDateSchema, lancashire, type Protocol } from "../protocol/index.js";
import { WaitingListEntrySchema } from "./entry.js";
import { explainPosition, rankWaitingList } from "./rank.js";

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { eager: true; import: "default" }): Record<string, unknown>;
  }
}

/** Presets an example can name, by protocol id. */
const PRESETS: Readonly<Record<string, Protocol>> = { [lancashire.id]: lancashire, [cheshireEast.id]: cheshireEast };

const ExampleSchema = v.strictObject({
  name: v.string(),
  why: v.string(),
  protocol: v.picklist(Object.keys(PRESETS), `must name a preset: ${Object.keys(PRESETS).join(", ")}`),
  asOf: IsoDateSchema,
  entries: v.array(WaitingListEntrySchema),
  expected: v.strictObject({
    /** Referral ids from position 1 down. */
    order: v.array(v.string()),
    /** Totals by referral id; ids left out are not checked. */
    totals: v.optional(v.record(v.string(), v.number())),
    /** Which rule put one referral above another. */
    explain: v.optional(
      v.array(
        v.strictObject({
          higherId: v.string(),
          lowerId: v.string(),
          decidedBy: v.picklist(["more-points", "ages-out-sooner", "accepted-earlier", "referred-earlier", "id"]),
        }),
      ),
    ),
  }),
});

const files = import.meta.glob("./examples/*.json", { eager: true, import: "default" });

describe("priority examples", () => {
  it("has ranking examples", () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(3);
  });

  it.each(Object.entries(files))("%s", (path, json) => {
    const parsed = v.safeParse(ExampleSchema, json);
    if (!parsed.success) {
      throw new Error(
        `${path} is not a valid example: ${parsed.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join("; ")}`,
      );
    }
    const example = parsed.output;
    const ranking = rankWaitingList(example.entries, PRESETS[example.protocol] as Protocol, example.asOf);
    expect(
      ranking.entries.map((r) => r.entry.id),
      example.why,
    ).toEqual(example.expected.order);
    const totals = Object.fromEntries(ranking.entries.map((r) => [r.entry.id, r.score.total]));
    expect(totals, example.why).toMatchObject(example.expected.totals ?? {});
    for (const { higherId, lowerId, decidedBy } of example.expected.explain ?? []) {
      const why = explainPosition(ranking, higherId, lowerId);
      expect([why.aboveId, why.decidedBy], why.text).toEqual([higherId, decidedBy]);
    }
  });
});
