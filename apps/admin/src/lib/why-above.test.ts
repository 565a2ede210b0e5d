import { describe, expect, it } from "vitest";
import type { WaitingListEntry } from "./records.ts";
import { whyAbove } from "./why-above.ts";

function entry(overrides: Partial<WaitingListEntry> & Pick<WaitingListEntry, "reference">): WaitingListEntry {
  return {
    position: 1,
    referralId: overrides.reference,
    child: { id: `c-${overrides.reference}`, firstName: "Ada", lastName: "Example", dateOfBirth: "2025-01-01" },
    acceptedOn: "2026-10-01",
    daysWaited: 52,
    agesOutOn: "2028-04-01",
    weeksLeft: 70,
    agedOut: false,
    total: 5,
    breakdown: [
      {
        criterionId: "complexity",
        kind: "complexity",
        points: 3,
        why: "High complexity",
        clauseId: "priority-complexity",
      },
      { criterionId: "waiting", kind: "waiting-time", points: 2, why: "Waited 7 weeks", clauseId: "priority-waiting" },
    ],
    ...overrides,
  };
}

describe("whyAbove", () => {
  it("explains more points, criterion by criterion", () => {
    const above = entry({ reference: "AAAA" });
    const below = entry({
      reference: "BBBB",
      total: 3,
      breakdown: [
        {
          criterionId: "complexity",
          kind: "complexity",
          points: 1,
          why: "Low complexity",
          clauseId: "priority-complexity",
        },
        {
          criterionId: "waiting",
          kind: "waiting-time",
          points: 2,
          why: "Waited 7 weeks",
          clauseId: "priority-waiting",
        },
      ],
    });
    const answer = whyAbove(above, below);
    expect(answer.decidedBy).toBe("more-points");
    expect(answer.summary).toContain("5 points");
    expect(answer.summary).toContain("2 more");
    expect(answer.differences).toEqual([
      { criterionId: "complexity", above: 3, below: 1, aboveWhy: "High complexity", belowWhy: "Low complexity" },
    ]);
  });

  it("counts a criterion only one child scores as zero for the other", () => {
    const above = entry({
      reference: "AAAA",
      total: 7,
      breakdown: [
        ...entry({ reference: "x" }).breakdown,
        { criterionId: "first-time", kind: "first-time", points: 2, why: "First time", clauseId: "p" },
      ],
    });
    const answer = whyAbove(above, entry({ reference: "BBBB" }));
    expect(answer.differences).toEqual([
      { criterionId: "first-time", above: 2, below: 0, aboveWhy: "First time", belowWhy: "" },
    ]);
  });

  it("names the tie-break when points are equal", () => {
    expect(whyAbove(entry({ reference: "A", agesOutOn: "2027-09-01" }), entry({ reference: "B" })).decidedBy).toBe(
      "ages-out-sooner",
    );
    const earlier = whyAbove(entry({ reference: "A", acceptedOn: "2026-09-01" }), entry({ reference: "B" }));
    expect(earlier.decidedBy).toBe("accepted-earlier");
    expect(earlier.summary).toContain("1 September 2026");
    expect(whyAbove(entry({ reference: "A" }), entry({ reference: "B" })).decidedBy).toBe("reference");
  });
});
