// Runs every example in ./examples: a council adds a case by adding a JSON file.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";
import { missedVisitFlag } from "./missed.js";
import { monitoringVisitsDue } from "./monitoring.js";
import { planVisits, type VisitPattern } from "./schedule.js";
import { VisitSchema } from "./visit.js";

const about = { name: v.pipe(v.string(), v.nonEmpty()), why: v.pipe(v.string(), v.nonEmpty()), protocol: v.string() };
const ExampleSchema = v.variant("kind", [
  v.strictObject({
    ...about,
    kind: v.literal("plan-visits"),
    // Left unchecked here: planVisits checks it, and refusal examples need bad blocks.
    block: v.record(v.string(), v.unknown()),
    expected: v.union([
      v.strictObject({ refused: v.string() }),
      v.strictObject({
        firstVisitDate: v.optional(v.string()),
        visits: v.array(v.string()),
        skipped: v.array(v.strictObject({ date: v.string(), reason: v.string(), detail: v.optional(v.string()) })),
      }),
    ]),
  }),
  v.strictObject({
    ...about,
    kind: v.literal("missed-visit-flag"),
    visits: v.array(VisitSchema),
    expected: v.strictObject({
      flagged: v.boolean(),
      run: v.array(v.string()),
      action: v.optional(v.string()),
      clause: v.string(),
    }),
  }),
  v.strictObject({
    ...about,
    kind: v.literal("monitoring"),
    acceptedOn: IsoDateSchema,
    asOf: IsoDateSchema,
    lastMonitoringVisit: v.optional(IsoDateSchema),
    expected: v.strictObject({
      kind: v.picklist(["due", "none"]),
      clause: v.string(),
      dates: v.array(v.strictObject({ date: v.string(), overdue: v.boolean(), movedFrom: v.optional(v.string()) })),
    }),
  }),
]);

const presets: Record<string, Protocol> = { lancashire, "cheshire-east": cheshireEast };
// The cast names Vite's import.meta.glob for the compiler; Vite rewrites the call at test time.
const files = (
  import.meta as ImportMeta & { glob<T>(pattern: string, o: { eager: true; import: "default" }): Record<string, T> }
).glob<unknown>("./examples/*.json", { eager: true, import: "default" });

describe("visit examples", () => {
  it("has examples to run", () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(15);
  });

  it.each(Object.entries(files))("%s", (_file, json) => {
    const example = v.parse(ExampleSchema, json);
    const protocol = presets[example.protocol];
    if (protocol === undefined) throw new Error(`unknown preset "${example.protocol}"`);

    switch (example.kind) {
      case "plan-visits": {
        const result = planVisits(example.block as unknown as VisitPattern, protocol);
        if ("refused" in example.expected) {
          expect(result).toMatchObject({ ok: false, code: example.expected.refused });
          return;
        }
        if (!result.ok) throw new Error(result.reason);
        const schedule = result.value;
        expect(schedule.visits.map((visit) => visit.date)).toEqual(example.expected.visits);
        for (const visit of schedule.visits)
          expect(visit).toEqual({ date: visit.date, time: example.block.time, status: "planned" });
        expect(schedule.skipped).toHaveLength(example.expected.skipped.length);
        example.expected.skipped.forEach((expected, i) => {
          expect(schedule.skipped[i]).toMatchObject({ ...expected, clause: protocol.visits.terms.id });
        });
        if (example.expected.firstVisitDate !== undefined) {
          expect(schedule.firstVisitDate).toBe(example.expected.firstVisitDate);
        }
        return;
      }
      case "missed-visit-flag": {
        const check = missedVisitFlag(example.visits, protocol);
        expect({
          flagged: check.flagged,
          run: check.run.map((visit) => visit.date),
          ...(check.action === undefined ? {} : { action: check.action }),
          clause: check.clause,
        }).toEqual(example.expected);
        return;
      }
      case "monitoring": {
        const due = monitoringVisitsDue(example.acceptedOn, protocol, example.asOf, example.lastMonitoringVisit);
        expect({
          kind: due.kind,
          clause: due.clause,
          dates: due.dates.map(({ movedBecause: _, ...rest }) => rest),
        }).toEqual(example.expected);
        return;
      }
    }
  });
});
