import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateFromDayNumber, dayNumber, parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { missedVisitFlag } from "./missed.js";
import { VISIT_STATUSES, type Visit, type VisitStatus } from "./visit.js";

const d = parseIsoDate;
const weekly = (...statuses: VisitStatus[]): Visit[] =>
  statuses.map((status, i) => ({ date: dateFromDayNumber(dayNumber(d("2026-01-05")) + 7 * i), time: "10:00", status }));

describe("missedVisitFlag", () => {
  it("raises no flag before any visit", () => {
    expect(missedVisitFlag([], lancashire)).toEqual({
      flagged: false,
      run: [],
      limit: 3,
      clause: "missed-visits",
      reason: "No visits missed in a row.",
    });
  });

  it("counts up to the limit without a flag, then flags with the protocol's action", () => {
    expect(missedVisitFlag(weekly("held", "missed"), lancashire).reason).toBe(
      "1 visit in a row missed; the protocol acts after 3.",
    );
    expect(missedVisitFlag(weekly("held", "missed", "cancelled-by-family"), lancashire)).toMatchObject({
      flagged: false,
      reason: "2 visits in a row missed; the protocol acts after 3.",
    });
    const flagged = missedVisitFlag(weekly("held", "missed", "cancelled-by-family", "missed"), lancashire);
    expect(flagged).toMatchObject({
      flagged: true,
      action: "Write to the family to agree whether visits continue.",
      clause: "missed-visits",
      reason: "3 visits in a row missed since 12 January 2026; the protocol acts after 3.",
    });
    expect(flagged.run.map((visit) => visit.status)).toEqual(["missed", "cancelled-by-family", "missed"]);
  });

  it("does not count service cancellations towards the limit", () => {
    expect(
      missedVisitFlag(weekly("missed", "cancelled-by-service", "cancelled-by-service", "missed"), lancashire).flagged,
    ).toBe(false);
  });

  it("orders visits on the same day by time", () => {
    const visits: Visit[] = [
      { date: d("2026-01-19"), time: "14:00", status: "missed" },
      { date: d("2026-01-19"), time: "09:00", status: "held" },
      ...weekly("missed", "missed"),
    ];
    expect(missedVisitFlag(visits, lancashire).run).toHaveLength(1);
  });

  it("leaves the list it is given in its order", () => {
    const visits = Object.freeze(weekly("missed", "held").reverse());
    expect(missedVisitFlag(visits, lancashire).run).toEqual([]);
    expect(visits.map((visit) => visit.status)).toEqual(["held", "missed"]);
  });

  it("flags exactly when the missed and family-cancelled visits since the last held one reach the limit, whatever the service cancels (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...VISIT_STATUSES), { maxLength: 30 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (statuses, inserted, limit) => {
          const protocol = {
            ...lancashire,
            visits: {
              ...lancashire.visits,
              missedVisits: { ...lancashire.visits.missedVisits, consecutiveLimit: limit },
            },
          };
          const sinceHeld = statuses.slice(statuses.lastIndexOf("held") + 1);
          const expectedRun = sinceHeld.filter((s) => s === "missed" || s === "cancelled-by-family").length;
          const withServiceCancellations = [...statuses];
          for (const at of inserted) withServiceCancellations.splice(at, 0, "cancelled-by-service");
          return [statuses, withServiceCancellations].every((list) => {
            const check = missedVisitFlag(weekly(...list), protocol);
            return check.run.length === expectedRun && check.flagged === expectedRun >= limit;
          });
        },
      ),
    );
  });
});
