import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dateFromDayNumber, dayNumber, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { cheshireEast, lancashire } from "../protocol/index.js";
import { type Complexity, checkWaitingList, type WaitingListEntry, WaitingListError } from "./entry.js";
import { compareScored, decide, explainPosition, POINTS_RULE, rankWaitingList, TIE_BREAKS } from "./rank.js";
import { scorePriority } from "./score.js";

const d = parseIsoDate;
const AS_OF = d("2026-11-20");

const base: WaitingListEntry = {
  id: "base",
  // Ages out on 1 September 2028, more than 52 weeks away: no time-left points.
  dateOfBirth: d("2025-05-10"),
  referredOn: d("2026-10-20"),
  acceptedOn: d("2026-10-30"),
  complexity: "moderate",
  inSetting: true,
  otherSpecialistSupport: false,
  hadPortageBefore: true,
};
const child = (id: string, change: Partial<WaitingListEntry> = {}): WaitingListEntry => ({ ...base, id, ...change });

const ids = (entries: readonly { entry: WaitingListEntry }[]) => entries.map((r) => r.entry.id);

// Property-test generator: waiting lists with unique ids, dates in a possible order and many ties.
const arbitraryEntry = (id: string) =>
  fc
    .record({
      ageDays: fc.integer({ min: 1, max: 1700 }),
      referredAfterBirth: fc.integer({ min: 0, max: 1700 }),
      acceptedAfterReferral: fc.integer({ min: 0, max: 40 }),
      complexity: fc.constantFrom<Complexity>("low", "moderate", "high"),
      inSetting: fc.boolean(),
      otherSpecialistSupport: fc.boolean(),
      hadPortageBefore: fc.boolean(),
    })
    .map(({ ageDays, referredAfterBirth, acceptedAfterReferral, ...rest }): WaitingListEntry => {
      const born = dayNumber(AS_OF) - ageDays;
      const referred = Math.min(born + referredAfterBirth, dayNumber(AS_OF));
      return {
        id,
        dateOfBirth: dateFromDayNumber(born),
        referredOn: dateFromDayNumber(referred),
        acceptedOn: dateFromDayNumber(Math.min(referred + acceptedAfterReferral, dayNumber(AS_OF))),
        ...rest,
      };
    });
// A crowded list: few distinct dates and flags, so equal points and every tie-break are common.
const crowdedEntry = (id: string) =>
  fc
    .record({
      dateOfBirth: fc.constantFrom(d("2023-06-01"), d("2024-01-10"), d("2024-02-20"), d("2025-05-10")),
      referredOn: fc.constantFrom(d("2026-09-01"), d("2026-09-03"), d("2026-10-20")),
      acceptedAfterReferral: fc.constantFrom(0, 2, 9),
      complexity: fc.constantFrom<Complexity>("low", "moderate"),
      inSetting: fc.boolean(),
      otherSpecialistSupport: fc.constant(false),
      hadPortageBefore: fc.boolean(),
    })
    .map(
      ({ acceptedAfterReferral, ...rest }): WaitingListEntry => ({
        id,
        ...rest,
        acceptedOn: addDays(rest.referredOn, acceptedAfterReferral),
      }),
    );
const arbitraryList = fc
  .uniqueArray(fc.stringMatching(/^[a-e]{1,3}$/), { maxLength: 40 })
  .chain((list) => fc.tuple(...list.map((id) => fc.oneof(arbitraryEntry(id), crowdedEntry(id)))));
const protocols = fc.constantFrom(lancashire, cheshireEast);

describe("rankWaitingList", () => {
  it("puts more points first, with every score attached", () => {
    const ranking = rankWaitingList(
      [child("low", { complexity: "low" }), child("high", { complexity: "high" }), child("moderate")],
      lancashire,
      AS_OF,
    );
    expect(ids(ranking.entries)).toEqual(["high", "moderate", "low"]);
    expect(ranking.entries.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(ranking.entries.map((r) => r.score.total)).toEqual([28, 18, 8]);
    expect(ranking).toMatchObject({ asOf: AS_OF, protocolId: "lancashire" });
    expect(ranking.entries[0]?.score).toEqual(scorePriority(child("high", { complexity: "high" }), lancashire, AS_OF));
  });

  it("breaks ties by the published tie-breaks, in order", () => {
    const ranking = rankWaitingList(
      [
        child("z-same-as-y"),
        child("y-same-as-z"),
        child("referred-earlier", { referredOn: d("2026-10-10") }),
        // Accepted three days earlier: still 3 full weeks waited, so the same points.
        child("accepted-earlier", { acceptedOn: d("2026-10-27") }),
        // Ages out on 1 April 2028 rather than 1 September 2028; both more than 52 weeks away.
        child("ages-out-sooner", { dateOfBirth: d("2025-01-10") }),
      ],
      lancashire,
      AS_OF,
    );
    expect(new Set(ranking.entries.map((r) => r.score.total))).toEqual(new Set([18]));
    expect(ids(ranking.entries)).toEqual([
      "ages-out-sooner",
      "accepted-earlier",
      "referred-earlier",
      "y-same-as-z",
      "z-same-as-y",
    ]);
  });

  it("compares ids character by character, not by locale or number", () => {
    const ranking = rankWaitingList([child("R-10"), child("R-9"), child("r-1"), child("R-1")], lancashire, AS_OF);
    expect(ids(ranking.entries)).toEqual(["R-1", "R-10", "R-9", "r-1"]);
  });

  it("ranks an empty list", () => {
    expect(rankWaitingList([], lancashire, AS_OF).entries).toEqual([]);
  });

  it("publishes its rules in order, as data", () => {
    expect([POINTS_RULE, ...TIE_BREAKS].map((rule) => rule.id)).toEqual([
      "more-points",
      "ages-out-sooner",
      "accepted-earlier",
      "referred-earlier",
      "id",
    ]);
    expect(TIE_BREAKS.every((rule) => rule.text.endsWith("."))).toBe(true);
  });

  it("refuses a list it cannot rank, naming every problem", () => {
    const list = [child("a"), child("a"), child("b", { acceptedOn: d("2026-11-21") }), child("a")];
    expect(checkWaitingList(list, AS_OF)).toEqual([
      { id: "a", message: "this id is used by more than one entry" },
      { id: "b", message: "accepted on 2026-11-21, after the ranking date 2026-11-20: not yet on the list" },
    ]);
    expect(() => rankWaitingList(list, lancashire, AS_OF)).toThrow(WaitingListError);
    expect(() => rankWaitingList(list, lancashire, AS_OF)).toThrow("- a: this id is used by more than one entry");
    expect(() => rankWaitingList([], lancashire, "20 November" as IsoDate)).toThrow(
      'asOf: "20 November" is not a date in the form YYYY-MM-DD',
    );
  });
});

describe("explainPosition", () => {
  const ranking = rankWaitingList(
    [
      child("A", { complexity: "high", inSetting: false, hadPortageBefore: false }),
      child("B", { acceptedOn: d("2026-09-11"), referredOn: d("2026-09-01") }),
      child("C"),
      child("D", { acceptedOn: d("2026-10-27") }),
      child("E", { referredOn: d("2026-10-10") }),
      child("F", { dateOfBirth: d("2025-09-01") }),
      child("G"),
    ],
    lancashire,
    AS_OF,
  );

  it("names the criteria that differ and by how many points", () => {
    const why = explainPosition(ranking, "A", "B");
    expect(why).toMatchObject({
      aboveId: "A",
      belowId: "B",
      decidedBy: "more-points",
      pointsDifference: 18,
      differences: [
        { criterionId: "complexity", abovePoints: 20, belowPoints: 10, difference: 10 },
        { criterionId: "no-setting", abovePoints: 10, belowPoints: 0, difference: 10 },
        { criterionId: "first-time", abovePoints: 5, belowPoints: 0, difference: 5 },
        { criterionId: "time-waited", abovePoints: 3, belowPoints: 10, difference: -7 },
      ],
    });
    expect(why.text).toBe(
      "A is at position 1 and B at position 2. A has 43 points and B has 25: 18 more for A. Where their points differ: complexity of needs: 20 against 10 (+10); not in a setting: 10 against 0 (+10); first time with Portage: 5 against 0 (+5); time waited: 3 against 10 (-7).",
    );
  });

  it("explains the right way round when asked the wrong way round", () => {
    const why = explainPosition(ranking, "B", "A");
    expect([why.aboveId, why.belowId, why.abovePosition, why.belowPosition]).toEqual(["A", "B", 1, 2]);
  });

  it.each([
    [
      "C",
      "F",
      "ages-out-sooner",
      "C would reach the end of the age range sooner (1 September 2028, against 1 January 2029 for F).",
    ],
    [
      "D",
      "E",
      "accepted-earlier",
      "Both would reach the end of the age range on the same day, and D was accepted onto the waiting list earlier (27 October 2026, against 30 October 2026).",
    ],
    [
      "E",
      "C",
      "referred-earlier",
      "Both would reach the end of the age range and were accepted on the same days, and E's referral was received earlier (10 October 2026, against 20 October 2026).",
    ],
    [
      "C",
      "G",
      "id",
      "Everything else is equal, so the order falls to the referrals' record numbers, and C's comes first.",
    ],
  ])("says which tie-break put %s above %s (%s)", (above, below, rule, sentence) => {
    const why = explainPosition(ranking, above, below);
    expect(why.decidedBy).toBe(rule);
    expect(why.pointsDifference).toBe(0);
    expect(why.text).toContain("Both have 18 points, so a tie-break decided.");
    expect(why.text.endsWith(sentence)).toBe(true);
  });

  it("mentions points made up differently when the totals tie", () => {
    const tied = rankWaitingList(
      [
        child("in-setting-first-time", { hadPortageBefore: false }),
        child("no-setting", { inSetting: false, otherSpecialistSupport: true }),
      ],
      lancashire,
      AS_OF,
    );
    const why = explainPosition(tied, "in-setting-first-time", "no-setting");
    expect(why.decidedBy).toBe("id");
    expect(why.text).toContain(
      "(made up differently: not in a setting: 0 against 10 (-10); no other specialist support: 5 against 0 (+5); first time with Portage: 5 against 0 (+5))",
    );
  });

  it("refuses ids that are not on the list, or the same id twice", () => {
    expect(() => explainPosition(ranking, "A", "Z")).toThrow("- Z: is not on this waiting list");
    expect(() => explainPosition(ranking, "Y", "A")).toThrow("- Y: is not on this waiting list");
    expect(() => explainPosition(ranking, "A", "A")).toThrow("- A: cannot be compared with itself");
  });
});

describe("properties of the ranking", () => {
  it("does not depend on the order of the list: a total order", () => {
    fc.assert(
      fc.property(arbitraryList, protocols, fc.infiniteStream(fc.nat()), (list, protocol, randoms) => {
        const shuffled = [...list];
        // Fisher-Yates with fast-check's numbers, so a failure can be replayed.
        const r = randoms[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = (r.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as WaitingListEntry, shuffled[i] as WaitingListEntry];
        }
        const reversed = [...list].reverse();
        const once = ids(rankWaitingList(list, protocol, AS_OF).entries);
        return (
          JSON.stringify(once) === JSON.stringify(ids(rankWaitingList(shuffled, protocol, AS_OF).entries)) &&
          JSON.stringify(once) === JSON.stringify(ids(rankWaitingList(reversed, protocol, AS_OF).entries))
        );
      }),
    );
  });

  it("numbers positions 1 to n, each once, with every entry ranked once", () => {
    fc.assert(
      fc.property(arbitraryList, protocols, (list, protocol) => {
        const ranking = rankWaitingList(list, protocol, AS_OF);
        return (
          ranking.entries.every((r, i) => r.position === i + 1) &&
          ranking.entries.length === list.length &&
          new Set(ids(ranking.entries)).size === list.length
        );
      }),
    );
  });

  it("puts every pair in a strict order that agrees with the published rules", () => {
    fc.assert(
      fc.property(arbitraryList, protocols, (list, protocol) => {
        const { entries } = rankWaitingList(list, protocol, AS_OF);
        return entries.every((a, i) =>
          entries.slice(i + 1).every((b) => {
            const fast = compareScored(a, b);
            const { rule, sign } = decide(a, b);
            const why = explainPosition({ asOf: AS_OF, protocolId: protocol.id, entries }, a.entry.id, b.entry.id);
            return (
              compareScored(a, a) === 0 &&
              decide(a, a).sign === 0 &&
              fast < 0 &&
              sign === -1 &&
              compareScored(b, a) > 0 &&
              why.decidedBy === rule &&
              (rule === "more-points") === (a.score.total !== b.score.total)
            );
          }),
        );
      }),
    );
  });

  it("never moves anyone up when a referral is added: others keep their order and drop at most one place", () => {
    fc.assert(
      fc.property(arbitraryList, arbitraryEntry("new-referral"), protocols, (list, added, protocol) => {
        const before = ids(rankWaitingList(list, protocol, AS_OF).entries);
        const after = ids(rankWaitingList([...list, added], protocol, AS_OF).entries);
        const others = after.filter((id) => id !== added.id);
        return (
          JSON.stringify(others) === JSON.stringify(before) &&
          before.every((id, i) => {
            const moved = after.indexOf(id);
            return moved === i || moved === i + 1;
          })
        );
      }),
    );
  });

  it("scores every entry as scorePriority would on its own", () => {
    fc.assert(
      fc.property(arbitraryList, protocols, (list, protocol) =>
        rankWaitingList(list, protocol, AS_OF).entries.every(
          (r) => JSON.stringify(r.score) === JSON.stringify(scorePriority(r.entry, protocol, AS_OF)),
        ),
      ),
    );
  });

  it("ranks a child past the end date above an otherwise equal child", () => {
    const agedOut = child("aged-out", { dateOfBirth: d("2023-06-01") });
    const young = child("young");
    const ranking = rankWaitingList([young, agedOut], lancashire, addDays(AS_OF, 0));
    expect(ids(ranking.entries)).toEqual(["aged-out", "young"]);
    expect(ranking.entries[0]?.score.agedOut).toBe(true);
  });
});
