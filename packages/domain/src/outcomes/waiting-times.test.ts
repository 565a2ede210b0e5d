import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, parseIsoDate } from "../dates/date-only.js";
import { type WaitingRecord, waitingTimes } from "./waiting-times.js";

const d = parseIsoDate;
const records: WaitingRecord[] = [
  // Accepted after 14 days, allocated after 60.
  { referredOn: d("2026-01-05"), acceptedOn: d("2026-01-19"), allocatedOn: d("2026-03-20") },
  // Accepted after 7 days, allocated after 30.
  { referredOn: d("2026-02-02"), acceptedOn: d("2026-02-09"), allocatedOn: d("2026-03-11") },
  // Accepted after 21 days, still waiting: 98 days on 2026-06-01.
  { referredOn: d("2026-02-02"), acceptedOn: d("2026-02-23") },
  // Accepted after 0 days, left the list (moved away): not waiting.
  { referredOn: d("2026-03-02"), acceptedOn: d("2026-03-02"), leftWaitingListOn: d("2026-04-01") },
  // Not yet accepted: no figure.
  { referredOn: d("2026-05-20") },
  // Allocated after asOf: still waiting on asOf, 56 days.
  { referredOn: d("2026-04-01"), acceptedOn: d("2026-04-06"), allocatedOn: d("2026-06-15") },
];

describe("waitingTimes", () => {
  it("summarises each wait with its count, as things stood on asOf", () => {
    const result = waitingTimes(records, d("2026-06-01"));
    expect(result.referralToAcceptance).toEqual({ count: 5, medianDays: 7, meanDays: 9.4, longestDays: 21 });
    expect(result.acceptanceToAllocation).toEqual({ count: 2, medianDays: 45, meanDays: 45, longestDays: 60 });
    expect(result.stillWaiting).toEqual({ count: 2, medianDays: 77, meanDays: 77, longestDays: 98 });
    expect(result.excluded).toEqual([]);
    expect(result.asOf).toBe("2026-06-01");
  });

  it("does not count an acceptance still to come, but counts the child as waiting once it has happened", () => {
    const result = waitingTimes(records, d("2026-02-20"));
    expect(result.referralToAcceptance.count).toBe(2);
    expect(result.stillWaiting).toEqual({ count: 2, medianDays: 21.5, meanDays: 21.5, longestDays: 32 });
  });

  it("counts only acceptances and allocations since the start of a reporting period", () => {
    const result = waitingTimes(records, d("2026-06-01"), { since: d("2026-03-01") });
    expect(result.referralToAcceptance.count).toBe(2);
    expect(result.acceptanceToAllocation).toEqual({ count: 2, medianDays: 45, meanDays: 45, longestDays: 60 });
    expect(waitingTimes(records, d("2026-06-01"), { since: d("2026-03-12") }).acceptanceToAllocation.count).toBe(1);
    // Those still waiting are waiting now, whenever they joined.
    expect(result.stillWaiting.count).toBe(2);
  });

  it("counts acceptance, allocation and leaving on asOf itself as having happened", () => {
    const onTheDay = waitingTimes(
      [
        { referredOn: d("2026-03-02"), acceptedOn: d("2026-03-09") },
        { referredOn: d("2026-03-02"), acceptedOn: d("2026-03-04"), allocatedOn: d("2026-03-09") },
        { referredOn: d("2026-03-02"), acceptedOn: d("2026-03-04"), leftWaitingListOn: d("2026-03-09") },
        { referredOn: d("2026-03-02"), acceptedOn: d("2026-03-04"), leftWaitingListOn: d("2026-03-04") },
      ],
      d("2026-03-09"),
    );
    expect(onTheDay.excluded).toEqual([]);
    expect(onTheDay.referralToAcceptance.count).toBe(4);
    expect(onTheDay.acceptanceToAllocation).toEqual({ count: 1, medianDays: 5, meanDays: 5, longestDays: 5 });
    expect(onTheDay.stillWaiting).toEqual({ count: 1, medianDays: 0, meanDays: 0, longestDays: 0 });
    const since = waitingTimes(records, d("2026-06-01"), { since: d("2026-03-20") });
    expect(since.acceptanceToAllocation.count).toBe(1);
  });

  it("gives nulls, not NaN, when nobody is waiting", () => {
    expect(waitingTimes([], d("2026-06-01")).stillWaiting).toEqual({
      count: 0,
      medianDays: null,
      meanDays: null,
      longestDays: null,
    });
  });

  it("leaves out records with dates out of order, and says why", () => {
    const result = waitingTimes(
      [
        { referredOn: d("2026-02-02"), acceptedOn: d("2026-01-30") },
        { referredOn: d("2026-02-02"), allocatedOn: d("2026-03-01") },
        { referredOn: d("2026-02-02"), acceptedOn: d("2026-02-09"), allocatedOn: d("2026-02-06") },
        { referredOn: d("2026-02-02"), acceptedOn: d("2026-02-09"), leftWaitingListOn: d("2026-02-06") },
        { referredOn: d("2026-02-02"), acceptedOn: d("2026-02-09") },
      ],
      d("2026-06-01"),
    );
    expect(result.excluded).toEqual([
      { path: "0", problem: "accepted (2026-01-30) before it was referred (2026-02-02)" },
      { path: "1", problem: "allocated (2026-03-01) with no date of acceptance" },
      { path: "2", problem: "allocated (2026-02-06) before it was accepted (2026-02-09)" },
      { path: "3", problem: "left the waiting list (2026-02-06) before it was accepted (2026-02-09)" },
    ]);
    expect(result.referralToAcceptance.count).toBe(1);
  });
});

const start = d("2026-01-05");
const arbitraryRecord = fc
  .record({
    referred: fc.integer({ min: 0, max: 300 }),
    toAcceptance: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    toAllocation: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    toLeaving: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  })
  .map(({ referred, toAcceptance, toAllocation, toLeaving }): WaitingRecord => {
    const referredOn = addDays(start, referred);
    if (toAcceptance === undefined) return { referredOn };
    const acceptedOn = addDays(referredOn, toAcceptance);
    return {
      referredOn,
      acceptedOn,
      ...(toAllocation === undefined ? {} : { allocatedOn: addDays(acceptedOn, toAllocation) }),
      ...(toLeaving === undefined || toAllocation !== undefined
        ? {}
        : { leftWaitingListOn: addDays(acceptedOn, toLeaving) }),
    };
  });

describe("waitingTimes properties", () => {
  it("counts each accepted child once: allocated, left or still waiting", () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord), fc.integer({ min: 0, max: 600 }), (input, n) => {
        const asOf = addDays(start, n);
        const r = waitingTimes(input, asOf);
        const accepted = input.filter((x) => x.acceptedOn !== undefined && x.acceptedOn <= asOf).length;
        const left = input.filter(
          (x) =>
            x.acceptedOn !== undefined &&
            x.acceptedOn <= asOf &&
            x.leftWaitingListOn !== undefined &&
            x.leftWaitingListOn <= asOf,
        ).length;
        return (
          r.excluded.length === 0 &&
          r.referralToAcceptance.count === accepted &&
          r.acceptanceToAllocation.count + r.stillWaiting.count + left === accepted &&
          [r.referralToAcceptance, r.acceptanceToAllocation, r.stillWaiting].every(
            (s) =>
              s.count === 0 || ((s.medianDays as number) >= 0 && (s.longestDays as number) >= (s.medianDays as number)),
          )
        );
      }),
    );
  });
});
