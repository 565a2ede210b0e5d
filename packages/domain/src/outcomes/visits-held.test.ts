import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, parseIsoDate } from "../dates/date-only.js";
import { type OutcomeVisit, type OutcomeVisitStatus, type VisitFigures, visitsHeld } from "./visits-held.js";

const d = parseIsoDate;
const visits: OutcomeVisit[] = [
  { childId: "ava", blockId: "b1", date: d("2026-01-05"), status: "held" },
  { childId: "ava", blockId: "b1", date: d("2026-01-12"), status: "missed" },
  { childId: "ava", blockId: "b1", date: d("2026-01-19"), status: "held" },
  { childId: "ava", blockId: "b2", date: d("2026-01-26"), status: "cancelled-by-service" },
  { childId: "ben", blockId: "b1", date: d("2026-01-07"), status: "cancelled-by-family" },
  { childId: "ben", date: d("2026-01-14"), status: "planned" },
  { childId: "ben", blockId: "b1", date: d("2026-02-04"), status: "planned" },
];

describe("visitsHeld", () => {
  it("counts visits held against visits planned up to asOf, with what became of the rest", () => {
    const result = visitsHeld(visits, d("2026-01-31"));
    expect(result.service).toEqual({
      held: 2,
      planned: 6,
      percent: 33.3,
      missed: 1,
      cancelledByFamily: 1,
      cancelledByService: 1,
      notRecorded: 1,
    });
    expect(result.byChild.map((c) => [c.childId, c.held, c.planned, c.percent])).toEqual([
      ["ava", 2, 4, 50],
      ["ben", 0, 2, 0],
    ]);
    expect(result.byBlock.map((b) => [b.childId, b.blockId, b.held, b.planned])).toEqual([
      ["ava", "b1", 2, 3],
      ["ava", "b2", 0, 1],
      ["ben", "b1", 0, 1],
    ]);
    expect(result.excluded).toEqual([]);
  });

  it("gives no percentage when nothing was planned yet", () => {
    expect(visitsHeld(visits, d("2026-01-04")).service.percent).toBeNull();
    expect(visitsHeld(visits, d("2026-01-05")).service).toMatchObject({ held: 1, planned: 1, percent: 100 });
  });

  it("leaves out a visit held or missed on a day still to come, but not an advance cancellation", () => {
    const result = visitsHeld(
      [
        { childId: "ava", date: d("2026-02-09"), status: "held" },
        { childId: "ava", date: d("2026-02-16"), status: "cancelled-by-family" },
        { childId: "ava", date: d("2026-02-17"), status: "cancelled-by-service" },
        { childId: "ava", date: d("2026-02-23"), status: "missed" },
      ],
      d("2026-02-02"),
    );
    expect(result.excluded).toEqual([
      { path: "0", problem: "marked held on 2026-02-09, a day after 2026-02-02" },
      { path: "3", problem: "marked missed on 2026-02-23, a day after 2026-02-02" },
    ]);
    expect(result.service.planned).toBe(0);
  });
});

const statuses: OutcomeVisitStatus[] = ["planned", "held", "missed", "cancelled-by-service", "cancelled-by-family"];
const arbitraryVisits = fc.array(
  fc.record({
    childId: fc.constantFrom("ava", "ben"),
    blockId: fc.constantFrom(undefined, "b1", "b2"),
    date: fc.integer({ min: 0, max: 120 }).map((n) => addDays(d("2026-01-05"), n)),
    status: fc.constantFrom(...statuses),
  }),
);
const sound = (f: VisitFigures) =>
  (f.planned === 0 ? f.percent === null : f.percent !== null && f.percent >= 0 && f.percent <= 100) &&
  f.held <= f.planned &&
  f.held + f.missed + f.cancelledByFamily + f.cancelledByService + f.notRecorded === f.planned;

describe("visitsHeld properties", () => {
  it("keeps percentages in [0, 100], held within planned, and children adding up to the service", () => {
    fc.assert(
      fc.property(arbitraryVisits, fc.integer({ min: 0, max: 120 }), (input, n) => {
        const r = visitsHeld(input, addDays(d("2026-01-05"), n));
        const byChildPlanned = r.byChild.reduce((t, c) => t + c.planned, 0);
        return [r.service, ...r.byChild, ...r.byBlock].every(sound) && byChildPlanned === r.service.planned;
      }),
    );
  });
});
