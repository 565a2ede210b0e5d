import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { isWaitingOn, type WaitingListHistory, waitingListSize, waitingSpells } from "./waiting-list-size.js";

const d = parseIsoDate;

describe("waitingSpells", () => {
  it("is one open time for a child accepted and never allocated", () => {
    expect(waitingSpells({ acceptedOn: d("2026-01-05"), allocations: [] })).toEqual([{ from: "2026-01-05" }]);
  });

  it("ends the time on the day a home visitor is allocated", () => {
    expect(waitingSpells({ acceptedOn: d("2026-01-05"), allocations: [{ allocatedOn: d("2026-03-02") }] })).toEqual([
      { from: "2026-01-05", until: "2026-03-02" },
    ]);
  });

  it("starts a second time when the child is returned to the waiting list, ended by the next allocation", () => {
    const history: WaitingListHistory = {
      acceptedOn: d("2026-01-05"),
      allocations: [
        // Given out of order: the order of the days counts, not of the rows.
        { allocatedOn: d("2026-09-14") },
        { allocatedOn: d("2026-03-02"), endedOn: d("2026-07-17"), returnedToWaitingList: true },
      ],
    };
    expect(waitingSpells(history)).toEqual([
      { from: "2026-01-05", until: "2026-03-02" },
      { from: "2026-07-17", until: "2026-09-14" },
    ]);
  });

  it("starts no time on a re-allocation or an exit", () => {
    expect(
      waitingSpells({
        acceptedOn: d("2026-01-05"),
        allocations: [
          { allocatedOn: d("2026-02-02"), endedOn: d("2026-04-20"), returnedToWaitingList: false },
          { allocatedOn: d("2026-04-20"), endedOn: d("2026-07-01") },
        ],
      }),
    ).toEqual([{ from: "2026-01-05", until: "2026-02-02" }]);
  });

  it("ends a time on the day the referral was closed while waiting, and only a time still open", () => {
    const returnedThenClosed: WaitingListHistory = {
      acceptedOn: d("2026-01-05"),
      allocations: [{ allocatedOn: d("2026-02-02"), endedOn: d("2026-05-11"), returnedToWaitingList: true }],
      leftOn: d("2026-06-01"),
    };
    expect(waitingSpells(returnedThenClosed)).toEqual([
      { from: "2026-01-05", until: "2026-02-02" },
      { from: "2026-05-11", until: "2026-06-01" },
    ]);
    // Closed after leaving with a home visitor: the closing day does not make a time.
    expect(
      waitingSpells({
        acceptedOn: d("2026-01-05"),
        allocations: [{ allocatedOn: d("2026-02-02"), endedOn: d("2026-05-11") }],
        leftOn: d("2026-06-01"),
      }),
    ).toEqual([{ from: "2026-01-05", until: "2026-02-02" }]);
  });

  it("leaves out a time of no days (allocated or closed the day it was accepted)", () => {
    expect(waitingSpells({ acceptedOn: d("2026-01-05"), allocations: [{ allocatedOn: d("2026-01-05") }] })).toEqual([]);
    expect(waitingSpells({ acceptedOn: d("2026-01-05"), allocations: [], leftOn: d("2026-01-05") })).toEqual([]);
  });
});

describe("waitingListSize", () => {
  const histories: WaitingListHistory[] = [
    // Waiting January to March, allocated, returned in July, allocated again in September.
    {
      acceptedOn: d("2026-01-05"),
      allocations: [
        { allocatedOn: d("2026-03-02"), endedOn: d("2026-07-17"), returnedToWaitingList: true },
        { allocatedOn: d("2026-09-14") },
      ],
    },
    // Accepted in February, still waiting.
    { acceptedOn: d("2026-02-10"), allocations: [] },
    // Accepted in January, closed while waiting in April.
    { acceptedOn: d("2026-01-20"), allocations: [], leftOn: d("2026-04-15") },
  ];
  const monthEnds = ["2026-01-31", "2026-03-31", "2026-04-30", "2026-07-31", "2026-09-30"].map(d);

  it("counts a child returned to the list as waiting again until the next allocation", () => {
    expect(waitingListSize(histories, monthEnds)).toEqual([2, 2, 1, 2, 1]);
  });

  it("counts the day of a return as waiting and the day of an allocation as not", () => {
    expect(waitingListSize(histories.slice(0, 1), [d("2026-07-16"), d("2026-07-17"), d("2026-09-14")])).toEqual([
      0, 1, 0,
    ]);
  });

  it("never counts a child twice on a day, and counts a child only while a time includes the day", () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays(d("2026-01-01"), n));
    const history = fc
      .record({
        acceptedOn: day,
        allocations: fc.array(
          fc.record({
            allocatedOn: day,
            length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
            returned: fc.boolean(),
          }),
          { maxLength: 4 },
        ),
        leftOn: fc.option(day, { nil: undefined }),
      })
      .map(
        (h): WaitingListHistory => ({
          acceptedOn: h.acceptedOn,
          allocations: h.allocations.map((a) => ({
            allocatedOn: a.allocatedOn,
            endedOn: a.length === undefined ? undefined : addDays(a.allocatedOn, a.length),
            returnedToWaitingList: a.returned,
          })),
          leftOn: h.leftOn,
        }),
      );
    fc.assert(
      fc.property(fc.array(history, { maxLength: 20 }), day, (hs, on: IsoDate) => {
        const [count] = waitingListSize(hs, [on]);
        const expected = hs.filter((h) => waitingSpells(h).some((s) => isWaitingOn(s, on))).length;
        expect(count).toBe(expected);
        expect(count).toBeLessThanOrEqual(hs.length);
        for (const h of hs) {
          for (const s of waitingSpells(h)) {
            // Every time starts on or after acceptance and has at least one day.
            expect(s.from >= h.acceptedOn).toBe(true);
            if (s.until !== undefined) expect(s.until > s.from).toBe(true);
          }
        }
      }),
    );
  });
});
