import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { type OutcomeBlock, type TargetFigures, targetsAchieved } from "./targets-achieved.js";

const d = parseIsoDate;
const achieved = (on: string) => ({ result: "achieved", on: d(on) });
const blocks: OutcomeBlock[] = [
  {
    id: "b1",
    childId: "ava",
    start: d("2026-01-05"),
    end: d("2026-03-27"),
    targets: [
      { areaId: "physical", outcome: achieved("2026-02-10") },
      { areaId: "communication-and-language", outcome: achieved("2026-03-20") },
      { areaId: "communication-and-language", outcome: { result: "carried-forward", on: d("2026-03-27") } },
    ],
  },
  {
    id: "b2",
    childId: "ava",
    start: d("2026-04-13"),
    end: d("2026-07-10"),
    targets: [{ areaId: "communication-and-language", outcome: achieved("2026-05-06") }, { areaId: "self-care" }],
  },
  {
    id: "b1",
    childId: "ben",
    start: d("2026-02-02"),
    end: d("2026-04-24"),
    targets: [{ areaId: "physical", outcome: { result: "stopped", on: d("2026-03-02") } }],
  },
  {
    id: "b2",
    childId: "ben",
    start: d("2026-05-04"),
    end: d("2026-07-17"),
    status: "draft",
    targets: [{ areaId: "physical" }],
  },
  { id: "b3", childId: "cal", start: d("2026-09-07"), end: d("2026-12-11"), targets: [{ areaId: "physical" }] },
];
const only = (f: TargetFigures) => [f.achieved, f.set, f.percent, f.carriedForward, f.stopped, f.open];

describe("targetsAchieved", () => {
  it("counts targets achieved against set for the service, each child, block and area", () => {
    const result = targetsAchieved(blocks, d("2026-05-29"));
    expect(only(result.service)).toEqual([3, 6, 50, 1, 1, 1]);
    expect(result.byChild.map((c) => [c.childId, ...only(c)])).toEqual([
      ["ava", 3, 5, 60, 1, 0, 1],
      ["ben", 0, 1, 0, 0, 1, 0],
    ]);
    expect(result.byBlock.map((b) => [b.childId, b.blockId, b.start, b.achieved, b.set, b.percent])).toEqual([
      ["ava", "b1", "2026-01-05", 2, 3, 66.7],
      ["ava", "b2", "2026-04-13", 1, 2, 50],
      ["ben", "b1", "2026-02-02", 0, 1, 0],
    ]);
    expect(result.byArea.map((a) => [a.areaId, a.achieved, a.set])).toEqual([
      ["physical", 1, 2],
      ["communication-and-language", 2, 3],
      ["self-care", 0, 1],
    ]);
    expect(result.excluded).toEqual([]);
  });

  it("counts an outcome dated after asOf as still open", () => {
    const result = targetsAchieved(blocks, d("2026-03-01"));
    expect(only(result.service)).toEqual([1, 4, 25, 0, 0, 3]);
  });

  it("gives no percentage, not NaN, when no targets are set", () => {
    const result = targetsAchieved([{ ...blocks[0], targets: [] } as OutcomeBlock], d("2026-05-29"));
    expect(result.service).toEqual({ achieved: 0, set: 0, percent: null, carriedForward: 0, stopped: 0, open: 0 });
    expect(result.byChild).toEqual([{ childId: "ava", ...result.service }]);
    expect(targetsAchieved([], d("2026-05-29")).service.percent).toBeNull();
  });

  it("counts a one-day block from its first day, and an outcome on that day", () => {
    const oneDay: OutcomeBlock = {
      id: "b1",
      childId: "dee",
      start: d("2026-03-02"),
      end: d("2026-03-02"),
      targets: [{ areaId: "physical", outcome: achieved("2026-03-02") }],
    };
    const result = targetsAchieved([oneDay], d("2026-03-02"));
    expect(result.excluded).toEqual([]);
    expect(only(result.service)).toEqual([1, 1, 100, 0, 0, 0]);
    expect(targetsAchieved([oneDay], d("2026-03-01")).service.set).toBe(0);
  });

  it("leaves out blocks and targets whose dates or outcome cannot be right, and says why", () => {
    const result = targetsAchieved(
      [
        { id: "b9", childId: "dee", start: d("2026-03-01"), end: d("2026-02-01"), targets: [{ areaId: "physical" }] },
        {
          id: "b1",
          childId: "dee",
          start: d("2026-03-02"),
          end: d("2026-05-22"),
          targets: [
            { areaId: "physical", outcome: achieved("2026-02-27") },
            { areaId: "physical", outcome: { result: "nearly", on: d("2026-04-01") } },
            { areaId: "physical", outcome: achieved("2026-04-01") },
          ],
        },
      ],
      d("2026-05-29"),
    );
    expect(result.excluded).toEqual([
      { path: "0", problem: 'block "b9" ends (2026-02-01) before it starts (2026-03-01)' },
      { path: "1.targets.0", problem: "outcome dated 2026-02-27, before its block started (2026-03-02)" },
      { path: "1.targets.1", problem: 'outcome "nearly" is not one of achieved, carried-forward, stopped' },
    ]);
    expect(only(result.service)).toEqual([1, 1, 100, 0, 0, 0]);
  });
});

const start = d("2026-01-05");
const day = fc.integer({ min: 0, max: 200 }).map((n) => addDays(start, n));
const arbitraryBlocks = fc.array(
  fc
    .record({
      id: fc.constantFrom("b1", "b2", "b3"),
      childId: fc.constantFrom("ava", "ben", "cal"),
      start: day,
      length: fc.integer({ min: -5, max: 90 }),
      status: fc.constantFrom(undefined, "draft", "active"),
      targets: fc.array(
        fc.record({
          areaId: fc.constantFrom("physical", "self-care"),
          outcome: fc.option(
            fc.record({
              result: fc.constantFrom("achieved", "carried-forward", "stopped", "unknown"),
              on: day,
            }),
            { nil: undefined },
          ),
        }),
        { maxLength: 6 },
      ),
    })
    .map(
      ({ length, ...b }): OutcomeBlock => ({
        ...b,
        end: addDays(b.start, length),
        targets: b.targets.map((t) => (t.outcome ? t : { areaId: t.areaId })),
      }),
    ),
  { maxLength: 8 },
);

function sound(f: TargetFigures): boolean {
  const percentOk = f.set === 0 ? f.percent === null : f.percent !== null && f.percent >= 0 && f.percent <= 100;
  return percentOk && f.achieved <= f.set && f.achieved + f.carriedForward + f.stopped + f.open === f.set;
}
const sum = (rows: readonly TargetFigures[], key: keyof TargetFigures) =>
  rows.reduce((total, r) => total + (r[key] as number), 0);

describe("targetsAchieved properties", () => {
  it("keeps every percentage in [0, 100] (or none when nothing was set) and achieved within set", () => {
    fc.assert(
      fc.property(arbitraryBlocks, day, (input, asOf: IsoDate) => {
        const r = targetsAchieved(input, asOf);
        return [r.service, ...r.byChild, ...r.byBlock, ...r.byArea].every(sound);
      }),
      { numRuns: 500 },
    );
  });

  it("adds the children, and the areas, up to the service", () => {
    fc.assert(
      fc.property(arbitraryBlocks, day, (input, asOf: IsoDate) => {
        const r = targetsAchieved(input, asOf);
        return (["achieved", "set", "open"] as const).every(
          (key) => sum(r.byChild, key) === r.service[key] && sum(r.byArea, key) === r.service[key],
        );
      }),
    );
  });

  it("never counts fewer targets achieved on a later day", () => {
    fc.assert(
      fc.property(arbitraryBlocks, day, fc.integer({ min: 0, max: 100 }), (input, asOf, later) => {
        return (
          targetsAchieved(input, asOf).service.achieved <= targetsAchieved(input, addDays(asOf, later)).service.achieved
        );
      }),
    );
  });
});
