import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateFromDayNumber, dayNumber, daysBetween, parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { monitoringVisitsDue } from "./monitoring.js";

const d = parseIsoDate;

describe("monitoringVisitsDue", () => {
  it("gives none where the protocol makes no monitoring visits, with the clause and its words", () => {
    expect(monitoringVisitsDue(d("2026-01-07"), lancashire, d("2026-02-01"))).toEqual({
      kind: "none",
      dates: [],
      clause: "monitoring-visits",
      reason:
        "The protocol makes no monitoring visits while a family waits. Families waiting for Portage are not visited until a home visitor is allocated.",
    });
  });

  it("gives none before the referral is accepted", () => {
    expect(monitoringVisitsDue(d("2026-03-02"), cheshireEast, d("2026-02-01"))).toMatchObject({
      kind: "none",
      reason: "The referral is accepted on 2026-03-02, after 2026-02-01: the family is not waiting yet.",
    });
  });

  it("gives none, pointing at the term dates, once the listed terms run out", () => {
    expect(monitoringVisitsDue(d("2027-06-01"), cheshireEast, d("2027-06-02"))).toEqual({
      kind: "none",
      dates: [],
      clause: "term-dates",
      reason: "The next monitoring visit falls after the last term the protocol lists; add the next term dates.",
    });
  });

  it("counts from the last monitoring visit, says why a date moved, and sums up the next one", () => {
    const due = monitoringVisitsDue(d("2026-01-07"), cheshireEast, d("2026-05-01"), d("2026-06-24"));
    expect(due.dates[0]).toEqual({
      date: "2026-09-02",
      overdue: false,
      movedFrom: "2026-08-19",
      movedBecause: "school holiday between Summer 2026 (second half) and Autumn 2026 (first half)",
    });
    expect(due.reason).toBe(
      "Monitoring visits every 8 weeks in term time while the family waits; the next is due on 2 September 2026.",
    );
  });

  it("ignores a monitoring visit from before the referral was accepted", () => {
    const due = monitoringVisitsDue(d("2026-01-07"), cheshireEast, d("2026-01-20"), d("2025-12-01"));
    expect(due.dates[0]?.date).toBe("2026-03-04");
  });

  it("says when the next visit is overdue", () => {
    const due = monitoringVisitsDue(d("2025-09-10"), cheshireEast, d("2026-02-02"), d("2025-11-05"));
    expect(due.reason).toBe(
      "Monitoring visits every 8 weeks in term time while the family waits; the next is overdue since 5 January 2026.",
    );
  });

  it("gives term days only, each at least the interval after the one before, only the first overdue (property)", () => {
    const range = fc.integer({ min: dayNumber(d("2025-06-01")), max: dayNumber(d("2027-08-01")) });
    fc.assert(
      fc.property(
        range,
        fc.nat({ max: 400 }),
        fc.option(fc.nat({ max: 400 }), { nil: undefined }),
        fc.integer({ min: 1, max: 12 }),
        (accepted, wait, sinceLast, weeks) => {
          const protocol = {
            ...cheshireEast,
            visits: { ...cheshireEast.visits, monitoring: { ...cheshireEast.visits.monitoring, intervalWeeks: weeks } },
          };
          const acceptedOn = dateFromDayNumber(accepted);
          const asOf = dateFromDayNumber(accepted + wait);
          const last = sinceLast === undefined ? undefined : dateFromDayNumber(accepted + sinceLast);
          const due = monitoringVisitsDue(acceptedOn, protocol, asOf, last);
          const { periods, closures } = protocol.visits.terms;
          return due.dates.every(
            (entry, i) =>
              periods.some((p) => p.start <= entry.date && entry.date <= p.end) &&
              !closures.some((c) => c.date === entry.date) &&
              entry.overdue === entry.date < asOf &&
              (i === 0 || !entry.overdue) &&
              (i === 0 || daysBetween((due.dates[i - 1] as typeof entry).date, entry.date) >= weeks * 7),
          );
        },
      ),
    );
  });
});
