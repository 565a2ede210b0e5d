import { describe, expect, it } from "vitest";
import { addDays, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { cheshireEast, lancashire, lancashireInput, type ProtocolInput, parseProtocol } from "../protocol/index.js";
import type { WaitingListEntry } from "./entry.js";
import { WaitingListError } from "./entry.js";
import { scorePriority } from "./score.js";

const d = parseIsoDate;
const AS_OF = d("2026-11-20");

/** Born 14 May 2024: in Lancashire, ages out on 1 September 2027. */
const entry: WaitingListEntry = {
  id: "R-0001",
  dateOfBirth: d("2024-05-14"),
  referredOn: d("2026-07-20"),
  acceptedOn: d("2026-08-01"),
  complexity: "high",
  inSetting: false,
  otherSpecialistSupport: false,
  hadPortageBefore: false,
};

function points(score: ReturnType<typeof scorePriority>, kind: string) {
  const line = score.breakdown.find((l) => l.kind === kind);
  if (line === undefined) throw new Error(`no line for ${kind}`);
  return line;
}

describe("scorePriority with the Lancashire preset", () => {
  it("gives a line for every criterion, in the protocol's order, and adds them up", () => {
    const score = scorePriority(entry, lancashire, AS_OF);
    expect(score.breakdown.map((l) => [l.criterionId, l.points])).toEqual([
      ["complexity", 20],
      ["no-setting", 10],
      ["no-other-specialist-support", 5],
      ["first-time", 5],
      // 1 August to 20 November is 111 days: 15 full weeks.
      ["time-waited", 15],
      // 285 days (40 full weeks) left before 1 September 2027: 15 x (52 - 40) / 39.
      ["time-left", 4.62],
    ]);
    expect(score.total).toBe(59.62);
    expect(score).toMatchObject({
      entryId: "R-0001",
      daysWaited: 111,
      agesOutOn: "2027-09-01",
      daysLeft: 285,
      weeksLeft: 40,
      agedOut: false,
    });
    expect(score.breakdown.every((l) => l.clauseId === l.criterionId)).toBe(true);
  });

  it("says why in plain words with the figures", () => {
    const score = scorePriority(entry, lancashire, AS_OF);
    expect(score.breakdown.map((l) => l.why)).toEqual([
      "Needs judged high at triage: 20 points.",
      "Not at a nursery, pre-school or childminder: 10 points.",
      "No other specialist SEND support: 5 points.",
      "The family has not had Portage before: 5 points.",
      "Waited 15 full weeks since being accepted on 1 August 2026: 15 x 1 = 15 points.",
      "40 full weeks left before the last day of support, 31 August 2027: between 13 and 52, so 15 x (52 - 40) / (52 - 13) = 4.62 points.",
    ]);
  });

  it("gives nothing for what the child already has", () => {
    const score = scorePriority(
      { ...entry, complexity: "low", inSetting: true, otherSpecialistSupport: true, hadPortageBefore: true },
      lancashire,
      AS_OF,
    );
    expect(score.breakdown.slice(0, 4).map((l) => [l.points, l.why])).toEqual([
      [0, "Needs judged low at triage: 0 points."],
      [0, "Attends a nursery, pre-school or childminder: 0 points."],
      [0, "Already has other specialist SEND support: 0 points."],
      [0, "The family has had Portage before: 0 points."],
    ]);
    expect(points(scorePriority({ ...entry, complexity: "moderate" }, lancashire, AS_OF), "complexity").points).toBe(
      10,
    );
  });

  it("counts whole weeks waited and caps them", () => {
    const sixDays = scorePriority({ ...entry, acceptedOn: addDays(AS_OF, -6) }, lancashire, AS_OF);
    expect(points(sixDays, "time-waited").points).toBe(0);
    const sevenDays = scorePriority({ ...entry, acceptedOn: addDays(AS_OF, -7) }, lancashire, AS_OF);
    expect(points(sevenDays, "time-waited").why).toBe(
      "Waited 1 full week since being accepted on 13 November 2026: 1 x 1 = 1 point.",
    );
    const long = scorePriority(
      { ...entry, referredOn: d("2025-11-01"), acceptedOn: d("2025-11-01") },
      lancashire,
      AS_OF,
    );
    expect(points(long, "time-waited")).toMatchObject({
      points: 26,
      why: "Waited 54 full weeks since being accepted on 1 November 2025: 54 x 1 = 54 points, capped at 26 points.",
    });
  });

  it("gives all the time-left points within 13 weeks, none from 52, and a straight line between", () => {
    const ends = d("2027-09-01");
    const on = (weeks: number, extraDays = 0) =>
      points(scorePriority(entry, lancashire, addDays(ends, -(weeks * 7 + extraDays))), "time-left").points;
    expect(on(13, 6)).toBe(15); // 13 full weeks and 6 days
    expect(on(14)).toBe(14.62); // 15 x 38 / 39
    expect(on(51)).toBe(0.38); // 15 x 1 / 39
    expect(on(52)).toBe(0);
    expect(on(0, 1)).toBe(15);
    expect(points(scorePriority(entry, lancashire, addDays(ends, -(52 * 7))), "time-left").why).toBe(
      "52 full weeks left before the last day of support, 31 August 2027: 52 or more, so 0 points.",
    );
    expect(points(scorePriority(entry, lancashire, addDays(ends, -91)), "time-left").why).toBe(
      "13 full weeks left before the last day of support, 31 August 2027: 13 or fewer, so all 15 points.",
    );
  });

  it("gives a child past the end date all the time-left points, and says so", () => {
    const pastEnd = scorePriority(entry, lancashire, d("2027-09-01"));
    expect(pastEnd).toMatchObject({ agedOut: true, weeksLeft: 0, daysLeft: 0 });
    expect(points(pastEnd, "time-left")).toMatchObject({
      points: 15,
      why: "Past the last day of support (31 August 2027): all 15 points, so staff see this child first and can arrange a transition or an exit.",
    });
    expect(scorePriority(entry, lancashire, d("2027-10-01")).daysLeft).toBe(-30);
  });

  it("uses Cheshire East's latest age as the end date", () => {
    const score = scorePriority(entry, cheshireEast, AS_OF);
    expect(score.agesOutOn).toBe("2029-05-14");
    expect(points(score, "time-left").points).toBe(0);
  });
});

describe("scorePriority with a council's own weights", () => {
  function protocolWith(criteria: ProtocolInput["priority"]["criteria"]) {
    const input = structuredClone(lancashireInput) as ProtocolInput;
    input.priority.criteria = criteria;
    const parsed = parseProtocol(input);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
    return parsed.protocol;
  }
  const reference = { title: "Test council policy" };

  it("rounds points to two decimals the same way every time, and the total too", () => {
    const protocol = protocolWith([
      {
        id: "waited",
        kind: "time-waited",
        description: "A tenth of a point a week.",
        reference,
        pointsPerWeek: 0.1,
        maxPoints: 10,
      },
      {
        id: "left",
        kind: "time-left",
        description: "Up to 10 points.",
        reference,
        maxPoints: 10,
        fullWithinWeeks: 0,
        noneBeyondWeeks: 3,
      },
    ]);
    // 3 weeks x 0.1 is 0.30000000000000004 in floating point; 10 x (3 - 2) / 3 is 3.333...
    const asOf = addDays(d("2027-09-01"), -14);
    const score = scorePriority({ ...entry, acceptedOn: addDays(asOf, -21) }, protocol, asOf);
    expect(score.breakdown.map((l) => l.points)).toEqual([0.3, 3.33]);
    expect(score.total).toBe(3.63);
    expect(score.breakdown[0]?.why).toContain("3 x 0.1 = 0.3 points");
  });

  it("scores only the criteria the protocol has", () => {
    const protocol = protocolWith([
      { id: "need", kind: "complexity", description: "Need.", reference, points: { low: 1, moderate: 2, high: 3 } },
    ]);
    const score = scorePriority(entry, protocol, AS_OF);
    expect(score.breakdown.map((l) => l.criterionId)).toEqual(["need"]);
    expect(score.total).toBe(3);
  });
});

describe("refusing impossible entries", () => {
  it.each([
    [{ acceptedOn: d("2026-11-21") }, "accepted on 2026-11-21, after the ranking date 2026-11-20: not yet on the list"],
    [{ acceptedOn: d("2026-07-19") }, "accepted on 2026-07-19, before the referral was made (2026-07-20)"],
    [{ referredOn: d("2024-05-13") }, "referred on 2024-05-13, before the child was born (2024-05-14)"],
  ])("refuses %j", (change, message) => {
    expect(() => scorePriority({ ...entry, ...change }, lancashire, AS_OF)).toThrow(WaitingListError);
    expect(() => scorePriority({ ...entry, ...change }, lancashire, AS_OF)).toThrow(message);
  });

  it("refuses a ranking date that is not a real day", () => {
    expect(() => scorePriority(entry, lancashire, "2026-11-31" as IsoDate)).toThrow(
      'asOf: "2026-11-31" is not a date in the form YYYY-MM-DD',
    );
  });
});
